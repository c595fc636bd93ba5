"""The agency directory, seeded by directory/seeds.py (through foia/migrations/0002_seed_agencies.py)."""

import pytest

from directory.models import Agency, CountUnit

pytestmark = pytest.mark.django_db

DHS_COMPONENTS = {"ice", "cbp", "uscis", "dhs-privacy", "oig", "crcl", "obim"}


def test_dhs_and_its_foia_components_are_seeded_with_the_dhs_appeal_window():
    dhs = Agency.objects.get(slug="dhs")
    assert dhs.parent is None
    components = {a.slug: a for a in Agency.objects.filter(parent=dhs)}
    assert set(components) == DHS_COMPONENTS
    for agency in [dhs, *components.values()]:
        assert agency.appeal_window_days == 90
        assert agency.appeal_window_unit == CountUnit.WORKING_DAYS
        assert agency.appeal_window_citation == "6 C.F.R. § 5.8(a)(1)"
        assert agency.foia_portal_url.startswith("https://")
        assert agency.abbreviation
    assert "500 12th Street SW" in components["ice"].foia_address
    assert components["uscis"].foia_portal_url == "https://first.uscis.gov/"


def test_ero_is_not_a_foia_component():
    assert not Agency.objects.filter(slug="ero").exists()
