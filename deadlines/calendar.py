"""The working-day calendar: weekends, legal public holidays and closures.

Every calendar belongs to a FORUM (`Forum.AGENCY` or `Forum.COURT`), named by the rule that counts on it, never guessed
from whether an agency or court object was passed: a court rule computed without a court still counts court days.

Public API (keyword-only scope arguments; `agency` is a `directory.Agency`, `court` a `directory.Court`, or their pks):

- `is_working_day(day, *, agency=None, court=None, forum=None) -> bool`
- `add_working_days(start, n, *, agency=None, court=None, forum=None) -> Counted` -- the n-th working day after
  `start` (the trigger day itself never counts), and the holidays and closures skipped on the way; `due, skipped = ...`.
- `working_days_between(first, last, *, agency=None, court=None, forum=None) -> int` -- working days in [first, last].
  These three default to the court forum when only a court is given, else to the agency forum; pass `forum=` to say.
- `frcp_period(trigger, days, *, service="electronic", court=None) -> FrcpPeriod` -- FRCP 6(a)(1) counting (exclude
  the trigger day, count every day, include the last; a last day that is a weekend, legal holiday or closure rolls to
  the next day that is not) and FRCP 6(d) (service by mail adds 3 days AFTER the 6(a) period expires, then rolls again).
  Always the court forum.
- `Calendar(forum=..., agency=..., court=..., index=...)` -- the same operations on one preloaded calendar; bulk work
  (closure recompute) builds one `ClosureIndex` and one `Calendar` per forum and never queries per day or per row.

Non-working days:
- Saturdays and Sundays.
- Legal public holidays of 5 U.S.C. § 6103(a) with the federal observed rules (Saturday -> Friday before, Sunday ->
  Monday after, so New Year's Day 2028 is observed on Friday 2027-12-31), Juneteenth from 2021. Source: the pinned
  `holidays` library (`holidays.US`, PUBLIC category only), checked against an independent § 6103 implementation and
  hand-checked dates in tests/deadlines/test_calendar.py. The library's GOVERNMENT category (executive-order closures
  such as 2025-12-24) is deliberately not used: those days are `Closure` rows, data an admin can see and correct.
- Court forum only: the legal holidays of the state where the district court sits (FRCP 6(a)(6)(C): "any other day
  declared a holiday by the state where the district court is located", for periods measured after an event, which is
  every period of the catalogue; FRAP 26(a)(6)(C) likewise). `COURT_STATES` maps each seeded court to its state; the
  holidays beyond the federal set come from the pinned `holidays` library's US subdivisions, PUBLIC category only
  (its observed rules included), which implements these statutes:
  * D.D.C. "dcd", District of Columbia ("state" includes the District: FRCP 81(d)(2), FRAP 1(b)); D.C. Code § 1-612.02:
    D.C. Emancipation Day, April 16 (Saturday -> Friday before, Sunday -> Monday after: 2028-04-16 is a Sunday,
    observed Monday 2028-04-17) and Inauguration Day (January 20 every fourth year, Sunday -> Monday).
  * N.D. Cal. "cand", California (Cal. Gov. Code § 6700): Cesar Chavez Day (March 31; Sunday -> Monday, a Saturday
    is not moved), the day after Thanksgiving, Susan B. Anthony Day (February 15) and, from 2026, Diwali. The library
    has Lincoln Day (February 12) only until 2009 and no Admission Day (September 9): a day the court closes that the
    library lacks is a court closure (data).
  * S.D.N.Y. "nysd", New York (N.Y. Gen. Constr. Law § 24): Lincoln's Birthday (February 12; the library moves a
    Saturday to the Friday before, a Sunday to the Monday after), Susan B. Anthony Day (February 15) and general
    Election Day (the Tuesday after the first Monday of November).
  * D. Mass. "mad", Massachusetts (Mass. Gen. Laws ch. 4, § 7): Patriots' Day (third Monday of April).
  * N.D. Ill. "ilnd", Illinois (5 ILCS 490/15, 490/60; 10 ILCS 5/17-25): Lincoln's Birthday (February 12, moved like
    New York's), Casimir Pulaski Day (first Monday of March) and general Election Day in even years.
  * W.D. Wash. "wawd", Washington (RCW 1.16.050): Native American Heritage Day (the day after Thanksgiving).
  Tests hand-check a holiday of each court and the weekend moves (tests/deadlines/test_state_holidays.py).
  The library's other categories (optional, bank, government) are not used. Agency (FOIA) working days never get
  state holidays.
- Closures (`deadlines.models.Closure`), by scope:
  * federal: every agency and every court (e.g. a day Congress or the President declares a holiday, FRCP 6(a)(6)(B));
  * executive: every calendar of the AGENCY forum (with or without a particular agency) and no court calendar --
    executive-order closures such as 2025-12-24 and 2025-12-26 excuse executive employees; whether a court was closed
    too is its own court closure, so court deadlines never get a day the court did not actually give (the safe reading
    for filers), even when no court is named;
  * agency: that agency AND all its components, transitively (a DHS-wide closure closes ICE); a component's closure
    does not close its parent or its sibling components;
  * court: that court only (FRCP 6(a)(3): the clerk's office is inaccessible).
  `deadlines.services` selects the deadlines a closure change recomputes by the same forum rules, so a stored deadline
  always equals a fresh computation.

Inauguration Day (5 U.S.C. § 6103(c)) is a holiday only for federal employees in the Washington, DC area; it is not
built into agency calendars. Add it as an agency closure where it applies.

Lookups never query per day: holidays come from the in-memory library, closures from a `ClosureIndex` that loads
whole years in one query (extending by another query only when a count runs past the loaded years).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

import holidays

from directory.models import Agency, Court

ONE_DAY = dt.timedelta(days=1)
SERVICE_METHODS = ("electronic", "mail")
FRCP_6D_DAYS = 3
_PRELOAD_YEARS = range(2000, 2051)
# The years the `holidays` library has data for (it answers "no holiday" outside them, silently): every day a count
# looks at must lie in this range, or `OutsideCalendar` is raised rather than a wrong date computed.
COVERED_FIRST = dt.date(holidays.US.start_year, 1, 1)
COVERED_LAST = dt.date(holidays.US.end_year, 12, 31)


class OutsideCalendar(ValueError):
    """A count reached a day the holiday data does not cover (before `COVERED_FIRST` or after `COVERED_LAST`)."""

    def __init__(self, day: dt.date):
        self.day = day
        super().__init__(f"{day} is outside the holiday calendar, which covers {COVERED_FIRST} to {COVERED_LAST} only")


class Forum(StrEnum):
    """Whose working days a rule counts: an executive agency's (FOIA) or a court's (FRCP / FRAP)."""

    AGENCY = "agency"
    COURT = "court"


@dataclass(frozen=True)
class State:
    subdivision: str  # the `holidays` library's US subdivision code
    label: str  # how steps name its holidays

    def cite(self, rules: str) -> str:
        """Why the state's holidays count, in the citation style of the counting rules (FRCP 6 or FRAP 26); the
        District of Columbia counts as a state by FRCP 81(d)(2) and FRAP 1(b)."""
        if self.subdivision != "DC":
            return f"{rules}(a)(6)(C)"
        if rules == "FRCP 6":
            return "FRCP 6(a)(6)(C), 81(d)(2)"
        return f"{rules}(a)(6)(C), FRAP 1(b)"


# The state (for FRCP 6(a)(6)(C)) of each court whose legal holidays are built in, by court slug (sources: the module
# docstring).
COURT_STATES: dict[str, State] = {
    "dcd": State("DC", "D.C."),
    "cand": State("CA", "California"),
    "nysd": State("NY", "New York"),
    "mad": State("MA", "Massachusetts"),
    "ilnd": State("IL", "Illinois"),
    "wawd": State("WA", "Washington"),
}


@lru_cache(maxsize=1)
def _federal_holidays() -> holidays.HolidayBase:
    # PUBLIC only: the § 6103(a) holidays with observed days. Years outside the preload expand lazily in memory.
    return holidays.US(years=_PRELOAD_YEARS, categories=(holidays.PUBLIC,), observed=True)


@lru_cache(maxsize=8)
def _state_holidays(subdivision: str) -> holidays.HolidayBase:
    return holidays.US(subdiv=subdivision, years=_PRELOAD_YEARS, categories=(holidays.PUBLIC,), observed=True)


def federal_holiday(day: dt.date) -> str | None:
    """Name of the legal public holiday (or its observed day) on `day`, if any."""
    return _federal_holidays().get(day)


def state_holiday(day: dt.date, state: State) -> str | None:
    """Name of the state's own legal holiday (or observed day) on `day`, if it is not already a federal holiday."""
    if federal_holiday(day):
        return None
    name = _state_holidays(state.subdivision).get(day)
    return f"{state.label} {name} ({state.label} legal holiday)" if name else None


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
    citations: tuple[str, ...] = ()  # beyond FRCP 6(a)(1): e.g. 6(a)(6)(C) when a state holiday moved the date


