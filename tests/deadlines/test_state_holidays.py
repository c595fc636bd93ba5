"""Each seeded court's calendar adds its state's legal holidays for periods counted forward (FRCP 6(a)(6)(C)), as
D.D.C. adds the District's: hand-checked dates, a holiday on a weekend, and never another court or an agency."""

import datetime as dt

import pytest

from deadlines import calendar
from deadlines.calendar import Forum, frcp_period, is_working_day
from deadlines.rules import deadline_compute
from directory.models import Agency, Court

pytestmark = pytest.mark.django_db
D = dt.date


def court(slug: str) -> Court:
    return Court.objects.get(slug=slug)


def test_every_seeded_court_has_its_state():
    states = {slug: state.subdivision for slug, state in calendar.COURT_STATES.items()}
    assert states == {"dcd": "DC", "cand": "CA", "nysd": "NY", "mad": "MA", "ilnd": "IL", "wawd": "WA"}


@pytest.mark.parametrize(
    ("slug", "trigger", "landing", "due", "holiday"),
    [
        # N.D. Cal.: Tue 2026-03-17 + 14 = Tue 2026-03-31, Cesar Chavez Day (California) -> Wed 04-01.
        ("cand", D(2026, 3, 17), D(2026, 3, 31), D(2026, 4, 1), "California Cesar Chavez Day"),
        # N.D. Cal.: Fri 2026-11-13 + 14 = Fri 11-27, the day after Thanksgiving (California) -> Sat, Sun -> Mon 11-30.
        ("cand", D(2026, 11, 13), D(2026, 11, 27), D(2026, 11, 30), "California Day After Thanksgiving"),
        # S.D.N.Y.: Thu 2026-01-29 + 14 = Thu 02-12, Lincoln's Birthday (New York) -> Fri 02-13.
        ("nysd", D(2026, 1, 29), D(2026, 2, 12), D(2026, 2, 13), "New York Lincoln's Birthday"),
        # S.D.N.Y.: Tue 2026-10-20 + 14 = Tue 11-03, general Election Day (New York) -> Wed 11-04.
        ("nysd", D(2026, 10, 20), D(2026, 11, 3), D(2026, 11, 4), "New York Election Day"),
        # D. Mass.: Mon 2026-04-06 + 14 = Mon 04-20, Patriots' Day (third Monday of April) -> Tue 04-21.
        ("mad", D(2026, 4, 6), D(2026, 4, 20), D(2026, 4, 21), "Massachusetts Patriots' Day"),
        # N.D. Ill.: Mon 2026-02-16 + 14 = Mon 03-02, Casimir Pulaski Day (first Monday of March) -> Tue 03-03.
        ("ilnd", D(2026, 2, 16), D(2026, 3, 2), D(2026, 3, 3), "Illinois Casimir Pulaski Day"),
        # N.D. Ill.: Thu 2026-01-29 + 14 = Thu 02-12, Lincoln's Birthday (Illinois) -> Fri 02-13.
        ("ilnd", D(2026, 1, 29), D(2026, 2, 12), D(2026, 2, 13), "Illinois Lincoln's Birthday"),
        # W.D. Wash.: Fri 2026-11-13 + 14 = Fri 11-27, Native American Heritage Day -> Sat, Sun -> Mon 11-30.
        ("wawd", D(2026, 11, 13), D(2026, 11, 27), D(2026, 11, 30), "Washington Native American Heritage Day"),
    ],
)
def test_a_deadline_landing_on_a_state_holiday_rolls_to_the_next_court_day(slug, trigger, landing, due, holiday):
    period = frcp_period(trigger, 14, court=court(slug))
    assert period.due == due
    state = calendar.COURT_STATES[slug]
    assert period.citations == ("FRCP 6(a)(6)(C)",)
    assert any(
        f"{landing} is not a court day ({landing} {holiday} ({state.label} legal holiday)" in step
        and "FRCP 6(a)(6)(C)" in step
        for step in period.steps
    ), period.steps
    # Without the court (or in another state's court), the holiday is an ordinary day: the period ends on it.
    assert frcp_period(trigger, 14).due == landing
    assert frcp_period(trigger, 14, court=court("dcd")).due == landing


