"""The working-day calendar against 5 U.S.C. § 6103, hand-checked dates, closures by scope, and FRCP 6 counting."""

import datetime as dt

import holidays
import pytest

from deadlines import calendar
from deadlines.calendar import (
    Calendar,
    ClosureDay,
    ClosureIndex,
    Forum,
    add_working_days,
    frcp_period,
    is_working_day,
)
from deadlines.models import Closure, ClosureScope
from directory.models import Agency, Court
from tests.deadlines.factories import ClosureFactory

D = dt.date


def _nth_weekday(year, month, weekday, n):
    first = D(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _last_weekday(year, month, weekday):
    last = D(year, month + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _observed(day):
    return (
        day - dt.timedelta(days=1) if day.weekday() == 5 else day + dt.timedelta(days=1) if day.weekday() == 6 else day
    )


def section_6103_weekday_holidays(year):
    """Weekday legal public holidays in `year` per 5 U.S.C. § 6103(a) and the observed rule of § 6103(b) / E.O. 11582,
    written independently of the `holidays` library. New Year's Day of `year + 1` may be observed on Dec 31."""
    fixed = [D(year, 1, 1), D(year, 7, 4), D(year, 11, 11), D(year, 12, 25), D(year + 1, 1, 1)]
    if year >= 2021:
        fixed.append(D(year, 6, 19))
    days = {_observed(d) for d in fixed}
    days |= {
        _nth_weekday(year, 1, 0, 3),  # Birthday of Martin Luther King, Jr.: third Monday in January
        _nth_weekday(year, 2, 0, 3),  # Washington's Birthday: third Monday in February
        _last_weekday(year, 5, 0),  # Memorial Day: last Monday in May
        _nth_weekday(year, 9, 0, 1),  # Labor Day: first Monday in September
        _nth_weekday(year, 10, 0, 2),  # Columbus Day: second Monday in October
        _nth_weekday(year, 11, 3, 4),  # Thanksgiving Day: fourth Thursday in November
    }
    return {d for d in days if d.year == year}


@pytest.mark.parametrize("year", range(2015, 2041))
def test_library_matches_section_6103_with_observed_days(year):
    library = {d for d in holidays.US(years=year, categories=(holidays.PUBLIC,)) if d.weekday() < 5}
    assert library == section_6103_weekday_holidays(year)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2026, 7, 3), "Independence Day (observed)"),  # July 4, 2026 is a Saturday
        (D(2027, 6, 18), "Juneteenth National Independence Day (observed)"),  # June 19, 2027 is a Saturday
        (D(2027, 12, 24), "Christmas Day (observed)"),  # Dec 25, 2027 is a Saturday
        (D(2027, 12, 31), "New Year's Day (observed)"),  # Jan 1, 2028 is a Saturday: observed the year before
        (D(2021, 6, 18), "Juneteenth National Independence Day (observed)"),  # first observance
        (D(2022, 12, 26), "Christmas Day (observed)"),  # Sunday -> Monday
        (D(2026, 11, 26), "Thanksgiving Day"),
        (D(2026, 1, 19), "Martin Luther King Jr. Day"),
    ],
)
def test_hand_checked_holidays(day, name):
    assert calendar.federal_holiday(day) == name


@pytest.mark.django_db
def test_juneteenth_is_a_working_day_before_2021_and_not_after():
    assert is_working_day(D(2020, 6, 19))
    assert not is_working_day(D(2024, 6, 19))


@pytest.mark.django_db
def test_weekends_and_observed_days_are_not_working_days():
    assert not is_working_day(D(2026, 7, 3))
    assert not is_working_day(D(2026, 7, 4))
    assert not is_working_day(D(2026, 7, 5))
    assert is_working_day(D(2026, 7, 6))
    assert not is_working_day(D(2027, 12, 31))


