"""Sending claimed reminders: content, idempotence, cancellation at send time, retries with back-off, re-enqueue."""

import datetime as dt
from smtplib import SMTPServerDisconnected
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from coalition.models import Role
from reminders.models import Channel, DeadlineMute, DeliveryStatus, ReminderDelivery
from reminders.services import (
    RetryLater,
    reminder_deliveries_send,
    reminder_delivery_send,
    reminder_requeue_expired,
    reminder_schedule_refresh,
    reminder_sweep,
)
from tests.factories import OrganizationFactory, member

from .factories import DeadlineFactory

pytestmark = pytest.mark.django_db
NY = ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 12, 18, 8, tzinfo=NY)


@pytest.fixture
def claimed(settings):
    """A due reminder claimed by the sweep (email pending, not yet sent)."""
    settings.SITE_URL = "https://tracker.example.org"
    org = OrganizationFactory(name="Immigrant Defense Project")
    owner = member(org, Role.STAFF, username="owner", first_name="Ana")
    d = DeadlineFactory(organization=org, responsible=owner, title="Initial response from ICE")
    with time_machine.travel(NOW, tick=False):
        reminder_schedule_refresh(deadline_ids=[d.pk])
        reminder_sweep()
    return ReminderDelivery.objects.get(channel=Channel.EMAIL)


def test_the_email_names_the_object_due_date_rule_citation_steps_and_link(claimed):
    with time_machine.travel(NOW, tick=False):
        assert reminder_delivery_send(delivery_id=claimed.pk) == "sent"
    (message,) = mail.outbox
    assert message.subject == "Initial response from ICE: due in 3 days (Mon Dec 21, 2026)"
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert "Monday, December 21, 2026" in body
        assert "foia-initial-response" in body
        assert "5 U.S.C. § 552(a)(6)(A)(i)" in body
        assert "+20 working days skipping 2026-11-26 Thanksgiving -&gt; 2026-12-21" in body or (
            "+20 working days skipping 2026-11-26 Thanksgiving -> 2026-12-21" in body
        )
        assert f"https://tracker.example.org/deadlines/{claimed.deadline_id}/" in body
    assert message.extra_headers["Message-ID"] == f"<reminder-{claimed.pk}@tracker.example.org>"
    claimed.refresh_from_db()
    assert (claimed.status, claimed.attempts, claimed.sent_at is not None) == (DeliveryStatus.SENT, 1, True)


def test_sending_is_idempotent_per_delivery_row(claimed):
    assert reminder_delivery_send(delivery_id=claimed.pk) == "sent"
    assert reminder_delivery_send(delivery_id=claimed.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_a_send_in_progress_elsewhere_is_left_alone(claimed):
    ReminderDelivery.objects.filter(pk=claimed.pk).update(status=DeliveryStatus.SENDING)
    assert reminder_delivery_send(delivery_id=claimed.pk) == "skipped"
    assert mail.outbox == []


@pytest.mark.parametrize("change", ["closed", "moved", "muted", "left"])
def test_a_claimed_reminder_that_no_longer_stands_is_cancelled_not_sent(claimed, change):
    d = claimed.deadline
    if change == "closed":
        d.status = "met"
        d.save()
    elif change == "moved":
        d.due_date = dt.date(2027, 1, 6)
        d.save()
    elif change == "muted":
        DeadlineMute.objects.create(user=claimed.recipient, deadline=d)
    else:
        claimed.recipient.memberships.all().delete()
    assert reminder_delivery_send(delivery_id=claimed.pk) == "cancelled"
    claimed.refresh_from_db()
    assert claimed.status == DeliveryStatus.CANCELLED and claimed.last_error.startswith("Cancelled")
    assert mail.outbox == []


def test_a_failed_send_is_retried_with_back_off_then_marked_failed(claimed, settings):
    settings.REMINDER_MAX_ATTEMPTS = 3
    settings.REMINDER_RETRY_BASE_SECONDS = 60
    countdowns = []
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=SMTPServerDisconnected("down")):
        for _ in range(2):
            with pytest.raises(RetryLater) as exc:
                reminder_delivery_send(delivery_id=claimed.pk)
            countdowns.append(exc.value.countdown)
            claimed.refresh_from_db()
            assert claimed.status == DeliveryStatus.PENDING
            assert claimed.last_error == "SMTPServerDisconnected: down"
        assert reminder_delivery_send(delivery_id=claimed.pk) == "failed"
    assert countdowns == [60, 120]
    claimed.refresh_from_db()
    assert (claimed.status, claimed.attempts) == (DeliveryStatus.FAILED, 3)
    assert claimed.last_error == "SMTPServerDisconnected: down"


