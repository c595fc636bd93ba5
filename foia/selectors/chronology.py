"""The exhaustion chronology: what a complaint needs to show that the agency missed its deadlines.

Assembled once, here, as plain data (`Chronology`: dates, strings, numbers; no model objects), so the printable
page, the DOCX writer and the PDF writer (`foia.chronology`) only render it. Every entry names its source: the
letter it comes from, the event recorded, the tracking-number record, or the rule's citation.

Access is the request page's: the caller passes a request it may see (`foia_request_get`), and the deadlines come
through `request_deadlines`, so a privileged deadline never reaches a partner here either. Events, letters and
tracking numbers are children of the request and follow it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from deadlines.calendar import ClosureIndex
from deadlines.models import Deadline, DeadlineStatus
from deadlines.selectors import deadline_working_days_late

from .. import lifecycle
from ..choices import Direction, EventKind
from ..models import Communication, FoiaRequest, RequestEvent, TrackingNumber
from .requests import request_communications, request_deadlines, request_events
from .timeline import EXHAUSTION_KEYS

FOIA = "5 U.S.C. 552"
EXHAUSTION_CITATION = f"{FOIA}(a)(6)(C)(i)"
FEES_CITATION = f"{FOIA}(a)(4)(A)(viii)"
# The first entries of an event's source, by what the tracker records it from.
EVENT_SOURCE = "Event recorded on the request"


@dataclass(frozen=True)
class DeadlineFacts:
    """One statutory deadline: its rule, citation and computation, and whether (and by how much) it was missed."""

    title: str
    rule: str  # the catalogue's name of the rule ("" for a deadline set by hand)
    citation: str
    trigger_date: dt.date | None
    due_date: dt.date | None
    status: str  # its label: Open, Met, Missed...
    steps: tuple[str, ...]
    missed: bool
    working_days_late: int  # 0 unless missed
    calendar_days_late: int
    late_until: dt.date | None  # the day the agency answered late, the suit was filed, or the as-of date
    ended_by: str  # "answer" (a late determination), "suit" (filed with no answer) or "" (still unanswered)

    @property
    def lateness(self) -> str:
        """ "missed by 11 working days (15 calendar days) as of 2026-08-14", or "" when not missed."""
        if not self.missed:
            return ""
        working = f"{self.working_days_late} working day{'' if self.working_days_late == 1 else 's'}"
        calendar = f"{self.calendar_days_late} calendar day{'' if self.calendar_days_late == 1 else 's'}"
        until = {"answer": "answered on", "suit": "suit filed on"}.get(self.ended_by, "as of")
        until = f"{until} {self.late_until}"
        return f"missed by {working} ({calendar}; {until})"


@dataclass(frozen=True)
class ChronologyEntry:
    date: dt.date
    kind: str  # "letter" | "event" | "tracking" | "deadline"
    text: str
    source: str
    deadline: DeadlineFacts | None = None

    @property
    def details(self) -> tuple[tuple[str, str], ...]:
        """(label, value) lines under a deadline, in the order every renderer shows them (then its steps)."""
        d = self.deadline
        if d is None:
            return ()
        lines = [("Rule", d.rule or "Set by hand"), ("Citation", d.citation or "\u2014")]
        if d.trigger_date:
            lines.append(("Trigger", d.trigger_date.isoformat()))
        lines.append(("Due", d.due_date.isoformat() if d.due_date else "paused"))
        lines.append(("Status", d.status))
        if d.missed:
            lines.append(("Missed", d.lateness.removeprefix("missed by ")))
        return tuple(lines)


@dataclass(frozen=True)
class Chronology:
    request_id: int
    subject: str
    agency: str
    organization: str
    tracking_numbers: tuple[str, ...]
    submitted_on: dt.date | None
    received_on: dt.date | None
    status: str
    as_of: dt.date
    entries: tuple[ChronologyEntry, ...]
    conclusions: tuple[str, ...]  # constructive exhaustion, fees barred: each with its citation

    @property
    def missed(self) -> tuple[DeadlineFacts, ...]:
        return tuple(e.deadline for e in self.entries if e.deadline and e.deadline.missed)

    @property
    def title(self) -> str:
        return f"Exhaustion chronology: {self.subject}"


# Within a day: letters first (an event recorded from a letter follows it), then events, tracking numbers, and the
# deadlines last (a deadline falls due at the end of its day).
_ORDER = {"letter": 0, "event": 1, "tracking": 2, "deadline": 3}


def request_chronology(*, user, request: FoiaRequest, today: dt.date) -> Chronology:
    """The chronology of a request the user may see, as of `today`, in a fixed number of queries whatever the
    number of events and letters."""
    events = request_events(request=request)
    communications = request_communications(request=request)
    deadlines = request_deadlines(user=user, request=request)
    tracking = list(request.tracking_numbers.select_related("agency").order_by("assigned_on", "pk"))
    closes = _closing_days(request=request, events=events)
    dated = [d for d in (x.due_date for x in deadlines) if d] + [today]
    index = ClosureIndex.for_range(min(dated), max(dated + [day for day, _ in closes.values()]))

    entries = [_letter(c) for c in communications]
    entries += [_event(e) for e in events]
    entries += [_tracking(t) for t in tracking]
    facts = {d.pk: _deadline_facts(d, closes.get(d.key), today=today, index=index) for d in deadlines}
    entries += [_deadline(d, facts[d.pk]) for d in deadlines if d.due_date or d.paused_since]
    entries.sort(key=lambda e: (e[0].date, _ORDER[e[0].kind], e[1]))
    return Chronology(
        request_id=request.pk,
        subject=request.subject,
        agency=f"{request.agency.name} ({request.agency.abbreviation})",
        organization=request.organization.name,
        tracking_numbers=tuple(t.number for t in tracking),
        submitted_on=request.submitted_on,
        received_on=request.received_on,
        status=request.get_status_display(),
        as_of=today,
        entries=tuple(entry for entry, _ in entries),
        conclusions=_conclusions(deadlines, facts),
    )


def _closing_days(*, request: FoiaRequest, events: list[RequestEvent]) -> dict[str, tuple[dt.date, str]]:
    """(day, how) each deadline was closed by the request's events: a late determination's date (not the day it
    was recorded) and "determination", or the suit's and "litigation"; from the lifecycle's own replay (the events
    are the facts, so this is what closed them)."""
    from ..services.events import fact_of  # the one Fact builder, shared with the writers

    try:
        state = lifecycle.replay([fact_of(e) for e in events], expedited_requested=request.expedited_requested)
    except lifecycle.TransitionError:  # stored events always replay; if not, the deadlines' own dates stand
        return {}
    return {key: (item.close_on, item.close_as) for key, item in state.plan.items() if item.close_on}


def _letter(c: Communication) -> tuple[ChronologyEntry, tuple]:
    who = "Letter to the agency" if c.direction == Direction.TO_AGENCY else "Letter from the agency"
    text = f"{who} ({c.get_kind_display().lower()}, by {c.get_channel_display().lower()}): {c.subject}"
    return ChronologyEntry(c.date, "letter", text, _letter_source(c)), (c.pk,)


def _letter_source(c: Communication) -> str:
    return f"Communication of {c.date} ({c.get_channel_display().lower()}), \u201c{c.subject}\u201d"


def _event(e: RequestEvent) -> tuple[ChronologyEntry, tuple]:
    parts = [e.get_kind_display()]
    if e.outcome:
        parts.append(e.outcome_label.lower())
    if e.kind == EventKind.EXTENDED and e.working_days:
        parts.append(f"{e.working_days} working days ({FOIA}(a)(6)(B)(i))")
    if e.toll_reason:
        parts.append(e.get_toll_reason_display())
    if e.amount is not None:
        parts.append(f"${e.amount}")
    if e.pages_released is not None or e.pages_withheld is not None:
        parts.append(f"{e.pages_released or 0} pages released, {e.pages_withheld or 0} withheld")
    if e.exemptions:
        parts.append(f"exemptions {e.exemptions}")
    if e.referred_to_id:
        parts.append(f"referred to {e.referred_to}")
    source = _letter_source(e.communication) if e.communication_id else EVENT_SOURCE
    return ChronologyEntry(e.date, "event", ": ".join(parts[:1]) + _rest(parts[1:]), source), (e.sequence,)


def _rest(parts: list[str]) -> str:
    return f": {'; '.join(parts)}" if parts else ""


def _tracking(t: TrackingNumber) -> tuple[ChronologyEntry, tuple]:
    text = f"{t.get_kind_display()} tracking number {t.number} assigned by {t.agency.abbreviation or t.agency.name}"
    return ChronologyEntry(t.assigned_on, "tracking", text, f"Tracking number record ({t.agency.name})"), (t.pk,)


def _deadline_facts(d: Deadline, closed: tuple | None, *, today: dt.date, index) -> DeadlineFacts:
    closed_on, how = closed or (None, "")
    # Missed, then answered (a late determination or appeal decision): late until the answer; then sued on: until
    # the suit was filed; still open: until today.
    ended_by = {"determination": "answer", "filed": "answer", "litigation": "suit"}.get(how, "")
    ended_by = ended_by if d.status == DeadlineStatus.MISSED else ""
    until = closed_on if ended_by else today
    overdue = d.due_date is not None and d.due_date < until
    missed = d.status == DeadlineStatus.MISSED or (d.status == DeadlineStatus.OPEN and overdue)
    working = deadline_working_days_late(deadline=d, on=until, index=index) if missed else 0
    return DeadlineFacts(
        title=d.title,
        rule=d.rule_name,
        citation=d.citation,
        trigger_date=d.trigger_date,
        due_date=d.due_date,
        status=d.get_status_display(),
        steps=tuple(d.steps or ()),
        missed=missed,
        working_days_late=working,
        calendar_days_late=(until - d.due_date).days if missed and d.due_date else 0,
        late_until=until if missed else None,
        ended_by=ended_by,
    )


def _deadline(d: Deadline, facts: DeadlineFacts) -> tuple[ChronologyEntry, tuple]:
    if d.due_date is None:
        text = f"Deadline: {d.title}: clock stopped since {d.paused_since}, {d.days_remaining} working days left"
        return ChronologyEntry(d.paused_since, "deadline", text, d.citation or "Set by hand", facts), (d.pk,)
    text = f"Deadline: {d.title} ({facts.status.lower()})"
    if facts.missed:
        text += f": {facts.lateness}"
    return ChronologyEntry(d.due_date, "deadline", text, d.citation or "Set by hand", facts), (d.pk,)


def _conclusions(deadlines: list[Deadline], facts: dict[int, DeadlineFacts]) -> tuple[str, ...]:
    said = []
    for d in deadlines:
        f = facts[d.pk]
        if not (f.missed and d.key.startswith(EXHAUSTION_KEYS)):
            continue
        if f.ended_by == "answer":
            said.append(
                f"{d.title}: the agency answered on {f.late_until}, {f.working_days_late} working days late. "
                f"Search fees are generally barred ({FEES_CITATION}). An answer that came before suit was filed may "
                "call for an administrative appeal before suing (Oglesby v. U.S. Dep't of the Army, 920 F.2d 57 "
                "(D.C. Cir. 1990))."
            )
        else:
            said.append(
                f"{d.title} ({f.citation}) passed with no determination, {f.lateness}: "
                f"the requester is deemed to have exhausted administrative remedies ({EXHAUSTION_CITATION}); "
                f"search fees are generally barred ({FEES_CITATION})."
            )
    return tuple(said)
