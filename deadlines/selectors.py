"""Deadline reads, always scoped to the acting user.

A user sees their organisations' deadlines, and coalition partners' deadlines shared with the coalition EXCEPT
privileged ones: `privileged=True` marks litigation work product that never reaches partner organisations, whatever
its sharing. Every list, detail and API read goes through `deadline_visible_q`.

Overdue is computed at read time (`deadline_overdue_q`): an OPEN deadline whose due date is before today in the
app's zone (settings.TIME_ZONE, US Eastern: D.D.C. and DHS). Nothing marks deadlines missed automatically.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from coalition.access import can_view, visible_q

from .models import Closure, Deadline, DeadlineStatus


def deadline_visible_q(user) -> Q:
    """The coalition rule itself (Deadline is organisation-owned and has `privileged`), not a copy of it."""
    return visible_q(user, model=Deadline)


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
