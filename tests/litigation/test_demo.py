"""The litigation demo: the ISAP suit in N.D. Cal. and a D.D.C. suit in summary-judgment briefing, derived through
the services, linked to their requests, shown on the pages; idempotent (tests/web/test_demo.py counts every table)."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from deadlines.models import DeadlineStatus
from foia.choices import RequestStatus
from litigation.demo import CBP_CAPTION, ISAP_CAPTION
from litigation.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    with time_machine.travel(dt.datetime(2026, 12, 2, 12, tzinfo=ZoneInfo("America/New_York")), tick=False):
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()


def test_the_isap_suit_is_answered_linked_and_has_a_status_report_due_next_week(demo):
    assert "Litigation demo: 2 case(s) created" in demo
    case = Case.objects.get(caption=ISAP_CAPTION)
    assert (case.court.slug, case.status, case.organization.slug, case.sharing) == (
        "cand",
        "answered",
        "idp-demo",
        "coalition",
    )
    assert case.docket_number.startswith("3:") and "-cv-04117" in case.docket_number
    assert sorted(p.name or p.agency.slug for p in case.parties.all()) == [
        "Community Justice Exchange", "Just Futures Law", "Mijente Support Committee", "dhs", "ice",
    ]  # fmt: skip
    assert case.counsel.filter(role="government").exists()
    assert case.served_attorney_general_on != case.served_us_attorney_on  # the page warns
    assert case.deadlines.get(key="answer").status == DeadlineStatus.FILED
    requests = list(case.requests.all())
    assert requests and all(r.status == RequestStatus.LITIGATION for r in requests)
    report = case.deadlines.filter(status=DeadlineStatus.OPEN, key__startswith="schedule-").get()
    # Next week: 2026-12-02 + 6 = Tuesday 2026-12-08.
    assert report.due_date == dt.date(2026, 12, 8) and "status report" in report.title.lower()


def test_the_isap_suit_has_a_production_schedule_300_pages_behind(demo, client):
    from documents.selectors import case_schedule_progress
    from litigation.models import ProductionSchedule

    case = Case.objects.get(caption=ISAP_CAPTION)
    schedule = ProductionSchedule.objects.get(case=case)
    assert (schedule.pages_per_period, schedule.total_pages, schedule.order.number) == (500, 6000, 4)
    from litigation.production_math import periods_due

    due = periods_due(schedule.terms, dt.date(2026, 12, 2))
    assert due >= 1 and schedule.productions.count() == due  # one interim release a period due
    attorney = case.organization.memberships.get(user__username="idp-attorney").user
    [row] = case_schedule_progress(user=attorney, case=case, today=dt.date(2026, 12, 2))
    assert row.progress.shortfall == 300 and row.progress.behind and row.progress.projected_completion
    # Each period's due date is a court deadline of the case, on Upcoming.
    assert case.deadlines.filter(key__startswith=schedule.key_prefix, forum="court").count() == 12
    client.login(username="idp-attorney", password="demo-password-123")
    text = client.get(case.get_absolute_url()).content.decode()
    assert "Behind schedule by 300 pages" in text


def test_the_ddc_suit_is_in_briefing_on_its_scheduling_orders_dates(demo):
    case = Case.objects.get(caption=CBP_CAPTION)
    assert (case.court.slug, case.status, case.organization.slug) == ("dcd", "briefing", "sac-demo")
    briefs = {d.title: d for d in case.deadlines.filter(key__contains="-msj-")}
    assert sorted(briefs) == [
        "Defendant's motion for summary judgment",
        "Defendant's opposition to the cross-motion and reply",
        "Plaintiff's cross-motion for summary judgment and opposition",
        "Plaintiff's reply in support of the cross-motion",
    ]
    assert {d.citation for d in briefs.values()} == {f"Order, ECF No. 3 (entered {case.docket.get(number=3).filed_on})"}
    # The defendant's motion (ECF No. 4) met its date; the rest are open, four weeks apart, then three.
    assert briefs["Defendant's motion for summary judgment"].status == DeadlineStatus.FILED
    cross = briefs["Plaintiff's cross-motion for summary judgment and opposition"]
    reply = briefs["Defendant's opposition to the cross-motion and reply"]
    last = briefs["Plaintiff's reply in support of the cross-motion"]
    assert {cross.status, reply.status, last.status} == {DeadlineStatus.OPEN}
    assert cross.due_date < reply.due_date < last.due_date and cross.due_date > dt.date(2026, 12, 2)
    # Briefed on the order's dates: the motion derives no LCvR 7(b) opposition of its own.
    assert not case.deadlines.filter(title__startswith="Opposition to the motion, ECF No. 4").exists()


def test_demo_pages_show_the_cases(demo, client):
    client.login(username="idp-attorney", password="demo-password-123")
    page = client.get("/litigation/").text
    assert "Community Justice Exchange" in page and "Surveillance Accountability Center v." in page
    case = Case.objects.get(caption=ISAP_CAPTION)
    assert "The three service dates differ" in client.get(case.get_absolute_url()).text
    request = case.requests.first()
    assert 'id="request-cases"' in client.get(request.get_absolute_url()).text
