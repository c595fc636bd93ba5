"""Property tests (hypothesis) for the calendar, the rules and closure recomputes.

The pure properties take closures from an in-memory `ClosureIndex` (each example is fast) and draw the forum's
object too: an agency, its parent or none; D.D.C. (with the District's legal holidays), another court or none.
One database-backed property checks the same monotonicity through `closure_add`.
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deadlines.calendar import ClosureDay, ClosureIndex, Forum
from deadlines.rules import RULES, Count, deadline_compute

DAYS = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2035, 12, 31))
WORKING_DAY_RULES = sorted(slug for slug, r in RULES.items() if r.count == Count.WORKING_DAYS and r.days)
AGENCY_RULES = sorted(slug for slug, r in RULES.items() if r.forum == Forum.AGENCY)
FRCP_RULES = sorted(slug for slug, r in RULES.items() if r.count == Count.FRCP_DAYS)
SCOPES = st.sampled_from(["federal", "executive", "agency", "court"])


@dataclass(frozen=True)
class StandInAgency:
    """What the rules read from a `foia.Agency`, without the database."""

    pk: int
    appeal_window_days: int = 90
    appeal_window_unit: str = "working_days"
    appeal_window_citation: str = "6 C.F.R. § 5.8(a)(1)"

    def __str__(self) -> str:
        return f"agency {self.pk}"


PARENT, AGENCY = StandInAgency(1), StandInAgency(2)
DCD, OTHER_COURT = 1, 2  # court pks; the index knows 1 is "dcd" (District of Columbia holidays)
AGENCIES = st.sampled_from([None, PARENT, AGENCY])
COURTS = st.sampled_from([None, DCD, OTHER_COURT])


@st.composite
def closures(draw, near=None):
    days = draw(st.lists(DAYS if near is None else st.dates(near, near + dt.timedelta(days=200)), max_size=12))
    return [draw(closure_on(day)) for day in days]


@st.composite
def closure_on(draw, day):
    scope = draw(SCOPES)
    agency = draw(st.sampled_from([PARENT, AGENCY])).pk if scope == "agency" else None
    court = draw(st.sampled_from([DCD, OTHER_COURT])) if scope == "court" else None
    return ClosureDay(day, "closed", scope, agency, court)


def _index(items):
    return ClosureIndex.from_closures(items, parents={PARENT.pk: None, AGENCY.pk: PARENT.pk}, court_slugs={DCD: "dcd"})


def _calendar(index, rule, agency, court):
    forum = RULES[rule].forum
    return index.calendar(forum=forum, **({"agency": agency} if forum == Forum.AGENCY else {"court": court}))


@settings(max_examples=300, deadline=None)
@given(start=DAYS, n=st.integers(0, 120), m=st.integers(0, 120), forum=st.sampled_from(Forum), data=st.data())
def test_add_n_then_m_equals_add_n_plus_m(start, n, m, forum, data):
    target = {"agency": data.draw(AGENCIES)} if forum == Forum.AGENCY else {"court": data.draw(COURTS)}
    cal = _index(data.draw(closures())).calendar(forum=forum, **target)
    first, _ = cal.add_working_days(start, n)
    second, _ = cal.add_working_days(first, m)
    assert second == cal.add_working_days(start, n + m).due


@settings(max_examples=300, deadline=None)
@given(rule=st.sampled_from(WORKING_DAY_RULES), trigger=DAYS, agency=AGENCIES, data=st.data())
def test_working_day_rules_always_land_on_a_working_day(rule, trigger, agency, data):
    index = _index(data.draw(closures(near=trigger)))
    comp = deadline_compute(rule=rule, trigger=trigger, agency=agency, index=index)
    assert comp.due > trigger
    assert index.calendar(forum=Forum.AGENCY, agency=agency).is_working_day(comp.due)


@settings(max_examples=300, deadline=None)
@given(rule=st.sampled_from(FRCP_RULES), trigger=DAYS, mail=st.booleans(), court=COURTS, data=st.data())
def test_court_rules_always_land_on_a_court_day(rule, trigger, mail, court, data):
    index = _index(data.draw(closures(near=trigger)))
    comp = deadline_compute(
        rule=rule, trigger=trigger, court=court, service="mail" if mail else "electronic", index=index
    )
    assert index.calendar(forum=Forum.COURT, court=court).is_working_day(comp.due)
    assert comp.due >= trigger + dt.timedelta(days=RULES[rule].days)


@settings(max_examples=300, deadline=None)
@given(
    rule=st.sampled_from(AGENCY_RULES + FRCP_RULES),
    trigger=DAYS,
    mail=st.booleans(),
    extra=st.integers(0, 200),
    agency=AGENCIES,
    court=COURTS,
    data=st.data(),
)
def test_adding_a_closure_never_makes_a_deadline_earlier(rule, trigger, mail, extra, agency, court, data):
    existing = data.draw(closures(near=trigger))
    added = data.draw(closure_on(trigger + dt.timedelta(days=extra)))
    kwargs = {"rule": rule, "trigger": trigger, "agency": agency, "court": court}
    kwargs["service"] = "mail" if mail else "electronic"
    before = deadline_compute(**kwargs, index=_index(existing))
    after = deadline_compute(**kwargs, index=_index([*existing, added]))
    assert after.due >= before.due


def _covers(closure: ClosureDay, rule: str, agency, court) -> bool:
    """Whether the closure's scope reaches the rule's forum (the contract `closure_add` selects by)."""
    if closure.scope == "federal":
        return True
    if RULES[rule].forum == Forum.COURT:
        return closure.scope == "court" and closure.court_id == court
    if closure.scope == "executive":
        return True
    ancestors = {AGENCY: {AGENCY.pk, PARENT.pk}, PARENT: {PARENT.pk}, None: set()}[agency]
    return closure.scope == "agency" and closure.agency_id in ancestors


@settings(max_examples=400, deadline=None)
@given(
    rule=st.sampled_from(AGENCY_RULES + FRCP_RULES),
    trigger=DAYS,
    mail=st.booleans(),
    extra=st.integers(0, 120),
    agency=AGENCIES,
    court=COURTS,
    data=st.data(),
)
def test_a_closure_outside_the_rules_forum_changes_nothing(rule, trigger, mail, extra, agency, court, data):
    """Executive closures never touch court rules (with or without a court), court closures never agency rules."""
    existing = data.draw(closures(near=trigger))
    added = data.draw(closure_on(trigger + dt.timedelta(days=extra)))
    kwargs = {"rule": rule, "trigger": trigger, "agency": agency, "court": court}
    kwargs["service"] = "mail" if mail else "electronic"
    before = deadline_compute(**kwargs, index=_index(existing))
    after = deadline_compute(**kwargs, index=_index([*existing, added]))
    if not _covers(added, rule, agency, court):
        assert (after.due, after.steps) == (before.due, before.steps)


@settings(max_examples=200, deadline=None)
@given(
    received=st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31)),
    toll_after=st.integers(0, 30),
    toll_length=st.integers(0, 30),
    kind=st.sampled_from([None, "information", "fees"]),
    agency=AGENCIES,
    data=st.data(),
)
def test_a_closed_toll_moves_the_due_date_by_the_working_days_it_stood_still(
    received, toll_after, toll_length, kind, agency, data
):
    index = _index(data.draw(closures(near=received)))
    cal = index.calendar(forum=Forum.AGENCY, agency=agency)
    base = deadline_compute(rule="foia-initial-response", trigger=received, agency=agency, index=index).due
    start = received + dt.timedelta(days=toll_after)
    end = start + dt.timedelta(days=toll_length)
    toll = {"start": start.isoformat(), "end": end.isoformat(), "reason": "r"}
    if kind:
        toll["kind"] = kind
    tolled = deadline_compute(
        rule="foia-initial-response", trigger=received, agency=agency, index=index, options={"tolls": [toll]}
    )
    if start > base:
        assert tolled.due == base  # a toll after the period ran out stops nothing
    else:
        first_counted = max(start, received + dt.timedelta(days=1))
        stood = cal.working_days_between(first_counted, end)
        if end <= base:
            assert tolled.due == cal.add_working_days(base, stood).due
        assert tolled.due >= base


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(trigger=st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)), offset=st.integers(0, 60))
def test_closure_add_service_never_moves_a_deadline_earlier(trigger, offset):
    from deadlines import services
    from tests.deadlines.factories import subject_for

    with transaction.atomic():
        deadline = services.deadline_sync(
            subject=subject_for(), key="k", title="t", rule="foia-initial-response", trigger=trigger
        )
        before = deadline.due_date
        services.closure_add(date=trigger + dt.timedelta(days=offset), reason="closed")
        deadline.refresh_from_db()
        assert deadline.due_date >= before
        transaction.set_rollback(True)
