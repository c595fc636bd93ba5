"""Reads of productions, documents and pages, always through the access rules (coalition.access)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Sum, TextField
from django.db.models.functions import Cast

from coalition.access import get_editable_or_404, get_visible_or_404, restrict_editable, restrict_visible
from foia.models import Communication, FoiaRequest
from litigation import production_math
from litigation.models import ProductionSchedule
from litigation.selectors_docket import case_production_schedules

from .choices import EXEMPTION_LABELS, EXEMPTION_ORDER, FINISHED, FileStatus
from .models import COUNT_FIELDS, Document, DocumentPage, Production


def productions_visible(*, user) -> QuerySet[Production]:
    return (
        restrict_visible(Production.objects.all(), user)
        .select_related("request", "request__agency", "request__organization", "cover_letter")
        .annotate(
            document_count=Count("documents", distinct=True),
            page_total=Sum("documents__page_count"),
        )
        .order_by("-date", "-pk")
    )


def productions_of_request(*, user, request: FoiaRequest) -> QuerySet[Production]:
    return productions_visible(user=user).filter(request=request)


def production_get(*, user, pk: int) -> Production:
    return get_visible_or_404(
        Production.objects.select_related("request", "request__agency", "request__organization", "cover_letter"),
        user,
        pk=pk,
    )


def production_get_editable(*, user, pk: int) -> Production:
    return get_editable_or_404(Production.objects.select_related("request"), user, pk=pk)


def requests_editable(*, user) -> QuerySet[FoiaRequest]:
    """Requests a production may be added to: the ones the user may edit."""
    return restrict_editable(FoiaRequest.objects.select_related("agency"), user).order_by("subject", "pk")


def cover_letters(*, user, request: FoiaRequest | None) -> QuerySet[Communication]:
    """Letters that may be a production's cover letter: the request's communications (the agency's first)."""
    qs = restrict_visible(Communication.objects.all(), user)
    if request is None:
        return qs.none()
    return qs.filter(request=request).order_by("direction", "-date", "-pk")


def schedules_for_request(*, user, request: FoiaRequest | None) -> QuerySet[ProductionSchedule]:
    """Production schedules a production of `request` may count against: active ones of the cases enforcing the
    request that the user may change."""
    if request is None:
        return ProductionSchedule.objects.none()
    return (
        restrict_editable(ProductionSchedule.objects.all(), user)
        .filter(case__requests=request, ended_on__isnull=True)
        .select_related("case")
        .order_by("case__caption", "first_due", "pk")
    )


def documents_visible(*, user) -> QuerySet[Document]:
    return restrict_visible(Document.objects.select_related("production", "production__request"), user)


def documents_of_production(*, user, production: Production) -> QuerySet[Document]:
    return documents_visible(user=user).filter(production=production).order_by("pk")


def document_get(*, user, pk: int) -> Document:
    return get_visible_or_404(
        Document.objects.select_related("production", "production__request", "production__request__agency"),
        user,
        pk=pk,
    )


def document_get_editable(*, user, pk: int) -> Document:
    return get_editable_or_404(Document.objects.select_related("production", "production__request"), user, pk=pk)


def document_pages(*, user, document: Document) -> QuerySet[DocumentPage]:
    return restrict_visible(DocumentPage.objects.filter(document=document), user).order_by("number")


@dataclass(frozen=True)
class Progress:
    total: int
    finished: int
    done: int
    failed: int
    pages: int

    @property
    def complete(self) -> bool:
        return self.finished == self.total

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.finished / self.total)


def production_progress(*, user, production: Production) -> Progress:
    """How far processing of the production's files has come (for the progress bar)."""
    row = documents_of_production(user=user, production=production).aggregate(
        total=Count("pk"),
        finished=Count("pk", filter=Q(status__in=FINISHED)),
        done=Count("pk", filter=Q(status=FileStatus.DONE)),
        failed=Count("pk", filter=Q(status=FileStatus.FAILED)),
        pages=Sum("page_count", filter=Q(status=FileStatus.DONE)),
    )
    return Progress(row["total"], row["finished"], row["done"], row["failed"], row["pages"] or 0)


