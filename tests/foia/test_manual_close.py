"""One writer of a deadline's status: a request's events close its derived deadlines; a person's close is kept, with
who, when and why, until a person reopens it (deadlines.services, "Who owns a deadline's status")."""

import datetime as dt

import pytest
from django.urls import reverse

from deadlines import services as deadline_services
from deadlines.models import DeadlineStatus
from foia.choices import EventKind as E
from tests.factories import site_staff
from tests.foia.factories import FoiaRequestFactory, record, record_all

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def received(world, today):
    today(D(2026, 12, 10))
    req = FoiaRequestFactory(organization=world.ours, assigned_to=world.staff)
    record_all(req, world.staff, (E.SUBMITTED, D(2026, 11, 18)), (E.RECEIVED, D(2026, 11, 20)))
    return req


def initial(req):
    return req.deadlines.get(key="initial-response")


def test_a_met_marked_by_hand_survives_the_next_event_and_shows_who_and_why(client, world, received):
    deadline = initial(received)
    client.force_login(world.attorney)
    page = reverse("deadlines:detail", args=[deadline.pk])
    reason = "ICE answered by email on 2026-12-09; letter not logged yet"
    posted = client.post(
        reverse("deadlines:status", args=[deadline.pk]),
        {"status": "met", "reason": reason, "version": deadline.version},
    )
    assert posted.status_code == 302

    record(received, world.staff, E.ACKNOWLEDGED, D(2026, 12, 10))  # the replay recomputes the deadlines

    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.MET
    assert (deadline.closed_manually, deadline.closed_by, deadline.closed_reason) == (True, world.attorney, reason)
    assert deadline.closed_at is not None
    shown = client.get(page).content.decode()
    assert "marked met by hand by" in shown and reason in shown
    assert (world.attorney.get_full_name() or world.attorney.get_username()) in shown
    timeline = client.get(received.get_absolute_url()).content.decode()
    assert "Marked met by" in timeline and reason in timeline
    last = deadline.history.order_by("-history_id").first()
    closed = deadline.history.filter(history_change_reason__startswith="closed by hand").get()
    assert (closed.closed_by_id, closed.closed_reason, closed.history_user_id) == (
        world.attorney.pk,
        reason,
        world.attorney.pk,
    )
    assert last.status == DeadlineStatus.MET


def test_a_close_by_hand_needs_a_reason(client, world, received):
    deadline = initial(received)
    client.force_login(world.staff)
    response = client.post(reverse("deadlines:status", args=[deadline.pk]), {"status": "waived"}, follow=True)
    assert "Say why you close it" in response.content.decode()
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.OPEN and not deadline.closed_manually


def test_the_events_still_close_a_derived_deadline(world, received):
    record(received, world.staff, E.FINAL_RESPONSE, D(2026, 12, 10), outcome="full_grant")
    deadline = initial(received)
    assert deadline.status == DeadlineStatus.MET
    assert (deadline.closed_manually, deadline.closed_by, deadline.closed_reason) == (False, None, "")


def test_a_manual_close_outranks_the_events_close_until_a_person_reopens_it(world, received):
    deadline = deadline_services.deadline_set_status(
        deadline=initial(received), status=DeadlineStatus.WAIVED, actor=world.attorney, reason="Agreed with ICE"
    )
    # The final response would close it "met"; the person's "waived" stands.
    event = record(received, world.staff, E.FINAL_RESPONSE, D(2026, 12, 10), outcome="full_grant")
    assert initial(received).status == DeadlineStatus.WAIVED
    # Deleting the event would reopen a deadline the events closed; not this one.
    from foia import services

    services.request_event_delete(event=event, user=world.staff)
    assert initial(received).status == DeadlineStatus.WAIVED

    reopened = deadline_services.deadline_set_status(deadline=deadline, status=DeadlineStatus.OPEN, actor=world.staff)
    assert reopened.status == DeadlineStatus.OPEN
    assert (reopened.closed_manually, reopened.closed_by, reopened.closed_reason, reopened.closed_at) == (
        False,
        None,
        "",
        None,
    )
    # Back in the events' hands: the next determination closes it.
    record(received, world.staff, E.FINAL_RESPONSE, D(2026, 12, 10), outcome="full_grant")
    after = initial(received)
    assert after.status == DeadlineStatus.MET and not after.closed_manually


def test_a_missed_marked_by_hand_is_not_reopened_by_a_recompute_or_a_closure(world, received):
    deadline = deadline_services.deadline_set_status(
        deadline=initial(received), status=DeadlineStatus.MISSED, actor=world.attorney, reason="No answer, suing"
    )
    # A closure inside its window moves it; an automatic MISSED whose new date is not past would reopen.
    result = deadline_services.closure_add(
        user=site_staff(), date=D(2026, 12, 11), reason="Executive order", scope="executive"
    )
    assert deadline.pk in result.changed_ids  # its dates are still a record, and recomputed
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.MISSED and deadline.closed_manually
    record(received, world.staff, E.ACKNOWLEDGED, D(2026, 12, 10))
    assert initial(received).status == DeadlineStatus.MISSED


def test_a_court_deadline_is_marked_filed_by_hand(world, received):
    deadline = deadline_services.deadline_set_manual(
        actor=world.attorney,
        subject=received,
        key="jsr-1",
        title="Joint status report",
        due_date=D(2026, 12, 21),
        citation="Order, ECF 12",
    )
    filed = deadline_services.deadline_set_status(
        deadline=deadline, status=DeadlineStatus.FILED, actor=world.attorney, reason="ECF 14"
    )
    assert (filed.status, filed.closed_by, filed.closed_reason) == (DeadlineStatus.FILED, world.attorney, "ECF 14")
    record(received, world.staff, E.ACKNOWLEDGED, D(2026, 12, 10))
    filed.refresh_from_db()
    assert filed.status == DeadlineStatus.FILED


def test_a_status_change_from_a_stale_page_is_refused(client, world, received):
    deadline = initial(received)
    shown = deadline.version
    client.force_login(world.staff)
    page = client.get(reverse("deadlines:detail", args=[deadline.pk])).content.decode()
    assert page.count(f'name="version" value="{shown}"') == 2  # the status and the assignment forms
    deadline_services.deadline_assign(
        actor=world.admin, deadline=deadline, responsible=world.attorney
    )  # someone else, meanwhile
    client.force_login(world.staff)
    response = client.post(
        reverse("deadlines:status", args=[deadline.pk]),
        {"status": "met", "reason": "Answered", "version": shown},
        follow=True,
    )
    assert "after you opened it" in response.content.decode()
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.OPEN
