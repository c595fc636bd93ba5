"""Sending claimed deliveries and digests: idempotent per row, safe to run twice, retried with back-off.

A send first claims its row with a conditional UPDATE (pending -> sending, a fresh claim token, a lease), so of two
copies of the same task only one proceeds; it re-checks that the reminder still stands (deadline open, same due date,
recipient still entitled, not muted), sends, and marks the row sent under its token. A worker killed mid-send leaves
the row "sending" until its lease ends; the next sweep then re-enqueues it. The only window for a duplicate is a
crash after the mail server accepted the message and before the row was marked: each message carries a stable
Message-ID derived from its delivery row, so mail systems can drop that copy.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import defaultdict
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from core.emails import email_send
from deadlines.models import DeadlineStatus

from .. import conf
from ..models import (
    LIVE_STATUSES,
    Channel,
    DeliveryStatus,
    ReminderDelivery,
    ReminderDigest,
    ReminderPreference,
)
from ..recipients import deadline_recipients
from ..render import PRIVILEGED_LABEL, deadline_time_zone, deadline_url, rule_label, subject_label, when_phrase
from .sweep import lock_batch

log = logging.getLogger(__name__)


class RetryLater(Exception):  # noqa: N818 - a signal to the task, not an error
    def __init__(self, countdown: int):
        super().__init__(f"retry in {countdown}s")
        self.countdown = countdown


def _claim_row(model, pk: int, now: dt.datetime, **extra) -> uuid.UUID | None:
    token = uuid.uuid4()
    claimed = model.objects.filter(pk=pk, status=DeliveryStatus.PENDING, **extra).update(
        status=DeliveryStatus.SENDING,
        claim=token,
        lease_until=now + dt.timedelta(seconds=conf.lease_seconds()),
        attempts=F("attempts") + 1,
    )
    return token if claimed else None


def _finish(model, pk: int, token: uuid.UUID, status: str, *, error: str = "", now: dt.datetime) -> bool:
    fields = {"status": status, "last_error": error[:2000], "lease_until": None}
    if status == DeliveryStatus.SENT:
        fields["sent_at"] = now
    return bool(model.objects.filter(pk=pk, claim=token).update(**fields))


def _give_back(model, pk: int, token: uuid.UUID, attempts: int, exc: Exception, now: dt.datetime) -> None:
    """After a failed attempt: retry later with back-off, or give up after the last attempt (marked failed)."""
    error = f"{type(exc).__name__}: {exc}"
    if attempts >= conf.max_attempts():
        _finish(model, pk, token, DeliveryStatus.FAILED, error=error, now=now)
        log.error("Reminder %s %s failed for good after %d attempts: %s", model.__name__, pk, attempts, error)
        return
    countdown = conf.retry_delay(attempts)
    model.objects.filter(pk=pk, claim=token).update(
        status=DeliveryStatus.PENDING,
        last_error=error[:2000],
        lease_until=now + dt.timedelta(seconds=countdown + conf.lease_seconds()),
    )
    log.warning(
        "Reminder %s %s attempt %d failed (%s); retrying in %ss", model.__name__, pk, attempts, error, countdown
    )
    raise RetryLater(countdown) from exc


def _cancel_reason(delivery: ReminderDelivery, recipients: dict) -> str:
    d = delivery.deadline
    if d.status != DeadlineStatus.OPEN:
        return "Cancelled: the deadline is closed."
    if d.due_date != delivery.due_date:
        return "Cancelled: the due date moved."
    if delivery.recipient_id not in {r.user_id for r in recipients.get(d.pk, ())}:
        return "Cancelled: the recipient muted, stopped following or may no longer see this deadline."
    return ""


def _message_id(kind: str, pk: int) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<{kind}-{pk}@{host}>"


def step_lines(deadline) -> list[str]:
    lines = []
    for step in deadline.steps or []:
        if isinstance(step, dict):
            step = step.get("text") or step.get("description") or " ".join(str(v) for v in step.values())
        lines.append(str(step))
    return lines


def reminder_item_context(deadline, *, today: dt.date, escalation: bool = False) -> dict:
    """What an email or digest says about one deadline."""
    return {
        "deadline": deadline,
        "title": deadline.title,
        "subject": subject_label(deadline),
        "phrase": when_phrase(deadline.due_date, today),
        "due_date": deadline.due_date,
        "time_zone": deadline_time_zone(deadline),
        "rule": rule_label(deadline),
        "citation": deadline.citation,
        "steps": step_lines(deadline),
        "url": deadline_url(deadline),
        "escalation": escalation,
        "privileged": deadline.privileged,
        "privileged_label": PRIVILEGED_LABEL,
    }


def _send_mail(template: str, context: dict, *, to: str, message_id: str, connection=None) -> None:
    email_send(
        template=f"reminders/email/{template}",
        context=context,
        to=[to],
        headers={"Message-ID": message_id},
        connection=connection,
    )


def reminder_deliveries_send(*, delivery_ids: list[int]) -> dict[int, list[int]]:
    """Send a batch of claimed email reminders over one mail connection, each claimed and marked on its own.

    Returns {countdown: [delivery ids]} of the sends that failed and are due for a retry after that many seconds
    (their rows are pending again, leased until then plus a lease, so a lost retry is re-enqueued by the sweep)."""
    retry: dict[int, list[int]] = defaultdict(list)
    connection = get_connection()
    try:
        connection.open()
    except Exception:  # each send below will try again, and record the failure on its row
        log.warning("Mail connection failed; sending reminders one by one", exc_info=True)
    try:
        for pk in delivery_ids:
            try:
                reminder_delivery_send(delivery_id=pk, connection=connection)
            except RetryLater as exc:
                retry[exc.countdown].append(pk)
    finally:
        connection.close()
    return dict(retry)


def reminder_delivery_send(*, delivery_id: int, now: dt.datetime | None = None, connection=None) -> str:
    """Send one claimed email reminder. Returns "sent", "cancelled", "failed" or "skipped" (someone else has it, or
    it is already done); raises RetryLater after a failed attempt that will be retried."""
    now = now or timezone.now()
    token = _claim_row(ReminderDelivery, delivery_id, now, channel=Channel.EMAIL)
    if token is None:
        return "skipped"
    delivery = ReminderDelivery.objects.select_related("deadline__agency", "deadline__court", "recipient").get(
        pk=delivery_id
    )
    d = delivery.deadline
    recipients = deadline_recipients([d], escalating={d.pk} if delivery.escalation else set())
    reason = _cancel_reason(delivery, recipients)
    if reason:
        _finish(ReminderDelivery, delivery_id, token, DeliveryStatus.CANCELLED, error=reason, now=now)
        return "cancelled"
    context = reminder_item_context(d, today=timezone.localdate(now), escalation=delivery.escalation)
    context["recipient"] = delivery.recipient
    try:
        _send_mail(
            "reminder",
            context,
            to=delivery.recipient.email,
            message_id=_message_id("reminder", delivery.pk),
            connection=connection,
        )
    except Exception as exc:
        _give_back(ReminderDelivery, delivery_id, token, delivery.attempts, exc, now)
        return "failed"
    if not _finish(ReminderDelivery, delivery_id, token, DeliveryStatus.SENT, now=now):
        log.error("Reminder delivery %s was sent but its claim had been taken over", delivery_id)
    return "sent"


def reminder_digest_sweep(*, now: dt.datetime | None = None) -> int:
    """Start today's digest for each user whose digest hour has passed and who has waiting digest items.

    The digest row (unique per user and day) is claimed under the constraint and its items attached in the same
    transaction, so each item belongs to exactly one digest. Items arriving after today's digest wait for tomorrow's.
    Returns the number of digests enqueued (new or re-enqueued after an expired lease).
    """
    now = now or timezone.now()
    local = timezone.localtime(now)
    waiting = set(
        ReminderDelivery.objects.filter(channel=Channel.DIGEST, status=DeliveryStatus.PENDING, digest__isnull=True)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    hours = dict(ReminderPreference.objects.filter(user_id__in=waiting).values_list("user_id", "digest_hour"))
    default_hour = ReminderPreference._meta.get_field("digest_hour").default
    ready = sorted(u for u in waiting if local.hour >= hours.get(u, default_hour))
    from ..tasks import reminder_digest_send

    enqueued = 0
    if ready:
        with transaction.atomic():
            token = uuid.uuid4()
            lease_until = now + dt.timedelta(seconds=conf.lease_seconds())
            ReminderDigest.objects.bulk_create(
                [ReminderDigest(recipient_id=u, day=local.date(), claim=token, lease_until=lease_until) for u in ready],
                ignore_conflicts=True,
            )
            mine = dict(ReminderDigest.objects.filter(claim=token).values_list("recipient_id", "pk"))
            ReminderDelivery.objects.filter(
                channel=Channel.DIGEST, status=DeliveryStatus.PENDING, digest__isnull=True, recipient_id__in=list(mine)
            ).update(
                digest_id=Subquery(
                    ReminderDigest.objects.filter(claim=token, recipient_id=OuterRef("recipient_id")).values("pk")[:1]
                )
            )
            for pk in mine.values():
                reminder_digest_send.delay_on_commit(pk)
            enqueued += len(mine)
    with transaction.atomic():
        stale = [
            d.pk
            for d in lock_batch(
                ReminderDigest.objects.filter(status__in=LIVE_STATUSES, lease_until__lte=now).only("pk"), 500
            )
        ]
        if stale:
            ReminderDigest.objects.filter(pk__in=stale, status__in=LIVE_STATUSES).update(
                status=DeliveryStatus.PENDING, claim=None, lease_until=now + dt.timedelta(seconds=conf.lease_seconds())
            )
            for pk in stale:
                reminder_digest_send.delay_on_commit(pk)
    return enqueued + len(stale)


def reminder_digest_send(*, digest_id: int, now: dt.datetime | None = None) -> str:
    """Send one digest: every attached item once (one line per deadline, however many of its steps waited)."""
    now = now or timezone.now()
    token = _claim_row(ReminderDigest, digest_id, now)
    if token is None:
        return "skipped"
    digest = ReminderDigest.objects.select_related("recipient").get(pk=digest_id)
    items = list(
        ReminderDelivery.objects.filter(digest_id=digest_id, status=DeliveryStatus.PENDING)
        .select_related("deadline__agency", "deadline__court")
        .order_by("deadline__due_date", "deadline_id", "-created_at")
    )
    escalating = {i.deadline_id for i in items if i.escalation}
    recipients = deadline_recipients(list({i.deadline_id: i.deadline for i in items}.values()), escalating=escalating)
    keep = [i for i in items if not _cancel_reason(i, recipients)]
    drop = [i.pk for i in items if i not in keep]
    today = timezone.localdate(now)
    lines = {}
    for item in keep:  # one line per deadline: the digest lists each item once
        lines.setdefault(
            item.deadline_id,
            reminder_item_context(item.deadline, today=today, escalation=item.deadline_id in escalating),
        )
    item_ids = [i.pk for i in keep]
    if not lines:
        with transaction.atomic():
            _close_items(drop, [], now)
            _finish(ReminderDigest, digest_id, token, DeliveryStatus.CANCELLED, error="Nothing left to send.", now=now)
        return "cancelled"
    context = {"recipient": digest.recipient, "day": digest.day, "items": list(lines.values())}
    try:
        _send_mail("digest", context, to=digest.recipient.email, message_id=_message_id("digest", digest.pk))
    except Exception as exc:
        if digest.attempts >= conf.max_attempts():
            ReminderDelivery.objects.filter(pk__in=item_ids).update(
                status=DeliveryStatus.FAILED, last_error=f"The digest failed: {exc}"[:2000]
            )
        _give_back(ReminderDigest, digest_id, token, digest.attempts, exc, now)
        return "failed"
    with transaction.atomic():
        _close_items(drop, item_ids, now)
        _finish(ReminderDigest, digest_id, token, DeliveryStatus.SENT, now=now)
    return "sent"


def _close_items(dropped: list[int], sent: list[int], now: dt.datetime) -> None:
    ReminderDelivery.objects.filter(pk__in=dropped).update(
        status=DeliveryStatus.CANCELLED, last_error="Cancelled before the digest went out."
    )
    ReminderDelivery.objects.filter(pk__in=sent).update(status=DeliveryStatus.SENT, sent_at=now)
