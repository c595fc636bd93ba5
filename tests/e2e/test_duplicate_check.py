"""The duplicate check on the new-request form runs as people type, without console errors (no aborted requests)."""

import pytest

from coalition.models import Role
from tests.e2e.conftest import log_in
from tests.factories import OrganizationFactory, member
from tests.foia.factories import FoiaRequestFactory, agency, ensure_agencies

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_a_subject_checks_for_duplicates_without_console_errors(browser_page, live_server):
    ensure_agencies()
    org = OrganizationFactory()
    member(org, Role.STAFF, username="ana")
    FoiaRequestFactory(organization=org, subject="Trust Stamp facial recognition contract")
    page = browser_page
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, live_server, "ana")
    page.goto(f"{live_server.url}/requests/new/")
    page.select_option("#id_agency", str(agency("ice").pk))
    for word in ("Trust", " Stamp", " facial", " recognition", " contract"):
        page.type("#id_subject", word, delay=30)
        page.dispatch_event("#id_subject", "change")  # a change while the previous check is still running
    page.locator("#id_request_text").fill("All records.")
    page.dispatch_event("#id_request_text", "change")
    page.wait_for_timeout(1500)
    page.wait_for_load_state("networkidle")
    assert errors == [], errors
    assert "Trust Stamp facial recognition contract" in page.inner_text("#duplicates")  # the check still answers
