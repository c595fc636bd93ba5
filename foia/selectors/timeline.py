"""What the request detail page tells people: the timeline, the next action, and constructive exhaustion."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.utils import timezone

from coalition.access import restrict_visible
from deadlines.models import Deadline, DeadlineStatus

from ..choices import EventKind, RequestStatus, TollReason
from ..models import Communication, FoiaRequest, RequestEvent, TrackingNumber
from .clock import FoiaClock, Stage, foia_clock, request_stages
from .requests import request_appeals, request_communications, request_deadlines, request_events

SOON_DAYS = 7
EXHAUSTION_KEYS = ("initial-response", "appeal-decision")
EXHAUSTION_TEXT = "deadline missed: may sue (5 U.S.C. 552(a)(6)(C)(i)); search fees barred ((a)(4)(A)(viii))"


@dataclass
class TimelineEntry:
    date: date
    kind: str  # communication | event | tracking | deadline | today
    obj: object = None
    events: list[RequestEvent] = field(default_factory=list)  # events recorded from a communication

    @property
    def template(self) -> str:
        return f"foia/partials/timeline_{self.kind}.html"


# Within one day: what people recorded, in the order they recorded it; then the deadlines; then "Today".
_ORDER = {"communication": 0, "event": 0, "tracking": 0, "deadline": 1, "today": 2}
_NEVER = dt.datetime.min.replace(tzinfo=dt.UTC)


def _deadline_day(deadline: Deadline, today: date) -> date:
    """Where a deadline stands on the timeline: an open or missed one on its due date; one met, waived or
    superseded early on the day it was closed (a request answered early must not show its deadline after Today)."""
    day = deadline.due_date or deadline.paused_since
    if deadline.status in (DeadlineStatus.OPEN, DeadlineStatus.MISSED) or deadline.closed_at is None:
        return day
    closed = timezone.localdate(deadline.closed_at)
    return min(day, closed, today) if day else min(closed, today)


def _sort_key(entry: TimelineEntry) -> tuple:
    return (
        entry.date,
        _ORDER[entry.kind],
        getattr(entry.obj, "created_at", None) or _NEVER,
        getattr(entry.obj, "pk", 0) or 0,
    )


def request_timeline(
    *,
    events: list[RequestEvent],
    communications: list[Communication],
    deadlines: list[Deadline],
    tracking_numbers: list[TrackingNumber],
    today: date,
) -> list[TimelineEntry]:
    by_communication: dict[int, list[RequestEvent]] = {}
    entries: list[TimelineEntry] = []
    for event in events:
        if event.communication_id:
            by_communication.setdefault(event.communication_id, []).append(event)
        else:
            entries.append(TimelineEntry(event.date, "event", event))
    entries += [TimelineEntry(c.date, "communication", c, by_communication.get(c.pk, [])) for c in communications]
    entries += [TimelineEntry(t.assigned_on, "tracking", t) for t in tracking_numbers]
    entries += [TimelineEntry(_deadline_day(d, today), "deadline", d) for d in deadlines]
    entries.append(TimelineEntry(today, "today"))
    entries.sort(key=_sort_key)
    return entries


@dataclass(frozen=True)
class Exhaustion:
    deadline: Deadline
    text: str = EXHAUSTION_TEXT


def constructive_exhaustion(*, request: FoiaRequest, deadlines: list[Deadline], today: date) -> Exhaustion | None:
    """An agency determination (or appeal decision) deadline that passed with no determination."""
    if request.status in (RequestStatus.CLOSED, RequestStatus.LITIGATION):
        return None
    for deadline in deadlines:
        if (
            deadline.key.startswith(EXHAUSTION_KEYS)  # every round, and appeals of interim denials
            and deadline.status == DeadlineStatus.OPEN
            and deadline.due_date is not None
            and deadline.due_date < today
        ):
            return Exhaustion(deadline)
    return None


def fees_barred(*, deadlines: list[Deadline]) -> bool:
    """The determination came late: the agency generally may not charge search fees ((a)(4)(A)(viii))."""
    return any(d.key == "initial-response" and d.status == DeadlineStatus.MISSED for d in deadlines)


@dataclass(frozen=True)
class NextAction:
    text: str
    due: date | None = None
    urgency: str = "normal"  # overdue | soon | normal | done
    action: str = ""  # log-response | file-appeal | record-event | ""
    deadline: Deadline | None = None
    days_left: int | None = None
    link: str = ""  # action "open-case": the linked case's page


def _urgency(due: date | None, today: date) -> str:
    if due is None:
        return "normal"
    if due < today:
        return "overdue"
    return "soon" if (due - today).days <= SOON_DAYS else "normal"


def _open(deadlines: list[Deadline], prefix: str) -> Deadline | None:
    return next((d for d in deadlines if d.key.startswith(prefix) and d.status == DeadlineStatus.OPEN), None)


def request_lawsuits(*, user, request: FoiaRequest) -> list:
    """The cases enforcing the request that the user may see. Litigation owns cases and sits above foia, so foia
    reads them only through the reverse relation `Case.requests` declares (`request.cases`), never importing it."""
    return list(restrict_visible(request.cases.all(), user).order_by("pk"))


def next_action(
    *, request: FoiaRequest, deadlines: list[Deadline], tolls_since: tuple | None, today: date, lawsuits=()
) -> NextAction:
    """The one thing someone should do next on this request, with its due date. `lawsuits`: the linked cases the
    user may see (request_lawsuits); without one, the free-text docket reference stands for the suit."""
    action = _next_action(request=request, deadlines=deadlines, tolls_since=tolls_since, today=today, lawsuits=lawsuits)
    return replace(action, days_left=(action.due - today).days if action.due else None)


def _next_action(*, request, deadlines, tolls_since, today, lawsuits) -> NextAction:
    status = request.status
    agency = str(request.agency)
    exhaustion = constructive_exhaustion(request=request, deadlines=deadlines, today=today)
    if exhaustion:
        d = exhaustion.deadline
        if lawsuits:  # a linked case not filed yet: its filing date marks the request "In litigation"
            case = lawsuits[0]
            return NextAction(
                f"{d.title} passed with no determination. The lawsuit {case} is linked: record the day its "
                "complaint is filed on the case; the request is then marked \u201cIn litigation\u201d and court "
                "deadlines take over.",
                d.due_date,
                "overdue",
                "open-case",
                d,
                link=case.get_absolute_url(),
            )
        if request.docket_reference:  # the suit is linked: what is left is to record that it was filed
            return NextAction(
                f"{d.title} passed with no determination. The lawsuit {request.docket_reference} is linked: record "
                "\u201cIn litigation\u201d when the complaint is filed, and court deadlines take over.",
                d.due_date,
                "overdue",
                "record-event",
                d,
            )
        return NextAction(
            f"{d.title} passed with no determination. Decide whether to sue, and link the case once it is filed.",
            d.due_date,
            "overdue",
            "edit",
            d,
        )
    if status == RequestStatus.DRAFT:
        return NextAction(f"Send the request to {agency}, then record the submission.", action="record-event")
    if status == RequestStatus.SUBMITTED:
        d = _open(deadlines, "expedited-decision")
        return NextAction(
            f"Waiting for {agency} to confirm receipt: log the acknowledgment when it arrives (receipt by the proper "
            "component starts the 20-working-day clock).",
            d.due_date if d else None,
            _urgency(d.due_date, today) if d else "normal",
            "log-response",
            d,
        )
    if status == RequestStatus.TOLLED and tolls_since:
        start, reason = tolls_since
        why = "request for information" if reason == TollReason.INFORMATION else "fee question"
        return NextAction(
            f"The clock has been stopped since {start.isoformat()}: answer {agency}'s {why}, and log the answer "
            "(it restarts the clock).",
            action="log-letter",
        )
    if status in (RequestStatus.PROCESSING, RequestStatus.TOLLED) and (
        d := _open(deadlines, "appeal-filing")
    ):  # an interim denial (expedited processing, fee waiver) may be appealed now
        return NextAction(f"{d.title} ({d.citation}).", d.due_date, _urgency(d.due_date, today), "file-appeal", d)
    if status in (RequestStatus.PROCESSING, RequestStatus.TOLLED):
        d = _open(deadlines, "expedited-decision") or _open(deadlines, "initial-response")
        if d:
            return NextAction(
                f"{d.title}. Log the agency's letters as they arrive.",
                d.due_date,
                _urgency(d.due_date, today),
                "log-response",
                d,
            )
        return NextAction(
            "Waiting for the agency's determination. Log its letters as they arrive.", action="log-response"
        )
    if status == RequestStatus.RESPONDED:
        d = _open(deadlines, "appeal-filing")
        if d:
            return NextAction(
                f"File the administrative appeal ({d.citation}).",
                d.due_date,
                _urgency(d.due_date, today),
                "file-appeal",
                d,
            )
        return NextAction("Review the released records, then close the request.", action="record-event")
    if status == RequestStatus.APPEALED:
        d = _open(deadlines, "appeal-decision")
        return NextAction(
            f"{d.title}." if d else "Waiting for the appeal decision.",
            d.due_date if d else None,
            _urgency(d.due_date, today) if d else "normal",
            "log-response",
            d,
        )
    if status == RequestStatus.APPEAL_DECIDED:
        return NextAction("The appeal was decided: decide whether to sue, or close the request.", action="edit")
    if status == RequestStatus.LITIGATION:
        named = ", ".join(str(case) for case in lawsuits) or request.docket_reference
        docket = f" ({named})" if named else ""
        return NextAction(f"In litigation{docket}: court deadlines are tracked with the case.", urgency="done")
    return NextAction(f"Closed on {request.closed_on.isoformat() if request.closed_on else '—'}.", urgency="done")


def current_toll(events: list[RequestEvent]) -> tuple[date, str] | None:
    """(start, reason) of the toll in force at the end of the timeline, if the clock is stopped."""
    toll = None
    for event in events:
        if event.kind == EventKind.TOLLED:
            toll = (event.date, event.toll_reason)
        elif event.kind in (EventKind.RESUMED, EventKind.FINAL_RESPONSE):
            toll = None
    return toll


@dataclass(frozen=True)
class Fees:
    estimate: Decimal | None
    paid: Decimal
    waiver: str  # outcome label, or ""
    search_fees_barred: bool
    agency_answered: bool  # a determination came (late, when fees are barred) or none ever did


def fees_summary(*, events: list[RequestEvent], deadlines: list[Deadline]) -> Fees:
    estimate, paid, waiver, answered = None, Decimal("0"), "", False
    for event in events:
        answered = answered or event.kind == EventKind.FINAL_RESPONSE
        if event.kind == EventKind.FEE_ESTIMATE:
            estimate = event.amount
        elif event.kind == EventKind.FEE_PAYMENT and event.amount:
            paid += event.amount
        elif event.kind == EventKind.FEE_WAIVER_DECISION:
            waiver = event.outcome_label
    return Fees(estimate, paid, waiver, fees_barred(deadlines=deadlines), answered)


@dataclass
class Overview:
    request: FoiaRequest
    events: list[RequestEvent]
    communications: list[Communication]
    deadlines: list[Deadline]
    tracking_numbers: list[TrackingNumber]
    appeals: list
    timeline: list[TimelineEntry]
    next_action: NextAction
    exhaustion: Exhaustion | None
    fees: Fees
    clock: FoiaClock | None
    stages: list[Stage]

    @property
    def open_deadlines(self) -> list[Deadline]:
        return [d for d in self.deadlines if d.status == DeadlineStatus.OPEN]


def request_overview(*, user, request: FoiaRequest, today: date) -> Overview:
    """Everything the request page shows, in a fixed number of queries."""
    events = request_events(request=request)
    communications = request_communications(request=request)
    deadlines = request_deadlines(user=user, request=request)
    tracking = list(request.tracking_numbers.select_related("agency", "appeal"))
    lawsuits = request_lawsuits(user=user, request=request)
    return Overview(
        request=request,
        events=events,
        communications=communications,
        deadlines=deadlines,
        tracking_numbers=tracking,
        appeals=request_appeals(request=request),
        timeline=request_timeline(
            events=events, communications=communications, deadlines=deadlines, tracking_numbers=tracking, today=today
        ),
        next_action=next_action(
            request=request, deadlines=deadlines, tolls_since=current_toll(events), today=today, lawsuits=lawsuits
        ),
        exhaustion=constructive_exhaustion(request=request, deadlines=deadlines, today=today),
        fees=fees_summary(events=events, deadlines=deadlines),
        clock=foia_clock(deadline=_open(deadlines, "initial-response"), today=today),
        stages=request_stages(request=request, events=events),
    )
