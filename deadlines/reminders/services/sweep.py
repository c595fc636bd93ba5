"""The periodic sweep: fire the reminder steps that are due, exactly once each.

Per batch, in ONE transaction:
1. lock the due `ReminderSchedule` rows (indexed on `fire_at`; `SKIP LOCKED` on PostgreSQL so concurrent sweeps take
   disjoint rows; SQLite serialises writers),
2. recompute each row's step from the deadline as it is now (closed -> dropped, moved -> rescheduled),
3. insert a `ReminderDelivery` per (deadline, step, recipient, channel) with `ON CONFLICT DO NOTHING RETURNING`: the
   unique constraint refuses anything another sweep already claimed, and RETURNING names the rows this one claimed,
4. create the in-app notifications of the claimed in-app rows (so those are exactly-once by the same transaction),
5. advance the schedule rows to their next step,
and enqueue the email sends with `delay_on_commit` (batches of 50), after the claim is durable. If the enqueue is lost
(broker down, Redis restarted, worker killed), the delivery stays pending and `reminder_requeue_expired` re-enqueues it
once its lease ends.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from ...models import DeadlineStatus
from ...models_reminders import (
    LIVE_STATUSES,
    Channel,
    DeliveryStatus,
    EmailMode,
    Notification,
    ReminderDelivery,
    ReminderSchedule,
)
from .. import conf
from ..recipients import deadline_recipients
from ..render import deadline_path, notification_text
from ..sqlbulk import bulk_insert, bulk_update
from ..steps import next_step
from .schedule import deadlines_for_reminders, fired_after, reminder_policies_for, steps_for

log = logging.getLogger(__name__)


@dataclass
class SweepResult:
    fired_steps: int = 0
    deliveries: int = 0
    notifications: int = 0
    enqueued: int = 0
    requeued: int = 0
    batches: int = 0
    email_ids: list[int] = field(default_factory=list)


def lock_batch(qs, batch_size: int):
    """Rows for this batch, locked so a concurrent sweep skips them (PostgreSQL; SQLite serialises writers)."""
    if connection.features.has_select_for_update_skip_locked:
        qs = qs.select_for_update(
            skip_locked=True, **({"of": ("self",)} if connection.features.has_select_for_update_of else {})
        )
    return list(qs[:batch_size])


def _enqueue_sends(ids: list[int]) -> None:
    """One broker message per `send_batch_size` deliveries, published once the claim is committed."""
    from ...tasks import reminder_deliveries_send

    size = conf.send_batch_size()
    for start in range(0, len(ids), size):
        reminder_deliveries_send.delay_on_commit(ids[start : start + size])


def reminder_sweep(*, now: dt.datetime | None = None, batch_size: int | None = None) -> SweepResult:
    """Fire every due reminder step, batch by batch, then re-enqueue sends whose lease expired."""
    now = now or timezone.now()
    batch_size = batch_size or conf.sweep_batch_size()
    result = SweepResult()
    started = time.monotonic()
    while time.monotonic() - started < conf.sweep_time_budget():
        with transaction.atomic():
            claimed = reminder_sweep_batch(now=now, batch_size=batch_size, result=result)
        result.batches += 1
        if claimed < batch_size:
            break
    result.requeued = reminder_requeue_expired(now=now)
    return result


def reminder_sweep_batch(*, now: dt.datetime, batch_size: int, result: SweepResult) -> int:
    """One batch of due schedule rows (call inside a transaction). Returns how many rows it took."""
    rows = lock_batch(ReminderSchedule.objects.filter(fire_at__lte=now).order_by("fire_at"), batch_size)
    if not rows:
        return 0
    deadlines = {d.pk: d for d in deadlines_for_reminders(r.deadline_id for r in rows).prefetch_related("subject")}
    policies = reminder_policies_for(organization_ids={d.organization_id for d in deadlines.values()})
    to_fire = {}  # deadline pk -> step
    updates, gone = [], []
    for row in rows:
        d = deadlines.get(row.deadline_id)
        if d is None or d.status != DeadlineStatus.OPEN:
            gone.append(row.deadline_id)
            continue
        policy = policies[d.organization_id]
        after = fired_after(d, row.last_step, row.last_fired_at)
        step = None
        if d.due_date is not None:  # paused: nothing fires until the clock runs again
            steps = steps_for(d, policy, now=now, after=after)
            step = next_step(steps, now=now, after=after)
        if step is not None and step.fire_at <= now:
            to_fire[d.pk] = step
            row.last_step, row.last_fired_at = step.key, step.fire_at
            # The list holds every step after the latest one due (see deadline_steps), so it also gives the next.
            step = next_step(steps, now=now, after=step.fire_at)
        updates.append(
            {
                "deadline": row.deadline_id,
                "fire_at": step.fire_at if step else None,
                "step": step.key if step else "",
                "last_step": row.last_step,
                "last_fired_at": row.last_fired_at,
                "computed_at": now,
            }
        )
    if gone:
        ReminderSchedule.objects.filter(deadline_id__in=gone).delete()
    if to_fire:
        _claim([deadlines[pk] for pk in to_fire], to_fire, now=now, result=result)
    bulk_update(ReminderSchedule, updates, key="deadline")
    result.fired_steps += len(to_fire)
    return len(rows)


def _claim(deadlines, steps, *, now: dt.datetime, result: SweepResult) -> None:
    """Insert the deliveries of the fired steps under the unique constraint; act only on the rows this call inserted."""
    token = uuid.uuid4()
    lease_until = now + dt.timedelta(seconds=conf.lease_seconds())
    recipients = deadline_recipients(deadlines, escalating={pk for pk, s in steps.items() if s.escalation})
    rows = []
    for d in deadlines:
        step = steps[d.pk]
        for r in recipients[d.pk]:
            channels = [(Channel.INAPP, DeliveryStatus.SENT, now, None)]  # its notification is created below
            if r.email and r.email_mode == EmailMode.IMMEDIATE:
                channels.append((Channel.EMAIL, DeliveryStatus.PENDING, None, lease_until))
            elif r.email and r.email_mode == EmailMode.DIGEST:
                channels.append((Channel.DIGEST, DeliveryStatus.PENDING, None, None))
            for channel, status, sent_at, lease in channels:
                rows.append(
                    {
                        "deadline": d.pk,
                        "step": step.key,
                        "recipient": r.user_id,
                        "channel": channel,
                        "due_date": d.due_date,
                        "escalation": step.escalation,
                        "status": status,
                        "claim": token,
                        "lease_until": lease,
                        "attempts": 0,
                        "last_error": "",
                        "created_at": now,
                        "sent_at": sent_at,
                    }
                )
    # The unique constraint refuses whatever another sweep already claimed; RETURNING lists only what this one did.
    claimed = bulk_insert(
        ReminderDelivery, rows, ignore_conflicts=True, returning=["id", "deadline", "recipient", "channel"]
    )
    today = timezone.localdate(now)
    by_pk = {d.pk: d for d in deadlines}
    notifications = []
    email_ids = []
    for pk, deadline_id, recipient_id, channel in claimed:
        if channel == Channel.INAPP:
            d = by_pk[deadline_id]
            title, body = notification_text(d, today=today, escalation=steps[deadline_id].escalation)
            notifications.append(
                {
                    "recipient": recipient_id,
                    "deadline": deadline_id,
                    "delivery": pk,
                    "title": title,
                    "body": body,
                    "url": deadline_path(d),
                    "created_at": now,
                    "read_at": None,
                }
            )
        elif channel == Channel.EMAIL:
            email_ids.append(pk)
    bulk_insert(Notification, notifications)
    _enqueue_sends(email_ids)
    result.deliveries += len(claimed)
    result.notifications += len(notifications)
    result.enqueued += len(email_ids)
    result.email_ids += email_ids


def reminder_requeue_expired(*, now: dt.datetime | None = None, batch_size: int = 1000) -> int:
    """Re-enqueue email sends claimed earlier whose lease ran out unsent (lost message, killed worker, failed retry
    enqueue). The send is idempotent per delivery row, so an extra copy of a message is harmless."""
    now = now or timezone.now()
    with transaction.atomic():
        stale = lock_batch(
            ReminderDelivery.objects.filter(channel=Channel.EMAIL, status__in=LIVE_STATUSES, lease_until__lte=now)
            .order_by("lease_until")
            .only("pk"),
            batch_size,
        )
        ids = [d.pk for d in stale]
        if not ids:
            return 0
        ReminderDelivery.objects.filter(pk__in=ids, status__in=LIVE_STATUSES).update(
            status=DeliveryStatus.PENDING,
            claim=None,
            lease_until=now + dt.timedelta(seconds=conf.lease_seconds()),
        )
        log.warning("Reminder sweep: re-enqueueing %d sends whose lease expired", len(ids))
        _enqueue_sends(ids)
    return len(ids)
