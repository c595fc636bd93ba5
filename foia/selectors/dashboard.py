"""The dashboard: the user's next deadlines, overdue items, recent agency responses and counts by status.

A fixed number of queries whatever the number of rows: each list is one query with a LIMIT, and the requests the
deadlines belong to are fetched in one more query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median

from django.db.models import Count, Q
from django.urls import reverse

from coalition.access import restrict_visible, visible_q
from deadlines.calendar import Calendar, ClosureIndex, Forum
from deadlines.models import Deadline, DeadlineStatus
from deadlines.selectors import deadline_visible_q
from reminders.people import deadline_mine_q

from ..choices import Direction, EventKind, RequestStatus
from ..models import Communication, FoiaRequest, RequestEvent
from .requests import open_deadlines_of_requests, request_content_type, with_next_due

LIST_SIZE = 10
STRIP_DAYS = (30, 60, 90)  # the deadline strip's windows, from today
MEDIAN_SAMPLE = 2000  # the most recent determinations the per-agency medians are computed from


@dataclass(frozen=True)
class Bar:
    """One bar of a dashboard chart: its label, value, link and width (0..100, against the chart's largest bar)."""

    label: str
    value: int
    url: str = ""
    width: float = 0.0
    kind: str = ""  # a CSS hint: overdue | soon | ""


@dataclass(frozen=True)
class AgencyFigures:
    agency: str
    slug: str
    open: int
    overdue: int
    median_working_days: int | None  # receipt to determination, over the last year's determinations
    determinations: int


@dataclass
class Dashboard:
    my_deadlines: list
    overdue: list
    overdue_count: int
    recent_responses: list
    status_counts: list[tuple[str, str, int]]  # (status, label, count)
    total: int
    status_bars: list[Bar] = field(default_factory=list)
    deadline_strip: list[Bar] = field(default_factory=list)  # overdue, then 0-30, 31-60, 61-90 days
    agencies: list[AgencyFigures] = field(default_factory=list)


def _bars(items: list[tuple[str, int, str, str]]) -> list[Bar]:
    top = max((value for _, value, _, _ in items), default=0) or 1
    return [Bar(label, value, url, round(100 * value / top, 1), kind) for label, value, url, kind in items]


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
    my_deadlines = list(deadlines.filter(deadline_mine_q(user), due_date__gte=today)[:LIST_SIZE])
    overdue = list(deadlines.filter(due_date__lt=today)[: LIST_SIZE * 2])
    _attach_requests([*my_deadlines, *overdue])
    # Every open deadline the user may see (requests' and cases'), by how soon it is due; and, in the same
    # scan, how many of the overdue ones are requests' (the overdue list's total).
    strip = Deadline.objects.filter(deadline_visible_q(user), status=DeadlineStatus.OPEN).aggregate(
        overdue=Count("pk", filter=Q(due_date__lt=today)),
        overdue_requests=Count("pk", filter=Q(due_date__lt=today, subject_type=request_content_type())),
        **{
            f"d{upto}": Count(
                "pk",
                filter=Q(
                    due_date__range=(today + timedelta(days=upto - 30 + (upto > 30)), today + timedelta(days=upto))
                ),
            )
            for upto in STRIP_DAYS
        },
    )

    recent = list(
        restrict_visible(Communication.objects.all(), user)
        .filter(direction=Direction.FROM_AGENCY)
        .select_related("request", "request__agency")
        .prefetch_related("events")
        .order_by("-date", "-pk")[:LIST_SIZE]
    )
    grid = _request_grid(user=user, today=today)
    counts: dict[str, int] = {}
    for row in grid:
        counts[row["status"]] = counts.get(row["status"], 0) + row["own"]
    status_counts = [(s.value, s.label, counts.get(s.value, 0)) for s in RequestStatus]
    listing = reverse("foia:request-list")
    status_bars = _bars(
        [(label, n, f"{listing}?status={value}&ours=true", "") for value, label, n in status_counts if n]
    )
    deadlines_page = reverse("deadlines:list")
    strip_bars = _bars(
        [("Overdue", strip["overdue"], f"{deadlines_page}?overdue=true", "overdue")]
        + [
            # the first window is exactly the deadline list's "due within 30 days"; the later ones have no list
            (
                f"{upto - 29 if upto > 30 else 0}–{upto} days",
                strip[f"d{upto}"],
                f"{deadlines_page}?due_within={upto}" if upto == STRIP_DAYS[0] else "",
                "soon" if upto == STRIP_DAYS[0] else "",
            )
            for upto in STRIP_DAYS
        ]
    )
    return Dashboard(
        my_deadlines=my_deadlines,
        overdue=overdue,
        overdue_count=strip["overdue_requests"],
        recent_responses=recent,
        status_counts=status_counts,
        total=sum(counts.values()),
        status_bars=status_bars,
        deadline_strip=strip_bars,
        agencies=agency_figures(user=user, today=today, grid=grid),
    )


OPEN_STATUSES = frozenset(s for s in RequestStatus if s not in (RequestStatus.CLOSED, RequestStatus.DRAFT))


def _request_grid(*, user, today: date) -> list[dict]:
    """The requests the user may see counted by agency and status, in one scan: all of them (`n`), the user's
    own organisations' (`own`: the status chart) and those with an overdue deadline (`overdue`)."""
    return list(
        with_next_due(restrict_visible(FoiaRequest.objects.all(), user), user=user)
        .order_by()
        .values("agency_id", "agency__abbreviation", "agency__slug", "status")
        .annotate(
            n=Count("pk"),
            own=Count("pk", filter=visible_q(user, model=FoiaRequest, shareable=False)),
            overdue=Count("pk", filter=Q(next_due__lt=today)),
        )
    )


def agency_figures(*, user, today: date, grid: list[dict] | None = None) -> list[AgencyFigures]:
    """Per agency, over the requests the user may see: open ones, those with an overdue deadline, and the median
    working days from receipt to the determination over the last year (counted on that agency's calendar)."""
    per_agency: dict[int, dict] = {}
    for cell in _request_grid(user=user, today=today) if grid is None else grid:
        if cell["status"] not in OPEN_STATUSES:
            continue
        row = per_agency.setdefault(
            cell["agency_id"],
            {
                "agency_id": cell["agency_id"],
                "agency__abbreviation": cell["agency__abbreviation"],
                "agency__slug": cell["agency__slug"],
                "open": 0,
                "overdue": 0,
            },
        )
        row["open"] += cell["n"]
        row["overdue"] += cell["overdue"]
    rows = sorted(per_agency.values(), key=lambda r: (-r["open"], r["agency__abbreviation"]))
    since = today - timedelta(days=365)
    # The most recent determinations of every agency (an index on kind and date finds them), not the first
    # agencies' only.
    # Visibility on the joined request itself (not `request__in=visible`, which scans the requests a second time).
    answered = list(
        restrict_visible(
            RequestEvent.objects.filter(
                kind=EventKind.FINAL_RESPONSE, date__gte=since, request__received_on__isnull=False
            ),
            user,
        )
        .order_by("-date", "-pk")
        .values_list("request__agency_id", "request__received_on", "date")[:MEDIAN_SAMPLE]
    )
    spans: dict[int, list[int]] = {}
    if answered:
        index = ClosureIndex(min(r[1] for r in answered).year, today.year + 1)  # one for every agency's calendar
        first, last = min(r[1] for r in answered) + timedelta(days=1), max(r[2] for r in answered)
        counters = {}
        for agency_id, received, answered_on in answered:
            if agency_id not in counters:
                calendar = Calendar(forum=Forum.AGENCY, agency=agency_id, index=index)
                counters[agency_id] = calendar.working_days_counter(first, last)
            spans.setdefault(agency_id, []).append(counters[agency_id](received + timedelta(days=1), answered_on))
    return [
        AgencyFigures(
            agency=row["agency__abbreviation"],
            slug=row["agency__slug"],
            open=row["open"],
            overdue=row["overdue"],
            median_working_days=round(median(spans[row["agency_id"]])) if spans.get(row["agency_id"]) else None,
            determinations=len(spans.get(row["agency_id"], [])),
        )
        for row in rows
    ]