def production_exemption_rows(*, user, production: Production) -> list[tuple[str, int | None, int | None]]:
    """(label, times the cover letter cites it, pages citing it) per exemption, in the statute's order: what the
    agency says beside what its pages show."""
    pages: dict[str, int] = {}
    rows = restrict_visible(DocumentPage.objects.filter(document__production=production), user)
    for codes in rows.exclude(exemptions=[]).values_list("exemptions", flat=True):
        for code in codes:
            pages[code] = pages.get(code, 0) + 1
    cited = production.exemptions_cited or {}
    codes = sorted(set(pages) | set(cited), key=lambda code: EXEMPTION_ORDER.get(code, 99))
    return [(EXEMPTION_LABELS.get(code, code), cited.get(code), pages.get(code)) for code in codes]


def productions_editable(*, user) -> QuerySet[Production]:
    """Productions the user may add files to (an edit role in the request's organisation)."""
    return restrict_editable(Production.objects.all(), user)


def pages_visible(*, user) -> QuerySet[DocumentPage]:
    return restrict_visible(DocumentPage.objects.all(), user)


# --- Statistics: pages released vs withheld, exemptions per page (server-rendered bars, numbers in the text) -------


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    width: float  # percent of the longest bar
    kind: str = ""  # "soon" (amber) / "overdue" (red) in web/partials/bar_chart.html


@dataclass(frozen=True)
class ReleaseStatistics:
    pages: list[Bar]  # released in full / in part / withheld, as the agency counts them
    exemptions: list[Bar]  # pages citing each exemption, from the redaction labels found
    withheld_share: int | None  # percent of processed pages withheld in full


def _bars(rows: list[tuple[str, int, str]]) -> list[Bar]:
    top = max((value for _, value, _ in rows), default=0) or 1
    return [Bar(label, value, 100 * value / top, kind) for label, value, kind in rows]


def _release_statistics(counts: dict, exemption_rows) -> ReleaseStatistics:
    pages = [
        ("Released in full", counts.get("pages_released_full") or 0, ""),
        ("Released in part", counts.get("pages_released_part") or 0, "soon"),
        ("Withheld in full", counts.get("pages_withheld") or 0, "overdue"),
    ]
    processed = counts.get("pages_processed") or 0
    return ReleaseStatistics(
        pages=_bars(pages) if any(value for _, value, _ in pages) else [],
        exemptions=_bars([(label, found or 0, "") for label, _, found in exemption_rows if found]),
        withheld_share=round(100 * (counts.get("pages_withheld") or 0) / processed) if processed else None,
    )


def production_statistics(*, user, production: Production, exemption_rows=None) -> ReleaseStatistics:
    rows = exemption_rows if exemption_rows is not None else production_exemption_rows(user=user, production=production)
    return _release_statistics({name: getattr(production, name) for name in COUNT_FIELDS}, rows)


def request_release_statistics(*, user, request: FoiaRequest) -> tuple[ReleaseStatistics, dict]:
    """Totals over the request's productions the user may see: the agency's page counts, and pages per exemption."""
    figures = release_figures(user=user, productions=productions_counted(user=user, request=request))
    return figures.statistics, figures.totals


# --- Statistics over many productions (a request, a case, an agency, everything one may see), aggregated in the
# database: the same few queries whatever the number of productions. -----------------------------------------------


@dataclass(frozen=True)
class ExemptionUse:
    code: str
    label: str
    pages: int  # extracted pages whose redaction labels cite it
    per_page: float | None  # share of the extracted pages citing it (0-1); None without extracted pages

    @property
    def percent(self) -> int | None:
        return None if self.per_page is None else round(100 * self.per_page)


@dataclass(frozen=True)
class ReleaseFigures:
    productions: int
    pages_processed: int  # the agency's counts, summed
    pages_released_full: int
    pages_released_part: int
    pages_withheld: int
    pages_extracted: int  # pages of text we hold (documents processed)
    exemptions: list[ExemptionUse]  # most cited first (ties in the statute's order)

    @property
    def withheld_share(self) -> int | None:
        return round(100 * self.pages_withheld / self.pages_processed) if self.pages_processed else None

    @property
    def totals(self) -> dict:
        return {name: getattr(self, name) for name in COUNT_FIELDS}

    @property
    def top_exemptions(self) -> list[Bar]:
        """Pages citing each exemption, most cited first (the dashboard's chart)."""
        return _bars([(use.label, use.pages, "") for use in self.exemptions])

    @property
    def statistics(self) -> ReleaseStatistics:
        rows = sorted(self.exemptions, key=lambda use: EXEMPTION_ORDER[use.code])
        return _release_statistics(self.totals, [(use.label, None, use.pages) for use in rows])


