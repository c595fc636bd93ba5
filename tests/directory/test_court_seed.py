"""The court directory, seeded by directory/seeds.py (through litigation/migrations/0002_seed_courts.py)."""

import pytest

from directory.models import Court

pytestmark = pytest.mark.django_db


def test_dcd_is_seeded():
    court = Court.objects.get(slug="dcd")
    assert court.name == "U.S. District Court for the District of Columbia"
    assert court.time_zone == "America/New_York"
