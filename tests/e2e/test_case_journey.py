"""A litigation journey in a real browser: open a case, link the request it enforces, record service on the United
States, see the answer due, enter a motion, see its opposition and reply due, mark the opposition filed (the reply is
recomputed from its service), and see the case with its next deadline on the request's page."""

import datetime as dt

import pytest
import time_machine

from coalition.models import Role
from deadlines.models import Deadline
from directory.models import Court
from directory.seeds import courts_seed
from foia.choices import EventKind as E
from litigation import services
from tests.e2e.conftest import log_in
from tests.factories import OrganizationFactory, member
from tests.foia.factories import FoiaRequestFactory, ensure_agencies, record_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_link_a_request_record_service_see_the_answer_due_brief_a_motion_and_mark_it_filed(browser_page, live_server):
    ensure_agencies()
    courts_seed(court_model=Court)
    org = OrganizationFactory(name="Immigrant Defense Project")
    ana = member(org, Role.ATTORNEY, username="ana")
    with time_machine.travel(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC), tick=False):
        req = FoiaRequestFactory(organization=org, subject="ISAP SmartLINK contracts")
        record_all(req, ana, (E.SUBMITTED, dt.date(2026, 10, 1)), (E.RECEIVED, dt.date(2026, 10, 2)))
        case = services.case_create(
            actor=ana, organization=org, caption="Mijente v. DHS", court=Court.objects.get(slug="dcd"),
            docket_number="1:26-cv-01234", filed_on=dt.date(2026, 11, 2), status="filed",
        )  # fmt: skip
    page = browser_page
    log_in(page, live_server, "ana")
    page.goto(f"{live_server.url}/litigation/")
    page.click("text=Mijente v. DHS")
    page.wait_for_url(f"{live_server.url}{case.get_absolute_url()}")
    page.click("text=Link a request")
    page.select_option("#id_request", str(req.pk))
    page.click("button:has-text('Link request')")
    page.wait_for_url(f"{live_server.url}{case.get_absolute_url()}")
    assert page.is_visible("#requests >> text=ISAP SmartLINK contracts")
    assert page.is_visible("#requests >> text=In litigation")  # the complaint was filed: the event is recorded

    page.click("text=Record service")
    page.fill("#id_served_us_attorney_on", "2026-11-04")
    page.fill("#id_served_attorney_general_on", "2026-11-04")
    page.fill("#id_served_agency_on", "2026-11-06")
    page.click("button:has-text('Save service')")
    page.wait_for_url(f"{live_server.url}{case.get_absolute_url()}")
    # 30 days after service on the U.S. Attorney (5 U.S.C. 552(a)(4)(C)): 2026-11-04 + 30 = Friday 2026-12-04.
    service = page.inner_text("#service")
    assert "Government's answer to the complaint" in service and "2026-12-04" in service
    assert page.is_visible("#service-warning")  # the agency was served two days later

    # The government moves to dismiss (ECF No. 12, Mon 2026-11-09, served through ECF).
    page.click("#add-docket-entry")
    page.fill("#id_number", "12")
    page.fill("#id_filed_on", "2026-11-09")
    page.select_option("#id_kind", "motion")
    page.fill("#id_description", "MOTION to Dismiss")
    page.fill("#id_filer", "Defendant DHS")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**{case.get_absolute_url()}#docket")
    deadlines = page.inner_text("#court-deadlines")
    # D.D.C. LCvR 7(b): 2026-11-09 + 14 = Mon 2026-11-23. LCvR 7(d): 7 days after service of the opposition,
    # counted from its due date until it is docketed: 2026-11-23 + 7 = Mon 2026-11-30.
    assert "Opposition to the motion, ECF No. 12 (Defendant DHS)" in deadlines and "2026-11-23" in deadlines
    assert "Reply in support of the motion, ECF No. 12" in deadlines and "2026-11-30" in deadlines

    # Our opposition (ECF No. 13, Fri 2026-11-20), then the opposition deadline marked filed with it.
    page.click("#add-docket-entry")
    page.fill("#id_number", "13")
    page.fill("#id_filed_on", "2026-11-20")
    page.select_option("#id_kind", "opposition")
    page.fill("#id_description", "OPPOSITION to the Motion to Dismiss")
    page.select_option("#id_responds_to", label="ECF No. 12 (2026-11-09): MOTION to Dismiss")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**{case.get_absolute_url()}#docket")
    opposition = Deadline.objects.get(title__startswith="Opposition to the motion, ECF No. 12")
    page.click(f"#court-deadlines a[href$='/court-deadlines/{opposition.pk}/filed/']")
    page.select_option("#id_entry", label="ECF No. 13 (2026-11-20): OPPOSITION to the Motion to Dismiss")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**{case.get_absolute_url()}#court-deadlines")
    assert "Marked filed: Opposition to the motion" in page.content()
    assert "Met: Opposition to the motion, ECF No. 12" in page.inner_text("#ecf-13")
    remaining = page.inner_text("#court-deadlines")
    # The reply now runs from the opposition's service: 2026-11-20 + 7 = Fri 2026-11-27.
    assert "Opposition to the motion" not in remaining
    assert "Reply in support of the motion, ECF No. 12 (Defendant DHS) (opposition ECF No. 13)" in remaining
    assert "2026-11-27" in remaining

    page.goto(f"{live_server.url}{req.get_absolute_url()}")
    lawsuits = page.inner_text("#request-cases")
    assert "Mijente v. DHS" in lawsuits and "2026-11-27" in lawsuits  # its next court deadline: the reply
    assert page.inner_text("#request-status") == "In litigation"
