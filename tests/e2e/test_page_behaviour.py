"""Behaviour that needs JavaScript, under the Content-Security-Policy (no inline handlers): confirmations before
destructive posts, the organisation switcher."""

import pytest

from coalition.models import Role
from foia.models import FoiaRequest
from tests.e2e.conftest import log_in
from tests.factories import MembershipFactory, OrganizationFactory, member
from tests.foia.factories import FoiaRequestFactory, ensure_agencies

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_deleting_a_draft_asks_first_and_a_no_keeps_it(browser_page, live_server):
    ensure_agencies()
    org = OrganizationFactory()
    member(org, Role.STAFF, username="ana")
    draft = FoiaRequestFactory(organization=org, subject="Draft about SmartLINK")
    page = browser_page
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    log_in(page, live_server, "ana")
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.click("button:has-text('Delete draft')")
    page.wait_for_timeout(300)
    assert asked == ["Delete this draft?"] and FoiaRequest.objects.filter(pk=draft.pk).exists()
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Delete draft')")
    page.wait_for_url(f"{live_server.url}/requests/")
    assert not FoiaRequest.objects.filter(pk=draft.pk).exists()
    assert errors == [], errors


def test_choosing_another_organisation_switches_to_it(browser_page, live_server):
    first, second = OrganizationFactory(name="First Org"), OrganizationFactory(name="Second Org")
    user = member(first, Role.ATTORNEY, username="coordinator")
    MembershipFactory(organization=second, role=Role.VIEWER, user=user)
    page = browser_page
    log_in(page, live_server, "coordinator")
    page.select_option("#org-switch", label="Second Org")
    page.wait_for_selector("text=Working in Second Org")


def test_on_a_phone_the_request_filters_fold_under_one_line_unless_one_is_active(browser_page, live_server):
    ensure_agencies()
    org = OrganizationFactory()
    member(org, Role.STAFF, username="ana")
    FoiaRequestFactory(organization=org, subject="ISAP check-in alerts")
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "ana")
    page.goto(f"{live_server.url}/requests/")
    assert page.is_visible("#id_q") and not page.is_visible("#id_agency")  # search stays; the rest folds
    page.click("summary:has-text('Filters')")
    assert page.is_visible("#id_agency")
    page.goto(f"{live_server.url}/requests/?agency=ice")
    assert page.is_visible("#id_agency") and page.is_visible("summary:has-text('Filters (1 active)')")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/requests/")
    assert page.is_visible("#id_agency") and not page.is_visible("summary:has-text('Filters')")
