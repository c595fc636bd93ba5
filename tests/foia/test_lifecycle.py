"""The transition table, tested exhaustively, and the replay's guards, date checks and deadline plan."""

from datetime import date, timedelta

import pytest

from deadlines.calendar import ClosureIndex
from deadlines.rules import deadline_compute
from foia.choices import AppealOutcome, EventKind, FinalOutcome, RequestStatus, TollReason
from foia.lifecycle import (
    HINTS,
    OUTCOME_TARGETS,
    TRANSITIONS,
    Fact,
    TransitionError,
    replay,
    replay_with,
)

E, S = EventKind, RequestStatus
D0 = date(2026, 1, 5)


def facts(*specs) -> list[Fact]:
    """Facts one day apart: specs are kinds or (kind, extra kwargs)."""
    out = []
    for i, spec in enumerate(specs):
        kind, extra = (spec, {}) if isinstance(spec, str) else spec
        out.append(Fact(kind=kind, date=D0 + timedelta(days=i), sequence=i + 1, **extra))
    return out


# A minimal valid path to each status, and a valid example of each event kind.
PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: [E.SUBMITTED],
    S.PROCESSING: [E.SUBMITTED, E.RECEIVED],
    S.TOLLED: [E.SUBMITTED, E.RECEIVED, (E.TOLLED, {"toll_reason": TollReason.FEES})],
    S.RESPONDED: [E.SUBMITTED, E.RECEIVED, (E.FINAL_RESPONSE, {"outcome": FinalOutcome.PARTIAL})],
    S.APPEALED: [E.SUBMITTED, E.RECEIVED, (E.FINAL_RESPONSE, {"outcome": FinalOutcome.PARTIAL}), E.APPEAL_FILED],
    S.APPEAL_DECIDED: [
        E.SUBMITTED,
        E.RECEIVED,
        (E.FINAL_RESPONSE, {"outcome": FinalOutcome.PARTIAL}),
        E.APPEAL_FILED,
        (E.APPEAL_DECIDED, {"outcome": AppealOutcome.DENIED}),
    ],
    S.LITIGATION: [E.SUBMITTED, E.RECEIVED, E.LITIGATION],
    S.CLOSED: [E.SUBMITTED, E.RECEIVED, E.CLOSED],
}
EXAMPLE = {
    E.TOLLED: {"toll_reason": TollReason.INFORMATION},
    E.EXTENDED: {"working_days": 10},
    E.FINAL_RESPONSE: {"outcome": FinalOutcome.DENIAL},
    E.APPEAL_DECIDED: {"outcome": AppealOutcome.DENIED},
    E.FEE_WAIVER_DECISION: {"outcome": "granted"},
    E.REFERRAL: {"details": {"referred_to": 3}},
}


def test_the_table_covers_every_status_and_only_known_events():
    assert set(TRANSITIONS) == set(RequestStatus)
    assert set(HINTS) == set(EventKind)
    for targets in TRANSITIONS.values():
        assert set(targets) <= set(EventKind)
        assert set(targets.values()) <= set(RequestStatus)


@pytest.mark.parametrize("status", list(RequestStatus))
def test_each_path_reaches_its_status(status):
    assert replay(facts(*PATHS[status]), expedited_requested=True).status == status


@pytest.mark.parametrize("kind", list(EventKind))
@pytest.mark.parametrize("status", list(RequestStatus))
def test_every_status_and_event_pair(status, kind):
    path = facts(*PATHS[status])
    new = Fact(kind=kind, date=D0 + timedelta(days=30), sequence=99, **EXAMPLE.get(kind, {}))
    allowed = TRANSITIONS[status].get(kind)
    if allowed is None:
        with pytest.raises(TransitionError) as refused:
            replay([*path, new], expedited_requested=True)
        message = str(refused.value)
        assert kind.label in message and status.label in message
        if status == S.CLOSED:
            assert "reopen it first" in message
    elif kind in (E.APPEAL_FILED, E.APPEAL_DECIDED) and allowed == status:
        # Listed only for appeals of interim denials (INTERIM_APPEALS): with none on the path, the guard refuses.
        with pytest.raises(TransitionError):
            replay([*path, new], expedited_requested=True)
    else:
        expected = OUTCOME_TARGETS.get((kind, new.outcome), allowed)
        assert replay([*path, new], expedited_requested=True).status == expected


