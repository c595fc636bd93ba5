"""The FOIA request lifecycle: an explicit transition table, and a replay of the events that derives the status, the
dates that matter and the deadline plan.

Pure functions over plain facts (no database), so every transition is tested exhaustively. A request's status is
never stored by hand: `replay` is run over all its events (ordered by date, then by the order they were logged) and
the result is written back by `foia.services`. An event that makes the replay fail is refused with the message of the
`TransitionError`, and nothing changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .choices import ADVERSE_OUTCOMES, OUTCOMES_BY_KIND, AppealOutcome, EventKind, RequestStatus, TollReason

S = RequestStatus
E = EventKind

# status -> {event kind -> status after it}. Anything missing is impossible and refused.
TRANSITIONS: dict[RequestStatus, dict[EventKind, RequestStatus]] = {
    S.DRAFT: {E.SUBMITTED: S.SUBMITTED},
    S.SUBMITTED: {
        E.RECEIVED: S.PROCESSING,
        E.EXPEDITED_GRANTED: S.SUBMITTED,
        E.EXPEDITED_DENIED: S.SUBMITTED,
        E.FEE_WAIVER_DECISION: S.SUBMITTED,
        E.CLOSED: S.CLOSED,
        E.LITIGATION: S.LITIGATION,
    },
    S.PROCESSING: {
        E.ACKNOWLEDGED: S.PROCESSING,
        E.TOLLED: S.TOLLED,
        E.EXTENDED: S.PROCESSING,
        E.EXPEDITED_GRANTED: S.PROCESSING,
        E.EXPEDITED_DENIED: S.PROCESSING,
        E.FEE_ESTIMATE: S.PROCESSING,
        E.FEE_WAIVER_DECISION: S.PROCESSING,
        E.FEE_PAYMENT: S.PROCESSING,
        E.INTERIM_RELEASE: S.PROCESSING,
        E.FINAL_RESPONSE: S.RESPONDED,
        E.REFERRAL: S.PROCESSING,
        E.CLOSED: S.CLOSED,
        E.LITIGATION: S.LITIGATION,
    },
    S.TOLLED: {
        E.ACKNOWLEDGED: S.TOLLED,
        E.RESUMED: S.PROCESSING,
        E.EXTENDED: S.TOLLED,
        E.EXPEDITED_GRANTED: S.TOLLED,
        E.EXPEDITED_DENIED: S.TOLLED,
        E.FEE_ESTIMATE: S.TOLLED,
        E.FEE_WAIVER_DECISION: S.TOLLED,
        E.FEE_PAYMENT: S.TOLLED,
        E.INTERIM_RELEASE: S.TOLLED,
        E.FINAL_RESPONSE: S.RESPONDED,  # a determination ends the toll
        E.REFERRAL: S.TOLLED,
        E.CLOSED: S.CLOSED,
        E.LITIGATION: S.LITIGATION,
    },
    S.RESPONDED: {
        E.FEE_WAIVER_DECISION: S.RESPONDED,
        E.FEE_PAYMENT: S.RESPONDED,
        E.REFERRAL: S.RESPONDED,
        E.APPEAL_FILED: S.APPEALED,
        E.CLOSED: S.CLOSED,
        E.LITIGATION: S.LITIGATION,
    },
    S.APPEALED: {
        E.FEE_PAYMENT: S.APPEALED,
        E.APPEAL_DECIDED: S.APPEAL_DECIDED,  # a remand sends it back to processing: see OUTCOME_TARGETS
        E.CLOSED: S.CLOSED,
        E.LITIGATION: S.LITIGATION,
    },
    S.APPEAL_DECIDED: {
        E.FEE_PAYMENT: S.APPEAL_DECIDED,
        E.INTERIM_RELEASE: S.APPEAL_DECIDED,
        E.FINAL_RESPONSE: S.RESPONDED,  # the new determination after a granted appeal opens a new appeal window
        E.CLOSED: S.CLOSED,
        E.LITIGATION: S.LITIGATION,
    },
    S.LITIGATION: {
        E.FEE_PAYMENT: S.LITIGATION,
        E.INTERIM_RELEASE: S.LITIGATION,
        E.FINAL_RESPONSE: S.LITIGATION,
        E.REFERRAL: S.LITIGATION,
        E.CLOSED: S.CLOSED,
    },
    # A closed request takes no event unless it reopens it (a lawsuit filed after closure reopens it too).
    S.CLOSED: {E.REOPENED: S.PROCESSING, E.LITIGATION: S.LITIGATION},
}

# The two places where the outcome or the past decides the next status.
OUTCOME_TARGETS: dict[tuple[EventKind, str], RequestStatus] = {
    (E.APPEAL_DECIDED, AppealOutcome.REMANDED): S.PROCESSING,
}
# REOPENED goes back to SUBMITTED when the proper component never received the request (see `_target`).

HINTS: dict[EventKind, str] = {
    E.SUBMITTED: "A request is submitted once, from a draft.",
    E.RECEIVED: "Record the submission first; a request is received once.",
    E.ACKNOWLEDGED: "Record when the proper component received the request first (the acknowledgment letter "
    "usually gives the date).",
    E.TOLLED: "The clock can only be tolled while the agency is processing the request and the clock runs.",
    E.RESUMED: "The clock is not tolled.",
    E.EXTENDED: "An extension applies while the agency is processing the request.",
    E.EXPEDITED_GRANTED: "Expedited processing is decided before the agency's determination.",
    E.EXPEDITED_DENIED: "Expedited processing is decided before the agency's determination.",
    E.FEE_ESTIMATE: "A fee estimate comes while the agency is processing the request.",
    E.FEE_WAIVER_DECISION: "A fee waiver is decided once the request has been submitted.",
    E.FEE_PAYMENT: "Fees are paid once the agency is processing the request.",
    E.FINAL_RESPONSE: "Record when the proper component received the request first.",
    E.INTERIM_RELEASE: "Record when the proper component received the request first.",
    E.REFERRAL: "Record when the proper component received the request first.",
    E.APPEAL_FILED: "An appeal needs a determination to appeal: record the agency's final response first.",
    E.APPEAL_DECIDED: "No appeal is pending.",
    E.CLOSED: "Only a submitted request that is still open can be closed (delete a draft instead).",
    E.REOPENED: "Only a closed request can be reopened.",
    E.LITIGATION: "Submit the request first.",
}

MAX_EXTENSION_WORKING_DAYS = 10  # 5 U.S.C. 552(a)(6)(B)(i)


class TransitionError(ValueError):
    """An event that cannot happen at that point of the request's life. The message is shown to the user."""

    def __init__(self, message: str, *, fact: Fact | None = None):
        super().__init__(message)
        self.fact = fact


