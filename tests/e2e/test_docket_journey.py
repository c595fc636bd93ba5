"""A browser journey on a case: enter a motion, see its opposition and reply due, docket the opposition, mark the
opposition deadline filed with it, and add a privileged note only attorneys see."""

import datetime as dt

import pytest

from coalition.models import Role
from directory.models import Court
from directory.seeds import courts_seed
from litigation import services as litigation_services
from tests.e2e.conftest import log_in
from tests.factories import OrganizationFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_enter_a_motion_see_its_briefing_deadlines_and_mark_the_opposition_filed(browser_page, live_server):
    courts_seed(court_model=Court)
    org = OrganizationFactory(name="Immigrant Defense Project")
    attorney = member(org, Role.ATTORNEY, username="ana")
    member(org, Role.STAFF, username="sam")
    case = litigation_services.case_create(
        actor=attorney,
        organization=org,
        caption="Mijente v. DHS",
        court=Court.objects.get(slug="cand"),
        docket_number="3:22-cv-01234",
        filed_on=dt.date(2026, 11, 2),
    )
    page = browser_page
    log_in(page, live_server, "ana")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.click("#add-docket-entry")
    page.fill("#id_number", "12")
    page.fill("#id_filed_on", "2026-11-09")
    page.select_option("#id_kind", "motion")
    page.fill("#id_description", "MOTION to Dismiss")
    page.fill("#id_filer", "Defendant DHS")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**{case.get_absolute_url()}#docket")
    deadlines = page.inner_text("#court-deadlines")
    # N.D. Cal. Civil L.R. 7-3(a): Mon 2026-11-09 + 14 = Mon 2026-11-23; 7-3(c): + 7 = Mon 2026-11-30.
    assert "Opposition to the motion, ECF No. 12 (Defendant DHS)" in deadlines and "2026-11-23" in deadlines
    assert "Reply in support of the motion, ECF No. 12" in deadlines and "2026-11-30" in deadlines
    assert "2026-11-23" in page.inner_text("#ecf-12")

    page.click("#add-docket-entry")
    page.fill("#id_number", "13")
    page.fill("#id_filed_on", "2026-11-20")
    page.select_option("#id_kind", "opposition")
    page.fill("#id_description", "OPPOSITION to the Motion to Dismiss")
    page.select_option("#id_responds_to", label="ECF No. 12 (2026-11-09): MOTION to Dismiss")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**{case.get_absolute_url()}#docket")

    page.click("#court-deadlines >> text=Mark filed >> nth=0")
    page.select_option("#id_entry", label="ECF No. 13 (2026-11-20): OPPOSITION to the Motion to Dismiss")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**{case.get_absolute_url()}#court-deadlines")
    assert "Marked filed: Opposition to the motion" in page.content()
    row = page.inner_text("#ecf-13")
    assert "Met: Opposition to the motion, ECF No. 12" in row
    assert "Filed" in page.inner_text("#ecf-12")
    remaining = page.inner_text("#court-deadlines")
    assert "Opposition to the motion" not in remaining and "Reply in support" in remaining

    page.click("#add-note")
    page.fill("#id_body", "Work product: the weak point is (b)(5).")
    page.check("#id_privileged")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**{case.get_absolute_url()}#notes")
    assert "Work product: the weak point" in page.inner_text("#notes")
    page.context.clear_cookies()
    log_in(page, live_server, "sam")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    assert "Work product: the weak point" not in page.content()
