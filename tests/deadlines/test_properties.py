"""Property tests (hypothesis) for the calendar and the rules.

Closures come from an in-memory `ClosureIndex`, so each example is pure and fast; one database-backed property
checks the same monotonicity through `closure_add`.
"""

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deadlines.calendar import ClosureDay, ClosureIndex
from deadlines.rules import RULES, Count, deadline_compute

DAYS = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2035, 12, 31))
WORKING_DAY_RULES = sorted(slug for slug, r in RULES.items() if r.count == Count.WORKING_DAYS and r.days)
FRCP_RULES = sorted(slug for slug, r in RULES.items() if r.count == Count.FRCP_DAYS)
SCOPES = st.sampled_from(["federal", "executive", "agency", "court"])
AGENCY, COURT = 1, 1


@st.composite
def closures(draw, near=None):
    days = draw(st.lists(DAYS if near is None else st.dates(near, near + dt.timedelta(days=200)), max_size=12))
    out = []
    for day in days:
        scope = draw(SCOPES)
        out.append(
            ClosureDay(day, "closed", scope, AGENCY if scope == "agency" else None, COURT if scope == "court" else None)
        )
    return out


def _index(items):
    return ClosureIndex.from_closures(items, parents={AGENCY: None})


@settings(max_examples=300, deadline=None)
@given(start=DAYS, n=st.integers(0, 120), m=st.integers(0, 120), data=st.data())
def test_add_n_then_m_equals_add_n_plus_m(start, n, m, data):
    cal = _index(data.draw(closures())).calendar(agency=AGENCY)
    first, _ = cal.add_working_days(start, n)
    second, _ = cal.add_working_days(first, m)
    assert second == cal.add_working_days(start, n + m).due


@settings(max_examples=300, deadline=None)
@given(rule=st.sampled_from(WORKING_DAY_RULES), trigger=DAYS, data=st.data())
def test_working_day_rules_always_land_on_a_working_day(rule, trigger, data):
    index = _index(data.draw(closures(near=trigger)))
    comp = deadline_compute(rule=rule, trigger=trigger, agency=AGENCY, index=index)
    assert comp.due > trigger
    assert index.calendar(agency=AGENCY).is_working_day(comp.due)


@settings(max_examples=300, deadline=None)
@given(rule=st.sampled_from(FRCP_RULES), trigger=DAYS, mail=st.booleans(), data=st.data())
def test_court_rules_always_land_on_a_court_day(rule, trigger, mail, data):
    index = _index(data.draw(closures(near=trigger)))
    comp = deadline_compute(
        rule=rule, trigger=trigger, court=COURT, service="mail" if mail else "electronic", index=index
    )
    assert index.calendar(court=COURT).is_working_day(comp.due)
    assert comp.due >= trigger + dt.timedelta(days=RULES[rule].days)


@settings(max_examples=300, deadline=None)
@given(
    rule=st.sampled_from(WORKING_DAY_RULES + FRCP_RULES),
    trigger=DAYS,
    mail=st.booleans(),
    extra=st.integers(0, 200),
    scope=SCOPES,
    data=st.data(),
)
def test_adding_a_closure_never_makes_a_deadline_earlier(rule, trigger, mail, extra, scope, data):
    existing = data.draw(closures(near=trigger))
    added = ClosureDay(
        trigger + dt.timedelta(days=extra),
        "new closure",
        scope,
        AGENCY if scope == "agency" else None,
        COURT if scope == "court" else None,
    )
    kwargs = {"rule": rule, "trigger": trigger, "agency": AGENCY, "court": COURT}
    kwargs["service"] = "mail" if mail else "electronic"
    before = deadline_compute(**kwargs, index=_index(existing))
    after = deadline_compute(**kwargs, index=_index([*existing, added]))
    assert after.due >= before.due


@settings(max_examples=200, deadline=None)
@given(
    received=st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31)),
    toll_after=st.integers(0, 30),
    toll_length=st.integers(0, 30),
    data=st.data(),
)
def test_a_closed_toll_moves_the_due_date_by_the_working_days_it_stood_still(received, toll_after, toll_length, data):
    index = _index(data.draw(closures(near=received)))
    cal = index.calendar(agency=AGENCY)
    base = deadline_compute(rule="foia-initial-response", trigger=received, agency=AGENCY, index=index).due
    start = received + dt.timedelta(days=toll_after)
    end = start + dt.timedelta(days=toll_length)
    options = {"tolls": [{"start": start.isoformat(), "end": end.isoformat(), "reason": "r"}]}
    tolled = deadline_compute(
        rule="foia-initial-response", trigger=received, agency=AGENCY, index=index, options=options
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
