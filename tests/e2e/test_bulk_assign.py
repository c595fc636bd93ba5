"""In a real browser: tick two rows of the request list and assign them; then 'All on this page' ticks every row
(app.js) and a saved view appears above the list."""

import pytest

from coalition.models import Role
from tests.e2e.conftest import log_in
from tests.factories import OrganizationFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_select_two_rows_and_assign_them(browser_page, live_server):
    from foia.models import FoiaRequest
    from tests.foia.factories import FoiaRequestFactory, ensure_agencies

    ensure_agencies()
    org = OrganizationFactory()
    member(org, Role.STAFF, username="sam")
    lawyer = member(org, Role.ATTORNEY, username="ana", first_name="Ana", last_name="Ruiz")
    first, second, third = (FoiaRequestFactory(organization=org, subject=s) for s in ("Alpha", "Bravo", "Charlie"))
    page = browser_page
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, live_server, "sam")
    page.goto(f"{live_server.url}/requests/")
    page.check("input[aria-label='Select Alpha']")
    page.check("input[aria-label='Select Charlie']")
    page.select_option("#bulk_action", "assign")
    page.select_option("#bulk_attorney", str(lawyer.pk))
    page.click("#bulk-form button[type=submit]")
    page.wait_for_selector("text=Assigned 2 requests.")
    assert {r.subject: r.attorney_id for r in FoiaRequest.objects.all()} == {
        "Alpha": lawyer.pk, "Bravo": None, "Charlie": lawyer.pk
    }  # fmt: skip
    assert first.pk and second.pk and third.pk

    page.check("input[name=whole_page]")  # app.js ticks each row
    assert page.locator("input[name=ids]:checked").count() == 3
    page.click("summary:has-text('Save this view')")
    page.fill("#view_name", "Everything")
    page.click(".saved-views button:has-text('Save')")
    page.wait_for_selector(".saved-views a:has-text('Everything')")
    assert errors == [], errors
