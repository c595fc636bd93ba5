"""Daily digests: one email per user and day, each deadline listed once, every item in exactly one digest."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from coalition.models import Role
from reminders.models import (
    Channel,
    DeliveryStatus,
    EmailMode,
    ReminderDelivery,
    ReminderDigest,
    ReminderPreference,
)
from reminders.services import (
    reminder_digest_send,
    reminder_digest_sweep,
    reminder_schedule_refresh,
    reminder_sweep,
)
from tests.factories import OrganizationFactory, member

from .factories import DeadlineFactory, watch

pytestmark = pytest.mark.django_db
NY = ZoneInfo("America/New_York")


def at(*args):
    return dt.datetime(*args, tzinfo=NY)


@pytest.fixture
def reader():
    org = OrganizationFactory()
    user = member(org, Role.ATTORNEY, username="reader")
    ReminderPreference.objects.create(user=user, email_mode=EmailMode.DIGEST, digest_hour=9)
    return user


def _sweep_days(deadline_ids, *days):
    reminder_schedule_refresh(deadline_ids=deadline_ids, now=days[0])
    for day in days:
        reminder_sweep(now=day)


def test_a_digest_lists_each_deadline_once_however_many_of_its_steps_waited(
    reader, eager_celery, django_capture_on_commit_callbacks
):
    org = reader.memberships.get().organization
    a = DeadlineFactory(organization=org, responsible=reader, title="Appeal due", due_date=dt.date(2026, 12, 21))
    b = DeadlineFactory(organization=org, responsible=reader, title="Answer due", due_date=dt.date(2026, 12, 24))
    watch(reader, a)  # responsible AND following: still one recipient
    # Digest at 09:00 but steps fire at 07:00; the reader's digest hour has not come yet on the 20th 08:00.
    _sweep_days([a.pk, b.pk], at(2026, 12, 18, 8), at(2026, 12, 20, 8))
    waiting = ReminderDelivery.objects.filter(channel=Channel.DIGEST, digest__isnull=True)
    assert sorted(waiting.values_list("deadline__title", "step")) == [
        ("Answer due", "2026-12-24:before-7"),
        ("Appeal due", "2026-12-21:before-1"),
        ("Appeal due", "2026-12-21:before-3"),
    ]
    assert reminder_digest_sweep(now=at(2026, 12, 20, 8, 30)) == 0  # before 09:00: nothing yet
    with time_machine.travel(at(2026, 12, 20, 9, 5), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert reminder_digest_sweep() == 1
        assert reminder_digest_sweep() == 0  # a second (concurrent or repeated) run starts nothing
    (message,) = mail.outbox
    assert message.subject == "Deadline digest for Sun Dec 20, 2026: 2 deadlines"
    assert message.body.count("Appeal due") == 1 and message.body.count("Answer due") == 1
    assert message.body.index("Appeal due: due tomorrow") < message.body.index("Answer due: due in 4 days")
    assert set(waiting.model.objects.filter(channel=Channel.DIGEST).values_list("status", flat=True)) == {"sent"}
    digest = ReminderDigest.objects.get()
    assert digest.status == DeliveryStatus.SENT and digest.deliveries.count() == 3


def test_items_arriving_after_todays_digest_wait_for_tomorrows(
    reader, eager_celery, django_capture_on_commit_callbacks
):
    org = reader.memberships.get().organization
    d = DeadlineFactory(organization=org, responsible=reader, due_date=dt.date(2026, 12, 21))
    _sweep_days([d.pk], at(2026, 12, 18, 8))
    with django_capture_on_commit_callbacks(execute=True):
        reminder_digest_sweep(now=at(2026, 12, 18, 10))
    reminder_sweep(now=at(2026, 12, 18, 11))  # nothing new today
    ReminderDelivery.objects.create(  # a late arrival today (e.g. a deadline created this afternoon)
        deadline=d, step="2026-12-21:late", recipient=reader, channel=Channel.DIGEST, due_date=d.due_date
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert reminder_digest_sweep(now=at(2026, 12, 18, 15)) == 0
        assert reminder_digest_sweep(now=at(2026, 12, 19, 9, 1)) == 1
    assert len(mail.outbox) == 2
    assert list(ReminderDigest.objects.order_by("day").values_list("day", flat=True)) == [
        dt.date(2026, 12, 18),
        dt.date(2026, 12, 19),
    ]


def test_sending_a_digest_twice_sends_one_email(reader):
    org = reader.memberships.get().organization
    d = DeadlineFactory(organization=org, responsible=reader)
    _sweep_days([d.pk], at(2026, 12, 18, 8))
    reminder_digest_sweep(now=at(2026, 12, 18, 10))  # not eager: enqueued only
    digest = ReminderDigest.objects.get()
    assert reminder_digest_send(digest_id=digest.pk) == "sent"
    assert reminder_digest_send(digest_id=digest.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_a_digest_whose_items_were_all_closed_sends_nothing(reader):
    org = reader.memberships.get().organization
    d = DeadlineFactory(organization=org, responsible=reader)
    _sweep_days([d.pk], at(2026, 12, 18, 8))
    reminder_digest_sweep(now=at(2026, 12, 18, 10))
    d.status = "met"
    d.save()
    assert reminder_digest_send(digest_id=ReminderDigest.objects.get().pk) == "cancelled"
    assert mail.outbox == []
    assert ReminderDelivery.objects.get(channel=Channel.DIGEST).status == DeliveryStatus.CANCELLED
