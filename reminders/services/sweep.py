"""The periodic sweep: fire the reminder steps that are due, exactly once each.

Per batch, in ONE transaction:
1. lock the due `ReminderSchedule` rows (indexed on `fire_at`; `SKIP LOCKED` on PostgreSQL so concurrent sweeps take
   disjoint rows; SQLite serialises writers),
2. recompute each row's step from the deadline as it is now (closed -> dropped, moved -> rescheduled),
3. insert a `Notification` per (deadline, step, recipient) and a `ReminderDelivery` per (deadline, step, recipient,
   channel) for the email and digest channels, both with `ON CONFLICT DO NOTHING RETURNING`: the unique constraints
   refuse anything another sweep already claimed, and RETURNING names the rows this one claimed (the in-app notice
   needs no delivery row: its own unique constraint makes it exactly-once),
4. advance the schedule rows to their next step,
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

from deadlines.models import DeadlineStatus

from .. import conf
from ..models import (
    LIVE_STATUSES,
    Channel,
    DeliveryStatus,
    EmailMode,
    Notification,
    ReminderDelivery,
    ReminderSchedule,
)
from ..recipients import deadline_recipients
from ..render import deadline_is_court, deadline_path_maker, notification_text, subject_labels
from ..sqlbulk import bulk_insert, bulk_update
from ..steps import PolicyRule, Step, deadline_steps, next_step, policy_rule
from .schedule import fired_after, reminder_policies_for

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
    from ..tasks import reminder_deliveries_send

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


@dataclass(slots=True)
class DueDeadline:
    """The columns of a due deadline that a sweep reads (in the query that locks its schedule row): building 1,000
    model instances with their court and agency costs more than the query itself."""

    pk: int
    organization_id: int
    sharing: str
    privileged: bool
    responsible_id: int | None
    status: str
    due_date: dt.date | None
    title: str
    citation: str
    subject_type_id: int
    subject_id: int
    forum: str
    court_id: int | None
    tz: str  # the court's zone, else the agency's, else "" (the app's), as `deadline_time_zone`


DUE_COLUMNS = (
    "deadline_id",
    "last_step",
    "last_fired_at",
    *(
        f"deadline__{f}"
        for f in (
            "organization",
            "sharing",
            "privileged",
            "responsible",
            "status",
            "due_date",
            "title",
            "citation",
            "subject_type",
            "subject_id",
            "forum",
            "court",
            "court__time_zone",
            "agency__time_zone",
        )
    ),
)


def _due_rows(*, now: dt.datetime, batch_size: int) -> list[tuple[DueDeadline, str, dt.datetime | None]]:
    """Lock the due schedule rows and read their deadlines, in ONE indexed query (`FOR UPDATE OF` the schedule row
    only, `SKIP LOCKED`): (deadline, last step, last fired at) per row."""
    qs = ReminderSchedule.objects.filter(fire_at__lte=now).order_by("fire_at").values_list(*DUE_COLUMNS)
    rows = []
    for pk, last_step, last_fired_at, *cols in lock_batch(qs, batch_size):
        *fields, court_id, court_tz, agency_tz = cols
        tz = (court_tz if court_id else agency_tz) or ""
        rows.append((DueDeadline(pk, *fields, court_id, tz), last_step, last_fired_at))
    return rows


def reminder_sweep_batch(*, now: dt.datetime, batch_size: int, result: SweepResult) -> int:
    """One batch of due schedule rows (call inside a transaction). Returns how many rows it took."""
    rows = _due_rows(now=now, batch_size=batch_size)
    if not rows:
        return 0
    policies = reminder_policies_for(organization_ids={d.organization_id for d, _, _ in rows})
    rules: dict[tuple[int, bool], PolicyRule] = {}
    plans: dict[tuple, tuple[Step | None, Step | None]] = {}
    to_fire = {}  # deadline pk -> step
    deadlines = {}
    updates, gone = [], []
    for d, last_step, last_fired_at in rows:
        if d.status != DeadlineStatus.OPEN:
            gone.append(d.pk)
            continue
        after = fired_after(d, last_step, last_fired_at)
        fire, step = None, None
        if d.due_date is not None:  # paused: nothing fires until the clock runs again
            key = (d.organization_id, deadline_is_court(d))
            rule = rules.get(key) or rules.setdefault(key, policy_rule(policies[key[0]], court=key[1]))
            # Deadlines due the same day under the same rule fire the same steps: plan each combination once.
            plan_key = (d.due_date, d.tz, rule, after)
            fire, step = plans.get(plan_key) or plans.setdefault(plan_key, _plan(*plan_key, now=now))
        if fire is not None:
            to_fire[d.pk], deadlines[d.pk] = fire, d
            last_step, last_fired_at = fire.key, fire.fire_at
        updates.append(
            {
                "deadline": d.pk,
                "fire_at": step.fire_at if step else None,
                "step": step.key if step else "",
                "last_step": last_step,
                "last_fired_at": last_fired_at,
                "computed_at": now,
            }
        )
    if gone:
        ReminderSchedule.objects.filter(deadline_id__in=gone).delete()
    if to_fire:
        _claim(list(deadlines.values()), to_fire, now=now, result=result)
    bulk_update(ReminderSchedule, updates, key="deadline")
    result.fired_steps += len(to_fire)
    return len(rows)


def _plan(
    due_date: dt.date, tz: str, rule: PolicyRule, after: dt.datetime | None, *, now: dt.datetime
) -> tuple[Step | None, Step | None]:
    """(the step to fire now or None, the step to schedule after it) for a deadline due on `due_date`."""
    steps = deadline_steps(due_date=due_date, tz=tz, rule=rule, now=now, after=after)
    step = next_step(steps, now=now, after=after)
    if step is None or step.fire_at > now:
        return None, step
    # The list holds every step after the latest one due (see deadline_steps), so it also gives the next.
    return step, next_step(steps, now=now, after=step.fire_at)


def _claim(deadlines, steps, *, now: dt.datetime, result: SweepResult) -> None:
    """Insert the notices and deliveries of the fired steps under their unique constraints; act only on the rows this
    call inserted (another sweep's are refused)."""
    token = uuid.uuid4()
    lease_until = now + dt.timedelta(seconds=conf.lease_seconds())
    recipients = deadline_recipients(deadlines, escalating={pk for pk, s in steps.items() if s.escalation})
    today = timezone.localdate(now)
    path = deadline_path_maker()
    labels = subject_labels(d for d in deadlines if recipients[d.pk])
    notifications, rows = [], []
    for d in deadlines:
        step = steps[d.pk]
        if not recipients[d.pk]:
            continue
        subject = labels.get((d.subject_type_id, d.subject_id), "")
        title, body = notification_text(d, today=today, escalation=step.escalation, subject=subject)
        url = path(d.pk)
        for r in recipients[d.pk]:
            notifications.append(
                {"recipient": r.user_id, "deadline": d.pk, "step": step.key, "title": title, "body": body, "url": url}
            )
            if not r.email or r.email_mode not in (EmailMode.IMMEDIATE, EmailMode.DIGEST):
                continue
            immediate = r.email_mode == EmailMode.IMMEDIATE
            rows.append(
                {
                    "deadline": d.pk,
                    "step": step.key,
                    "recipient": r.user_id,
                    "channel": Channel.EMAIL if immediate else Channel.DIGEST,
                    "due_date": d.due_date,
                    "escalation": step.escalation,
                    "lease_until": lease_until if immediate else None,
                }
            )
    # The unique constraints refuse whatever another sweep already claimed; RETURNING lists only what this one did.
    noticed = bulk_insert(
        Notification,
        notifications,
        constants={"created_at": now, "read_at": None},
        ignore_conflicts=True,
        returning=["id"],
    )
    claimed = bulk_insert(
        ReminderDelivery,
        rows,
        constants={
            "status": DeliveryStatus.PENDING,
            "claim": token,
            "attempts": 0,
            "last_error": "",
            "created_at": now,
            "sent_at": None,
        },
        ignore_conflicts=True,
        returning=["id", "channel"],
    )
    email_ids = [pk for pk, channel in claimed if channel == Channel.EMAIL]
    _enqueue_sends(email_ids)
    result.deliveries += len(claimed)
    result.notifications += len(noticed)
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