@pytest.mark.parametrize(
    ("slug", "day", "name"),
    [
        # Cesar Chavez Day on Sunday 2030-03-31 is observed Monday 2030-04-01 (Sunday -> Monday).
        ("cand", D(2030, 4, 1), "California Cesar Chavez Day (observed)"),
        # On Saturday 2029-03-31 it is not moved to Friday 2029-03-30.
        ("cand", D(2029, 3, 30), None),
        # Lincoln's Birthday on Saturday 2028-02-12: the library observes it Friday 2028-02-11 in NY and IL.
        ("nysd", D(2028, 2, 11), "New York Lincoln's Birthday (observed)"),
        ("ilnd", D(2028, 2, 11), "Illinois Lincoln's Birthday (observed)"),
        # Illinois' Election Day is a holiday in even years only (2027-11-02 is not), New York's every year.
        ("ilnd", D(2027, 11, 2), None),
        ("nysd", D(2027, 11, 2), "New York Election Day"),
        # Patriots' Day 2027 is Monday 2027-04-19.
        ("mad", D(2027, 4, 19), "Massachusetts Patriots' Day"),
        # A federal holiday is named as federal, never as the state's (Thanksgiving 2026-11-26).
        ("wawd", D(2026, 11, 26), None),
    ],
)
def test_state_holidays_hand_checked(slug, day, name):
    state = calendar.COURT_STATES[slug]
    expected = f"{name} ({state.label} legal holiday)" if name else None
    assert calendar.state_holiday(day, state) == expected


def test_a_state_holiday_on_a_sunday_moves_the_deadline_past_its_observed_monday():
    # N.D. Cal.: Sun 2030-03-17 + 14 = Sun 2030-03-31 (Cesar Chavez Day) -> Mon 04-01 (observed) -> Tue 04-02.
    period = frcp_period(D(2030, 3, 17), 14, court=court("cand"))
    assert period.due == D(2030, 4, 2)
    assert "2030-04-01 California Cesar Chavez Day (observed)" in period.steps[-1]
    # Without the state's holidays: Sun 03-31 -> Mon 04-01.
    assert frcp_period(D(2030, 3, 17), 14).due == D(2030, 4, 1)


def test_a_state_holiday_on_a_saturday_moves_nothing_in_california():
    # N.D. Cal.: Fri 2029-03-16 + 14 = Fri 2029-03-30, an ordinary court day (Cesar Chavez Day is Saturday 03-31).
    assert frcp_period(D(2029, 3, 16), 14, court=court("cand")).due == D(2029, 3, 30)


def test_mail_service_adds_three_days_after_the_roll_then_rolls_past_the_state_holiday():
    # S.D.N.Y. opposition by mail: Thu 2026-01-15 + 14 = Thu 01-29 (a court day); +3 (FRCP 6(d)) = Sun 02-01
    # -> Mon 02-02.
    nysd = court("nysd")
    comp = deadline_compute(rule="sdny-opposition", trigger=D(2026, 1, 15), service="mail", court=nysd)
    assert comp.due == D(2026, 2, 2)
    # Mon 2026-01-26 + 14 = Mon 02-09; +3 (FRCP 6(d)) = Thu 02-12, Lincoln's Birthday (New York) -> Fri 02-13.
    comp = deadline_compute(rule="sdny-opposition", trigger=D(2026, 1, 26), service="mail", court=court("nysd"))
    assert comp.due == D(2026, 2, 13)
    assert comp.citation == "S.D.N.Y. Local Civil Rule 6.1(b)(1); FRCP 6(a); FRCP 6(a)(6)(C); FRCP 6(d)"
    assert comp.steps[1].startswith("served by mail: +3 days after the period would otherwise expire (FRCP 6(d))")


def test_state_holidays_never_reach_an_agency_or_a_court_calendar_without_a_court():
    ice = Agency.objects.get(slug="ice")
    for day, slug in [(D(2026, 3, 31), "cand"), (D(2026, 4, 20), "mad"), (D(2026, 3, 2), "ilnd")]:
        assert not is_working_day(day, court=court(slug))
        assert is_working_day(day, agency=ice)
        assert is_working_day(day, forum=Forum.COURT)