@pytest.mark.django_db
def test_seeded_executive_closures_match_the_librarys_government_days():
    gov = holidays.US(years=range(2018, 2027), categories=(holidays.GOVERNMENT,))
    public = holidays.US(years=range(2018, 2027), categories=(holidays.PUBLIC,))
    expected = {d for d in gov if d not in public}
    seeded = set(Closure.objects.filter(scope=ClosureScope.EXECUTIVE).values_list("date", flat=True))
    assert seeded == expected
    assert {D(2025, 12, 24), D(2025, 12, 26)} <= seeded


@pytest.mark.django_db
def test_add_working_days_names_the_days_it_skips():
    due, skipped = add_working_days(D(2026, 11, 20), 20)
    assert due == D(2026, 12, 21)
    assert [str(s) for s in skipped] == ["2026-11-26 Thanksgiving Day"]


@pytest.mark.django_db
def test_executive_closures_close_agencies_but_not_courts():
    dcd = Court.objects.get(slug="dcd")
    ice = Agency.objects.get(slug="ice")
    assert not is_working_day(D(2025, 12, 24))
    assert not is_working_day(D(2025, 12, 26), agency=ice)
    assert is_working_day(D(2025, 12, 24), court=dcd)
    due, skipped = add_working_days(D(2025, 12, 23), 2, agency=ice)
    assert due == D(2025, 12, 30)
    assert [s.day for s in skipped] == [D(2025, 12, 24), D(2025, 12, 25), D(2025, 12, 26)]


@pytest.mark.django_db
def test_agency_closures_cover_the_agency_and_its_components_only():
    dhs, ice, cbp = (Agency.objects.get(slug=s) for s in ("dhs", "ice", "cbp"))
    day = D(2026, 3, 10)
    ClosureFactory(date=day, scope=ClosureScope.AGENCY, agency=dhs, reason="DHS closed")
    ClosureFactory(date=day + dt.timedelta(days=1), scope=ClosureScope.AGENCY, agency=ice, reason="ICE closed")
    assert not is_working_day(day, agency=ice)  # the department's closure closes its components
    assert not is_working_day(day, agency=cbp)
    assert not is_working_day(day + dt.timedelta(days=1), agency=ice)
    assert is_working_day(day + dt.timedelta(days=1), agency=cbp)  # a component's closure: not its siblings
    assert is_working_day(day + dt.timedelta(days=1), agency=dhs)  # nor its parent
    assert is_working_day(day)  # nor the federal calendar
    assert is_working_day(day, court=Court.objects.get(slug="dcd"))


@pytest.mark.django_db
def test_court_closures_cover_that_court_only():
    dcd = Court.objects.get(slug="dcd")
    other = Court.objects.create(slug="mdd", name="U.S. District Court for the District of Maryland")
    ClosureFactory(date=D(2026, 12, 21), scope=ClosureScope.COURT, court=dcd)
    assert not is_working_day(D(2026, 12, 21), court=dcd)
    assert is_working_day(D(2026, 12, 21), court=other)
    assert is_working_day(D(2026, 12, 21), agency=Agency.objects.get(slug="ice"))


@pytest.mark.django_db
def test_federal_closures_close_everything():
    ClosureFactory(date=D(2026, 12, 21), scope=ClosureScope.FEDERAL)
    assert not is_working_day(D(2026, 12, 21), court=Court.objects.get(slug="dcd"))
    assert not is_working_day(D(2026, 12, 21), agency=Agency.objects.get(slug="ice"))


@pytest.mark.django_db
def test_counting_loads_closures_once_per_year_range_not_per_day(django_assert_max_num_queries):
    ice = Agency.objects.get(slug="ice")
    cal = Calendar(forum=Forum.AGENCY, agency=ice, around=D(2026, 1, 5))
    with django_assert_max_num_queries(3):  # at most a couple of extra year ranges, never one per day
        due, _ = cal.add_working_days(D(2026, 1, 5), 750)
    assert due.year == 2028 or due.year == 2029


