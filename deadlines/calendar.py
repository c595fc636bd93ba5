"""The working-day calendar: weekends, legal public holidays and closures.

Public API (keyword-only scope arguments; `agency` is a `foia.Agency`, `court` a `litigation.Court`):

- `is_working_day(day, *, agency=None, court=None) -> bool`
- `add_working_days(start, n, *, agency=None, court=None) -> Counted` -- the n-th working day after `start` (the
  trigger day itself never counts), and the holidays and closures skipped on the way; `due, skipped = ...` unpacks.
- `working_days_between(first, last, *, agency=None, court=None) -> int` -- working days in [first, last].
- `frcp_period(trigger, days, *, service="electronic", court=None) -> FrcpPeriod` -- FRCP 6(a)(1) counting (exclude
  the trigger day, count every day, include the last; a last day that is a weekend, legal holiday or closure rolls to
  the next day that is not) and FRCP 6(d) (service by mail adds 3 days AFTER the 6(a) period expires, then rolls again).
- `Calendar(agency=..., court=..., index=...)` -- the same operations on one preloaded calendar; bulk work (closure
  recompute) builds one `ClosureIndex` and one `Calendar` per forum and never queries per day or per row.

Non-working days:
- Saturdays and Sundays.
- Legal public holidays of 5 U.S.C. § 6103(a) with the federal observed rules (Saturday -> Friday before, Sunday ->
  Monday after, so New Year's Day 2028 is observed on Friday 2027-12-31), Juneteenth from 2021. Source: the pinned
  `holidays` library (`holidays.US`, PUBLIC category only), checked against an independent § 6103 implementation and
  hand-checked dates in tests/deadlines/test_calendar.py. The library's GOVERNMENT category (executive-order closures
  such as 2025-12-24) is deliberately not used: those days are `Closure` rows, data an admin can see and correct.
- Closures (`deadlines.models.Closure`), by scope:
  * federal: every agency and every court (e.g. a day Congress or the President declares a holiday, FRCP 6(a)(6)(B));
  * executive: every executive agency but not the courts -- executive-order closures such as 2025-12-24 and
    2025-12-26 excuse executive employees; whether a court was closed too is its own court closure, so court deadlines
    never get a day the court did not actually give (the safe reading for filers);
  * agency: that agency AND all its components, transitively (a DHS-wide closure closes ICE); a component's closure
    does not close its parent or its sibling components;
  * court: that court only (FRCP 6(a)(3): the clerk's office is inaccessible).
  A calendar given both an agency and a court treats a day closed for either as non-working. Executive closures apply
  to every calendar except a court-only one (`court=...` without `agency`).

Inauguration Day (5 U.S.C. § 6103(c)) is a holiday only for employees in the Washington, DC area; it is not built in.
Add it as an agency or court closure where it applies.

Lookups never query per day: holidays come from the in-memory library, closures from a `ClosureIndex` that loads
whole years in one query (extending by another query only when a count runs past the loaded years).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import holidays

ONE_DAY = dt.timedelta(days=1)
SERVICE_METHODS = ("electronic", "mail")
FRCP_6D_DAYS = 3
_PRELOAD_YEARS = range(2000, 2051)


@lru_cache(maxsize=1)
def _federal_holidays() -> holidays.HolidayBase:
    # PUBLIC only: the § 6103(a) holidays with observed days. Years outside the preload expand lazily in memory.
    return holidays.US(years=_PRELOAD_YEARS, categories=(holidays.PUBLIC,), observed=True)


def federal_holiday(day: dt.date) -> str | None:
    """Name of the legal public holiday (or its observed day) on `day`, if any."""
    return _federal_holidays().get(day)


class Skipped(NamedTuple):
    day: dt.date
    reason: str

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.reason}"


class Counted(NamedTuple):
    due: dt.date
    skipped: list[Skipped]  # holidays and closures passed over (weekends are implied and not listed)


class FrcpPeriod(NamedTuple):
    due: dt.date
    steps: list[str]


@dataclass(frozen=True)
class ClosureDay:
    day: dt.date
    reason: str
    scope: str
    agency_id: int | None
    court_id: int | None


class ClosureIndex:
    """Closures over whole years, loaded in one query, and the agency tree (one query, only when needed)."""

    def __init__(self, first_year: int | None, last_year: int | None = None):
        self._by_day: dict[dt.date, list[ClosureDay]] = defaultdict(list)
        self._first = self._last = None
        self._parents: dict[int, int | None] | None = None
        self._calendars: dict[tuple[int | None, int | None], Calendar] = {}
        if first_year is not None:
            self._load(first_year, last_year if last_year is not None else first_year + 1)

    @classmethod
    def for_range(cls, first: dt.date, last: dt.date) -> ClosureIndex:
        return cls(first.year, last.year + 1)

    @classmethod
    def from_closures(cls, closures, *, parents: dict[int, int | None] | None = None) -> ClosureIndex:
        """An index over the given `ClosureDay`s only, without the database (tests, what-if calculations)."""
        index = cls(None)
        for closure in closures:
            index._by_day[closure.day].append(closure)
        index._first, index._last = dt.MINYEAR, dt.MAXYEAR
        index._parents = dict(parents or {})
        return index

    def _load(self, first_year: int, last_year: int) -> None:
        from .models import Closure

        rows = Closure.objects.filter(date__year__gte=first_year, date__year__lte=last_year).values_list(
            "date", "reason", "scope", "agency_id", "court_id"
        )
        for row in rows:
            self._by_day[row[0]].append(ClosureDay(*row))
        self._first = first_year if self._first is None else min(self._first, first_year)
        self._last = last_year if self._last is None else max(self._last, last_year)

    def ensure(self, day: dt.date) -> None:
        """Load more years (one query) when a count runs outside the loaded ones."""
        if day.year > self._last:
            self._load(self._last + 1, day.year + 2)
        elif day.year < self._first:
            self._load(day.year - 1, self._first - 1)

    def closures_on(self, day: dt.date) -> list[ClosureDay]:
        self.ensure(day)
        return self._by_day.get(day, [])

    def calendar(self, *, agency=None, court=None) -> Calendar:
        """One shared Calendar per forum, so bulk work reuses its per-day answers."""
        key = (_pk(agency), _pk(court))
        if key not in self._calendars:
            self._calendars[key] = Calendar(agency=key[0], court=key[1], index=self)
        return self._calendars[key]

    def set_agency_tree(self, parents: dict[int, int | None]) -> None:
        """Give the agency tree when the caller already loaded it (saves the query)."""
        self._parents = parents

    def agency_and_ancestors(self, agency_id: int) -> frozenset[int]:
        if self._parents is None:
            from foia.models import Agency

            self._parents = dict(Agency.objects.values_list("id", "parent_id"))
        chain, current = set(), agency_id
        while current is not None and current not in chain:
            chain.add(current)
            current = self._parents.get(current)
        return frozenset(chain)


def _pk(obj) -> int | None:
    if obj is None:
        return None
    return obj if isinstance(obj, int) else obj.pk


class Calendar:
    """Working days for one forum: federal closures always, plus the agency's (and its parents') or the court's."""

    def __init__(self, *, agency=None, court=None, index: ClosureIndex | None = None, around: dt.date | None = None):
        year = (around or dt.date.today()).year
        self.index = index or ClosureIndex(year - 1, year + 1)
        agency_id, self.court_id = _pk(agency), _pk(court)
        self.agency_ids = self.index.agency_and_ancestors(agency_id) if agency_id is not None else frozenset()
        self.executive = agency_id is not None or self.court_id is None
        self._scopes = {"federal", "executive"} if self.executive else {"federal"}
        self._reasons: dict[dt.date, str | None] = {}

    def closure(self, day: dt.date) -> ClosureDay | None:
        for closure in self.index.closures_on(day):
            if (
                closure.scope in self._scopes
                or (closure.scope == "agency" and closure.agency_id in self.agency_ids)
                or (closure.scope == "court" and closure.court_id == self.court_id)
            ):
                return closure
        return None

    def non_working_reason(self, day: dt.date) -> str | None:
        """Why `day` is not a working day (None when it is one)."""
        try:
            return self._reasons[day]
        except KeyError:
            reason = self._reasons[day] = self._reason(day)
            return reason

    def _reason(self, day: dt.date) -> str | None:
        weekday = day.weekday()
        if weekday >= 5:
            return "Saturday" if weekday == 5 else "Sunday"
        holiday = federal_holiday(day)
        if holiday:
            return holiday
        closure = self.closure(day)
        return closure.reason if closure else None

    def is_working_day(self, day: dt.date) -> bool:
        return self.non_working_reason(day) is None

    def add_working_days(self, start: dt.date, n: int) -> Counted:
        if n < 0:
            raise ValueError("n must be zero or more working days")
        day, counted, skipped = start, 0, []
        while counted < n:
            day += ONE_DAY
            reason = self.non_working_reason(day)
            if reason is None:
                counted += 1
            elif day.weekday() < 5:
                skipped.append(Skipped(day, reason))
        return Counted(day, skipped)

    def working_days_between(self, first: dt.date, last: dt.date) -> int:
        """Working days in [first, last] (0 when last < first)."""
        count, day = 0, first
        while day <= last:
            count += self.is_working_day(day)
            day += ONE_DAY
        return count

    def roll_forward(self, day: dt.date) -> tuple[dt.date, list[Skipped]]:
        """`day` if it is a working day, else the next one, with the days passed over (weekends included)."""
        passed = []
        while (reason := self.non_working_reason(day)) is not None:
            passed.append(Skipped(day, reason))
            day += ONE_DAY
        return day, passed

    def frcp_period(
        self, trigger: dt.date, days: int, *, service: str = "electronic", rules: str = "FRCP 6"
    ) -> FrcpPeriod:
        """FRCP 6(a)/(d) counting; `rules="FRAP 26"` cites the identical appellate rule (FRAP 26(a), 26(c))."""
        if service not in SERVICE_METHODS:
            raise ValueError(f"service must be one of {', '.join(SERVICE_METHODS)}, not {service!r}")
        end = trigger + dt.timedelta(days=days)
        due, passed = self.roll_forward(end)
        steps = [f"{trigger} trigger; +{days} days, counting every day ({rules}(a)(1)(A)-(B)) -> {end}"]
        if passed:
            steps.append(_roll_step(end, passed, due, f"{rules}(a)(1)(C)"))
        if service == "mail":
            plus = due + dt.timedelta(days=FRCP_6D_DAYS)
            mail_rule = "FRCP 6(d)" if rules == "FRCP 6" else f"{rules}(c)"
            steps.append(
                f"served by mail: +{FRCP_6D_DAYS} days after the period would otherwise expire ({mail_rule}) -> {plus}"
            )
            due, passed = self.roll_forward(plus)
            if passed:
                steps.append(_roll_step(plus, passed, due, f"{rules}(a)(1)(C)"))
        return FrcpPeriod(due, steps)


def _roll_step(end: dt.date, passed: list[Skipped], due: dt.date, citation: str) -> str:
    why = "; ".join(str(s) for s in passed)
    return f"{end} is not a court day ({why}); the period runs to {due} ({citation})"


def format_skipped(skipped: list[Skipped]) -> str:
    return " skipping " + ", ".join(str(s) for s in skipped) if skipped else ""


def _calendar(agency, court, around: dt.date) -> Calendar:
    return Calendar(agency=agency, court=court, around=around)


def is_working_day(day: dt.date, *, agency=None, court=None) -> bool:
    return _calendar(agency, court, day).is_working_day(day)


def add_working_days(start: dt.date, n: int, *, agency=None, court=None) -> Counted:
    return _calendar(agency, court, start).add_working_days(start, n)


def working_days_between(first: dt.date, last: dt.date, *, agency=None, court=None) -> int:
    return _calendar(agency, court, first).working_days_between(first, last)


def frcp_period(trigger: dt.date, days: int, *, service: str = "electronic", court=None) -> FrcpPeriod:
    return _calendar(None, court, trigger).frcp_period(trigger, days, service=service)