@dataclass(frozen=True)
class Fact:
    """What the lifecycle needs to know about one event (built from a `RequestEvent` or a form)."""

    kind: str
    date: date
    outcome: str = ""
    toll_reason: str = ""
    working_days: int | None = None
    details: dict = field(default_factory=dict, hash=False, compare=False)
    sequence: int = 0
    ref: object = field(default=None, hash=False, compare=False)  # the event it came from, if any

    @property
    def label(self) -> str:
        return EventKind(self.kind).label


@dataclass
class Toll:
    start: date
    end: date | None
    reason: str


@dataclass
class PlannedDeadline:
    """A deadline the request should have. `close_on`/`close_as` say whether and why it is closed:

    - "determination" / "filed": met when `close_on` is on or before the computed due date, missed otherwise;
    - "litigation": missed if the due date had passed when the suit was filed, superseded otherwise;
    - "waived" / "superseded": that status.
    """

    key: str
    title: str
    rule: str
    trigger: date
    options: dict = field(default_factory=dict)
    responsible: str = "assignee"  # "assignee" (agency deadlines we watch) or "attorney" (our own filing windows)
    close_on: date | None = None
    close_as: str = ""

    @property
    def is_open(self) -> bool:
        return not self.close_as

    def close(self, on: date, how: str) -> None:
        if self.is_open:
            self.close_on, self.close_as = on, how