def test_a_remand_sends_the_request_back_to_processing():
    path = facts(*PATHS[S.APPEALED], (E.APPEAL_DECIDED, {"outcome": AppealOutcome.REMANDED}))
    assert replay(path).status == S.PROCESSING


def test_reopening_goes_back_to_where_the_request_was_received_or_not():
    assert replay(facts(*PATHS[S.CLOSED], E.REOPENED)).status == S.PROCESSING
    assert replay(facts(E.SUBMITTED, E.CLOSED, E.REOPENED)).status == S.SUBMITTED


def test_derived_dates():
    state = replay(facts(E.SUBMITTED, E.RECEIVED, E.ACKNOWLEDGED, E.CLOSED))
    assert (state.submitted_on, state.received_on, state.acknowledged_on, state.closed_on) == (
        D0,
        D0 + timedelta(days=1),
        D0 + timedelta(days=2),
        D0 + timedelta(days=3),
    )
    assert replay(facts(E.SUBMITTED, E.RECEIVED, E.CLOSED, E.REOPENED)).closed_on is None


@pytest.mark.parametrize(
    ("specs", "needle"),
    [
        ([E.SUBMITTED, E.RECEIVED, E.ACKNOWLEDGED, E.ACKNOWLEDGED], "already acknowledged on 2026-01-07"),
        (
            [*PATHS[S.PROCESSING], (E.TOLLED, {"toll_reason": "information"}), E.RESUMED],
            None,
        ),
        (
            [
                *PATHS[S.PROCESSING],
                (E.TOLLED, {"toll_reason": "information"}),
                E.RESUMED,
                (E.TOLLED, {"toll_reason": "information"}),
            ],
            "only once to ask for information (5 U.S.C. 552(a)(6)(A)(ii)(I))",
        ),
        ([*PATHS[S.PROCESSING], E.TOLLED], "say why the clock stopped"),
        ([*PATHS[S.PROCESSING], (E.EXTENDED, {"working_days": 11})], "1 to 10 working days"),
        ([*PATHS[S.PROCESSING], E.EXTENDED], "1 to 10 working days"),
        (
            [*PATHS[S.PROCESSING], (E.EXTENDED, {"working_days": 5}), (E.EXTENDED, {"working_days": 5})],
            "already extended on 2026-01-07",
        ),
        ([*PATHS[S.PROCESSING], E.FINAL_RESPONSE], "choose the outcome"),
        ([*PATHS[S.PROCESSING], (E.FINAL_RESPONSE, {"outcome": "granted"})], "choose the outcome"),
        ([*PATHS[S.APPEALED], (E.APPEAL_DECIDED, {"outcome": "partial"})], "choose the outcome"),
        ([*PATHS[S.PROCESSING], E.REFERRAL], "which component"),
        ([*PATHS[S.PROCESSING], E.EXPEDITED_GRANTED], "did not ask for expedited processing"),
    ],
)
def test_guards(specs, needle):
    if needle is None:
        replay(facts(*specs))
        return
    with pytest.raises(TransitionError, match=needle.replace("(", r"\(").replace(")", r"\)")):
        replay(facts(*specs))


def test_fee_clarification_may_toll_more_than_once():
    fees = (E.TOLLED, {"toll_reason": TollReason.FEES})
    state = replay(facts(*PATHS[S.PROCESSING], fees, E.RESUMED, fees, E.RESUMED))
    assert [t.reason for t in state.tolls] == ["fees", "fees"]


def test_expedited_is_decided_once_and_before_the_determination():
    with pytest.raises(TransitionError, match="already decided"):
        replay(facts(E.SUBMITTED, E.EXPEDITED_DENIED, E.EXPEDITED_GRANTED), expedited_requested=True)
    with pytest.raises(TransitionError):
        replay(facts(*PATHS[S.RESPONDED], E.EXPEDITED_GRANTED), expedited_requested=True)


