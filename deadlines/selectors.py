"""Deadline reads, always scoped to the acting user.

A user sees their organisations' deadlines, and coalition partners' deadlines shared with the coalition EXCEPT
privileged ones: `privileged=True` marks litigation work product that never reaches partner organisations, whatever
its sharing. Every list, detail and API read goes through `deadline_visible_q`.

Overdue is computed at read time (`deadline_overdue_q`): an OPEN deadline whose due date is before today in the
app's zone (settings.TIME_ZONE, US Eastern: D.D.C. and DHS). Nothing marks deadlines missed automatically.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, DateField, F, Q, QuerySet, When
from django.http import Http404
from django.utils import timezone

from coalition.access import can_view, user_access, visible_q

from .models import Closure, Deadline, DeadlineStatus


def deadline_visible_q(user) -> Q:
    """The coalition rule itself (Deadline is organisation-owned and has `privileged`), not a copy of it."""
    return visible_q(user, model=Deadline)


def next_due_for(*, user, relation: str = "deadline_summary"):
    """The earliest open due date of a listed subject that `user` may see, from its `DeadlineSummary` (reached
    through the subject model's generic relation `relation`): the whole summary for the subject's own organisation,
    the partner-visible one for a coalition partner. Equal to the minimum over `deadline_visible_q(user)` (a property
    test holds them equal), without an aggregate per row."""
    own, shared = F(f"{relation}__next_due_on"), F(f"{relation}__next_shared_due_on")
    access = user_access(user)
    if not access.partner_org_ids:
        return own
    return Case(When(organization_id__in=list(access.org_ids), then=own), default=shared, output_field=DateField())


def deadline_overdue_q(today: dt.date | None = None) -> Q:
    return Q(status=DeadlineStatus.OPEN, due_date__lt=today or timezone.localdate())


def deadline_list_for(*, user) -> QuerySet[Deadline]:
    return (
        Deadline.objects.filter(deadline_visible_q(user))
        .select_related("organization", "responsible", "agency", "court")
        .prefetch_related("subject")
    )


def deadline_get_visible(*, user, pk) -> Deadline:
    """One deadline the user may see; anything else (missing, another organisation's, privileged) is a 404."""
    try:
        return deadline_list_for(user=user).get(pk=pk)
    except (Deadline.DoesNotExist, ValueError):
        raise Http404("No such deadline.") from None


def deadline_subject_url(*, user, deadline: Deadline) -> str | None:
    """The page of the deadline's subject (a request, a case: any model), when it has one and the user may see it.

    Reads the subject through the generic relation, so lists should come from `deadline_list_for`, which prefetches
    it (one query per kind of subject, whatever the rows)."""
    subject = deadline.subject
    if subject is None or not hasattr(subject, "get_absolute_url") or not can_view(user, subject):
        return None
    return subject.get_absolute_url()


def deadlines_with_subject_urls(*, user, deadlines) -> list[Deadline]:
    """The deadlines as a list, each with `subject_url` set (see `deadline_subject_url`)."""
    deadlines = list(deadlines)
    for deadline in deadlines:
        deadline.subject_url = deadline_subject_url(user=user, deadline=deadline)
    return deadlines


def closures_list(*, year: int | None = None) -> QuerySet:
    """Every closure (reference data any signed-in person may read: it moves their deadlines), oldest first."""
    qs = Closure.objects.select_related("agency", "court").order_by("date", "scope")
    return qs.filter(date__year=year) if year else qs


def closure_dates() -> list[dt.date]:
    return list(Closure.objects.values_list("date", flat=True).distinct())


@dataclass(frozen=True)
class DeadlineTiming:
    """Where a deadline stands today, for people: "overdue by 12 days (8 working days)", "due in 3 days"."""

    state: str  # "closed", "paused", "overdue", "today" or "upcoming"
    calendar_days: int = 0  # days late (overdue) or left (upcoming)
    working_days: int = 0  # the same, counted on the deadline's own calendar (its forum's holidays and closures)

    @property
    def summary(self) -> str:
        days = f"{self.calendar_days} day{'s' if self.calendar_days != 1 else ''}"
        working = f"{self.working_days} working day{'s' if self.working_days != 1 else ''}"
        if self.state == "overdue":
            return f"Overdue by {days} ({working})"
        if self.state == "upcoming":
            return f"Due in {days} ({working})"
        return {"today": "Due today", "paused": "Paused", "closed": "Closed"}[self.state]


def deadline_timing(*, deadline: Deadline, today: dt.date | None = None) -> DeadlineTiming:
    """Working days are counted after the due date up to today (overdue) or after today up to the due date
    (upcoming), on the calendar the deadline itself was computed on."""
    today = today or timezone.localdate()
    if deadline.status != DeadlineStatus.OPEN:
        return DeadlineTiming("closed")
    if deadline.is_paused or deadline.due_date is None:
        return DeadlineTiming("paused")
    due = deadline.due_date
    if due == today:
        return DeadlineTiming("today")
    first, last = (due, today) if due < today else (today, due)
    working = _working_days_after(deadline, first, last)
    return DeadlineTiming("overdue" if due < today else "upcoming", (last - first).days, working)


def deadline_working_days_late(*, deadline: Deadline, on: dt.date, index=None) -> int:
    """How many working days after its due date `on` is (0 when on or before it), counted like `deadline_timing`
    on the deadline's own calendar: for a deadline met late, `on` is the day it was met (a late determination).
    `index`: a `calendar.ClosureIndex` covering both dates, shared by a caller counting several deadlines (one
    closure query instead of one per deadline)."""
    if deadline.due_date is None or on <= deadline.due_date:
        return 0
    return _working_days_after(deadline, deadline.due_date, on, index=index)


def _working_days_after(deadline: Deadline, first: dt.date, last: dt.date, *, index=None) -> int:
    """Working days in (first, last] on the calendar the deadline was computed on (its forum's holidays and
    closures)."""
    from .calendar import ClosureIndex

    on_court = deadline.forum == "court"
    calendar = (index or ClosureIndex.for_range(first, last)).calendar(
        forum=deadline.forum,
        agency=None if on_court else deadline.agency_id,
        court=deadline.court_id if on_court else None,
    )
    return calendar.working_days_between(first + dt.timedelta(days=1), last)
