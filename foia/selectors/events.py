"""Which events the "record event" form offers: those the lifecycle would accept now, not every kind the status
table lists (a second acknowledgment, an appeal decision with no appeal pending)."""

from __future__ import annotations

from datetime import date

from .. import lifecycle
from ..choices import AppealOutcome, EventKind, FeeWaiverOutcome, FinalOutcome, TollReason
from ..models import FoiaRequest, RequestEvent

# The details an event of each kind can carry: it is possible when one of them is accepted.
_VARIANTS: dict[str, list[dict]] = {
    EventKind.FINAL_RESPONSE: [{"outcome": o} for o in FinalOutcome.values],
    EventKind.APPEAL_DECIDED: [{"outcome": o} for o in AppealOutcome.values],
    EventKind.FEE_WAIVER_DECISION: [{"outcome": o} for o in FeeWaiverOutcome.values],
    EventKind.TOLLED: [{"toll_reason": r} for r in TollReason.values],
    EventKind.EXTENDED: [{"working_days": 1}],
}


def event_kinds_possible(*, request: FoiaRequest, events: list[RequestEvent], today: date) -> list[EventKind]:
    """The kinds an event recorded today could have, in the catalogue's order, by replaying the request's events
    with it (the services' own replay, so the form offers exactly what can be saved)."""
    from ..services.events import fact_of  # the same facts the services replay

    facts = [fact_of(e) for e in events]
    sequence = max((f.sequence for f in facts), default=0) + 1
    state = lifecycle.replay(facts, expedited_requested=request.expedited_requested)
    possible = []
    for kind in lifecycle.allowed_events(state.status):
        for variant in _VARIANTS.get(kind, [{}]):
            new = lifecycle.Fact(kind=kind, date=today, sequence=sequence, **variant)
            try:
                lifecycle.replay_with(facts, new, expedited_requested=request.expedited_requested, today=today)
            except lifecycle.TransitionError:
                continue
            possible.append(kind)
            break
    return possible