def test_a_lost_send_is_re_enqueued_once_its_lease_expires(
    claimed, settings, eager_celery, django_capture_on_commit_callbacks
):
    """Claimed but the message never reached a worker (Redis restarted, worker killed): the next sweep after the
    lease re-enqueues it, and it is sent once."""
    lease_until = claimed.lease_until
    assert lease_until == NOW + dt.timedelta(seconds=settings.REMINDER_LEASE_SECONDS)
    assert reminder_requeue_expired(now=lease_until - dt.timedelta(seconds=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert reminder_requeue_expired(now=lease_until) == 1
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert reminder_requeue_expired(now=NOW + dt.timedelta(hours=2)) == 0
    assert len(mail.outbox) == 1


def test_a_send_killed_midway_is_re_enqueued_after_its_lease(claimed, settings):
    settings.REMINDER_LEASE_SECONDS = 600
    with time_machine.travel(NOW, tick=False):  # the worker claimed it, then died before marking it
        ReminderDelivery.objects.filter(pk=claimed.pk).update(
            status=DeliveryStatus.SENDING, lease_until=NOW + dt.timedelta(seconds=600)
        )
    assert reminder_requeue_expired(now=NOW + dt.timedelta(seconds=601)) == 1
    claimed.refresh_from_db()
    assert claimed.status == DeliveryStatus.PENDING
    assert reminder_delivery_send(delivery_id=claimed.pk) == "sent"


def test_a_batch_is_sent_over_one_connection_and_failures_come_back_for_retry(settings):
    settings.REMINDER_RETRY_BASE_SECONDS = 30
    org = OrganizationFactory()
    deadlines = [DeadlineFactory(organization=org, responsible=member(org, Role.STAFF)) for _ in range(3)]
    with time_machine.travel(NOW, tick=False):
        reminder_schedule_refresh(deadline_ids=[d.pk for d in deadlines])
        reminder_sweep()
    ids = list(ReminderDelivery.objects.filter(channel=Channel.EMAIL).order_by("pk").values_list("pk", flat=True))
    real_send = EmailMultiAlternatives.send
    calls = []

    def flaky(message, fail_silently=False):
        calls.append(message.connection)
        if len(calls) == 2:
            raise SMTPServerDisconnected("dropped")
        return real_send(message, fail_silently=fail_silently)

    with mock.patch.object(EmailMultiAlternatives, "send", flaky):
        retry = reminder_deliveries_send(delivery_ids=ids)
    assert retry == {30: [ids[1]]}
    assert len(mail.outbox) == 2 and len({id(c) for c in calls}) == 1
    statuses = dict(ReminderDelivery.objects.filter(pk__in=ids).values_list("pk", "status"))
    assert statuses == {ids[0]: "sent", ids[1]: "pending", ids[2]: "sent"}


def test_the_subject_and_text_body_are_plain_text_and_only_the_html_part_is_escaped(settings):
    settings.SITE_URL = "https://tracker.example.org"
    org = OrganizationFactory(name="Smith & O'Brien")
    owner = member(org, Role.STAFF, username="owner")
    title = "Agency's determination & <b>review</b>"
    d = DeadlineFactory(organization=org, responsible=owner, title=title, privileged=True)
    with time_machine.travel(NOW, tick=False):
        reminder_schedule_refresh(deadline_ids=[d.pk])
        reminder_sweep()
        delivery = ReminderDelivery.objects.get(channel=Channel.EMAIL)
        assert reminder_delivery_send(delivery_id=delivery.pk) == "sent"
    (message,) = mail.outbox
    assert message.subject == f"[Privileged] {title}: due in 3 days (Mon Dec 21, 2026)"
    assert f"{title} is due in 3 days." in message.body
    assert "Do not forward outside Smith & O'Brien." in message.body
    assert "&#x27;" not in message.body and "&amp;" not in message.body and "&lt;" not in message.body
    html = message.alternatives[0][0]
    assert "Agency&#x27;s determination &amp; &lt;b&gt;review&lt;/b&gt;" in html
    assert "<b>review</b>" not in html
