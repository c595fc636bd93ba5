"""In a real browser, the pages run under their Content-Security-Policy with no violation and no console error."""

import pytest

from coalition.models import Role
from tests.e2e.conftest import log_in
from tests.factories import OrganizationFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/", "/requests/", "/requests/new/", "/deadlines/", "/deadlines/upcoming/", "/deadlines/calculator/",
         "/api/v1/docs/", "/api/v1/redoc/"]  # fmt: skip


def test_pages_run_under_the_policy_without_violations(browser_page, live_server):
    from tests.foia.factories import ensure_agencies

    ensure_agencies()
    member(OrganizationFactory(), Role.ATTORNEY, username="ana")
    page = browser_page
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append((page.url, msg.text)))
    page.on("pageerror", lambda exc: errors.append((page.url, str(exc))))
    log_in(page, live_server, "ana")
    for path in PAGES:
        page.goto(f"{live_server.url}{path}")
        # Violations are also reported as DOM events: count them, whatever the console says.
        page.evaluate("window.__csp = []; document.addEventListener('securitypolicyviolation', e => "
                      "window.__csp.push(e.violatedDirective + ' ' + e.blockedURI))")  # fmt: skip
        page.wait_for_load_state("networkidle")
        if path == "/api/v1/docs/":
            page.wait_for_selector("text=/api/v1/organizations/")
        if path == "/api/v1/redoc/":
            page.wait_for_selector("text=FOIA & Litigation Tracker API")
        assert page.evaluate("window.__csp") == [], path
    assert errors == [], errors