@dataclass
class Determination:
    on: date
    outcome: str
    during_litigation: bool


@dataclass
class ReplayState:
    expedited_requested: bool = False
    status: RequestStatus = S.DRAFT
    submitted_on: date | None = None
    received_on: date | None = None
    acknowledged_on: date | None = None
    closed_on: date | None = None
    litigation_on: date | None = None
    first_received_by_other_component: date | None = None
    tolls: list[Toll] = field(default_factory=list)
    extension: tuple[date, int] | None = None
    expedited_decision: tuple[date, bool] | None = None
    determinations: list[Determination] = field(default_factory=list)
    appeals_filed: int = 0
    plan: dict[str, PlannedDeadline] = field(default_factory=dict)

    @property
    def is_tolled(self) -> bool:
        return bool(self.tolls) and self.tolls[-1].end is None

    def deadline_options(self) -> dict:
        """Options of the `foia-initial-response` rule, from what has happened so far. A toll's `kind` is its
        reason ("information": at most once, (a)(6)(A)(ii)(I); "fees": repeatable, (ii)(II)), which the rule checks."""
        options: dict = {}
        tolls = [
            {
                "start": t.start.isoformat(),
                "end": t.end.isoformat() if t.end else None,
                "reason": t.reason,
                "kind": t.reason,
            }
            for t in self.tolls
        ]
        if tolls:
            options["tolls"] = tolls
        if self.extension:
            options["unusual_circumstances"] = {
                "noticed_on": self.extension[0].isoformat(),
                "working_days": self.extension[1],
            }
        if self.first_received_by_other_component:
            options["first_received_by_other_component"] = self.first_received_by_other_component.isoformat()
        return options

    def open_items(self, prefix: str) -> list[PlannedDeadline]:
        return [item for key, item in self.plan.items() if key.startswith(prefix) and item.is_open]


def round_key(base: str, n: int) -> str:
    """Deadline keys of the nth appeal round: "appeal-filing", "appeal-filing-2", ..."""
    return base if n == 1 else f"{base}-{n}"


def allowed_events(status: RequestStatus | str) -> list[EventKind]:
    return list(TRANSITIONS[RequestStatus(status)])


def _target(state: ReplayState, fact: Fact) -> RequestStatus:
    kind = EventKind(fact.kind)
    targets = TRANSITIONS[state.status]
    if kind not in targets:
        hint = "The request is closed: reopen it first." if state.status == S.CLOSED else HINTS[kind]
        raise TransitionError(
            f"Cannot record “{kind.label}” on {fact.date.isoformat()}: the request is "
            f"“{state.status.label}” at that point. {hint}",
            fact=fact,
        )
    if kind == E.REOPENED and state.received_on is None:
        return S.SUBMITTED
    return OUTCOME_TARGETS.get((kind, fact.outcome), targets[kind])


