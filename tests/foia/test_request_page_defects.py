"""Defects a new user found on the request pages (issue 10): wrong or repeated messages, timeline, letter forms."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from foia.choices import CommunicationKind
from foia.choices import EventKind as E
from foia.models import Communication
from foia.services import communication_log
from tests.foia.factories import FoiaRequestFactory, record, record_all

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def overdue(world, today):
    """Received 2026-11-20, so the determination was due 2026-12-21 (Thanksgiving skipped); today is 2026-12-30."""
    today(D(2026, 12, 30))
    req = FoiaRequestFactory(organization=world.ours, subject="Trust Stamp contract")
    record_all(req, world.staff, (E.SUBMITTED, D(2026, 11, 18)), (E.RECEIVED, D(2026, 11, 20)))
    return req


def _page(client, user, req):
    client.force_login(user)
    response = client.get(req.get_absolute_url())
    assert response.status_code == 200
    return response, response.content.decode()


def test_a_suit_over_an_unanswered_request_does_not_say_the_agency_answered_late(client, world, overdue):
    record(overdue, world.staff, E.LITIGATION, D(2026, 12, 28))
    _, html = _page(client, world.staff, overdue)
    assert "answered after its deadline" not in html
    assert "The agency's deadline passed with no determination: search fees are generally barred" in html


def test_a_late_determination_says_the_agency_answered_late(client, world, overdue):
    record(overdue, world.staff, E.FINAL_RESPONSE, D(2026, 12, 28), outcome="full_grant")
    _, html = _page(client, world.staff, overdue)
    assert "The agency answered after its deadline: search fees are generally barred" in html


def test_the_open_deadlines_card_says_so_when_every_deadline_is_closed(client, world, overdue):
    record(overdue, world.staff, E.LITIGATION, D(2026, 12, 28))
    response, html = _page(client, world.staff, overdue)
    assert response.context["o"].deadlines and not response.context["o"].open_deadlines
    assert '<p class="empty-state-title">None open</p>' in html and "Every deadline of this request is closed" in html


def test_a_linked_case_changes_the_next_action(client, world, overdue):
    overdue.docket_reference = "3:24-cv-01234 (N.D. Cal.)"
    overdue.save()
    response, html = _page(client, world.staff, overdue)
    action = response.context["o"].next_action
    assert "link the case once it is filed" not in action.text
    assert "The lawsuit 3:24-cv-01234 (N.D. Cal.) is linked" in action.text and action.action == "record-event"


def test_constructive_exhaustion_is_said_once_with_one_button(client, world, overdue):
    _, html = _page(client, world.staff, overdue)
    assert html.count("Constructive exhaustion:") == 1
    edit = reverse("foia:request-edit", args=[overdue.pk])
    # The page header's Edit button, and one "Link a lawsuit" (to the cases, which link their requests): not a
    # second box with its own link.
    assert html.count(f'href="{edit}"') == 1 and html.count('href="/litigation/"') == 2  # with the nav's
    section = html.split('id="next-action-title"')[1].split("</section>")[0]
    assert "Constructive exhaustion:" in section  # said inside the next action, where its button is


def test_a_deadline_met_early_stands_on_its_day_before_today(client, world, today):
    today(D(2026, 12, 1))
    req = FoiaRequestFactory(organization=world.ours)
    record_all(req, world.staff, (E.SUBMITTED, D(2026, 11, 18)), (E.RECEIVED, D(2026, 11, 20)))
    record(req, world.staff, E.FINAL_RESPONSE, D(2026, 12, 1), outcome="full_grant")  # due 12-21, met 12-01
    today(D(2026, 12, 10))
    response, _ = _page(client, world.staff, req)
    timeline = response.context["o"].timeline
    kinds = [entry.kind for entry in timeline]
    met = next(entry for entry in timeline if entry.kind == "deadline")
    assert met.obj.status == "met" and met.date == D(2026, 12, 1)
    assert kinds.index("deadline") < kinds.index("today") == len(kinds) - 1


def test_things_recorded_on_one_day_keep_the_order_they_were_recorded_in(client, world, today):
    today(D(2026, 11, 30))  # noon
    req = FoiaRequestFactory(organization=world.ours)
    record(req, world.staff, E.SUBMITTED, D(2026, 11, 18))  # an event, recorded first
    today(D(2026, 11, 30), hour=13)  # the letter about the same day is logged an hour later
    letter = communication_log(
        request=req,
        user=world.staff,
        direction="from_agency",
        channel="email",
        date=D(2026, 11, 18),
        kind="other",
        subject="Auto-reply",
    )
    response, _ = _page(client, world.staff, req)
    same_day = [entry.obj for entry in response.context["o"].timeline if entry.date == D(2026, 11, 18)]
    assert [type(obj).__name__ for obj in same_day] == ["RequestEvent", "Communication"]
    assert same_day[1] == letter


def test_our_letter_on_a_submitted_request_is_not_a_request_letter_and_offers_only_our_events(client, world, overdue):
    client.force_login(world.staff)
    form = client.get(reverse("foia:letter-create", args=[overdue.pk])).context["form"]
    assert form["kind"].value() == "other"
    kinds = dict(form.fields["kind"].choices)
    assert CommunicationKind.ACKNOWLEDGMENT not in kinds and CommunicationKind.FINAL_RESPONSE not in kinds
    sections = {key for key, *_ in form.sections()}
    assert sections == {"submitted", "resumed", "fee_payment"}
    assert "ev_acknowledged" not in form.fields and "final_outcome" not in form.fields


def test_log_our_answer_to_a_fee_letter_saves_an_answer_that_restarts_the_clock(client, world, overdue):
    record(overdue, world.staff, E.TOLLED, D(2026, 12, 1), toll_reason="fees")
    overdue.refresh_from_db()
    client.force_login(world.staff)
    detail = client.get(overdue.get_absolute_url()).content.decode()
    assert f"{reverse('foia:letter-create', args=[overdue.pk])}?kind=answer" in detail
    form = client.get(reverse("foia:letter-create", args=[overdue.pk])).context["form"]
    assert form["kind"].value() == "answer" and form["ev_resumed"].value()
    response = client.post(
        reverse("foia:letter-create", args=[overdue.pk]),
        {
            "direction": "to_agency",
            "kind": "answer",
            "date": "2026-12-03",
            "channel": "email",
            "subject": "We agree to pay up to $50",
            "ev_resumed": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    letter = Communication.objects.get(request=overdue)
    assert letter.kind == "answer"
    overdue.refresh_from_db()
    assert overdue.status != "tolled"


def test_agency_response_on_an_acknowledged_request_does_not_default_to_a_second_acknowledgment(client, world, overdue):
    record(overdue, world.staff, E.ACKNOWLEDGED, D(2026, 11, 21))
    client.force_login(world.staff)
    form = client.get(reverse("foia:response-create", args=[overdue.pk])).context["form"]
    assert form["kind"].value() == "other"
    assert "ev_submitted" not in form.fields and "payment_amount" not in form.fields


@pytest.mark.parametrize(
    ("direction", "kind"), [("to_agency", "acknowledgment"), ("to_agency", "final_response"), ("from_agency", "answer")]
)
def test_the_service_refuses_a_kind_of_letter_that_goes_the_other_way(world, overdue, direction, kind):
    with pytest.raises(ValidationError) as refused:
        communication_log(
            request=overdue,
            user=world.staff,
            direction=direction,
            channel="email",
            date=D(2026, 12, 1),
            kind=kind,
            subject="Wrong way",
        )
    assert "kind" in refused.value.message_dict
    assert not Communication.objects.filter(request=overdue).exists()


def test_record_event_offers_only_what_the_lifecycle_would_accept(client, world, overdue):
    record(overdue, world.staff, E.ACKNOWLEDGED, D(2026, 11, 21))
    client.force_login(world.staff)
    response = client.get(reverse("foia:event-create", args=[overdue.pk]))
    offered = response.context["form"].offered_kinds
    assert E.ACKNOWLEDGED not in offered  # once is all a request can be acknowledged
    assert E.APPEAL_DECIDED not in offered  # no appeal is pending
    assert E.RESUMED not in offered  # the clock is running
    assert {E.TOLLED, E.EXTENDED, E.FINAL_RESPONSE, E.LITIGATION} <= set(offered)
    html = response.content.decode()
    assert '<option value="acknowledged"' not in html and '<option value="tolled"' in html


def test_record_event_shows_each_kinds_fields_only_and_records_only_them(client, world, overdue):
    client.force_login(world.staff)
    url = reverse("foia:event-create", args=[overdue.pk])
    html = client.get(url).content.decode()
    assert 'data-kind-select="#id_kind"' in html
    assert 'data-kinds="tolled"' in html and 'data-kinds="extended"' in html  # hidden unless their kind is chosen
    # A value left in another kind's field (say, typed before switching kind) is not recorded with this event.
    response = client.post(url, {"kind": "tolled", "date": "2026-12-01", "toll_reason": "fees", "amount": "99"})
    assert response.status_code == 302
    event = overdue.events.get(kind=E.TOLLED)
    assert event.toll_reason == "fees" and event.amount is None


def test_a_request_that_can_take_no_event_says_so(client, world, overdue):
    from django.template.loader import render_to_string

    from foia import forms

    form = forms.EventForm(request=overdue, kinds=[])
    assert form.offered_kinds == []
    html = render_to_string("foia/event_form.html", {"form": form, "object": overdue, "today": D(2026, 12, 30)})
    assert "No event can be recorded on this request now." in html and "<select" not in html


def test_the_csv_names_people_and_keeps_dashes_readable_in_excel(client, world, overdue):
    world.staff.first_name, world.staff.last_name = "Sam", "Staff"
    world.staff.save()
    overdue.assigned_to, overdue.subject = world.staff, "ISAP enrolment, FY2020–FY2026"
    overdue.save()
    client.force_login(world.staff)
    content = b"".join(client.get(reverse("foia:request-export")).streaming_content)
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    assert "ISAP enrolment, FY2020–FY2026" in text and "Sam Staff" in text
    assert world.staff.username not in text


def test_upcoming_names_each_rule_rather_than_its_slug(client, world, overdue, today):
    from deadlines.rules import RULES

    today(D(2026, 12, 10))  # the determination (due 2026-12-21) is within the next 30 days
    client.force_login(world.staff)
    html = client.get("/deadlines/upcoming/").content.decode()
    name = RULES["foia-initial-response"].name
    assert f"<td>{escape(name)}<br>" in html
    assert "<td>foia-initial-response" not in html


def test_the_request_list_shows_active_filters_as_removable_chips(client, world, overdue):
    client.force_login(world.staff)
    response = client.get(reverse("foia:request-list"), {"agency": "ice", "status": ["processing", "tolled"], "q": "x"})
    chips = {(c.label, c.value): c.remove_query for c in response.context["chips"]}
    assert set(chips) == {("Agency", "ICE"), ("Status", "In process"), ("Status", "Clock tolled"), ("Search", "x")}
    assert chips[("Status", "In process")] == "agency=ice&status=tolled&q=x"  # only that value goes
    assert chips[("Agency", "ICE")] == "status=processing&status=tolled&q=x"
    html = response.content.decode()
    assert 'aria-label="Remove filter Agency: ICE"' in html


def test_an_invalid_filter_shows_its_error_and_no_result_count(client, world, overdue):
    client.force_login(world.staff)
    html = client.get(reverse("foia:request-list"), {"due_within": "soon"}).content.decode()
    assert "Some filters are not valid" in html and "Enter a number." in html
    assert 'class="muted result-count"' not in html and "<table" not in html


def test_the_filter_selects_say_what_empty_means(client, world, overdue):
    client.force_login(world.staff)
    html = client.get(reverse("foia:request-list")).content.decode()
    for label in ("Any agency", "Any organisation", "Anyone", "Any tag"):
        assert f">{label}</option>" in html
    assert "---------" not in html
    assert '<details class="more-filters">' in html  # the rare filters folded away until used
    assert (
        '<details class="more-filters" open>'
        in client.get(reverse("foia:request-list"), {"received_after": "2026-11-01"}).content.decode()
    )
