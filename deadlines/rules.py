"""The rule catalogue: every deadline the tracker computes, with its citation, as data in code.

Public API:

- `RULES: dict[str, Rule]`, `rule_get(slug) -> Rule` (raises `UnknownRule` naming the known slugs).
- `deadline_compute(*, rule, trigger, service="electronic", agency=None, court=None, options=None) -> Computation`
  raises `UnknownRule` or `InvalidOptions` (both `RuleError`, a `ValueError`) with a message naming the problem.
- `Computation`: `rule, trigger, due, citation, steps` plus `paused_since`, `days_remaining` (a stopped clock, below)
  and `window_start` (the computation depends on non-working days after this date, through `due`); `as_dict()` is
  the JSON form the API answers.

Counting units (`Count`):
- WORKING_DAYS: FOIA counting on the agency's calendar (`deadlines.calendar`), from the day after the trigger.
- FRCP_DAYS: FRCP 6(a) calendar-day counting on the court's calendar with roll-forward, and FRCP 6(d) +3 days for
  service by mail on rules whose period runs from service under Rule 5(b). Periods running from entry of judgment or
  from service of the complaint under Rule 4 get no 6(d) days; choosing "mail" there adds a step saying so.
- CALENDAR_DAYS: plain calendar days, no roll-forward (the statute gives none). Used for the expedited-processing
  decision and for a statutory (non-agency) appeal window, where not rolling is the safe reading for the filer.

Options of `foia-initial-response` (JSON: dates are ISO strings; each option adds its steps and citations):
- `first_received_by_other_component: iso` -- the clock starts no later than 10 working days after that date
  ((a)(6)(A)(ii)), or at receipt by the proper component (the trigger) if that is earlier.
- `tolls: [{"start": iso, "end": iso | null, "reason": str, "kind": "information" | "fees"}]` -- the clock stood
  still from `start` (that day does not count) until the requester answered on `end` (nor that one); counting
  resumes the day after `end` with the working days that were left, so the due date moves by the working days the
  clock stood still. `kind` says which power the agency used:
  * "information": (a)(6)(A)(ii)(I), the agency "may make one request to the requester for information and toll"
    while awaiting it: ONE such toll per request; a second one is `InvalidOptions`;
  * "fees": (a)(6)(A)(ii)(II), clarifying the fee assessment with the requester: as often as needed.
  A toll without `kind` is treated as "information" (the stricter reading: the agency did not say it was about fees,
  so it cannot toll twice); steps name the kind and its clause. An open toll (`end: null`) PAUSES the deadline: `due`
  is None, `paused_since` is the toll's start and `days_remaining` the working days left when the clock stopped;
  nothing is guessed until the requester answers. A toll starting after the period ran out cannot stop it: it is
  ignored with a step saying so. Overlapping tolls, a toll before the clock started, an end before its start or an
  unknown `kind` are `InvalidOptions`.
- `unusual_circumstances: {"noticed_on": iso, "working_days": 1..10}` -- adds the working days to the due date current
  when the notice was given ((a)(6)(B)(i)); more than 10 is refused. Tolls and the notice apply in date order.
`foia-appeal-decision` takes `unusual_circumstances` too. `foia-unusual-circumstances` (a standalone extension whose
trigger is the current due date) takes `working_days` (default 10, at most 10).

Dates (the trigger and every date in the options) must lie in years 1900-2100 (`DATE_MIN`..`DATE_MAX`); others are
`InvalidOptions`; so is a computation that reaches a day outside the holiday data (`calendar.COVERED_FIRST` ..
`COVERED_LAST`, 1777-2100: a trigger late in 2100 whose deadline falls in 2101), so no count ever runs off the
calendar into a wrong date.

`foia-appeal-filing` uses the agency's window (`Agency.appeal_window_days/unit/citation`: DHS and its components 90
working days, 6 C.F.R. § 5.8(a)(1)); with no agency, the statutory floor of 90 calendar days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .calendar import (
    COVERED_FIRST,
    COVERED_LAST,
    SERVICE_METHODS,
    Calendar,
    ClosureIndex,
    Forum,
    OutsideCalendar,
    format_skipped,
)

FOIA = "5 U.S.C. § 552"
UNUSUAL_MAX = 10
DATE_MIN, DATE_MAX = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
TOLL_INFORMATION, TOLL_FEES = "information", "fees"
TOLL_CLAUSES = {TOLL_INFORMATION: f"{FOIA}(a)(6)(A)(ii)(I)", TOLL_FEES: f"{FOIA}(a)(6)(A)(ii)(II)"}
TOLL_LABELS = {TOLL_INFORMATION: "awaiting information the agency asked for", TOLL_FEES: "clarifying fees"}


class RuleError(ValueError):
    """A computation request that cannot be answered; the message names the problem."""


class UnknownRule(RuleError, LookupError):
    pass


class InvalidOptions(RuleError):
    pass


class Count(StrEnum):
    WORKING_DAYS = "working_days"
    FRCP_DAYS = "frcp_days"
    CALENDAR_DAYS = "calendar_days"


@dataclass
class Computation:
    rule: str
    trigger: dt.date
    due: dt.date | None
    citation: str
    steps: list[str]
    paused_since: dt.date | None = None
    days_remaining: int | None = None
    window_start: dt.date | None = None

    @property
    def paused(self) -> bool:
        return self.paused_since is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "trigger": self.trigger.isoformat(),
            "due": self.due.isoformat() if self.due else None,
            "citation": self.citation,
            "steps": list(self.steps),
            "paused": self.paused,
            "paused_since": self.paused_since.isoformat() if self.paused_since else None,
            "days_remaining": self.days_remaining,
        }


@dataclass(frozen=True)
class Rule:
    slug: str
    name: str
    citation: str
    trigger: str  # what the trigger date is
    verb: str  # the trigger in a step: "2026-11-20 received; ..."
    count: Count
    days: int | None  # None: agency-specific
    forum: Forum
    options: tuple[str, ...] = ()
    mail_adds_days: bool = False  # FRCP 6(d) applies (the period runs from service under Rule 5(b))
    counting: str = "FRCP 6"  # court counting rules cited in steps ("FRAP 26" for appeals)
    no_mail_reason: str = ""
    required_options: tuple[str, ...] = ()  # options the computation cannot do without (e.g. a court order's days)
    compute: Callable[..., Computation] | None = field(default=None, repr=False, compare=False)


@dataclass
class _Ctx:
    rule: Rule
    trigger: dt.date
    service: str
    agency: Any
    court: Any
    options: dict
    calendar: Calendar
    citations: list[str]

    def cite(self, citation: str) -> None:
        if citation not in self.citations:
            self.citations.append(citation)

    def result(self, due, steps, **extra) -> Computation:
        return Computation(
            rule=self.rule.slug,
            trigger=self.trigger,
            due=due,
            citation="; ".join(self.citations),
            steps=steps,
            window_start=extra.pop("window_start", self.trigger),
            **extra,
        )


def _iso(value, where: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return _in_range(value, where)
    try:
        day = dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise InvalidOptions(f"{where}: {value!r} is not a date (YYYY-MM-DD)")
    return _in_range(day, where)


def _in_range(day: dt.date, where: str) -> dt.date:
    if not DATE_MIN <= day <= DATE_MAX:
        raise InvalidOptions(
            f"{where}: {day} is out of range; dates must be in the years {DATE_MIN.year}-{DATE_MAX.year}"
        )
    return day


# --- computations -------------------------------------------------------------------------------------------------


def _working_days(ctx: _Ctx) -> Computation:
    days = ctx.rule.days
    due, skipped = ctx.calendar.add_working_days(ctx.trigger, days)
    steps = [f"{ctx.trigger} {ctx.rule.verb}; +{days} working days{format_skipped(skipped)} -> {due}"]
    return _apply_events(ctx, start=ctx.trigger, due=due, steps=steps, window_start=ctx.trigger)


def _foia_initial(ctx: _Ctx) -> Computation:
    received = ctx.trigger
    start, steps, window_start = received, [], received
    other = ctx.options.get("first_received_by_other_component")
    if other is not None:
        other = _iso(other, "first_received_by_other_component")
        window_start = min(other, received)
        if other > received:
            steps.append(f"{other} received by another component, after the proper component's receipt: no effect")
        else:
            latest, skipped = ctx.calendar.add_working_days(other, 10)
            head = f"{other} first received by another component; +10 working days{format_skipped(skipped)} -> {latest}"
            if latest < received:
                start = latest
                steps.append(f"{head}: the clock starts then, before receipt on {received} ({FOIA}(a)(6)(A)(ii))")
            else:
                steps.append(f"{head}: not before receipt on {received}, so the clock starts at receipt")
            ctx.cite(f"{FOIA}(a)(6)(A)(ii)")
    due, skipped = ctx.calendar.add_working_days(start, 20)
    what = "received" if start == received else "clock starts"
    steps.append(f"{start} {what}; +20 working days{format_skipped(skipped)} -> {due}")
    return _apply_events(ctx, start=start, due=due, steps=steps, window_start=window_start)


def _apply_events(ctx: _Ctx, *, start, due, steps, window_start) -> Computation:
    """Tolls and an unusual-circumstances notice, in date order, moving `due` (or pausing the clock)."""
    events = [(t["start"], 1, t) for t in _tolls(ctx)]
    if (unusual := _unusual(ctx)) is not None:
        events.append((unusual[0], 0, unusual))
    events.sort(key=lambda e: (e[0], e[1]))
    paused_since = remaining = None
    cal = ctx.calendar
    for when, kind, event in events:
        if kind == 0:  # unusual circumstances
            days = event[1]
            ctx.cite(f"{FOIA}(a)(6)(B)(i)")
            if paused_since is not None:
                remaining += days
                steps.append(
                    f"{when} unusual circumstances noticed: +{days} working days to the {remaining - days} left"
                )
                continue
            if when > due:
                steps.append(f"Note: the notice of {when} came after the due date {due}; check it was timely")
            new_due, skipped = cal.add_working_days(due, days)
            steps.append(
                f"{when} unusual circumstances noticed; +{days} working days from {due}{format_skipped(skipped)}"
                f" -> {new_due} ({FOIA}(a)(6)(B)(i))"
            )
            due = new_due
            continue
        t_start, t_end, reason = event["start"], event["end"], _toll_why(event)
        if t_start < start:
            raise InvalidOptions(f"tolls: a toll starts on {t_start}, before the clock started on {start}")
        if paused_since is not None:
            raise InvalidOptions(f"tolls: the toll from {t_start} overlaps the open toll from {paused_since}")
        ctx.cite(TOLL_CLAUSES[event["kind"]])
        if t_start > due:
            steps.append(f"Note: toll from {t_start} ignored: it began after the period ran out on {due}")
            continue
        left = cal.working_days_between(max(t_start, start + dt.timedelta(days=1)), due)
        if t_end is None:
            paused_since, remaining = t_start, left
            steps.append(
                f"{t_start} clock stopped ({reason}); {left} working days left; no due date until the requester answers"
            )
            continue
        stood = cal.working_days_between(max(t_start, start + dt.timedelta(days=1)), t_end)
        new_due, skipped = cal.add_working_days(t_end, left)
        steps.append(
            f"{t_start} to {t_end} clock stopped ({reason}; {stood} working days); resumes after {t_end} with"
            f" {left} working days left{format_skipped(skipped)} -> {new_due}"
        )
        due = new_due
    if paused_since is not None:
        steps.append(f"Paused since {paused_since}: {remaining} working days left when the clock restarts")
        return ctx.result(None, steps, paused_since=paused_since, days_remaining=remaining, window_start=window_start)
    return ctx.result(due, steps, window_start=window_start)


def _tolls(ctx: _Ctx) -> list[dict]:
    raw = ctx.options.get("tolls") or []
    if not isinstance(raw, list):
        raise InvalidOptions("tolls must be a list of {start, end, reason, kind}")
    tolls = []
    for i, toll in enumerate(raw):
        if not isinstance(toll, dict) or "start" not in toll:
            raise InvalidOptions(f"tolls[{i}] must be an object with start, end, reason and kind")
        start = _iso(toll["start"], f"tolls[{i}].start")
        end = None if toll.get("end") in (None, "") else _iso(toll["end"], f"tolls[{i}].end")
        if end is not None and end < start:
            raise InvalidOptions(f"tolls[{i}]: end {end} is before start {start}")
        kind = toll.get("kind") or TOLL_INFORMATION
        if not isinstance(kind, str) or kind not in TOLL_CLAUSES:
            raise InvalidOptions(
                f"tolls[{i}].kind: {kind!r} is not a toll kind; use {TOLL_INFORMATION!r}"
                f" ({TOLL_CLAUSES[TOLL_INFORMATION]}) or {TOLL_FEES!r} ({TOLL_CLAUSES[TOLL_FEES]})"
            )
        tolls.append({"start": start, "end": end, "reason": str(toll.get("reason") or ""), "kind": kind})
    tolls.sort(key=lambda t: t["start"])
    for a, b in zip(tolls, tolls[1:], strict=False):
        if a["end"] is None or b["start"] <= a["end"]:
            raise InvalidOptions(f"tolls: the toll from {b['start']} overlaps the toll from {a['start']}")
    information = [t for t in tolls if t["kind"] == TOLL_INFORMATION]
    if len(information) > 1:
        raise InvalidOptions(
            f"tolls: the agency may toll only once while awaiting information it asked for"
            f" ({TOLL_CLAUSES[TOLL_INFORMATION]}); the toll from {information[1]['start']} would be a second one after"
            f" the toll from {information[0]['start']} (a toll without a kind counts as an information toll; fee"
            f" clarifications are kind {TOLL_FEES!r}, {TOLL_CLAUSES[TOLL_FEES]})"
        )
    return tolls


def _toll_why(toll: dict) -> str:
    """The reason shown in steps: the caller's words, then the kind and its clause."""
    kind = toll["kind"]
    label = f"{TOLL_LABELS[kind]}, {TOLL_CLAUSES[kind].removeprefix(FOIA)}"
    return f"{toll['reason']}; {label}" if toll["reason"] else label