@pytest.mark.django_db
def test_frcp_period_rolls_past_weekends_and_holidays():
    period = frcp_period(D(2026, 10, 3), 7)  # ends Saturday 10-10; Sunday; Monday 10-12 is Columbus Day
    assert period.due == D(2026, 10, 13)
    assert "2026-10-12 Columbus Day" in period.steps[1]


@pytest.mark.django_db
def test_frcp_6d_adds_three_days_after_the_rolled_period_not_seventeen_straight():
    # 14 days from 2026-06-19 ends on 2026-07-03 (Independence Day observed) and rolls to Monday 07-06;
    # 6(d) then adds 3 -> Thursday 07-09. Counting 17 straight would wrongly give 07-06.
    straight = frcp_period(D(2026, 6, 19), 17)
    mailed = frcp_period(D(2026, 6, 19), 14, service="mail")
    assert straight.due == D(2026, 7, 6)
    assert mailed.due == D(2026, 7, 9)
    assert any("FRCP 6(d)" in s for s in mailed.steps)


@pytest.mark.django_db
def test_frcp_6d_rolls_again_after_adding_three_days():
    # 7 days from Wed 2026-12-16 -> Wed 12-23; +3 -> Sat 12-26 -> Sun -> Mon 12-28.
    period = frcp_period(D(2026, 12, 16), 7, service="mail")
    assert period.due == D(2026, 12, 28)


def test_bad_service_is_refused():
    cal = Calendar(forum=Forum.COURT, index=ClosureIndex.from_closures([]))
    with pytest.raises(ValueError, match="service must be one of electronic, mail"):
        cal.frcp_period(D(2026, 1, 5), 14, service="fax")


def test_in_memory_index_needs_no_database():
    index = ClosureIndex.from_closures([ClosureDay(D(2026, 12, 22), "test closure", "federal", None, None)])
    cal = index.calendar(forum=Forum.AGENCY)
    assert cal.non_working_reason(D(2026, 12, 22)) == "test closure"
    assert index.calendar(forum="agency") is cal


# --- the forum decides the calendar, not the objects passed --------------------------------------------------------


@pytest.mark.django_db
def test_a_court_calendar_without_a_court_ignores_executive_order_closures():
    assert not is_working_day(D(2025, 12, 24))  # the agency forum by default: the seeded executive-order closure
    assert is_working_day(D(2025, 12, 24), forum=Forum.COURT)  # the courts were not closed by it
    assert frcp_period(D(2025, 12, 10), 14).due == D(2025, 12, 24)


def test_a_calendar_takes_only_its_forums_object():
    index = ClosureIndex.from_closures([])
    with pytest.raises(ValueError, match="an agency calendar takes no court"):
        Calendar(forum=Forum.AGENCY, court=1, index=index)
    with pytest.raises(ValueError, match="a court calendar takes no agency"):
        Calendar(forum=Forum.COURT, agency=1, index=index)
    with pytest.raises(ValueError):
        is_working_day(D(2026, 1, 5), agency=1, court=1)


# --- District of Columbia legal holidays in D.D.C. (FRCP 6(a)(6)(C), 81(d)(2)) --------------------------------------


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2026, 4, 16), "D.C. Emancipation Day"),  # a Thursday
        (D(2027, 4, 16), "D.C. Emancipation Day"),  # a Friday
        (D(2028, 4, 17), "D.C. Emancipation Day (observed)"),  # April 16, 2028 is a Sunday: Monday after
        (D(2022, 4, 15), "D.C. Emancipation Day (observed)"),  # April 16, 2022 was a Saturday: Friday before
        (D(2023, 4, 17), "D.C. Emancipation Day (observed)"),  # April 16, 2023 was a Sunday
        (D(2021, 1, 20), "D.C. Inauguration Day"),  # a Wednesday
        (D(2029, 1, 19), None),  # January 20, 2029 is a Saturday: not moved to Friday (only Sunday -> Monday)
        (D(2025, 1, 20), None),  # Inauguration Day on Martin Luther King Jr. Day: already a federal holiday
        (D(2026, 4, 15), None),
        (D(2026, 4, 17), None),
    ],
)
def test_district_of_columbia_holidays_hand_checked(day, name):
    dc = calendar.COURT_STATES["dcd"]
    expected = f"{name} (D.C. legal holiday)" if name else None
    assert calendar.state_holiday(day, dc) == expected


