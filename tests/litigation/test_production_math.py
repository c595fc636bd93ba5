"""The production schedule's arithmetic, every figure counted by hand (no database)."""

import datetime as dt

from litigation.production_math import (
    DAYS,
    Terms,
    add_months,
    due_date,
    expected_pages,
    period_count,
    period_rows,
    periods_due,
    progress,
    started_on,
)

D = dt.date


def test_months_of_28_to_31_days_keep_the_first_due_day_or_the_months_last():
    assert add_months(D(2027, 1, 31), 1) == D(2027, 2, 28)
    assert add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)  # leap year
    assert add_months(D(2027, 1, 31), 3) == D(2027, 4, 30)
    assert add_months(D(2027, 11, 30), 2) == D(2028, 1, 30)
    assert add_months(D(2027, 3, 31), -1) == D(2027, 2, 28)


def test_a_schedule_from_the_31st_comes_back_to_the_31st_after_february():
    terms = Terms(pages_per_period=500, first_due=D(2027, 1, 31))
    assert [due_date(terms, n) for n in range(1, 5)] == [D(2027, 1, 31), D(2027, 2, 28), D(2027, 3, 31), D(2027, 4, 30)]
    assert started_on(terms) == D(2026, 12, 31)
    assert periods_due(terms, D(2027, 3, 30)) == 2 and expected_pages(terms, D(2027, 3, 30)) == 1000
    assert periods_due(terms, D(2027, 3, 31)) == 3 and expected_pages(terms, D(2027, 3, 31)) == 1500
    assert expected_pages(terms, D(2027, 1, 30)) == 0


def test_shortfall_and_projection_at_the_actual_rate():
    terms = Terms(pages_per_period=500, first_due=D(2027, 1, 31), total_pages=3000)
    counted = [(D(2027, 1, 29), 400), (D(2027, 2, 27), 300), (D(2027, 3, 5), 999)]  # the last one after `on`
    p = progress(terms, counted, D(2027, 3, 1))
    assert (p.expected, p.actual, p.shortfall, p.ahead, p.behind) == (1000, 700, 300, 0, True)
    # 2026-12-31 -> 2027-03-01 is 31 + 28 + 1 = 60 days: 700 / 60 pages a day; 2300 pages left take
    # ceil(2300 * 60 / 700) = ceil(197.14) = 198 days: 2027-03-01 + 198 = 2027-09-15.
    assert p.projected_completion == D(2027, 9, 15)
    assert p.rate_per_month == 350.0
    # 3000 / 500 = 6 periods; the 6th is due 2027-06-30, 77 days before the projection.
    assert p.period_count == 6 and p.ordered_completion == D(2027, 6, 30) and p.late_by_days == 77
    assert p.next_due == D(2027, 3, 31) and not p.open_ended


def test_nothing_processed_means_no_projection_and_no_total_means_none_either():
    terms = Terms(pages_per_period=500, first_due=D(2027, 1, 31), total_pages=3000)
    p = progress(terms, [], D(2027, 2, 1))
    assert p.actual == 0 and p.shortfall == 500 and p.projected_completion is None and p.rate_per_month is None
    open_ended = progress(Terms(pages_per_period=500, first_due=D(2027, 1, 31)), [(D(2027, 1, 30), 100)], D(2027, 2, 1))
    assert open_ended.open_ended and open_ended.projected_completion is None and open_ended.period_count is None
    # 2026-12-31 -> 2027-02-01 is 32 days: 100 / 32 * 30 = 93.75, shown to one decimal.
    assert open_ended.rate_per_month == 93.8


def test_over_production_is_ahead_never_a_negative_shortfall():
    terms = Terms(pages_per_period=500, first_due=D(2027, 1, 31), total_pages=1000)
    p = progress(terms, [(D(2027, 1, 20), 1200)], D(2027, 2, 1))
    assert (p.expected, p.actual, p.shortfall, p.ahead, p.behind) == (500, 1200, 0, 700, False)
    # Already past the total: completed on the day of the production that reached it.
    assert p.projected_completion == D(2027, 1, 20) and p.late_by_days is None
    done = progress(terms, [(D(2027, 1, 20), 600), (D(2027, 2, 10), 500)], D(2027, 3, 1))
    assert done.projected_completion == D(2027, 2, 10) and done.expected == 1000 and done.next_due is None


def test_every_n_days_with_an_end_date_and_a_capped_last_period():
    terms = Terms(pages_per_period=400, first_due=D(2027, 1, 15), period=DAYS, every_days=30, ends_on=D(2027, 3, 20))
    # 01-15, 02-14, 03-16 (04-15 is after the end)
    assert [due_date(terms, n) for n in (1, 2, 3, 4)] == [
        D(2027, 1, 15),
        D(2027, 2, 14),
        D(2027, 3, 16),
        D(2027, 4, 15),
    ]
    assert period_count(terms) == 3 and started_on(terms) == D(2026, 12, 16)
    assert expected_pages(terms, D(2030, 1, 1)) == 1200
    capped = Terms(pages_per_period=400, first_due=D(2027, 1, 15), period=DAYS, every_days=30, total_pages=1000)
    assert period_count(capped) == 3 and expected_pages(capped, D(2030, 1, 1)) == 1000


def test_period_rows_give_cumulative_expected_and_actual_by_each_due_date_and_the_next_one():
    terms = Terms(pages_per_period=500, first_due=D(2027, 1, 31))
    rows = period_rows(terms, [(D(2027, 1, 29), 400), (D(2027, 2, 27), 300)], D(2027, 3, 1))
    assert [(r.n, r.due, r.expected, r.actual, r.past, r.shortfall) for r in rows] == [
        (1, D(2027, 1, 31), 500, 400, True, 100),
        (2, D(2027, 2, 28), 1000, 700, True, 300),
        (3, D(2027, 3, 31), 1500, 700, False, 800),
    ]
