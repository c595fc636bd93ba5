"""The record-event form shows only the chosen kind's fields, in a real browser."""

import datetime as dt

import pytest
import time_machine

from coalition.models import Role
from foia.choices import EventKind as E
from tests.e2e.conftest import log_in
from tests.factories import OrganizationFactory, member
from tests.foia.factories import FoiaRequestFactory, ensure_agencies, record_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choosing_a_kind_shows_its_fields_only(browser_page, live_server):
    ensure_agencies()
    ana = member(OrganizationFactory(), Role.STAFF, username="ana")
    with time_machine.travel(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC), tick=False):
        req = FoiaRequestFactory(organization=ana.memberships.get().organization)
        record_all(req, ana, (E.SUBMITTED, dt.date(2026, 11, 18)), (E.RECEIVED, dt.date(2026, 11, 20)))
    page = browser_page
    log_in(page, live_server, "ana")
    page.goto(f"{live_server.url}/requests/{req.pk}/events/new/")
    page.select_option("#id_kind", "tolled")
    assert page.is_visible("#id_toll_reason") and not page.is_visible("#id_working_days")
    page.select_option("#id_kind", "extended")
    assert page.is_visible("#id_working_days") and not page.is_visible("#id_toll_reason")
    assert page.is_visible("#id_date") and page.is_visible("#id_note")  # every kind's fields stay
