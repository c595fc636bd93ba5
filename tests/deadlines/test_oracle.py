"""Every rule against an independent oracle, for every trigger day 2020-2035, with and without an agency or court.

The oracle is written here from the sources, without the `holidays` library or `deadlines.calendar`: the legal
public holidays of 5 U.S.C. § 6103(a) with the observed rule, the executive-order closures seeded as data (agency
forum only), and for D.D.C. the District of Columbia's legal holidays (FRCP 6(a)(6)(C), 81(d)(2): D.C. Emancipation
Day, April 16, Saturday -> Friday and Sunday -> Monday, since 2005; Inauguration Day, January 20 after each
presidential election, Sunday -> Monday).
"""

import datetime as dt

import pytest

from deadlines.calendar import ClosureIndex
from deadlines.rules import RULES, Forum, deadline_compute
from directory.models import Agency, Court

pytestmark = pytest.mark.django_db
ONE = dt.timedelta(days=1)
FIRST, LAST = dt.date(2020, 1, 1), dt.date(2035, 10, 1)


def _nth(year, month, weekday, n):
    day = dt.date(year, month, 1)
    while day.weekday() != weekday:
        day += ONE
    return day + dt.timedelta(days=7 * (n - 1))


def _last(year, month, weekday):
    day = dt.date(year, month + 1, 1) - ONE
    while day.weekday() != weekday:
        day -= ONE
    return day


def _observed(day):
    return day - ONE if day.weekday() == 5 else day + ONE if day.weekday() == 6 else day


FEDERAL, DC = set(), set()
for _y in range(2019, 2041):
    _fixed = [dt.date(_y, 1, 1), dt.date(_y, 7, 4), dt.date(_y, 11, 11), dt.date(_y, 12, 25)]
    if _y >= 2021:
        _fixed.append(dt.date(_y, 6, 19))
    FEDERAL |= {_observed(d) for d in _fixed}
    FEDERAL |= {_nth(_y, 1, 0, 3), _nth(_y, 2, 0, 3), _last(_y, 5, 0), _nth(_y, 9, 0, 1), _nth(_y, 10, 0, 2)}
    FEDERAL.add(_nth(_y, 11, 3, 4))
    DC.add(_observed(dt.date(_y, 4, 16)))
    if _y % 4 == 1:
        inauguration = dt.date(_y, 1, 20)
        DC.add(inauguration + ONE if inauguration.weekday() == 6 else inauguration)
EXECUTIVE = {
    dt.date.fromisoformat(d)
    for d in ["2018-12-05", "2018-12-24", "2019-12-24", "2020-12-24", "2024-12-24", "2025-01-09", "2025-12-24"]
    + ["2025-12-26"]
}


def agency_day(day):
    return day.weekday() < 5 and day not in FEDERAL and day not in EXECUTIVE


def court_day(day, dc):
    return day.weekday() < 5 and day not in FEDERAL and not (dc and day in DC)


def add_working(day, n):
    while n:
        day += ONE
        n -= agency_day(day)
    return day


def roll(day, dc):
    while not court_day(day, dc):
        day += ONE
    return day


def frcp(trigger, n, mail, dc):
    due = roll(trigger + dt.timedelta(days=n), dc)
    return roll(due + dt.timedelta(days=3), dc) if mail else due


