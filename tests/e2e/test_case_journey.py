"""A litigation journey in a real browser: open a case, link the request it enforces, record service on the United
States, see the answer due, and see the case with that deadline on the request's page."""

import datetime as dt

import pytest
import time_machine

from coalition.models import Role
from directory.models import Court
from directory.seeds import courts_seed
from foia.choices import EventKind as E
from litigation import services
from tests.e2e.conftest import log_in
from tests.factories import OrganizationFactory, member
from tests.foia.factories import FoiaRequestFactory, ensure_agencies, record_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_link_a_request_record_service_and_see_the_answer_due(browser_page, live_server):
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

    page.goto(f"{live_server.url}{req.get_absolute_url()}")
    lawsuits = page.inner_text("#request-cases")
    assert "Mijente v. DHS" in lawsuits and "2026-12-04" in lawsuits
    assert page.inner_text("#request-status") == "In litigation"
