"""Linking a request to the case enforcing it: the "In litigation" event, idempotence, refusals, the request page."""

import datetime as dt
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coalition.models import Sharing
from deadlines.models import DeadlineStatus
from foia.choices import EventKind as E
from foia.choices import RequestStatus
from litigation import services
from tests.foia.factories import FoiaRequestFactory, record_all

pytestmark = pytest.mark.django_db
D = dt.date


def test_linking_records_in_litigation_on_the_filing_day_and_closes_agency_deadlines(lit):
    # Received Friday 2026-10-02: 20 working days from Monday 10-05, Columbus Day 10-12 skipped: 10-05..09 (5),
    # 10-13..16 (9), 10-19..23 (14), 10-26..30 (19), Monday 11-02 (20). When the suit was filed (2026-11-04) it had
    # passed: closed as missed by the lifecycle's "litigation" rule.
    initial = lit.request.deadlines.get(key="initial-response")
    assert initial.status == DeadlineStatus.OPEN and initial.due_date == D(2026, 11, 2)
    assert services.case_request_link(actor=lit.staff, case=lit.case, request=lit.request) is True
    lit.request.refresh_from_db()
    assert lit.request.status == RequestStatus.LITIGATION
    assert list(lit.request.events.filter(kind=E.LITIGATION).values_list("date", flat=True)) == [D(2026, 11, 4)]
    initial.refresh_from_db()
    assert initial.status == DeadlineStatus.MISSED
    assert list(lit.case.requests.all()) == [lit.request]


def test_linking_again_changes_nothing(lit):
    services.case_request_link(actor=lit.staff, case=lit.case, request=lit.request)
    version = lit.case.version
    assert services.case_request_link(actor=lit.staff, case=lit.case, request=lit.request) is False
    assert lit.request.events.filter(kind=E.LITIGATION).count() == 1 and lit.case.requests.count() == 1
    lit.case.refresh_from_db()
    assert lit.case.version == version


def test_a_second_case_on_the_same_request_keeps_the_first_event(lit):
    services.case_request_link(actor=lit.staff, case=lit.case, request=lit.request)
    other = services.case_create(
        actor=lit.staff, organization=lit.world.ours, caption="Appeal v. DHS", filed_on=D(2026, 11, 20)
    )
    services.case_request_link(actor=lit.staff, case=other, request=lit.request)
    assert list(lit.request.events.filter(kind=E.LITIGATION).values_list("date", flat=True)) == [D(2026, 11, 4)]


def test_a_pre_filing_case_records_the_event_when_its_filing_date_is_entered(lit):
    services.case_request_link(actor=lit.staff, case=lit.private, request=lit.request)
    lit.request.refresh_from_db()
    assert lit.request.status == RequestStatus.PROCESSING and not lit.request.events.filter(kind=E.LITIGATION)
    services.case_update(actor=lit.staff, case=lit.private, filed_on=D(2026, 11, 25), status="filed")
    lit.request.refresh_from_db()
    assert lit.request.status == RequestStatus.LITIGATION
    assert lit.request.events.get(kind=E.LITIGATION).date == D(2026, 11, 25)


def test_a_draft_cannot_be_marked_in_litigation_and_nothing_is_linked(lit):
    draft = FoiaRequestFactory(organization=lit.world.ours, subject="Never sent")
    with pytest.raises(ValidationError) as refused:
        services.case_request_link(actor=lit.staff, case=lit.case, request=draft)
    assert refused.value.message_dict == {
        "request": [
            "“Never sent”: Cannot record “In litigation” on 2026-11-04: the request is “Draft” at that point. "
            "Submit the request first."
        ]
    }
    assert not lit.case.requests.exists() and not draft.events.exists()


