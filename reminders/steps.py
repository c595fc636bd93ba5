"""Which reminder steps a deadline has and which one fires next: pure functions, no queries.

A step is identified by the due date it was computed for plus its offset ("2026-12-21:before-7", "...:due",
"...:overdue-3"), so when a deadline moves, its new steps are new reminders and the old ones can be cancelled, while a
recomputation that keeps the date finds the same keys (and the delivery ledger's unique constraint refuses repeats).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings

from .models import ReminderPolicy


@dataclass(frozen=True)
class Step:
    key: str
    fire_at: dt.datetime  # aware, UTC
    days_before: int  # positive before the due date, 0 on it, negative when overdue
    escalation: bool = False

    @property
    def label(self) -> str:
        return self.key.split(":", 1)[1]

    @property
    def due_date(self) -> dt.date:
        return dt.date.fromisoformat(self.key.split(":", 1)[0])


@dataclass(frozen=True)
class PolicyRule:
    """The policy values that apply to one kind of deadline (court or FOIA)."""

    days_before: tuple[int, ...]
    overdue_daily: bool
    escalate_after_days: int
    overdue_max_days: int
    send_hour: int


def policy_rule(policy: ReminderPolicy, *, court: bool) -> PolicyRule:
    prefix = "court" if court else "foia"
    return PolicyRule(
        days_before=tuple(sorted(set(getattr(policy, f"{prefix}_days_before")), reverse=True)),
        overdue_daily=getattr(policy, f"{prefix}_overdue_daily"),
        escalate_after_days=getattr(policy, f"{prefix}_escalate_after_days"),
        overdue_max_days=policy.overdue_max_days,
        send_hour=policy.send_hour,
    )


def step_label(days_before: int) -> str:
    if days_before > 0:
        return f"before-{days_before}"
    if days_before == 0:
        return "due"
    return f"overdue-{-days_before}"


def local_fire_time(day: dt.date, *, hour: int, tz: str) -> dt.datetime:
    """`hour` o'clock on `day` in the court's or agency's zone, as UTC."""
    return _local_fire_time(day, hour, tz or settings.TIME_ZONE)


@lru_cache(maxsize=16384)
def _local_fire_time(day: dt.date, hour: int, tz: str) -> dt.datetime:
    """Cached: a sweep asks for the same few dates and zones thousands of times (a pure function of its arguments;
    the zone data does not change while the process runs)."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ZoneInfo(tz)).astimezone(dt.UTC)


@lru_cache(maxsize=16384)
def _step(due_date: dt.date, days: int, *, tz: str, rule: PolicyRule) -> Step:
    """(Cached like `_local_fire_time`: steps are immutable, and the due dates of a sweep's deadlines repeat.)"""
    return Step(
        key=f"{due_date.isoformat()}:{step_label(days)}",
        fire_at=local_fire_time(due_date - dt.timedelta(days=days), hour=rule.send_hour, tz=tz),
        days_before=days,
        escalation=-days >= rule.escalate_after_days,
    )


def _overdue_days_fired(due_date: dt.date, moment: dt.datetime, *, tz: str, rule: PolicyRule) -> int:
    """How many daily overdue steps have a fire time at or before `moment` (0 if none)."""
    local = moment.astimezone(ZoneInfo(tz or settings.TIME_ZONE))
    n = max(0, (local.date() - due_date).days)
    fire = lambda k: local_fire_time(due_date + dt.timedelta(days=k), hour=rule.send_hour, tz=tz)  # noqa: E731
    while n > 0 and fire(n) > moment:
        n -= 1
    while fire(n + 1) <= moment:
        n += 1
    return n


def deadline_steps(
    *, due_date: dt.date, tz: str, rule: PolicyRule, now: dt.datetime | None = None, after: dt.datetime | None = None
) -> list[Step]:
    """The reminder steps of a deadline due on `due_date`, in firing order.

    Without `now`, every step (for display). With `now` (and `after`), only the steps `next_step` can pick: all the
    steps before the due date, but of the daily overdue ones just the first and those around `now` and `after`, so a
    sweep or a bulk recomputation does constant work per deadline whatever the overdue limit.
    """
    offsets = set(rule.days_before)
    if not rule.overdue_daily:
        overdue = set()
    elif now is None:
        overdue = set(range(1, rule.overdue_max_days + 1))
    else:
        fired_now = _overdue_days_fired(due_date, now, tz=tz, rule=rule)
        overdue = {1, min(fired_now, rule.overdue_max_days), fired_now + 1}
        if after is not None:
            overdue.add(_overdue_days_fired(due_date, after, tz=tz, rule=rule) + 1)
    offsets |= {-n for n in overdue if 1 <= n <= rule.overdue_max_days}
    # Escalation always goes out, without daily overdue reminders or after they stopped (`overdue_max_days`).
    offsets.add(-rule.escalate_after_days)
    return sorted((_step(due_date, days, tz=tz, rule=rule) for days in offsets), key=lambda s: s.fire_at)


def next_step(steps: list[Step], *, now: dt.datetime, after: dt.datetime | None) -> Step | None:
    """The step to schedule next: the latest one already due (catching up, but never firing stale ones in a row),
    otherwise the earliest future one. `after` is the fire time of the step fired last; nothing at or before it
    fires again."""
    candidates = [s for s in steps if after is None or s.fire_at > after]
    due = [s for s in candidates if s.fire_at <= now]
    if due:
        return due[-1]
    return candidates[0] if candidates else None
