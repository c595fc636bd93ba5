import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from coalition.models import Role
from tests.factories import CoalitionFactory, OrganizationFactory, member

EASTERN = ZoneInfo("America/New_York")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded files go to a per-test directory, so tests can check what storage holds."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def world(db):
    """Our organisation (one user per role), a coalition partner, and an outsider."""
    coalition = CoalitionFactory()
    ours, partner, outsider = OrganizationFactory(), OrganizationFactory(), OrganizationFactory()
    ours.coalitions.add(coalition)
    partner.coalitions.add(coalition)
    users = {role: member(ours, role) for role in Role}
    return SimpleNamespace(
        ours=ours,
        partner=partner,
        outsider=outsider,
        staff=users[Role.STAFF],
        admin=users[Role.ADMIN],
        attorney=users[Role.ATTORNEY],
        viewer=users[Role.VIEWER],
        partner_staff=member(partner, Role.STAFF),
        outsider_staff=member(outsider, Role.STAFF),
    )


@pytest.fixture
def today():
    """Freeze the clock (US Eastern, the app's zone) at noon on a given date: `today(date)` (or `hour=`)."""
    travellers = []

    def freeze(day: dt.date, hour: int = 12):
        if travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=EASTERN), tick=False)
        traveller.start()
        travellers.append(traveller)
        return day

    yield freeze
    for traveller in travellers:
        traveller.stop()