@dataclass(frozen=True)
class AgencyFigures:
    agency: object  # directory.Agency
    figures: ReleaseFigures


def dashboard_release_figures(*, user) -> tuple[ReleaseFigures, list[AgencyFigures]]:
    """Everything `user` may see, per agency and summed from those rows: one query when there is no release, three
    when there are."""
    rows = release_figures_by_agency(user=user, productions=productions_counted(user=user))
    counts = {name: sum(getattr(row.figures, name) for row in rows) for name in ("productions", *COUNT_FIELDS)}
    pages = {"pages": sum(row.figures.pages_extracted for row in rows)}
    for row in rows:
        for use in row.figures.exemptions:
            pages[f"x_{use.code}"] = pages.get(f"x_{use.code}", 0) + use.pages
    return _figures(counts, pages), rows


def productions_counted(*, user, agency=None, request=None, case=None) -> QuerySet[Production]:
    """The productions statistics count for `user`: those they may see (privileged ones only for those who may see
    them), narrowed to an agency, a request or the requests a case enforces."""
    productions = restrict_visible(Production.objects.all(), user)
    if agency is not None:
        productions = productions.filter(request__agency=agency)
    if request is not None:
        productions = productions.filter(request=request)
    if case is not None:
        productions = productions.filter(request__cases=case)
    return productions


def _exemption_aggregates() -> dict:
    # The page's codes as JSON text (["b6", "b7C"]): a quoted code matches that code only ("b7" is not "b7C").
    return {f"x_{code}": Count("pk", filter=Q(codes_text__contains=f'"{code}"')) for code in EXEMPTION_ORDER}


def _pages_counted(user, productions: QuerySet[Production]) -> QuerySet[DocumentPage]:
    pages = restrict_visible(DocumentPage.objects.filter(document__production__in=productions.values("pk")), user)
    return pages.annotate(codes_text=Cast("exemptions", TextField()))


def _figures(counts: dict, pages: dict) -> ReleaseFigures:
    extracted = pages.get("pages") or 0
    uses = [
        ExemptionUse(code, EXEMPTION_LABELS[code], found, found / extracted if extracted else None)
        for code in EXEMPTION_ORDER
        if (found := pages.get(f"x_{code}") or 0)
    ]
    uses.sort(key=lambda use: (-use.pages, EXEMPTION_ORDER[use.code]))
    return ReleaseFigures(
        productions=counts.get("productions") or 0,
        **{name: counts.get(name) or 0 for name in COUNT_FIELDS},
        pages_extracted=extracted,
        exemptions=uses,
    )


_SUMS = {"productions": Count("pk"), **{name: Sum(name) for name in COUNT_FIELDS}}


def release_figures(*, user, productions: QuerySet[Production]) -> ReleaseFigures:
    """Pages released and withheld (the agency's counts) and exemptions per page over `productions`: two queries."""
    counts = productions.aggregate(**_SUMS)
    pages = _pages_counted(user, productions).aggregate(pages=Count("pk"), **_exemption_aggregates())
    return _figures(counts, pages)


def release_figures_by_agency(*, user, productions: QuerySet[Production]) -> list[AgencyFigures]:
    """The same per agency, the agency withholding most pages first: three queries (one when there is none)."""
    from directory.models import Agency

    counts = {row["request__agency"]: row for row in productions.order_by().values("request__agency").annotate(**_SUMS)}
    if not counts:
        return []
    pages = {
        row["agency"]: row
        for row in _pages_counted(user, productions)
        .annotate(agency=F("document__production__request__agency"))
        .order_by()
        .values("agency")
        .annotate(pages=Count("pk"), **_exemption_aggregates())
    }
    agencies = Agency.objects.in_bulk(list(counts))
    rows = [AgencyFigures(agencies[pk], _figures(counts[pk], pages.get(pk, {}))) for pk in counts]
    rows.sort(key=lambda row: (-row.figures.pages_withheld, -row.figures.pages_processed, row.agency.name))
    return rows


