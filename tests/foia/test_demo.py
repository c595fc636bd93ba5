"""The ISAP demo: realistic, derived through the services, idempotent."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from coalition.models import Sharing
from deadlines.models import DeadlineStatus
from foia.choices import RequestStatus as S
from foia.demo_year import REQUESTS
from foia.models import Appeal, Attachment, FoiaRequest, SavedView
from foia.selectors import constructive_exhaustion

pytestmark = pytest.mark.django_db


def test_load_demo_builds_the_isap_scenario_and_is_idempotent(today, settings, tmp_path):
    today(dt.date(2026, 11, 26))
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "FOIA demo: 42 request(s) created" in out.getvalue()
    year = {spec.subject for spec in REQUESTS}  # the year of work, checked below; here the six core scenarios
    requests = {
        r.subject: r for r in FoiaRequest.objects.select_related("agency", "organization") if r.subject not in year
    }
    assert len(requests) == 6
    assert {r.agency.slug for r in requests.values()} == {"ice", "cbp", "dhs-privacy"}
    for org in ("idp-demo", "sac-demo"):
        sharing = {r.sharing for r in requests.values() if r.organization.slug == org}
        assert sharing == {Sharing.ORGANIZATION, Sharing.COALITION}
    statuses = sorted(r.status for r in requests.values())
    assert statuses == sorted([S.APPEALED, S.PROCESSING, S.TOLLED, S.PROCESSING, S.RESPONDED, S.DRAFT])

    trust = next(r for r in requests.values() if r.subject.startswith("Trust Stamp"))
    final = trust.events.get(kind="final_response")
    assert (final.outcome, final.exemptions) == ("partial", "(b)(4), (b)(6), (b)(7)(C)")
    assert trust.events.filter(kind="extended", working_days=10).exists()
    assert {t.kind for t in trust.tracking_numbers.all()} == {"request", "appeal"}
    assert Appeal.objects.get(request=trust).tracking_numbers.get().number.endswith("-ICAP-00154")
    assert trust.deadlines.get(key="appeal-decision").status == DeadlineStatus.OPEN
    assert Attachment.objects.filter(communication__request=trust).exists()

    overdue = [
        r
        for r in requests.values()
        if constructive_exhaustion(request=r, deadlines=list(r.deadlines.all()), today=dt.date(2026, 11, 26))
    ]
    assert [r.subject for r in overdue] == [s for s in requests if s.startswith("ISAP enrolment statistics")]

    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "FOIA demo: 0 request(s) created, 42 already present." in out.getvalue()
    assert FoiaRequest.objects.count() == 42
    # Two saved views per demo user, seeded once, each a valid filter of the request list.
    views = SavedView.objects.select_related("user")
    users = {v.user for v in views}
    assert users and views.count() == 2 * len(users)
    staff = next(u for u in users if u.username == "idp-staff")
    assert sorted(views.filter(user=staff).values_list("name", "query")) == [
        ("ICE, in process", "agency=ice&status=processing"),
        ("My overdue", f"assignee={staff.pk}&overdue=true"),
    ]


def test_the_demo_year_covers_every_agency_and_lifecycle_state(today):
    day = today(dt.date(2026, 11, 26))
    call_command("load_demo", stdout=io.StringIO())
    requests = list(FoiaRequest.objects.select_related("agency"))
    assert {r.agency.slug for r in requests} >= {"ice", "cbp", "uscis", "dhs-privacy", "oig", "crcl"}
    assert {r.status for r in requests} >= {
        S.DRAFT, S.SUBMITTED, S.PROCESSING, S.TOLLED, S.RESPONDED, S.APPEALED, S.CLOSED, S.LITIGATION
    }  # fmt: skip
    overdue = [r for r in requests if constructive_exhaustion(request=r, deadlines=list(r.deadlines.all()), today=day)]
    assert len(overdue) >= 5  # the dashboard's overdue figures and the exhaustion chronology have cases to show
    events = {e for r in requests for e in r.events.values_list("kind", flat=True)}
    assert {"tolled", "extended", "interim_release", "referral", "appeal_decided", "expedited_granted"} <= events
