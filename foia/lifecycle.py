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

from .choices import (
    ADVERSE_FEE_WAIVER_OUTCOMES,
    ADVERSE_OUTCOMES,
    OUTCOMES_BY_KIND,
    AppealOutcome,
    EventKind,
    RequestStatus,
    TollReason,
)

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
        E.APPEAL_FILED: S.SUBMITTED,  # only an interim appeal (see INTERIM_APPEALS)
        E.APPEAL_DECIDED: S.SUBMITTED,
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
        E.APPEAL_FILED: S.PROCESSING,  # only an interim appeal
        E.APPEAL_DECIDED: S.PROCESSING,
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
        E.APPEAL_FILED: S.TOLLED,  # only an interim appeal
        E.APPEAL_DECIDED: S.TOLLED,
        E.CLOSED: S.CLOSED,
        E.LITIGATION: S.LITIGATION,
    },
    S.RESPONDED: {
        E.FEE_WAIVER_DECISION: S.RESPONDED,
        E.FEE_PAYMENT: S.RESPONDED,
        E.REFERRAL: S.RESPONDED,
        E.APPEAL_FILED: S.APPEALED,
        E.APPEAL_DECIDED: S.RESPONDED,  # only an interim appeal (e.g. of a fee-waiver denial)
        E.CLOSED: S.CLOSED,
        E.LITIGATION: S.LITIGATION,
    },
    S.APPEALED: {
        E.FEE_PAYMENT: S.APPEALED,
        E.EXTENDED: S.APPEALED,  # (a)(6)(B)(i) extends the appeal decision of clause (ii) too
        E.APPEAL_FILED: S.APPEALED,  # only an interim appeal
        E.APPEAL_DECIDED: S.APPEAL_DECIDED,  # a remand sends it back to processing: see OUTCOME_TARGETS
        E.CLOSED: S.CLOSED,
        E.LITIGATION: S.LITIGATION,
    },
    S.APPEAL_DECIDED: {
        E.FEE_PAYMENT: S.APPEAL_DECIDED,
        E.INTERIM_RELEASE: S.APPEAL_DECIDED,
        E.FINAL_RESPONSE: S.RESPONDED,  # the new determination after a granted appeal opens a new appeal window
        E.APPEAL_FILED: S.APPEAL_DECIDED,  # only an interim appeal
        E.APPEAL_DECIDED: S.APPEAL_DECIDED,
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
# REOPENED goes back to SUBMITTED when the proper component never received the request, and to APPEALED when an
# appeal of the final response was pending at the closure (see `_target`).

# The adverse determinations a requester may appeal (6 C.F.R. 5.8(a)), with the keys of their appeal deadlines and
# the words naming them. An appeal says which one it appeals in `details["appeal_of"]` (an event kind); without it,
# the latest adverse determination whose appeal window is open. The final response's appeals drive the status
# (RESPONDED -> APPEALED -> APPEAL_DECIDED). The others are INTERIM: decided while the request is processed, they are
# appealed and decided beside it, and filing or deciding such an appeal leaves the status as it is (the table lists
# the statuses where that can happen as self-loops; a guard refuses them where no interim appeal is possible).
APPEALABLE: dict[EventKind, tuple[str, str, str]] = {
    E.FINAL_RESPONSE: ("appeal-filing", "appeal-decision", ""),
    E.EXPEDITED_DENIED: ("appeal-filing-expedited", "appeal-decision-expedited", " of the expedited-processing denial"),
    E.FEE_WAIVER_DECISION: ("appeal-filing-fee-waiver", "appeal-decision-fee-waiver", " of the fee-waiver denial"),
}
INTERIM_APPEALS = frozenset(APPEALABLE) - {E.FINAL_RESPONSE}

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
    E.APPEAL_FILED: "An appeal needs an adverse determination to appeal: record the agency's final response (or its "
    "denial of expedited processing or of a fee waiver) first.",
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

    def reopen(self) -> None:
        self.close_on, self.close_as = None, ""


@dataclass
class Determination:
    on: date
    outcome: str
    during_litigation: bool
    fact: Fact | None = None


@dataclass
class AppealWindow:
    """An adverse determination open to appeal, and the key of its appeal-filing deadline."""

    of: EventKind
    determination: Fact
    key: str
    round: int


@dataclass
class AppealRound:
    """One appeal: what it appeals, the events that filed and decided it, and its decision deadline's key."""

    of: EventKind
    window: AppealWindow | None
    filed: Fact
    decision_key: str
    determinations_seen: int  # how many final responses had been made when it was filed
    decided: Fact | None = None
    moot: bool = False  # an appeal of an expedited-processing denial, once the final response is out
    extension: tuple[date, int] | None = None

    @property
    def pending(self) -> bool:
        return self.decided is None and not self.moot

    @property
    def determination(self) -> Fact | None:
        return self.window.determination if self.window else None


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
    windows: list[AppealWindow] = field(default_factory=list)
    appeals: list[AppealRound] = field(default_factory=list)
    waived_by_closure: list[str] = field(default_factory=list)
    plan: dict[str, PlannedDeadline] = field(default_factory=dict)
    today: date | None = None  # when given, dates in an event's details cannot be later

    def pending_appeals(self, of: EventKind | None = None) -> list[AppealRound]:
        return [a for a in self.appeals if a.pending and (of is None or a.of == of)]

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

    def open_windows(self, of: EventKind) -> list[AppealWindow]:
        return [w for w in self.windows if w.of == of and self.plan[w.key].is_open]


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
    if kind == E.APPEAL_FILED:
        of, _ = _appeal_of(state, fact)
        return state.status if of in INTERIM_APPEALS else S.APPEALED
    if kind == E.APPEAL_DECIDED:
        appeal = _decided_appeal(state, fact)
        if appeal is not None and appeal.of in INTERIM_APPEALS:
            return state.status
    if kind == E.REOPENED and state.received_on is None:
        return S.SUBMITTED
    if kind == E.REOPENED and state.pending_appeals(E.FINAL_RESPONSE):
        return S.APPEALED
    return OUTCOME_TARGETS.get((kind, fact.outcome), targets[kind])


def _asked_appeal_of(fact: Fact) -> EventKind | None:
    asked = fact.details.get("appeal_of") or ""
    if not asked:
        return None
    if asked not in {k.value for k in APPEALABLE}:
        choices = ", ".join(f"“{k.value}” ({k.label.lower()})" for k in APPEALABLE)
        raise TransitionError(
            f"Cannot record “{fact.label}” on {fact.date.isoformat()}: appeal_of must be one of {choices}.", fact=fact
        )
    return EventKind(asked)


def _appeal_of(state: ReplayState, fact: Fact) -> tuple[EventKind, AppealWindow | None]:
    """Which adverse determination an "appeal filed" event appeals: the one it names, else the latest one whose
    window is open, else the final response (which may be appealed after its window, or after a full grant)."""
    asked = _asked_appeal_of(fact)
    if asked is not None:
        windows = [w for w in state.windows if w.of == asked]
        return asked, (windows[-1] if windows else None)
    open_ = [w for w in state.windows if state.plan[w.key].is_open]
    if open_:
        return open_[-1].of, open_[-1]
    finals = [w for w in state.windows if w.of == E.FINAL_RESPONSE]
    return E.FINAL_RESPONSE, (finals[-1] if finals else None)


def _decided_appeal(state: ReplayState, fact: Fact) -> AppealRound | None:
    """The appeal an "appeal decided" event decides: the latest pending one (of what it names, if it does)."""
    pending = state.pending_appeals(_asked_appeal_of(fact))
    return pending[-1] if pending else None


def _detail_date(fact: Fact, name: str, refuse) -> date | None:
    raw = fact.details.get(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw) if isinstance(raw, str) else refuse(f"{name} must be a date (YYYY-MM-DD).")
    except ValueError:
        return refuse(f"{name} must be a date (YYYY-MM-DD).")


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
        if not fact.working_days or not 1 <= fact.working_days <= MAX_EXTENSION_WORKING_DAYS:
            refuse("an unusual-circumstances extension is 1 to 10 working days (5 U.S.C. 552(a)(6)(B)(i)).")
        if state.status == S.APPEALED:
            appeal = state.pending_appeals(E.FINAL_RESPONSE)[-1]
            if appeal.extension:
                refuse(
                    f"the appeal decision was already extended on {appeal.extension[0].isoformat()}; the statute "
                    "allows one extension of at most 10 working days (5 U.S.C. 552(a)(6)(B)(i))."
                )
            return
        if state.extension:
            refuse(
                f"the request was already extended on {state.extension[0].isoformat()}; "
                "the statute allows one extension of at most 10 working days (5 U.S.C. 552(a)(6)(B)(i))."
            )
        if state.determinations:
            refuse("the agency has already made its determination.")
    if kind == E.APPEAL_FILED:
        _guard_appeal(state, fact, refuse)
    if kind == E.APPEAL_DECIDED and _decided_appeal(state, fact) is None:
        asked = _asked_appeal_of(fact)
        refuse(f"no appeal of the {asked.label.lower()} is pending." if asked else HINTS[kind])
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


def _guard_appeal(state: ReplayState, fact: Fact, refuse) -> None:
    received = _detail_date(fact, "received_on", refuse)
    if received and received < fact.date:
        refuse(f"the appeal cannot be received ({received.isoformat()}) before it was filed.")
    if received and state.today and received > state.today:
        refuse(f"the appeal cannot have been received on {received.isoformat()}, which is in the future.")
    of, window = _appeal_of(state, fact)
    if of == E.FINAL_RESPONSE:
        if not state.determinations:
            refuse(HINTS[E.APPEAL_FILED])
        done = next(
            (a for a in state.appeals if a.of == of and a.determinations_seen == len(state.determinations)), None
        )
        if done:
            refuse(
                f"the agency's determination of {state.determinations[-1].on.isoformat()} was already appealed on "
                f"{done.filed.date.isoformat()}; a new appeal needs a new determination."
            )
        return
    what = of.label.lower()
    if window is None:
        refuse(f"there is no adverse “{what}” to appeal.")
    if any(a.window is window for a in state.appeals):
        refuse(f"the “{what}” of {window.determination.date.isoformat()} was already appealed.")
    item = state.plan[window.key]
    if item.close_as == "superseded":
        refuse(
            f"the “{what}” of {window.determination.date.isoformat()} no longer applies (superseded on "
            f"{item.close_on.isoformat()})."
        )


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
        extension = (d, int(fact.working_days or 0))
        if before == S.APPEALED:
            appeal = state.pending_appeals(E.FINAL_RESPONSE)[-1]
            appeal.extension = extension
            state.plan[appeal.decision_key].options = {
                "unusual_circumstances": {"noticed_on": d.isoformat(), "working_days": extension[1]}
            }
        else:
            state.extension = extension
    elif kind in (E.EXPEDITED_GRANTED, E.EXPEDITED_DENIED):
        state.expedited_decision = (d, kind == E.EXPEDITED_GRANTED)
        if "expedited-decision" in state.plan:
            state.plan["expedited-decision"].close(d, "determination")
        if kind == E.EXPEDITED_DENIED:
            _open_window(state, fact)
    elif kind == E.FEE_WAIVER_DECISION:
        if fact.outcome in ADVERSE_FEE_WAIVER_OUTCOMES:
            _open_window(state, fact)
    elif kind == E.FINAL_RESPONSE:
        _apply_determination(state, fact, litigating=before == S.LITIGATION)
    elif kind == E.APPEAL_FILED:
        _apply_appeal(state, fact)
    elif kind == E.APPEAL_DECIDED:
        appeal = _decided_appeal(state, fact)
        appeal.decided = fact
        state.plan[appeal.decision_key].close(d, "determination")
    elif kind == E.CLOSED:
        state.closed_on = d
        state.waived_by_closure = [key for key, item in state.plan.items() if item.is_open]
        for key in state.waived_by_closure:
            state.plan[key].close(d, "waived")
    elif kind == E.REOPENED:
        # What the closure waived is owed again: the determination if none was made, a pending appeal's decision,
        # an appeal window still running. The deadline engine recomputes them from their triggers.
        state.closed_on = None
        for key in state.waived_by_closure:
            state.plan[key].reopen()
        state.waived_by_closure = []
    elif kind == E.LITIGATION:
        state.litigation_on, state.closed_on = d, None
        for window in state.windows:
            state.plan[window.key].close(d, "superseded")
        for item in state.plan.values():
            item.close(d, "litigation")


def _open_window(state: ReplayState, fact: Fact) -> None:
    """An adverse determination opens its appeal-filing window (the agency's window, 6 C.F.R. 5.8(a)(1) for DHS)."""
    of = EventKind(fact.kind)
    base, _, words = APPEALABLE[of]
    n = 1 + sum(1 for w in state.windows if w.of == of)
    key = round_key(base, n)
    title = "Administrative appeal" + words + " due" + (f" (round {n})" if n > 1 else "")
    state.plan[key] = PlannedDeadline(key, title, "foia-appeal-filing", fact.date, responsible="attorney")
    state.windows.append(AppealWindow(of, fact, key, n))


def _apply_appeal(state: ReplayState, fact: Fact) -> None:
    d = fact.date
    of, window = _appeal_of(state, fact)
    _, base, words = APPEALABLE[of]
    if of == E.FINAL_RESPONSE:
        for open_window in state.open_windows(of):
            state.plan[open_window.key].close(d, "filed")
    elif window is not None:
        state.plan[window.key].close(d, "filed")
    n = 1 + sum(1 for a in state.appeals if a.of == of)
    key = round_key(base, n)
    received = fact.details.get("received_on")
    state.plan[key] = PlannedDeadline(
        key,
        "Agency decides the appeal" + words + (f" (round {n})" if n > 1 else ""),
        "foia-appeal-decision",
        date.fromisoformat(received) if received else d,
    )
    state.appeals.append(AppealRound(of, window, fact, key, determinations_seen=len(state.determinations)))


def _apply_determination(state: ReplayState, fact: Fact, *, litigating: bool) -> None:
    d = fact.date
    if state.is_tolled:
        state.tolls[-1].end = d
    first = not state.determinations
    state.determinations.append(Determination(d, fact.outcome, litigating, fact))
    if first and "initial-response" in state.plan:
        state.plan["initial-response"].close(d, "determination")
    if "expedited-decision" in state.plan:
        state.plan["expedited-decision"].close(d, "superseded")
    # A new determination replaces the one that was appealable, and makes expedition moot (a fee-waiver denial
    # stands: its appeal runs on).
    for window in [*state.open_windows(E.FINAL_RESPONSE), *state.open_windows(E.EXPEDITED_DENIED)]:
        state.plan[window.key].close(d, "superseded")
    for appeal in state.pending_appeals(E.EXPEDITED_DENIED):
        appeal.moot = True
        state.plan[appeal.decision_key].close(d, "superseded")
    if fact.outcome in ADVERSE_OUTCOMES and not litigating:
        _open_window(state, fact)


def replay(facts: Iterable[Fact], *, expedited_requested: bool = False, today: date | None = None) -> ReplayState:
    """Replay events in timeline order; raise `TransitionError` on the first impossible one. With `today`, dates in
    the events' details (an appeal's receipt) cannot be later than it."""
    state = ReplayState(expedited_requested=expedited_requested, today=today)
    for fact in sorted(facts, key=lambda f: (f.date, f.sequence)):
        target = _target(state, fact)
        _guard(state, fact)
        _apply(state, fact)
        state.status = target
    # Tolls and the extension feed the initial-response computation whenever they were recorded.
    if "initial-response" in state.plan:
        state.plan["initial-response"].options = state.deadline_options()
    return state


def replay_with(
    existing: list[Fact], new: Fact, *, expedited_requested: bool = False, today: date | None = None
) -> ReplayState:
    """Replay with one more event, explaining a refusal caused by the new event's date rather than its kind.

    A closed request takes no event but its reopening, whatever its date: an event backdated to before the closure
    would otherwise slip in and change what the closed request owes."""
    if new.kind != E.REOPENED:
        try:
            current = replay(existing, expedited_requested=expedited_requested)
        except TransitionError:
            current = None  # the recorded timeline no longer replays: the replay below says why
        if current is not None and current.status == S.CLOSED and current.closed_on and new.date <= current.closed_on:
            raise TransitionError(
                f"Cannot record “{new.label}” on {new.date.isoformat()}: it is dated on or before the closure of "
                f"{current.closed_on.isoformat()}. The request is closed: reopen it first.",
                fact=new,
            )
    try:
        return replay([*existing, new], expedited_requested=expedited_requested, today=today)
    except TransitionError as error:
        if error.fact is not new:
            raise TransitionError(
                f"Recording “{new.label}” on {new.date.isoformat()} would make a later event impossible: {error}",
                fact=error.fact,
            ) from None
        ordered = sorted(existing, key=lambda f: (f.date, f.sequence))
        try:  # would it be accepted after every recorded event? Then its date is what is wrong.
            replay([*ordered, _moved_after(new, ordered)], expedited_requested=expedited_requested, today=today)
        except TransitionError:
            raise error from None
        blocker = _first_needed_after(ordered, new, expedited_requested=expedited_requested, today=today)
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


def _first_needed_after(ordered: list[Fact], new: Fact, *, expedited_requested: bool, today: date | None) -> Fact:
    """The earliest recorded event after which the new one becomes possible."""
    for n in range(1, len(ordered) + 1):
        prefix = ordered[:n]
        try:
            replay([*prefix, _moved_after(new, prefix)], expedited_requested=expedited_requested, today=today)
        except TransitionError:
            continue
        return prefix[-1]
    return ordered[-1]