def test_received_before_submitted_is_refused_with_the_dates():
    existing = facts(E.SUBMITTED)
    new = Fact(kind=E.RECEIVED, date=D0 - timedelta(days=3), sequence=2)
    with pytest.raises(TransitionError) as refused:
        replay_with(existing, new)
    assert str(refused.value) == (
        "“Received by the proper component” is dated 2026-01-02, before “Submitted to the agency” on 2026-01-05, "
        "which must come first. Check the dates."
    )


def test_response_before_the_request_was_received_is_refused_with_the_dates():
    existing = facts(E.SUBMITTED, E.RECEIVED, E.ACKNOWLEDGED)  # received 2026-01-06
    new = Fact(kind=E.FINAL_RESPONSE, date=D0, outcome="denial", sequence=4)
    with pytest.raises(TransitionError, match="before “Received by the proper component” on 2026-01-06"):
        replay_with(existing, new)


def test_a_backdated_event_that_fits_is_accepted_in_date_order():
    existing = facts(E.SUBMITTED, E.RECEIVED, E.ACKNOWLEDGED, (E.TOLLED, {"toll_reason": "fees"}))
    new = Fact(kind=E.EXTENDED, date=D0 + timedelta(days=2), working_days=10, sequence=5)
    state = replay_with(existing, new)
    assert state.status == S.TOLLED and state.extension == (D0 + timedelta(days=2), 10)


def test_a_backdated_event_that_breaks_later_ones_is_refused():
    existing = facts(E.SUBMITTED, E.RECEIVED, E.ACKNOWLEDGED, (E.TOLLED, {"toll_reason": "fees"}))
    new = Fact(kind=E.CLOSED, date=D0 + timedelta(days=2), sequence=5)
    with pytest.raises(TransitionError, match="would make a later event impossible: Cannot record “Clock tolled”"):
        replay_with(existing, new)


def test_an_event_impossible_anywhere_keeps_the_status_message():
    with pytest.raises(TransitionError, match="No appeal is pending"):
        replay_with(facts(E.SUBMITTED), Fact(kind=E.APPEAL_DECIDED, date=D0, outcome="denied", sequence=2))


# --- the deadline plan ------------------------------------------------------------------------------------------


def test_receipt_opens_the_initial_response_deadline_with_tolls_and_the_extension():
    state = replay(
        facts(
            E.SUBMITTED,
            E.RECEIVED,  # 01-06
            (E.TOLLED, {"toll_reason": "information"}),  # 01-07
            E.RESUMED,  # 01-08
            (E.EXTENDED, {"working_days": 10}),  # 01-09
            (E.TOLLED, {"toll_reason": "fees"}),  # 01-10
        )
    )
    item = state.plan["initial-response"]
    assert (item.rule, item.trigger, item.is_open) == ("foia-initial-response", date(2026, 1, 6), True)
    assert item.options == {
        "tolls": [
            {"start": "2026-01-07", "end": "2026-01-08", "reason": "information", "kind": "information"},
            {"start": "2026-01-10", "end": None, "reason": "fees", "kind": "fees"},
        ],
        "unusual_circumstances": {"noticed_on": "2026-01-09", "working_days": 10},
    }
    # The rule takes them: one information toll, then a fee toll (a toll without a kind counts as information).
    comp = deadline_compute(
        rule=item.rule, trigger=item.trigger, options=item.options, index=ClosureIndex.from_closures([])
    )
    assert comp.paused_since == date(2026, 1, 10)


def test_a_misdirected_request_passes_the_first_receipt_to_the_rule():
    state = replay(facts(E.SUBMITTED, (E.RECEIVED, {"details": {"first_received_by_other_component": "2026-01-05"}})))
    assert state.plan["initial-response"].options == {"first_received_by_other_component": "2026-01-05"}
    with pytest.raises(TransitionError, match="after the proper component"):
        replay(facts(E.SUBMITTED, (E.RECEIVED, {"details": {"first_received_by_other_component": "2026-02-05"}})))