@dataclass(frozen=True)
class ClosureDay:
    day: dt.date
    reason: str
    scope: str
    agency_id: int | None
    court_id: int | None


class ClosureIndex:
    """Closures over whole years, loaded in one query; the agency tree and court slugs (one query each, if needed)."""

    def __init__(self, first_year: int | None, last_year: int | None = None):
        self._by_day: dict[dt.date, list[ClosureDay]] = defaultdict(list)
        self._first = self._last = None
        self._parents: dict[int, int | None] | None = None
        self._court_slugs: dict[int, str] | None = None
        self._calendars: dict[tuple[Forum, int | None, int | None], Calendar] = {}
        if first_year is not None:
            self._load(first_year, last_year if last_year is not None else first_year + 1)

    @classmethod
    def for_range(cls, first: dt.date, last: dt.date) -> ClosureIndex:
        return cls(first.year, last.year + 1)

    @classmethod
    def from_closures(
        cls, closures, *, parents: dict[int, int | None] | None = None, court_slugs: dict[int, str] | None = None
    ) -> ClosureIndex:
        """An index over the given `ClosureDay`s only, without the database (tests, what-if calculations).
        `court_slugs` maps court pks to slugs (for `COURT_STATES`); pks it does not name have no state holidays."""
        index = cls(None)
        for closure in closures:
            index._by_day[closure.day].append(closure)
        index._first, index._last = dt.MINYEAR, dt.MAXYEAR
        index._parents = dict(parents or {})
        index._court_slugs = dict(court_slugs or {})
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

    def calendar(self, *, forum: Forum, agency=None, court=None) -> Calendar:
        """One shared Calendar per forum and agency or court, so bulk work reuses its per-day answers."""
        key = (Forum(forum), _pk(agency), _pk(court))
        if key not in self._calendars:
            self._calendars[key] = Calendar(forum=forum, agency=agency, court=court, index=self)
        return self._calendars[key]

    def set_agency_tree(self, parents: dict[int, int | None]) -> None:
        """Give the agency tree when the caller already loaded it (saves the query)."""
        self._parents = parents

    def court_state(self, court) -> State | None:
        """The state whose legal holidays a court's calendar adds (FRCP 6(a)(6)(C)); None when none is built in."""
        slug = getattr(court, "slug", None)
        if slug is None:
            if self._court_slugs is None:
                self._court_slugs = dict(Court.objects.values_list("id", "slug"))
            slug = self._court_slugs.get(_pk(court))
        return COURT_STATES.get(slug)

    def agency_and_ancestors(self, agency_id: int) -> frozenset[int]:
        if self._parents is None:
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
    """Working days for one forum.

    AGENCY forum: federal holidays; federal and executive closures; the agency's (and its parents') closures.
    COURT forum: federal holidays and the court's state holidays; federal closures and the court's closures.
    """

    def __init__(
        self,
        *,
        forum: Forum,
        agency=None,
        court=None,
        index: ClosureIndex | None = None,
        around: dt.date | None = None,
    ):
        self.forum = Forum(forum)
        if self.forum == Forum.AGENCY and court is not None:
            raise ValueError("an agency calendar takes no court (court rules count on the court's calendar)")
        if self.forum == Forum.COURT and agency is not None:
            raise ValueError("a court calendar takes no agency (agency rules count on the agency's calendar)")
        year = (around or dt.date.today()).year
        self.index = index or ClosureIndex(year - 1, year + 1)
        agency_id, self.court_id = _pk(agency), _pk(court)
        self.agency_ids = self.index.agency_and_ancestors(agency_id) if agency_id is not None else frozenset()
        self.state = self.index.court_state(court) if court is not None else None
        self._scopes = {"federal", "executive"} if self.forum == Forum.AGENCY else {"federal"}
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
        if not COVERED_FIRST <= day <= COVERED_LAST:
            raise OutsideCalendar(day)
        weekday = day.weekday()
        if weekday >= 5:
            return "Saturday" if weekday == 5 else "Sunday"
        holiday = federal_holiday(day)
        if holiday:
            return holiday
        if self.state is not None and (holiday := state_holiday(day, self.state)):
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

    def working_days_counter(self, first: dt.date, last: dt.date):
        """`working_days_between` for many spans inside [first, last] (the dashboard's thousands of receipt-to-
        determination spans): one pass over the range, then a subtraction per span. Spans reaching outside the
        range are counted day by day, so the answer is always `working_days_between`'s."""
        cumulative, day = [0], first
        while day <= last:
            cumulative.append(cumulative[-1] + self.is_working_day(day))
            day += ONE_DAY

        def between(start: dt.date, end: dt.date) -> int:
            if end < start:
                return 0
            if start < first or end > last:
                return self.working_days_between(start, end)
            return cumulative[(end - first).days + 1] - cumulative[(start - first).days]

        return between

    def roll_forward(self, day: dt.date) -> tuple[dt.date, list[Skipped]]:
        """`day` if it is a working day, else the next one, with the days passed over (weekends included)."""
        passed = []
        while (reason := self.non_working_reason(day)) is not None:
            passed.append(Skipped(day, reason))
            day += ONE_DAY
        return day, passed

    def is_state_holiday(self, day: dt.date) -> bool:
        """Whether `day` is not a working day BECAUSE of the court's state holiday (not a weekend, not federal)."""
        if self.state is None:
            return False
        name = state_holiday(day, self.state)
        return name is not None and self.non_working_reason(day) == name

    def frcp_period(
        self, trigger: dt.date, days: int, *, service: str = "electronic", rules: str = "FRCP 6"
    ) -> FrcpPeriod:
        """FRCP 6(a)/(d) counting; `rules="FRAP 26"` cites the identical appellate rule (FRAP 26(a), 26(c))."""
        if service not in SERVICE_METHODS:
            raise ValueError(f"service must be one of {', '.join(SERVICE_METHODS)}, not {service!r}")
        end = trigger + dt.timedelta(days=days)
        steps = [f"{trigger} trigger; +{days} days, counting every day ({rules}(a)(1)(A)-(B)) -> {end}"]
        citations: list[str] = []
        due = self._roll(end, steps, citations, rules)
        if service == "mail":
            plus = due + dt.timedelta(days=FRCP_6D_DAYS)
            mail_rule = "FRCP 6(d)" if rules == "FRCP 6" else f"{rules}(c)"
            steps.append(
                f"served by mail: +{FRCP_6D_DAYS} days after the period would otherwise expire ({mail_rule}) -> {plus}"
            )
            due = self._roll(plus, steps, citations, rules)
        return FrcpPeriod(due, steps, tuple(citations))

    def _roll(self, end: dt.date, steps: list[str], citations: list[str], rules: str) -> dt.date:
        """Roll `end` forward past non-court days, adding the step (and the state-holiday citation) if it moves."""
        due, passed = self.roll_forward(end)
        if not passed:
            return due
        citation = f"{rules}(a)(1)(C)"
        if any(self.is_state_holiday(s.day) for s in passed):
            state_cite = self.state.cite(rules)
            citation += f"; {self.state.label} legal holidays: {state_cite}"
            if state_cite not in citations:
                citations.append(state_cite)
        why = "; ".join(str(s) for s in passed)
        steps.append(f"{end} is not a court day ({why}); the period runs to {due} ({citation})")
        return due


def format_skipped(skipped: list[Skipped]) -> str:
    return " skipping " + ", ".join(str(s) for s in skipped) if skipped else ""


def _calendar(agency, court, forum, around: dt.date) -> Calendar:
    if forum is None:
        forum = Forum.COURT if court is not None and agency is None else Forum.AGENCY
    return Calendar(forum=forum, agency=agency, court=court, around=around)


def is_working_day(day: dt.date, *, agency=None, court=None, forum: Forum | None = None) -> bool:
    return _calendar(agency, court, forum, day).is_working_day(day)


def add_working_days(start: dt.date, n: int, *, agency=None, court=None, forum: Forum | None = None) -> Counted:
    return _calendar(agency, court, forum, start).add_working_days(start, n)


def working_days_between(first: dt.date, last: dt.date, *, agency=None, court=None, forum: Forum | None = None) -> int:
    return _calendar(agency, court, forum, first).working_days_between(first, last)


def frcp_period(trigger: dt.date, days: int, *, service: str = "electronic", court=None) -> FrcpPeriod:
    return _calendar(None, court, Forum.COURT, trigger).frcp_period(trigger, days, service=service)