def _unusual(ctx: _Ctx) -> tuple[dt.date, int] | None:
    raw = ctx.options.get("unusual_circumstances")
    if raw is None:
        return None
    if not isinstance(raw, dict) or "noticed_on" not in raw:
        raise InvalidOptions("unusual_circumstances must be an object with noticed_on and working_days")
    noticed = _iso(raw["noticed_on"], "unusual_circumstances.noticed_on")
    return noticed, _extension_days(raw.get("working_days", UNUSUAL_MAX), "unusual_circumstances.working_days")


def _extension_days(value, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= UNUSUAL_MAX:
        raise InvalidOptions(
            f"{where}: {value!r} is not allowed; unusual circumstances extend by 1 to {UNUSUAL_MAX} working days"
            f" ({FOIA}(a)(6)(B)(i))"
        )
    return value


def _unusual_standalone(ctx: _Ctx) -> Computation:
    days = _extension_days(ctx.options.get("working_days", UNUSUAL_MAX), "working_days")
    due, skipped = ctx.calendar.add_working_days(ctx.trigger, days)
    step = f"{ctx.trigger} current due date; +{days} working days{format_skipped(skipped)} -> {due}"
    return ctx.result(due, [step])


def _calendar_days(ctx: _Ctx, days: int, what: str) -> Computation:
    due = ctx.trigger + dt.timedelta(days=days)
    steps = [f"{ctx.trigger} {what}; +{days} calendar days -> {due} (no roll-forward: the period has no weekend rule)"]
    if not ctx.calendar.is_working_day(due):
        steps.append(f"Note: {due} is not a working day ({ctx.calendar.non_working_reason(due)}); act before it")
    return ctx.result(due, steps)


def _expedited(ctx: _Ctx) -> Computation:
    return _calendar_days(ctx, ctx.rule.days, ctx.rule.verb)


def _appeal_filing(ctx: _Ctx) -> Computation:
    agency = ctx.agency
    if agency is None:
        ctx.citations[:] = [f"{FOIA}(a)(6)(A)(i)(III)(aa)"]
        steps = ["No agency given: the statutory minimum window applies"]
        comp = _calendar_days(ctx, 90, "adverse determination")
        comp.steps[:0] = steps
        return comp
    ctx.citations[:] = [agency.appeal_window_citation]
    days, unit = agency.appeal_window_days, agency.appeal_window_unit
    label = f"{agency} appeal window"
    if unit == Count.WORKING_DAYS:
        due, skipped = ctx.calendar.add_working_days(ctx.trigger, days)
        step = f"{ctx.trigger} adverse determination; {label}: +{days} working days{format_skipped(skipped)} -> {due}"
        return ctx.result(due, [step])
    comp = _calendar_days(ctx, days, f"adverse determination; {label}")
    return comp


def _frcp(ctx: _Ctx, days: int | None = None) -> Computation:
    """FRCP 6(a) (and 6(d) when the rule says so) over the rule's days, or over `days` a court order gave."""
    rule = ctx.rule
    service = ctx.service if rule.mail_adds_days else "electronic"
    days = rule.days if days is None else days
    period = ctx.calendar.frcp_period(ctx.trigger, days, service=service, rules=rule.counting)
    for citation in period.citations:
        ctx.cite(citation)
    steps = [period.steps[0].replace("trigger", rule.verb, 1), *period.steps[1:]]
    if ctx.service == "mail" and not rule.mail_adds_days:
        mail_rule = "FRCP 6(d)" if rule.counting == "FRCP 6" else f"{rule.counting}(c)"
        steps.append(f"Service by mail adds nothing: {rule.no_mail_reason} ({mail_rule})")
    if service == "mail":
        ctx.cite(f"{rule.counting}(d)")
    if ctx.court is None:
        steps.append(
            "No court given: federal holidays and federal closures only (no court's own closures or state legal"
            " holidays, e.g. D.C. holidays in D.D.C., and never executive-order closures of agencies)"
        )
    return ctx.result(period.due, steps)


ORDER_DAYS_MAX = 3660  # ten years: a court order's period beyond that is a typo


def _order_period(ctx: _Ctx) -> Computation:
    """A period stated in days in a court order ("a joint status report every 60 days"): FRCP 6(a)(1) counting."""
    days = ctx.options.get("days")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= ORDER_DAYS_MAX:
        raise InvalidOptions(f"days: {days!r} is not a period; a court order's period is 1 to {ORDER_DAYS_MAX} days")
    return _frcp(ctx, days=days)


# --- the catalogue ------------------------------------------------------------------------------------------------

_FROM_ENTRY = "the period runs from entry of judgment, not from service"
_FROM_FILING = "the period runs from the filing of the motion, not from its service"
_FROM_DUE = "the period runs from the day the opposition was due, not from service"
_FROM_RULE4 = "the complaint is served under FRCP 4, not FRCP 5(b)"


def _rule(slug, name, citation, trigger, verb, count, days, forum, compute, **extra) -> Rule:
    return Rule(slug, name, citation, trigger, verb, count, days, forum, compute=compute, **extra)


_W, _F, _C = Count.WORKING_DAYS, Count.FRCP_DAYS, Count.CALENDAR_DAYS
_A, _CT = Forum.AGENCY, Forum.COURT
_CATALOGUE = [
    _rule(
        "foia-initial-response",
        "FOIA determination on a request",
        f"{FOIA}(a)(6)(A)(i)",
        "the date the request was received by the component responsible for processing it",
        "received",
        _W,
        20,
        _A,
        _foia_initial,
        options=("first_received_by_other_component", "tolls", "unusual_circumstances"),
    ),
    _rule(
        "foia-unusual-circumstances",
        "FOIA unusual-circumstances extension",
        f"{FOIA}(a)(6)(B)(i)",
        "the current due date that the written notice extends",
        "current due date",
        _W,
        10,
        _A,
        _unusual_standalone,
        options=("working_days",),
    ),
    _rule(
        "foia-expedited-decision",
        "Decision on expedited processing",
        f"{FOIA}(a)(6)(E)(ii)(I)",
        "the date of the request for expedited processing (due 'within 10 days after the date of the request')",
        "request",
        _C,
        10,
        _A,
        _expedited,
    ),
    _rule(
        "foia-appeal-filing",
        "Deadline to file a FOIA administrative appeal",
        f"{FOIA}(a)(6)(A)(i)(III)(aa)",
        "the date of the adverse determination; the window is the agency's (DHS and components: 90 working days)",
        "adverse determination",
        _W,
        None,
        _A,
        _appeal_filing,
    ),
    _rule(
        "foia-appeal-decision",
        "FOIA decision on an administrative appeal",
        f"{FOIA}(a)(6)(A)(ii)",
        "the date the appeal was received",
        "appeal received",
        _W,
        20,
        _A,
        _working_days,
        options=("unusual_circumstances",),
    ),
    _rule(
        "foia-complaint-answer",
        "Answer to a FOIA complaint",
        f"{FOIA}(a)(4)(C); FRCP 6(a)",
        "the date the complaint was served (for the United States, on the U.S. Attorney; keep all FRCP 4(i) dates)",
        "complaint served",
        _F,
        30,
        _CT,
        _frcp,
        no_mail_reason=_FROM_RULE4,
    ),
    _rule(
        "us-answer",
        "Answer by the United States or a federal agency (non-FOIA claims)",
        "FRCP 12(a)(2); FRCP 6(a)",
        "the date the United States Attorney was served",
        "U.S. Attorney served",
        _F,
        60,
        _CT,
        _frcp,
        no_mail_reason=_FROM_RULE4,
    ),
    _rule(
        "ddc-opposition",
        "Opposition to a motion (D.D.C.)",
        "D.D.C. LCvR 7(b); FRCP 6(a)",
        "the date the motion was served",
        "motion served",
        _F,
        14,
        _CT,
        _frcp,
        mail_adds_days=True,
    ),
    _rule(
        "ddc-reply",
        "Reply in support of a motion (D.D.C.)",
        "D.D.C. LCvR 7(d); FRCP 6(a)",
        "the date the opposition was served",
        "opposition served",
        _F,
        7,
        _CT,
        _frcp,
        mail_adds_days=True,
    ),
    # N.D. Cal. Civil L.R. 7-3 (periods run from the FILING of the motion and from the opposition's DUE date, so
    # FRCP 6(d) adds nothing); the hearing is noticed at least 35 days after filing (7-2(a)), which sets no deadline.
    _rule(
        "ndcal-opposition",
        "Opposition to a motion (N.D. Cal.)",
        "N.D. Cal. Civil L.R. 7-3(a); FRCP 6(a)",
        "the date the motion was filed (the opposition is due 'not more than 14 days after the motion was filed')",
        "motion filed",
        _F,
        14,
        _CT,
        _frcp,
        no_mail_reason=_FROM_FILING,
    ),
    _rule(
        "ndcal-reply",
        "Reply in support of a motion (N.D. Cal.)",
        "N.D. Cal. Civil L.R. 7-3(c); FRCP 6(a)",
        "the date the opposition was due (the reply is due 'not more than 7 days after the opposition was due')",
        "opposition due",
        _F,
        7,
        _CT,
        _frcp,
        no_mail_reason=_FROM_DUE,
    ),
    # S.D.N.Y. Local Civil Rule 6.1(b) (motions other than discovery motions and those of 6.1(a)): periods run from
    # service, so service by mail adds FRCP 6(d)'s 3 days.
    _rule(
        "sdny-opposition",
        "Opposition to a motion (S.D.N.Y.)",
        "S.D.N.Y. Local Civil Rule 6.1(b)(1); FRCP 6(a)",
        "the date the moving papers were served (answering papers 'within fourteen days after service')",
        "motion served",
        _F,
        14,
        _CT,
        _frcp,
        mail_adds_days=True,
    ),
    _rule(
        "sdny-reply",
        "Reply in support of a motion (S.D.N.Y.)",
        "S.D.N.Y. Local Civil Rule 6.1(b)(2); FRCP 6(a)",
        "the date the answering papers were served (reply 'within seven days after service of the answering papers')",
        "opposition served",
        _F,
        7,
        _CT,
        _frcp,
        mail_adds_days=True,
    ),
    # D. Mass. LR 7.1(b)(2): opposition within 14 days after service of the motion. A reply needs leave of court
    # (LR 7.1(b)(3)), so no reply deadline is derived: the order granting leave sets it.
    _rule(
        "dmass-opposition",
        "Opposition to a motion (D. Mass.)",
        "D. Mass. LR 7.1(b)(2); FRCP 6(a)",
        "the date the motion was served",
        "motion served",
        _F,
        14,
        _CT,
        _frcp,
        mail_adds_days=True,
    ),
    # W.D. Wash. LCR 7(d)(3), the default for motions the rule does not list elsewhere: noted for consideration no
    # earlier than 21 days after filing; opposition 15 days after filing; reply by the noting date. Implemented with
    # the earliest noting date; the same-day, 7-day and 28-day motions of LCR 7(d)(1), (2) and (4) (summary judgment,
    # motions to dismiss...) and a later noting date chosen by the movant are entered as court-ordered deadlines.
    _rule(
        "wdwa-opposition",
        "Opposition to a motion (W.D. Wash., LCR 7(d)(3))",
        "W.D. Wash. LCR 7(d)(3); FRCP 6(a)",
        "the date the motion was filed",
        "motion filed",
        _F,
        15,
        _CT,
        _frcp,
        no_mail_reason=_FROM_FILING,
    ),
    _rule(
        "wdwa-reply",
        "Reply by the noting date (W.D. Wash., LCR 7(d)(3))",
        "W.D. Wash. LCR 7(d)(3); FRCP 6(a)",
        "the date the motion was filed (the earliest noting date is 21 days later; the reply is due by it)",
        "motion filed",
        _F,
        21,
        _CT,
        _frcp,
        no_mail_reason=_FROM_FILING,
    ),
    _rule(
        "court-order-period",
        "Period set by a court order",
        "Court order; FRCP 6(a)(1)",
        "the date the order's period runs from (e.g. the previous status report's due date); option days: its length",
        "period starts",
        _F,
        None,
        _CT,
        _order_period,
        options=("days",),
        required_options=("days",),
        no_mail_reason="the period runs from the date the order names, not from service",
    ),
    _rule(
        "fee-motion",
        "Motion for attorney fees",
        "FRCP 54(d)(2)(B)(i); FRCP 6(a); fees under 5 U.S.C. § 552(a)(4)(E)",
        "the date judgment was entered",
        "judgment entered",
        _F,
        14,
        _CT,
        _frcp,
        no_mail_reason=_FROM_ENTRY,
    ),
    _rule(
        "notice-of-appeal-us",
        "Notice of appeal when the United States is a party",
        "FRAP 4(a)(1)(B); FRAP 26(a)",
        "the date the judgment or order appealed from was entered",
        "judgment entered",
        _F,
        60,
        _CT,
        _frcp,
        no_mail_reason=_FROM_ENTRY,
        counting="FRAP 26",
    ),
]
RULES: dict[str, Rule] = {rule.slug: rule for rule in _CATALOGUE}


def rule_get(slug: str) -> Rule:
    try:
        return RULES[slug]
    except (KeyError, TypeError):
        raise UnknownRule(f"Unknown rule {slug!r}; known rules: {', '.join(RULES)}") from None


def rules_for_forum(forum: Forum) -> list[str]:
    return [slug for slug, rule in RULES.items() if rule.forum == forum]


def deadline_compute(
    *,
    rule: str,
    trigger: dt.date,
    service: str = "electronic",
    agency=None,
    court=None,
    options: dict | None = None,
    index: ClosureIndex | None = None,
) -> Computation:
    """Compute one deadline. `index` lets bulk callers share one preloaded closure index (no per-row queries)."""
    spec = rule_get(rule)
    if not isinstance(trigger, dt.date) or isinstance(trigger, dt.datetime):
        raise InvalidOptions(f"trigger must be a date, not {trigger!r}")
    _in_range(trigger, "trigger")
    if service not in SERVICE_METHODS:
        raise InvalidOptions(f"service must be one of {', '.join(SERVICE_METHODS)}, not {service!r}")
    options = dict(options or {})
    unknown = sorted(set(options) - set(spec.options))
    if unknown:
        allowed = ", ".join(spec.options) or "none"
        raise InvalidOptions(f"option {unknown[0]!r} does not apply to rule {rule!r} (allowed: {allowed})")
    # The forum is the rule's: a court rule counts court days even without a court, an agency rule agency days.
    scope = {"agency": agency} if spec.forum == Forum.AGENCY else {"court": court}
    if index is not None:
        calendar = index.calendar(forum=spec.forum, **scope)
    else:
        calendar = Calendar(forum=spec.forum, **scope, around=trigger)
    ctx = _Ctx(spec, trigger, service, agency, court, options, calendar, [spec.citation])
    try:
        comp = spec.compute(ctx)
        if comp.due is not None and not COVERED_FIRST <= comp.due <= COVERED_LAST:
            raise OutsideCalendar(comp.due)
    except OutsideCalendar as exc:
        raise InvalidOptions(
            f"{rule} from {trigger}: the computation reaches {exc.day}, outside the holiday calendar "
            f"({COVERED_FIRST} to {COVERED_LAST}); no deadline is computed there, as it could be wrong"
        ) from None
    return comp
