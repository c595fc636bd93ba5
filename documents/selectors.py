"""Reads of productions, documents and pages, always through the access rules (coalition.access)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from coalition.access import get_editable_or_404, get_visible_or_404, restrict_editable, restrict_visible
from foia.models import Communication, FoiaRequest

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
    productions = restrict_visible(Production.objects.filter(request=request), user)
    totals = productions.aggregate(**{name: Sum(name) for name in COUNT_FIELDS})
    pages: dict[str, int] = {}
    rows = restrict_visible(DocumentPage.objects.filter(document__production__in=productions), user)
    for codes in rows.exclude(exemptions=[]).values_list("exemptions", flat=True):
        for code in codes:
            pages[code] = pages.get(code, 0) + 1
    ordered = sorted(pages, key=lambda code: EXEMPTION_ORDER.get(code, 99))
    exemption_rows = [(EXEMPTION_LABELS.get(code, code), None, pages[code]) for code in ordered]
    return _release_statistics(totals, exemption_rows), totals