def test_expedited_decision_runs_from_receipt_and_closes_on_the_decision():
    state = replay(facts(E.SUBMITTED), expedited_requested=True)
    assert state.plan["expedited-decision"].trigger == D0
    state = replay(facts(E.SUBMITTED, E.RECEIVED, E.EXPEDITED_DENIED), expedited_requested=True)
    item = state.plan["expedited-decision"]
    assert (item.trigger, item.close_on, item.close_as) == (
        D0 + timedelta(days=1),
        D0 + timedelta(days=2),
        "determination",
    )


def test_no_expedited_deadline_unless_requested():
    assert "expedited-decision" not in replay(facts(E.SUBMITTED, E.RECEIVED)).plan


def test_an_adverse_determination_opens_the_appeal_window_and_closes_the_response_clock():
    state = replay(facts(*PATHS[S.RESPONDED]))
    response, appeal = state.plan["initial-response"], state.plan["appeal-filing"]
    assert (response.close_on, response.close_as) == (D0 + timedelta(days=2), "determination")
    assert (appeal.rule, appeal.trigger, appeal.is_open, appeal.responsible) == (
        "foia-appeal-filing",
        D0 + timedelta(days=2),
        True,
        "attorney",
    )


def test_a_full_grant_opens_no_appeal_window():
    state = replay(facts(E.SUBMITTED, E.RECEIVED, (E.FINAL_RESPONSE, {"outcome": FinalOutcome.FULL_GRANT})))
    assert "appeal-filing" not in state.plan


def test_a_determination_ends_an_open_toll():
    state = replay(facts(*PATHS[S.TOLLED], (E.FINAL_RESPONSE, {"outcome": "denial"})))
    assert state.tolls[-1].end == D0 + timedelta(days=3)


def test_filing_an_appeal_closes_the_window_and_opens_the_decision_clock_from_receipt():
    path = facts(*PATHS[S.RESPONDED], (E.APPEAL_FILED, {"details": {"received_on": "2026-01-12"}}))
    state = replay(path)
    assert (state.plan["appeal-filing"].close_as, state.plan["appeal-filing"].close_on) == ("filed", path[-1].date)
    decision = state.plan["appeal-decision"]
    assert (decision.rule, decision.trigger, decision.is_open) == ("foia-appeal-decision", date(2026, 1, 12), True)


def test_a_second_round_gets_numbered_keys():
    state = replay(
        facts(
            *PATHS[S.APPEALED],
            (E.APPEAL_DECIDED, {"outcome": AppealOutcome.REMANDED}),
            (E.FINAL_RESPONSE, {"outcome": FinalOutcome.PARTIAL}),
            E.APPEAL_FILED,
        )
    )
    assert state.plan["appeal-decision"].close_as == "determination"
    assert state.plan["appeal-filing-2"].close_as == "filed"
    assert state.plan["appeal-decision-2"].is_open
    assert state.plan["initial-response"].close_on == D0 + timedelta(days=2)  # the first determination only


def test_closing_waives_open_deadlines_and_litigation_supersedes_the_appeal_window():
    closed = replay(facts(*PATHS[S.RESPONDED], E.CLOSED))
    assert closed.plan["appeal-filing"].close_as == "waived"
    suing = replay(facts(E.SUBMITTED, E.RECEIVED, E.LITIGATION))
    assert suing.plan["initial-response"].close_as == "litigation"
    suing_after = replay(facts(*PATHS[S.RESPONDED], E.LITIGATION))
    assert suing_after.plan["appeal-filing"].close_as == "superseded"


def test_a_determination_during_litigation_opens_no_appeal_window():
    state = replay(facts(E.SUBMITTED, E.RECEIVED, E.LITIGATION, (E.FINAL_RESPONSE, {"outcome": "partial"})))
    assert state.status == S.LITIGATION and "appeal-filing" not in state.plan