EXPECTED = {
    "foia-initial-response": lambda t, mail, agency, dc: add_working(t, 20),
    "foia-unusual-circumstances": lambda t, mail, agency, dc: add_working(t, 10),
    "foia-expedited-decision": lambda t, mail, agency, dc: t + dt.timedelta(days=10),
    "foia-appeal-filing": lambda t, mail, agency, dc: add_working(t, 90) if agency else t + dt.timedelta(days=90),
    "foia-appeal-decision": lambda t, mail, agency, dc: add_working(t, 20),
    "foia-complaint-answer": lambda t, mail, agency, dc: frcp(t, 30, False, dc),  # Rule 4 service: no 6(d)
    "us-answer": lambda t, mail, agency, dc: frcp(t, 60, False, dc),
    "ddc-opposition": lambda t, mail, agency, dc: frcp(t, 14, mail, dc),
    "ddc-reply": lambda t, mail, agency, dc: frcp(t, 7, mail, dc),
    "ndcal-opposition": lambda t, mail, agency, dc: frcp(t, 14, False, dc),  # from filing: no 6(d)
    "ndcal-reply": lambda t, mail, agency, dc: frcp(t, 7, False, dc),  # from the opposition's due date: no 6(d)
    "sdny-opposition": lambda t, mail, agency, dc: frcp(t, 14, mail, dc),
    "sdny-reply": lambda t, mail, agency, dc: frcp(t, 7, mail, dc),
    "dmass-opposition": lambda t, mail, agency, dc: frcp(t, 14, mail, dc),
    "wdwa-opposition": lambda t, mail, agency, dc: frcp(t, 15, False, dc),  # from filing: no 6(d)
    "wdwa-reply": lambda t, mail, agency, dc: frcp(t, 21, False, dc),
    "fee-motion": lambda t, mail, agency, dc: frcp(t, 14, False, dc),  # from entry of judgment: no 6(d)
    "notice-of-appeal-us": lambda t, mail, agency, dc: frcp(t, 60, False, dc),
}
CITES = {
    "foia-initial-response": "552(a)(6)(A)(i)",
    "foia-unusual-circumstances": "552(a)(6)(B)(i)",
    "foia-expedited-decision": "552(a)(6)(E)(ii)(I)",
    "foia-appeal-decision": "552(a)(6)(A)(ii)",
    "foia-complaint-answer": "552(a)(4)(C)",
    "us-answer": "12(a)(2)",
    "ddc-opposition": "LCvR 7(b)",
    "ddc-reply": "LCvR 7(d)",
    "ndcal-opposition": "Civil L.R. 7-3(a)",
    "ndcal-reply": "Civil L.R. 7-3(c)",
    "sdny-opposition": "Local Civil Rule 6.1(b)(1)",
    "sdny-reply": "Local Civil Rule 6.1(b)(2)",
    "dmass-opposition": "LR 7.1(b)(2)",
    "wdwa-opposition": "LCR 7(d)(3)",
    "wdwa-reply": "LCR 7(d)(3)",
    "fee-motion": "54(d)(2)(B)(i)",
    "notice-of-appeal-us": "FRAP 4(a)(1)(B)",
}


def test_the_oracle_itself_on_hand_checked_days():
    assert dt.date(2027, 12, 31) in FEDERAL and dt.date(2026, 7, 3) in FEDERAL and dt.date(2020, 6, 19) not in FEDERAL
    assert {dt.date(2026, 4, 16), dt.date(2027, 4, 16), dt.date(2028, 4, 17), dt.date(2022, 4, 15)} <= DC
    assert {dt.date(2021, 1, 20), dt.date(2033, 1, 20)} <= DC and dt.date(2029, 1, 22) not in DC
    assert frcp(dt.date(2025, 12, 10), 14, False, True) == dt.date(2025, 12, 24)  # no executive closure in court


def _cases(rule):
    if RULES[rule].forum == Forum.AGENCY:
        return [("electronic", agency, None) for agency in (None, "ice")]
    return [(service, None, court) for service in ("electronic", "mail") for court in (None, "dcd")]


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_every_trigger_day_matches_the_oracle(rule):
    objects = {"ice": Agency.objects.get(slug="ice"), "dcd": Court.objects.get(slug="dcd"), None: None}
    index = ClosureIndex.for_range(FIRST, LAST + dt.timedelta(days=400))  # the seeded closures, read once
    bad, trigger = [], FIRST
    while trigger <= LAST:
        for service, agency, court in _cases(rule):
            kwargs = {"rule": rule, "trigger": trigger, "service": service}
            kwargs.update(agency=objects[agency], court=objects[court])
            comp = deadline_compute(**kwargs, index=index)
            expected = EXPECTED[rule](trigger, service == "mail", agency, court == "dcd")
            if comp.due != expected:
                bad.append((trigger, service, agency, court, comp.due, expected))
            if trigger.day == 1:  # the everyday path (its own calendar and queries) once a month
                assert deadline_compute(**kwargs).due == comp.due
        trigger += ONE
    assert bad[:10] == []
    comp = deadline_compute(rule=rule, trigger=FIRST, agency=objects["ice"])
    if rule == "foia-appeal-filing":
        assert "6 C.F.R. § 5.8(a)(1)" in comp.citation
        assert "(a)(6)(A)(i)(III)(aa)" in deadline_compute(rule=rule, trigger=FIRST).citation
    else:
        assert CITES[rule] in comp.citation
