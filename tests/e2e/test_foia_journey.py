"""The full journey in a real browser: create a request, log the acknowledgment, log an extension and see the new
due date, log a partial denial, file the appeal.

Chromium (Debian's, at /usr/bin/chromium) driven by Playwright's sync API (the shared `browser_page` fixture of
tests/e2e/conftest.py) against pytest-django's live_server.
"""

import datetime as dt

import pytest
from django.utils import timezone

from coalition.models import Role
from deadlines.rules import deadline_compute
from foia.models import Appeal, FoiaRequest
from tests.factories import PASSWORD, OrganizationFactory, member
from tests.foia.factories import ensure_agencies

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DUPLICATE_CHECK = "**/requests/duplicates/**"
SECTIONS = "**/sections/**"
HTMX_IDLE = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"


def choose_letter_kind(page, kind: str) -> None:
    """Pick the letter's kind and wait until htmx has swapped in its event sections: a field filled before the swap
    would be replaced by the new, empty one (this made the journey fail now and then with the letter's date as the
    receipt date)."""
    with page.expect_response(SECTIONS):
        page.select_option("#id_kind", kind)
    page.wait_for_function(HTMX_IDLE)


def weekday_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def test_create_acknowledge_extend_partial_denial_and_appeal(browser_page, live_server):
    page = browser_page
    ensure_agencies()
    org = OrganizationFactory(name="Immigrant Rights Clinic")
    member(org, Role.STAFF, username="paralegal", first_name="Pat")
    today = timezone.localdate()
    submitted = weekday_before(today - dt.timedelta(days=40))
    received = weekday_before(today - dt.timedelta(days=38))
    acknowledged = weekday_before(today - dt.timedelta(days=35))
    extended = weekday_before(today - dt.timedelta(days=20))
    responded = weekday_before(today - dt.timedelta(days=2))

    page.goto(live_server.url + "/requests/new/")
    page.fill("#id_username", "paralegal")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")

    # 1. Create the request (a draft), then record that it was sent.
    page.wait_for_selector("#id_subject")
    # The duplicate check runs as each field changes; wait for each answer (SQLite's in-memory test database
    # refuses concurrent transactions, and a person does not type that fast anyway).
    with page.expect_response(DUPLICATE_CHECK):
        page.select_option("#id_agency", label="ICE — U.S. Immigration and Customs Enforcement")
    page.fill("#id_subject", "ISAP check-in records from SmartLINK")
    with page.expect_response(DUPLICATE_CHECK):
        page.focus("#id_request_text")
    page.fill("#id_request_text", "All records of SmartLINK facial-recognition check-ins since 2019.")
    with page.expect_response(DUPLICATE_CHECK):
        page.focus("#id_tags_text")
    assert "No similar request to this agency" in page.inner_text("#duplicates")
    page.click("button:has-text('Save draft')")
    page.wait_for_selector("#request-status")
    assert page.inner_text("#request-status") == "Draft"
    request = FoiaRequest.objects.get(subject="ISAP check-in records from SmartLINK")
    page.click("a:has-text('Record event')")
    page.select_option("#id_kind", "submitted")
    page.fill("#id_date", submitted.isoformat())
    page.click("button:has-text('Record')")
    page.wait_for_selector("#request-status:has-text('Submitted')")

    # 2. Log the acknowledgment: the letter implies "received" and "acknowledged", and brings a tracking number.
    page.click("a:has-text('Log agency response')")
    choose_letter_kind(page, "acknowledgment")
    page.wait_for_selector("#implied-events fieldset.implied#section-received")
    page.fill("#id_date", acknowledged.isoformat())
    page.fill("#id_subject", "Acknowledgment of FOIA request 2026-ICFO-40001")
    page.fill("#id_tracking_number", "2026-ICFO-40001")
    page.fill("#id_received_on", received.isoformat())
    assert page.is_checked("#id_ev_received") and page.is_checked("#id_ev_acknowledged")
    page.click("button:has-text('Save')")
    page.wait_for_selector("#request-status:has-text('In process')")
    assert page.inner_text("#received-on") == received.isoformat()
    assert "2026-ICFO-40001" in page.inner_text("header.page-header")
    first_due = deadline_compute(rule="foia-initial-response", trigger=received).due

    # 3. Log the extension notice and see the new due date.
    page.click("a:has-text('Log agency response')")
    choose_letter_kind(page, "extension_notice")
    page.wait_for_selector("#implied-events fieldset.implied#section-extended")
    page.fill("#id_date", extended.isoformat())
    page.fill("#id_subject", "10-day extension")
    page.fill("#id_extension_days", "10")
    page.click("button:has-text('Save')")
    page.wait_for_selector(".toast-success")
    options = {"unusual_circumstances": {"noticed_on": extended.isoformat(), "working_days": 10}}
    new_due = deadline_compute(rule="foia-initial-response", trigger=received, options=options).due
    assert new_due > first_due
    deadline_card = page.inner_text("section.card:has(h2:has-text('Open deadlines'))")
    assert new_due.isoformat() in deadline_card and "552(a)(6)(B)(i)" in deadline_card
    assert page.inner_text("#next-due") == new_due.isoformat()  # highlighted as the next action

    # 4. Log the partial denial.
    page.click("a:has-text('Log agency response')")
    choose_letter_kind(page, "final_response")
    page.wait_for_selector("#implied-events fieldset.implied#section-final_response")
    page.fill("#id_date", responded.isoformat())
    page.fill("#id_subject", "Final response")
    page.select_option("#id_final_outcome", "partial")
    page.fill("#id_final_pages_released", "48")
    page.fill("#id_final_pages_withheld", "12")
    page.fill("#id_final_exemptions", "(b)(6), (b)(7)(C)")
    page.click("button:has-text('Save')")
    page.wait_for_selector("#request-status:has-text('Determination issued')")
    assert "File the administrative appeal" in page.inner_text(".next-action")

    # 5. File the appeal, prefilled from the adverse determination.
    page.click(".next-action a:has-text('File appeal')")
    assert "(b)(6), (b)(7)(C)" in page.input_value("#id_grounds")
    assert page.is_checked("input[name=issues][value=withholdings]")
    page.fill("#id_tracking_number", "2026-ICAP-00077")
    page.click("button:has-text('File appeal')")
    page.wait_for_selector("#request-status:has-text('Appeal pending')")
    appeal_due = deadline_compute(rule="foia-appeal-decision", trigger=today).due
    assert appeal_due.isoformat() in page.inner_text(".next-action")

    request.refresh_from_db()
    appeal = Appeal.objects.get(request=request)
    assert (request.status, appeal.filed_on, appeal.tracking_numbers.get().number) == (
        "appealed",
        today,
        "2026-ICAP-00077",
    )
    assert list(request.events.order_by("sequence").values_list("kind", flat=True)) == [
        "submitted",
        "received",
        "acknowledged",
        "extended",
        "final_response",
        "appeal_filed",
    ]
