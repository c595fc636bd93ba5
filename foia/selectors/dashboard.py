"""The dashboard: the user's next deadlines, overdue items, recent agency responses and counts by status.

A fixed number of queries whatever the number of rows: each list is one query with a LIMIT, and the requests the
deadlines belong to are fetched in one more query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from coalition.access import restrict_visible
from deadlines.selectors import deadline_visible_q

from ..choices import Direction, RequestStatus
from ..models import Communication, FoiaRequest
from .requests import open_deadlines_of_requests

LIST_SIZE = 10


@dataclass
class Dashboard:
    my_deadlines: list
    upcoming: list
    overdue: list
    overdue_count: int
    recent_responses: list
    status_counts: list[tuple[str, str, int]]  # (status, label, count)
    total: int


def _attach_requests(deadlines: list) -> None:
    ids = {d.subject_id for d in deadlines}
    requests = FoiaRequest.objects.select_related("agency").in_bulk(ids) if ids else {}
    for deadline in deadlines:
        deadline.request = requests.get(deadline.subject_id)


def dashboard_for(*, user, today: date) -> Dashboard:
    deadlines = (
        open_deadlines_of_requests()
        .filter(deadline_visible_q(user))
        .select_related("responsible")
        .order_by("due_date", "pk")
    )
    mine_q = Q(responsible=user) | Q(foia_request__assigned_to=user) | Q(foia_request__attorney=user)
    my_deadlines = list(deadlines.filter(mine_q, due_date__gte=today).distinct()[:LIST_SIZE])
    upcoming = list(deadlines.filter(due_date__gte=today)[:LIST_SIZE])
    overdue_qs = deadlines.filter(due_date__lt=today)
    overdue = list(overdue_qs[: LIST_SIZE * 2])
    overdue_count = len(overdue) if len(overdue) < LIST_SIZE * 2 else overdue_qs.count()
    _attach_requests([*my_deadlines, *upcoming, *overdue])

    recent = list(
        restrict_visible(Communication.objects.all(), user)
        .filter(direction=Direction.FROM_AGENCY)
        .select_related("request", "request__agency")
        .prefetch_related("events")
        .order_by("-date", "-pk")[:LIST_SIZE]
    )
    counts = dict(
        restrict_visible(FoiaRequest.objects.all(), user, shareable=False)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    status_counts = [(s.value, s.label, counts.get(s.value, 0)) for s in RequestStatus]
    return Dashboard(
        my_deadlines=my_deadlines,
        upcoming=upcoming,
        overdue=overdue,
        overdue_count=overdue_count,
        recent_responses=recent,
        status_counts=status_counts,
        total=sum(counts.values()),
    )