def _guard(state: ReplayState, fact: Fact) -> None:
    """Rules the table cannot express: one-off events, required details, statutory limits."""
    kind, on = EventKind(fact.kind), fact.date.isoformat()

    def refuse(message: str):
        raise TransitionError(f"Cannot record “{kind.label}” on {on}: {message}", fact=fact)

    if kind == E.ACKNOWLEDGED and state.acknowledged_on:
        refuse(f"the request was already acknowledged on {state.acknowledged_on.isoformat()}.")
    if kind == E.RECEIVED:
        other = fact.details.get("first_received_by_other_component")
        if other and date.fromisoformat(other) > fact.date:
            refuse("another component cannot have received it after the proper component did.")
        if other and state.submitted_on and date.fromisoformat(other) < state.submitted_on:
            refuse("another component cannot have received it before it was submitted.")
    if kind == E.TOLLED:
        if fact.toll_reason not in TollReason.values:
            refuse("say why the clock stopped (information requested, or fee clarification).")
        if fact.toll_reason == TollReason.INFORMATION and any(t.reason == TollReason.INFORMATION for t in state.tolls):
            refuse(
                "the agency may toll the clock only once to ask for information (5 U.S.C. 552(a)(6)(A)(ii)(I)); "
                "a second request does not stop the clock."
            )
    if kind == E.EXTENDED:
        if state.extension:
            refuse(
                f"the request was already extended on {state.extension[0].isoformat()}; "
                "the statute allows one extension of at most 10 working days (5 U.S.C. 552(a)(6)(B)(i))."
            )
        if not fact.working_days or not 1 <= fact.working_days <= MAX_EXTENSION_WORKING_DAYS:
            refuse("an unusual-circumstances extension is 1 to 10 working days (5 U.S.C. 552(a)(6)(B)(i)).")
        if state.determinations:
            refuse("the agency has already made its determination.")
    if kind in (E.EXPEDITED_GRANTED, E.EXPEDITED_DENIED):
        if not state.expedited_requested:
            refuse("this request did not ask for expedited processing.")
        if state.expedited_decision:
            refuse(f"expedited processing was already decided on {state.expedited_decision[0].isoformat()}.")
        if state.determinations:
            refuse("the agency has already made its determination.")
    if kind in OUTCOMES_BY_KIND and fact.outcome not in OUTCOMES_BY_KIND[kind].values:
        choices = ", ".join(str(label) for label in OUTCOMES_BY_KIND[kind].labels)
        refuse(f"choose the outcome ({choices}).")
    if kind == E.REFERRAL and not fact.details.get("referred_to"):
        refuse("say which component it was referred to.")


def _apply(state: ReplayState, fact: Fact) -> None:
    kind, d = EventKind(fact.kind), fact.date
    before = state.status
    if kind == E.SUBMITTED:
        state.submitted_on = d
        if state.expedited_requested:
            state.plan["expedited-decision"] = PlannedDeadline(
                "expedited-decision", "Agency decides on expedited processing", "foia-expedited-decision", d
            )
    elif kind == E.RECEIVED:
        state.received_on = d
        other = fact.details.get("first_received_by_other_component")
        state.first_received_by_other_component = date.fromisoformat(other) if other else None
        state.plan["initial-response"] = PlannedDeadline(
            "initial-response", "Agency's determination due", "foia-initial-response", d
        )
        expedited = state.plan.get("expedited-decision")
        if expedited and expedited.is_open:
            expedited.trigger = d  # the 10 days run from the component's receipt (6 C.F.R. 5.5(e)(4))
    elif kind == E.ACKNOWLEDGED:
        state.acknowledged_on = d
    elif kind == E.TOLLED:
        state.tolls.append(Toll(d, None, fact.toll_reason))
    elif kind == E.RESUMED:
        state.tolls[-1].end = d
    elif kind == E.EXTENDED:
        state.extension = (d, int(fact.working_days or 0))
    elif kind in (E.EXPEDITED_GRANTED, E.EXPEDITED_DENIED):
        state.expedited_decision = (d, kind == E.EXPEDITED_GRANTED)
        if "expedited-decision" in state.plan:
            state.plan["expedited-decision"].close(d, "determination")
    elif kind == E.FINAL_RESPONSE:
        _apply_determination(state, fact, litigating=before == S.LITIGATION)
    elif kind == E.APPEAL_FILED:
        for item in state.open_items("appeal-filing"):
            item.close(d, "filed")
        state.appeals_filed += 1
        received = fact.details.get("received_on")
        key = round_key("appeal-decision", state.appeals_filed)
        state.plan[key] = PlannedDeadline(
            key,
            "Agency decides the appeal" + (f" (round {state.appeals_filed})" if state.appeals_filed > 1 else ""),
            "foia-appeal-decision",
            date.fromisoformat(received) if received else d,
        )
    elif kind == E.APPEAL_DECIDED:
        for item in state.open_items("appeal-decision"):
            item.close(d, "determination")
    elif kind == E.CLOSED:
        state.closed_on = d
        for item in state.plan.values():
            item.close(d, "waived")
    elif kind == E.REOPENED:
        state.closed_on = None
    elif kind == E.LITIGATION:
        state.litigation_on, state.closed_on = d, None
        for item in state.open_items("appeal-filing"):
            item.close(d, "superseded")
        for item in state.plan.values():
            item.close(d, "litigation")