# --- Court-ordered production schedules: expected vs actual pages on the case page (litigation cannot read these) --


@dataclass(frozen=True)
class ChartLine:
    points: str  # SVG polyline points in a 0..100 x 0..60 box
    label: str


@dataclass
class ScheduleProgress:
    schedule: ProductionSchedule
    progress: production_math.Progress
    periods: list[production_math.PeriodRow]
    productions: list[Production]
    expected_line: ChartLine | None = None
    actual_line: ChartLine | None = None
    top: int = 0  # the chart's top, in pages
    today_x: float = 0.0


CHART_W, CHART_H = 100.0, 60.0


def _steps(points: list[tuple[dt.date, int]], start: dt.date, end: dt.date, top: int) -> str:
    """A cumulative step line: flat until each date, then up to its running total."""
    span = max((end - start).days, 1)

    def xy(day: dt.date, pages: int) -> str:
        x = CHART_W * min(max((day - start).days, 0), span) / span
        y = CHART_H - CHART_H * pages / top
        return f"{x:.1f},{y:.1f}"

    out, running = [xy(start, 0)], 0
    for day, pages in points:
        if day > end:
            break
        out.append(xy(day, running))
        running = pages
        out.append(xy(day, running))
    out.append(xy(end, running))
    return " ".join(out)


def _chart(row: ScheduleProgress, counted: list[tuple[dt.date, int]], today: dt.date) -> None:
    terms = row.schedule.terms
    start = production_math.started_on(terms)
    end = max(today, row.periods[-1].due if row.periods else today)
    expected = [(p.due, p.expected) for p in row.periods]
    running, actual = 0, []
    for day, pages in sorted(counted):
        running += pages
        actual.append((day, running))
    row.top = max([1, *(p for _, p in expected), *(p for _, p in actual)])
    row.expected_line = ChartLine(_steps(expected, start, end, row.top), "Expected (cumulative)")
    row.actual_line = ChartLine(
        _steps([a for a in actual if a[0] <= today], start, min(end, today), row.top), "Processed (cumulative)"
    )
    row.today_x = CHART_W * max((today - start).days, 0) / max((end - start).days, 1)


def case_schedule_progress(*, user, case, today: dt.date) -> list[ScheduleProgress]:
    """Each production schedule of the case the user may see, with the productions counted against it that the user
    may see, expected vs actual pages, the shortfall and the projection (litigation.production_math), and the
    chart's lines: two queries whatever the number of schedules and productions."""
    schedules = case_production_schedules(user=user, case=case)
    if not schedules:
        return []
    counted: dict[int, list[Production]] = {s.pk: [] for s in schedules}
    for production in (
        restrict_visible(Production.objects.filter(schedule__in=schedules), user)
        .select_related("request")
        .order_by("date", "pk")
    ):
        counted[production.schedule_id].append(production)
    rows = []
    for schedule in schedules:
        pairs = [(p.date, p.pages_processed or 0) for p in counted[schedule.pk]]
        row = ScheduleProgress(
            schedule=schedule,
            progress=production_math.progress(schedule.terms, pairs, today),
            periods=production_math.period_rows(schedule.terms, pairs, today),
            productions=counted[schedule.pk],
        )
        _chart(row, pairs, today)
        rows.append(row)
    return rows


def productions_on_schedules(*, user) -> QuerySet[Production]:
    """Productions the user may see that count against a production schedule of a case the user may see."""
    schedules = restrict_visible(ProductionSchedule.objects.all(), user)
    return (
        restrict_visible(Production.objects.filter(schedule__in=schedules), user)
        .select_related("schedule", "schedule__case")
        .order_by("schedule_id", "date", "pk")
    )


def schedules_progress(*, user, schedules, today: dt.date) -> dict[int, production_math.Progress]:
    """Each schedule's progress over the productions counted against it that the user may see: one query."""
    counted: dict[int, list[tuple[dt.date, int]]] = {s.pk: [] for s in schedules}
    rows = restrict_visible(Production.objects.filter(schedule__in=list(counted)), user)
    for schedule_id, day, pages in rows.values_list("schedule_id", "date", "pages_processed"):
        counted[schedule_id].append((day, pages or 0))
    return {s.pk: production_math.progress(s.terms, counted[s.pk], today) for s in schedules}
