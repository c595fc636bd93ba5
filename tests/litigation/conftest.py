import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from coalition.models import Role, Sharing
from directory.models import Court
from foia.choices import EventKind as E
from litigation import services
from tests.factories import member
from tests.foia.factories import FoiaRequestFactory, agency, record_all

D = dt.date


@pytest.fixture
def frozen():
    """2026-12-01, noon US Eastern: every date below is counted from it by hand."""
    with time_machine.travel(dt.datetime(2026, 12, 1, 12, tzinfo=ZoneInfo("America/New_York")), tick=False):
        yield D(2026, 12, 1)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def court(slug: str) -> Court:
    return Court.objects.get(slug=slug)


@pytest.fixture
def lit(world, frozen):
    """Our organisation (one user per role), a partner and an outsider, each with a case; our case shared with the
    coalition, enforcing a request of ours that is overdue (submitted 2026-10-01, received 10-02)."""
    users = {role: member(world.ours, role) for role in Role}
    partner_staff, outsider_staff = member(world.partner, Role.STAFF), member(world.outsider, Role.STAFF)
    ours = services.case_create(
        actor=users[Role.STAFF],
        organization=world.ours,
        caption="Mijente v. DHS",
        court=court("cand"),
        docket_number="3:22-cv-01234",
        judge="Hon. Jacqueline Scott Corley",
        filed_on=D(2026, 11, 4),
        status="filed",
        sharing=Sharing.COALITION,
    )
    services.party_add(actor=users[Role.STAFF], case=ours, side="defendant", agency=agency("ice"))
    request = FoiaRequestFactory(organization=world.ours, subject="ISAP SmartLINK contracts", sharing=Sharing.COALITION)
    record_all(request, users[Role.STAFF], (E.SUBMITTED, D(2026, 10, 1)), (E.RECEIVED, D(2026, 10, 2)))
    private = services.case_create(actor=users[Role.STAFF], organization=world.ours, caption="Private v. CBP")
    partner_case = services.case_create(
        actor=partner_staff, organization=world.partner, caption="Partner v. USCIS", court=court("dcd"),
        sharing=Sharing.COALITION,
    )  # fmt: skip
    partner_privileged = services.case_create(
        actor=partner_staff, organization=world.partner, caption="Strategy v. OIG", sharing=Sharing.COALITION,
        privileged=True,
    )  # fmt: skip
    outsider_case = services.case_create(
        actor=outsider_staff, organization=world.outsider, caption="Outsider v. DOJ", sharing=Sharing.COALITION
    )
    return SimpleNamespace(
        world=world,
        staff=users[Role.STAFF],
        admin=users[Role.ADMIN],
        attorney=users[Role.ATTORNEY],
        viewer=users[Role.VIEWER],
        partner_staff=partner_staff,
        outsider_staff=outsider_staff,
        case=ours,
        private=private,
        partner_case=partner_case,
        partner_privileged=partner_privileged,
        outsider_case=outsider_case,
        request=request,
    )