def _apply_determination(state: ReplayState, fact: Fact, *, litigating: bool) -> None:
    d = fact.date
    if state.is_tolled:
        state.tolls[-1].end = d
    first = not state.determinations
    state.determinations.append(Determination(d, fact.outcome, litigating))
    if first and "initial-response" in state.plan:
        state.plan["initial-response"].close(d, "determination")
    if "expedited-decision" in state.plan:
        state.plan["expedited-decision"].close(d, "superseded")
    for item in state.open_items("appeal-filing"):
        item.close(d, "superseded")  # a new determination replaces the one that was appealable
    if fact.outcome in ADVERSE_OUTCOMES and not litigating:
        n = sum(1 for det in state.determinations if det.outcome in ADVERSE_OUTCOMES and not det.during_litigation)
        key = round_key("appeal-filing", n)
        state.plan[key] = PlannedDeadline(
            key,
            "Administrative appeal due" + (f" (round {n})" if n > 1 else ""),
            "foia-appeal-filing",
            d,
            responsible="attorney",
        )


def replay(facts: Iterable[Fact], *, expedited_requested: bool = False) -> ReplayState:
    """Replay events in timeline order; raise `TransitionError` on the first impossible one."""
    state = ReplayState(expedited_requested=expedited_requested)
    for fact in sorted(facts, key=lambda f: (f.date, f.sequence)):
        target = _target(state, fact)
        _guard(state, fact)
        _apply(state, fact)
        state.status = target
    # Tolls and the extension feed the initial-response computation whenever they were recorded.
    if "initial-response" in state.plan:
        state.plan["initial-response"].options = state.deadline_options()
    return state


def replay_with(existing: list[Fact], new: Fact, *, expedited_requested: bool = False) -> ReplayState:
    """Replay with one more event, explaining a refusal caused by the new event's date rather than its kind."""
    try:
        return replay([*existing, new], expedited_requested=expedited_requested)
    except TransitionError as error:
        if error.fact is not new:
            raise TransitionError(
                f"Recording “{new.label}” on {new.date.isoformat()} would make a later event impossible: {error}",
                fact=error.fact,
            ) from None
        ordered = sorted(existing, key=lambda f: (f.date, f.sequence))
        try:  # would it be accepted after every recorded event? Then its date is what is wrong.
            replay([*ordered, _moved_after(new, ordered)], expedited_requested=expedited_requested)
        except TransitionError:
            raise error from None
        blocker = _first_needed_after(ordered, new, expedited_requested=expedited_requested)
        raise TransitionError(
            f"“{new.label}” is dated {new.date.isoformat()}, before “{blocker.label}” on "
            f"{blocker.date.isoformat()}, which must come first. Check the dates.",
            fact=new,
        ) from None


def _moved_after(new: Fact, ordered: list[Fact]) -> Fact:
    last = ordered[-1] if ordered else None
    when = max(new.date, last.date) if last else new.date
    seq = (last.sequence + 1) if last else new.sequence
    return Fact(new.kind, when, new.outcome, new.toll_reason, new.working_days, new.details, seq, new.ref)


def _first_needed_after(ordered: list[Fact], new: Fact, *, expedited_requested: bool) -> Fact:
    """The earliest recorded event after which the new one becomes possible."""
    for n in range(1, len(ordered) + 1):
        prefix = ordered[:n]
        try:
            replay([*prefix, _moved_after(new, prefix)], expedited_requested=expedited_requested)
        except TransitionError:
            continue
        return prefix[-1]
    return ordered[-1]
