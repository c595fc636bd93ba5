"""Keeping `ReminderSchedule` (one row per open deadline: when its next reminder fires) in step with the deadlines.

Runs in bulk: `reminder_schedule_refresh` answers `deadlines_changed` (possibly 100,000 pks at once) with a fixed
number of queries per chunk of `CHUNK` deadlines; `reminder_schedule_reconcile` (hourly) repairs whatever a lost
signal left behind. The sweep itself re-checks each row against the deadline it fires for, so a stale row can delay
but never misdirect a reminder.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from coalition.models import Organization
from deadlines.models import Deadline, DeadlineStatus

from ..models import LIVE_STATUSES, DeliveryStatus, ReminderDelivery, ReminderPolicy, ReminderSchedule
from ..render import deadline_is_court, deadline_time_zone
from ..sqlbulk import bulk_insert
from ..steps import Step, deadline_steps, next_step, policy_rule

log = logging.getLogger(__name__)
CHUNK = 5000
DEADLINE_FIELDS = (
    "id",
    "organization_id",
    "sharing",
    "privileged",
    "responsible_id",
    "status",
    "due_date",
    "title",
    "citation",
    "rule",
    "subject_type_id",
    "subject_id",
    "forum",
    "agency",
    "agency__time_zone",
    "court",
    "court__time_zone",
)


def reminder_policies_for(*, organization_ids: Iterable[int]) -> dict[int, ReminderPolicy]:
    """Each organisation's policy, with the defaults (unsaved) for organisations that never edited theirs."""
    organization_ids = set(organization_ids)
    found = {p.organization_id: p for p in ReminderPolicy.objects.filter(organization_id__in=organization_ids)}
    return {org: found.get(org) or ReminderPolicy(organization_id=org) for org in organization_ids}


def deadlines_for_reminders(ids: Iterable[int]):
    """The deadline fields reminders need, with the zone-giving court and agency, in one query."""
    return Deadline.objects.filter(pk__in=list(ids)).select_related("agency", "court").only(*DEADLINE_FIELDS)


def steps_for(deadline, policy: ReminderPolicy, *, now: dt.datetime, after: dt.datetime | None) -> list[Step]:
    rule = policy_rule(policy, court=deadline_is_court(deadline))
    return deadline_steps(due_date=deadline.due_date, tz=deadline_time_zone(deadline), rule=rule, now=now, after=after)


def fired_after(deadline, last_step: str, last_fired_at: dt.datetime | None) -> dt.datetime | None:
    """The last fired step counts only while the due date it was computed for still holds."""
    if last_fired_at and deadline.due_date and last_step.startswith(f"{deadline.due_date.isoformat()}:"):
        return last_fired_at
    return None


def _cancel_live(qs, reason: str) -> int:
    return qs.filter(status__in=LIVE_STATUSES).update(status=DeliveryStatus.CANCELLED, last_error=reason, claim=None)


def reminder_schedule_refresh(*, deadline_ids: Iterable[int], now: dt.datetime | None = None) -> int:
    """Recompute the next step of each given deadline; drop closed ones and cancel their unsent deliveries.

    Returns the number of open deadlines scheduled. Queries: 7 per chunk of `CHUNK` pks, whatever the chunk holds.
    """
    now = now or timezone.now()
    ids = sorted(set(deadline_ids))
    scheduled = 0
    for start in range(0, len(ids), CHUNK):
        with transaction.atomic():
            scheduled += _refresh_chunk(ids[start : start + CHUNK], now)
    return scheduled


def _refresh_chunk(ids: list[int], now: dt.datetime) -> int:
    deadlines = [d for d in deadlines_for_reminders(ids) if d.status == DeadlineStatus.OPEN]
    open_ids = [d.pk for d in deadlines]
    closed_ids = sorted(set(ids) - set(open_ids))  # met, missed, superseded, waived, or deleted
    if closed_ids:
        ReminderSchedule.objects.filter(deadline_id__in=closed_ids).delete()
        _cancel_live(ReminderDelivery.objects.filter(deadline_id__in=closed_ids), "Cancelled: the deadline is closed.")
    if not deadlines:
        return 0
    _cancel_live(  # (a paused deadline's NULL due date differs from every step's date)
        ReminderDelivery.objects.filter(deadline_id__in=open_ids).exclude(due_date=F("deadline__due_date")),
        "Cancelled: the due date moved.",
    )
    fired = {
        pk: (last_step, last_fired_at)
        for pk, last_step, last_fired_at in ReminderSchedule.objects.filter(deadline_id__in=open_ids).values_list(
            "deadline_id", "last_step", "last_fired_at"
        )
    }
    policies = reminder_policies_for(organization_ids={d.organization_id for d in deadlines})
    rows = []
    for d in deadlines:
        step = None
        if d.due_date is not None:  # paused (a stopped FOIA clock): no reminders until it runs again
            after = fired_after(d, *fired.get(d.pk, ("", None)))
            step = next_step(steps_for(d, policies[d.organization_id], now=now, after=after), now=now, after=after)
        rows.append(
            {
                "deadline": d.pk,
                "fire_at": step.fire_at if step else None,
                "step": step.key if step else "",
                "last_step": "",
                "last_fired_at": None,
                "computed_at": now,
            }
        )
    # One upsert for the chunk; the step fired last stays as the sweep wrote it.
    bulk_insert(ReminderSchedule, rows, update_on=["deadline"], update_fields=["fire_at", "step", "computed_at"])
    return len(rows)


def reminder_schedule_refresh_for_organization(*, organization: Organization, now: dt.datetime | None = None) -> int:
    """After a policy change: recompute every open deadline of the organisation."""
    ids = Deadline.objects.filter(organization=organization, status=DeadlineStatus.OPEN).values_list("pk", flat=True)
    return reminder_schedule_refresh(deadline_ids=list(ids), now=now)


def reminder_schedule_reconcile(*, now: dt.datetime | None = None, limit: int = 50_000) -> int:
    """Safety net for a lost `deadlines_changed`: schedule open deadlines that have no row or changed since theirs
    was computed, and drop rows of closed deadlines. One anti-join over open deadlines (hourly)."""
    stale = Deadline.objects.filter(status=DeadlineStatus.OPEN).filter(
        Q(reminder_schedule__isnull=True) | Q(reminder_schedule__computed_at__lt=F("updated_at"))
    )
    closed = ReminderSchedule.objects.exclude(deadline__status=DeadlineStatus.OPEN)
    ids = list(stale.values_list("pk", flat=True)[:limit]) + list(closed.values_list("deadline_id", flat=True)[:limit])
    if ids:
        log.info("Reminder reconcile: refreshing %d deadlines", len(ids))
        reminder_schedule_refresh(deadline_ids=ids, now=now)
    return len(ids)