def test_only_editors_of_the_case_link_and_only_visible_requests(lit):
    for user in (lit.viewer, lit.partner_staff, lit.outsider_staff):
        with pytest.raises(PermissionDenied):
            services.case_request_link(actor=user, case=lit.case, request=lit.request)
        with pytest.raises(PermissionDenied):
            services.case_request_unlink(actor=user, case=lit.case, request=lit.request)
    foreign = FoiaRequestFactory(organization=lit.world.outsider)
    unshared = FoiaRequestFactory(organization=lit.world.partner)
    for request in (foreign, unshared):
        with pytest.raises(ValidationError) as refused:
            services.case_request_link(actor=lit.staff, case=lit.case, request=request)
        assert refused.value.message_dict == {"request": ["Choose a request you can see."]}
    assert not lit.case.requests.exists()


def test_a_partners_shared_request_is_linked_and_its_organisation_records_the_event(lit):
    shared = FoiaRequestFactory(organization=lit.world.partner, sharing=Sharing.COALITION, subject="Partner ISAP")
    record_all(shared, lit.partner_staff, (E.SUBMITTED, D(2026, 10, 1)))
    assert services.case_request_link(actor=lit.staff, case=lit.case, request=shared) is True
    assert not shared.events.filter(kind=E.LITIGATION).exists()  # we may not write the partner's request


def test_unlinking_keeps_the_event(lit):
    services.case_request_link(actor=lit.staff, case=lit.case, request=lit.request)
    assert services.case_request_unlink(actor=lit.staff, case=lit.case, request=lit.request) is True
    assert services.case_request_unlink(actor=lit.staff, case=lit.case, request=lit.request) is False
    assert not lit.case.requests.exists() and lit.request.events.filter(kind=E.LITIGATION).exists()


def test_the_link_form_and_unlink_button(client, lit):
    client.force_login(lit.staff)
    url = lit.case.get_absolute_url()
    foreign = FoiaRequestFactory(organization=lit.world.outsider)
    page = client.post(f"{url}requests/link/", {"request": foreign.pk}).text
    assert "Select a valid choice" in page and not lit.case.requests.exists()
    assert client.post(f"{url}requests/link/", {"request": lit.request.pk}).status_code == 302
    page = unescape(client.get(url).text)
    assert "ISAP SmartLINK contracts" in page and "In litigation" in page
    assert client.post(f"{url}requests/{foreign.pk}/unlink/").status_code == 404
    assert client.post(f"{url}requests/{lit.request.pk}/unlink/").status_code == 302
    assert not lit.case.requests.exists()


def test_the_request_page_shows_the_case_with_its_next_court_deadline(client, lit):
    # Served on the U.S. Attorney 2026-11-20: answer due 30 days later, Sunday 2026-12-20 -> Monday 2026-12-21.
    services.case_service_record(
        actor=lit.staff, case=lit.case, served_us_attorney_on=D(2026, 11, 20),
        served_attorney_general_on=D(2026, 11, 20), served_agency_on=D(2026, 11, 20),
    )  # fmt: skip
    services.case_request_link(actor=lit.staff, case=lit.case, request=lit.request)
    services.case_request_link(actor=lit.staff, case=lit.private, request=lit.request)
    client.force_login(lit.staff)
    response = client.get(lit.request.get_absolute_url())
    page = unescape(response.text)
    assert 'id="request-cases"' in page and "Mijente v. DHS" in page and "Private v. CBP" in page
    answer = lit.case.deadlines.get(key="answer")
    assert f'href="/deadlines/{answer.pk}/"' in page and "2026-12-21" in page
    action = response.context["o"].next_action
    assert action.text == "In litigation (Mijente v. DHS, Private v. CBP): court deadlines are tracked with the case."
    client.force_login(lit.partner_staff)  # the request and our first case are shared; the second case is not
    page = unescape(client.get(lit.request.get_absolute_url()).text)
    assert "Mijente v. DHS" in page and "Private v. CBP" not in page


def test_a_linked_case_not_yet_filed_changes_the_next_action(client, lit):
    services.case_request_link(actor=lit.staff, case=lit.private, request=lit.request)
    client.force_login(lit.staff)
    response = client.get(lit.request.get_absolute_url())
    action = response.context["o"].next_action
    assert action.action == "open-case" and action.link == lit.private.get_absolute_url()
    assert "The lawsuit Private v. CBP is linked: record the day its complaint is filed" in action.text
    assert f'href="{lit.private.get_absolute_url()}">Open the case' in response.text