@pytest.mark.django_db
def test_dc_holidays_close_dcd_only_never_an_agency_or_another_court():
    dcd = Court.objects.get(slug="dcd")
    other = Court.objects.create(slug="mdd", name="U.S. District Court for the District of Maryland")
    assert not is_working_day(D(2026, 4, 16), court=dcd)
    assert not is_working_day(D(2026, 4, 16), court=dcd.pk)  # by pk: the index looks the slug up
    assert is_working_day(D(2026, 4, 16), court=other)
    assert is_working_day(D(2026, 4, 16), forum=Forum.COURT)  # no court: federal holidays only
    assert is_working_day(D(2026, 4, 16), agency=Agency.objects.get(slug="ice"))  # FOIA working days: never
    assert is_working_day(D(2026, 4, 16))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("trigger", "service", "due"),
    [
        # +14 -> Thu 2026-04-16 (Emancipation Day) -> Fri 04-17.
        (D(2026, 4, 2), "electronic", D(2026, 4, 17)),
        # +14 -> Fri 2027-04-16 (Emancipation Day), Sat, Sun -> Mon 04-19.
        (D(2027, 4, 2), "electronic", D(2027, 4, 19)),
        # +14 -> Sun 2028-04-16 -> Mon 04-17 (observed) -> Tue 04-18.
        (D(2028, 4, 2), "electronic", D(2028, 4, 18)),
        # +14 -> Fri 2022-04-15 (observed for Saturday 04-16), Sat, Sun -> Mon 04-18.
        (D(2022, 4, 1), "electronic", D(2022, 4, 18)),
        # By mail: +14 -> Mon 2026-04-13 (a court day); +3 (FRCP 6(d)) -> Thu 04-16 -> Fri 04-17.
        (D(2026, 3, 30), "mail", D(2026, 4, 17)),
        # +14 -> Wed 2021-01-20 (Inauguration Day) -> Thu 01-21.
        (D(2021, 1, 6), "electronic", D(2021, 1, 21)),
    ],
)
def test_ddc_periods_roll_past_dc_holidays(trigger, service, due):
    period = frcp_period(trigger, 14, service=service, court=Court.objects.get(slug="dcd"))
    assert period.due == due
    assert any("(D.C. legal holiday)" in step and "FRCP 6(a)(6)(C), 81(d)(2)" in step for step in period.steps)
    assert period.citations == ("FRCP 6(a)(6)(C), 81(d)(2)",)
    assert frcp_period(trigger, 14, service=service).due < due  # without the court: federal holidays only


@pytest.mark.django_db
def test_the_working_days_counter_answers_like_counting_day_by_day():
    """The dashboard counts thousands of spans with `working_days_counter`: every span, inside the range or reaching
    out of it, gets `working_days_between`'s answer (a closure inside the range included)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    ClosureFactory(date=dt.date(2026, 3, 4), reason="Closed")
    cal = Calendar(forum=Forum.AGENCY)
    first, last = dt.date(2025, 12, 1), dt.date(2026, 12, 31)
    between = cal.working_days_counter(first, last)
    # By hand: 2026-11-23..2026-11-30 is Mon-Mon with Thanksgiving (Thu 26): 6 weekdays less one = 5.
    assert between(dt.date(2026, 11, 23), dt.date(2026, 11, 30)) == 5
    days = st.integers(-60, 460).map(lambda n: first + dt.timedelta(days=n))

    @settings(max_examples=200, deadline=None)
    @given(start=days, end=days)
    def same(start, end):
        assert between(start, end) == cal.working_days_between(start, end)

    same()
