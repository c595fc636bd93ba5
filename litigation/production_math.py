"""The arithmetic of a court-ordered production schedule ("process 500 pages a month, first production by X"): pure,
no database, so it is tested by hand (tests/litigation/test_production_math.py).

- Period n (from 1) is due `first_due` + (n - 1) months for a monthly schedule (the same day of the month, the
  month's last day when it has fewer days: a schedule from January 31 is due February 28 or 29, then March 31), or
  `first_due` + (n - 1) x `every_days` days. No period is due after `ends_on`, nor once the periods due cover
  `total_pages`.
- Expected pages on a date: `pages_per_period` for each period due by then (the last one capped at `total_pages`).
- The actual rate is the pages processed so far over the days since the schedule started (one period before the
  first production was due); the projected completion is when `total_pages` is reached at that rate. No total, or
  nothing processed yet: no projection.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass

MONTHLY = "monthly"
DAYS = "days"
MAX_PERIODS = 600  # 50 years of monthly productions: a guard, no real order runs longer


@dataclass(frozen=True)
class Terms:
    """What the order says."""

    pages_per_period: int
    first_due: dt.date
    period: str = MONTHLY  # MONTHLY or DAYS
    every_days: int | None = None  # for DAYS
    ends_on: dt.date | None = None
    total_pages: int | None = None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or that month's last day when it has fewer days."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date(terms: Terms, n: int) -> dt.date:
    """Period n's due date (n from 1), always counted from the first due date (never from the previous period's, so
    a schedule from the 31st comes back to the 31st after February)."""
    if terms.period == MONTHLY:
        return add_months(terms.first_due, n - 1)
    return terms.first_due + dt.timedelta(days=terms.every_days * (n - 1))


def started_on(terms: Terms) -> dt.date:
    """When the first period began: one period before the first production was due."""
    if terms.period == MONTHLY:
        return add_months(terms.first_due, -1)
    return terms.first_due - dt.timedelta(days=terms.every_days)


def period_count(terms: Terms) -> int | None:
    """How many periods the order sets; None for an open-ended one (no end date, no total)."""
    limits = []
    if terms.total_pages is not None:
        limits.append(max(1, math.ceil(terms.total_pages / terms.pages_per_period)))
    if terms.ends_on is not None:
        n = 0
        while n < MAX_PERIODS and due_date(terms, n + 1) <= terms.ends_on:
            n += 1
        limits.append(n)
    return min(limits) if limits else None


def periods_due(terms: Terms, on: dt.date) -> int:
    """How many periods have fallen due by `on` (inclusive)."""
    limit = period_count(terms)
    cap = MAX_PERIODS if limit is None else min(limit, MAX_PERIODS)
    n = 0
    while n < cap and due_date(terms, n + 1) <= on:
        n += 1
    return n


def expected_by_period(terms: Terms, n: int) -> int:
    """The pages the order expects processed by period n's due date."""
    pages = terms.pages_per_period * n
    return pages if terms.total_pages is None else min(pages, terms.total_pages)


def expected_pages(terms: Terms, on: dt.date) -> int:
    return expected_by_period(terms, periods_due(terms, on))


@dataclass(frozen=True)
class Progress:
    on: dt.date
    expected: int
    actual: int
    periods_due: int
    period_count: int | None  # None: open-ended
    next_due: dt.date | None  # the next period's due date (None once the last one is past)
    projected_completion: dt.date | None  # at the actual rate; None when no total or nothing processed
    ordered_completion: dt.date | None  # the last period's due date, when the order has one
    rate_per_month: float | None  # pages per 30 days processed so far

    @property
    def shortfall(self) -> int:
        return max(0, self.expected - self.actual)

    @property
    def ahead(self) -> int:
        return max(0, self.actual - self.expected)

    @property
    def behind(self) -> bool:
        return self.shortfall > 0

    @property
    def open_ended(self) -> bool:
        return self.period_count is None

    @property
    def late_by_days(self) -> int | None:
        """How many days after the order's last due date the projected completion falls (None: not later)."""
        if (
            self.projected_completion
            and self.ordered_completion
            and self.projected_completion > self.ordered_completion
        ):
            return (self.projected_completion - self.ordered_completion).days
        return None


def progress(terms: Terms, counted: list[tuple[dt.date, int]], on: dt.date) -> Progress:
    """Where the schedule stands on `on`, given the productions counted against it as (date, pages processed); a
    production dated after `on` is not counted yet."""
    actual = sum(pages for day, pages in counted if day <= on)
    count = period_count(terms)
    due = periods_due(terms, on)
    next_due = due_date(terms, due + 1) if count is None or due < count else None
    ordered = due_date(terms, count) if count else None
    elapsed = (on - started_on(terms)).days
    rate = actual / elapsed if elapsed > 0 and actual > 0 else None
    projected = None
    if terms.total_pages is not None and rate:
        if actual >= terms.total_pages:
            reached, running = None, 0
            for day, pages in sorted(counted):
                running += pages
                if running >= terms.total_pages:
                    reached = day
                    break
            projected = reached
        else:
            projected = on + dt.timedelta(days=math.ceil((terms.total_pages - actual) / rate))
    return Progress(
        on=on,
        expected=expected_by_period(terms, due),
        actual=actual,
        periods_due=due,
        period_count=count,
        next_due=next_due,
        projected_completion=projected,
        ordered_completion=ordered,
        rate_per_month=round(rate * 30, 1) if rate else None,
    )


@dataclass(frozen=True)
class PeriodRow:
    n: int
    due: dt.date
    expected: int  # cumulative, by the due date
    actual: int  # cumulative processed by the due date
    past: bool

    @property
    def shortfall(self) -> int:
        return max(0, self.expected - self.actual)


def period_rows(terms: Terms, counted: list[tuple[dt.date, int]], on: dt.date, *, upcoming: int = 1) -> list[PeriodRow]:
    """One row per period due by `on`, and the next `upcoming` ones: expected and actual pages by each due date."""
    count = period_count(terms)
    last = periods_due(terms, on) + upcoming
    if count is not None:
        last = min(last, count)
    rows = []
    for n in range(1, min(last, MAX_PERIODS) + 1):
        due = due_date(terms, n)
        actual = sum(pages for day, pages in counted if day <= min(due, on))
        rows.append(PeriodRow(n, due, expected_by_period(terms, n), actual, due <= on))
    return rows
