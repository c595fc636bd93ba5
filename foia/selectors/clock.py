"""The request page's pictures of time: the FOIA clock of the initial determination (working days used and left,
the tolls, the extension, today) and the stage tracker (drafted ... litigation).

Pure functions over a deadline that the engine already computed: the clock reads its trigger, options and due date
and counts days on the same agency calendar, so the picture and "How it was computed" always agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from deadlines.calendar import Calendar, Forum
from deadlines.models import Deadline

from ..choices import EventKind, RequestStatus
from ..models import FoiaRequest, RequestEvent

BASE_WORKING_DAYS = 20  # 5 U.S.C. 552(a)(6)(A)(i)
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Segment:
    kind: str  # counting | tolled | extension | left | overdue
    first: dt.date
    last: dt.date
    x: float  # where it starts on a 0..1000 axis
    width: float


@dataclass(frozen=True)
class FoiaClock:
    start: dt.date  # the day the clock started from (receipt by the proper component)
    due: dt.date | None  # None while a toll keeps the clock stopped
    today: dt.date
    allowed: int  # working days the agency has: 20, plus an unusual-circumstances extension
    extension: int
    used: int  # working days counted so far (not while tolled)
    tolled_days: int  # working days the clock stood still
    segments: list[Segment]
    today_x: float

    @property
    def left(self) -> int:
        return max(self.allowed - self.used, 0)

    @property
    def overdue_by(self) -> int:
        return max(self.used - self.allowed, 0)

    @property
    def paused(self) -> bool:
        return self.due is None

    @property
    def summary(self) -> str:
        """The text equivalent of the picture."""
        parts = [f"{min(self.used, self.allowed)} of {self.allowed} working days used"]
        if self.overdue_by:
            parts.append(f"overdue by {self.overdue_by} working day{'s' if self.overdue_by != 1 else ''}")
        else:
            parts.append(f"{self.left} left")
        if self.extension:
            parts.append(f"extended by {self.extension} working days")
        if self.tolled_days:
            parts.append(f"clock stopped for {self.tolled_days} working day{'s' if self.tolled_days != 1 else ''}")
        if self.paused:
            parts.append("stopped now")
        return "; ".join(parts) + "."


def _tolls(options: dict, today: dt.date) -> list[tuple[dt.date, dt.date]]:
    spans = []
    for toll in options.get("tolls") or []:
        try:
            start = dt.date.fromisoformat(toll["start"])
            end = dt.date.fromisoformat(toll["end"]) if toll.get("end") else today
        except (KeyError, TypeError, ValueError):
            continue  # the engine refuses malformed tolls; the picture just leaves them out
        spans.append((start, end))
    return spans


def foia_clock(*, deadline: Deadline | None, today: dt.date) -> FoiaClock | None:
    """The clock of an initial-response deadline, or None for any other deadline (or one not yet started)."""
    if deadline is None or not deadline.key.startswith("initial-response") or deadline.trigger_date is None:
        return None
    options = deadline.options or {}
    start = deadline.trigger_date
    extension = int((options.get("unusual_circumstances") or {}).get("working_days") or 0)
    allowed = BASE_WORKING_DAYS + extension
    tolls = _tolls(options, today)
    calendar = Calendar(forum=Forum.AGENCY, agency=deadline.agency_id, around=start)
    end = max(today, deadline.due_date or today)
    days: list[tuple[dt.date, str]] = []
    used = tolled = counted = 0
    kind = "counting"
    day = start + ONE_DAY
    while day <= end:
        working = calendar.is_working_day(day)
        if any(first <= day <= last for first, last in tolls):
            kind = "tolled"
            tolled += working
        elif working:
            counted += 1  # the day's place in the count, past or still to come
            if day <= today:
                used += 1
            if counted > allowed:
                kind = "overdue"
            elif counted > BASE_WORKING_DAYS:
                kind = "extension"  # the days the unusual-circumstances notice added, used or not
            else:
                kind = "counting" if day <= today else "left"
        elif kind == "tolled":
            kind = "counting" if counted < BASE_WORKING_DAYS else "extension"  # a weekend after a toll ended
        days.append((day, kind))
        day += ONE_DAY
    span = max(len(days), 1)
    segments: list[Segment] = []
    for index, (day, kind) in enumerate(days):
        if segments and segments[-1].kind == kind:
            last = segments[-1]
            segments[-1] = Segment(kind, last.first, day, last.x, last.width + 1000 / span)
        else:
            segments.append(Segment(kind, day, day, index * 1000 / span, 1000 / span))
    today_index = (today - start).days
    return FoiaClock(
        start=start,
        due=deadline.due_date,
        today=today,
        allowed=allowed,
        extension=extension,
        used=used,
        tolled_days=tolled,
        segments=segments,
        today_x=min(max(today_index, 0), span) * 1000 / span,
    )


@dataclass(frozen=True)
class Stage:
    name: str
    on: dt.date | None
    state: str  # done | current | skipped (passed over, e.g. no appeal before the suit) | todo


STAGES = ("Drafted", "Submitted", "Received", "Determination", "Appeal", "Litigation")


def request_stages(*, request: FoiaRequest, events: list[RequestEvent]) -> list[Stage]:
    """Where the request is on the road from draft to lawsuit; the furthest stage reached is current."""
    first = {}
    for event in events:
        first.setdefault(event.kind, event.date)
    reached = [
        request.drafted_on,
        request.submitted_on,
        request.received_on,
        first.get(EventKind.FINAL_RESPONSE),
        first.get(EventKind.APPEAL_FILED),
        first.get(EventKind.LITIGATION)
        if request.status == RequestStatus.LITIGATION or EventKind.LITIGATION in first
        else None,
    ]
    furthest = max((i for i, on in enumerate(reached) if on), default=0)
    return [
        Stage(name, on, "current" if i == furthest else ("done" if on else "skipped") if i < furthest else "todo")
        for i, (name, on) in enumerate(zip(STAGES, reached, strict=True))
    ]
