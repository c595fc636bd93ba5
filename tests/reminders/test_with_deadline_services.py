"""Reminders follow the deadline services (their `deadlines_changed` signal, on commit): create, extend, toll, close,
reassign, and a closure that moves many deadlines at once."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.models import Role
from deadlines import services as deadline_services
from directory.models import Agency
from reminders.models import Channel, DeliveryStatus, ReminderDelivery, ReminderSchedule
from reminders.services import reminder_sweep
from tests.deadlines.factories import subject_for
from tests.factories import OrganizationFactory, editor, member, site_staff

pytestmark = pytest.mark.django_db
NY = ZoneInfo("America/New_York")
RECEIVED = dt.date(2026, 11, 20)  # due 2026-12-21 (20 working days, Thanksgiving skipped)


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2026, 12, 18, 8, tzinfo=NY), tick=False) as traveller:
        yield traveller


def sync(subject, *, options=None, responsible=None):
    return deadline_services.deadline_sync(
        actor=editor(subject),
        subject=subject,
        key="initial-response",
        title="Initial response",
        rule="foia-initial-response",
        trigger=RECEIVED,
        options=options,
        agency=Agency.objects.get(slug="ice"),
        responsible=responsible,
    )


def test_services_drive_the_schedule(frozen, django_capture_on_commit_callbacks):
    org = OrganizationFactory()
    owner, other = member(org, Role.STAFF), member(org, Role.STAFF)
    subject = subject_for(org)
    with django_capture_on_commit_callbacks(execute=True):
        d = sync(subject, responsible=owner)
    assert d.due_date == dt.date(2026, 12, 21)
    assert ReminderSchedule.objects.get(deadline=d).step == "2026-12-21:before-3"  # catch-up: due now
    reminder_sweep()
    assert ReminderDelivery.objects.get(channel=Channel.EMAIL, recipient=owner).status == DeliveryStatus.PENDING

    # Unusual circumstances: +10 working days. The unsent reminder for the old date is cancelled.
    with django_capture_on_commit_callbacks(execute=True):
        d = sync(subject, options={"unusual_circumstances": {"noticed_on": "2026-12-15", "working_days": 10}})
    assert d.due_date > dt.date(2026, 12, 21)
    assert ReminderDelivery.objects.get(channel=Channel.EMAIL, recipient=owner).status == DeliveryStatus.CANCELLED
    assert ReminderSchedule.objects.get(deadline=d).step.startswith(f"{d.due_date.isoformat()}:")

    # Reassigned: reminders continue with the next step, to the new person.
    with django_capture_on_commit_callbacks(execute=True):
        deadline_services.deadline_assign(actor=editor(d), deadline=d, responsible=other)
    frozen.move_to(dt.datetime(2026, 12, 23, 8, tzinfo=NY))  # 14 days before the new date
    reminder_sweep()
    assert set(ReminderDelivery.objects.filter(step__contains="before-14").values_list("recipient", flat=True)) == {
        other.pk
    }

    # Met: no more reminders.
    with django_capture_on_commit_callbacks(execute=True):
        deadline_services.deadline_close(actor=editor(subject), subject=subject, key="initial-response", status="met")
    assert not ReminderSchedule.objects.filter(deadline=d).exists()


def test_a_stopped_clock_pauses_reminders_and_cancels_unsent_ones(frozen, django_capture_on_commit_callbacks):
    org = OrganizationFactory()
    owner = member(org, Role.STAFF)
    subject = subject_for(org)
    with django_capture_on_commit_callbacks(execute=True):
        d = sync(subject, responsible=owner)
    reminder_sweep()
    with django_capture_on_commit_callbacks(execute=True):
        d = sync(subject, options={"tolls": [{"start": "2026-12-10", "end": None, "reason": "fee clarification"}]})
    assert d.due_date is None
    row = ReminderSchedule.objects.get(deadline=d)
    assert (row.fire_at, row.step) == (None, "")
    assert ReminderDelivery.objects.get(channel=Channel.EMAIL).status == DeliveryStatus.CANCELLED
    assert reminder_sweep().fired_steps == 0


def test_a_closure_moving_many_deadlines_reschedules_them_with_a_constant_number_of_queries(
    frozen, django_capture_on_commit_callbacks
):
    def closure_queries(n, day):
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(n):
                sync(subject_for())  # a subject (and organisation) each
        with CaptureQueriesContext(connection) as ctx, django_capture_on_commit_callbacks(execute=True):
            result = deadline_services.closure_add(user=site_staff(), date=day, reason=f"Closure {n}")
        assert len(result.changed_ids) >= n
        return ctx

    few, many = closure_queries(2, dt.date(2026, 12, 21)), closure_queries(20, dt.date(2026, 12, 22))
    reminder_queries = [q for q in many.captured_queries if "reminder" in q["sql"]]
    assert len(reminder_queries) == len([q for q in few.captured_queries if "reminder" in q["sql"]])
    assert {step.split(":")[0] for step in ReminderSchedule.objects.values_list("step", flat=True)} == {"2026-12-23"}
