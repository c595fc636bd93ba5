"""What each kind of record is searched on, and how it is filtered and linked.

A source names its model, its text columns (the first is the title, weighted above the rest on PostgreSQL), the
SQLite FTS5 table that mirrors them (kept by triggers) and, on PostgreSQL, the stored tsvector `search_tsv`
(web/migrations/0001_search_indexes), and how the box's
filters (agency, request, case, exemption, date, organisation) apply to it; a filter a kind cannot answer (the
exemption of a case) leaves that kind out rather than returning it unfiltered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model, Q

from documents.models import DocumentPage
from foia.models import Communication, FoiaRequest
from litigation.models import Case


@dataclass(frozen=True)
class Source:
    kind: str  # "request", "letter", "case", "page"
    label: str  # plural, for the counts: "Requests"
    model: type[Model]
    columns: tuple[str, ...]  # searched text; the first is the title
    fts_table: str
    filters: dict[str, Callable] = field(default_factory=dict)  # filter name -> value -> Q (None: not this kind)
    date_field: str = ""
    related: tuple[str, ...] = ()  # select_related for the hits shown
    title: Callable = str
    url: Callable = lambda obj: obj.get_absolute_url()
    place: Callable = lambda obj: ""  # "Page 3", a request's agency...


SOURCES: tuple[Source, ...] = (
    Source(
        kind="request",
        label="Requests",
        model=FoiaRequest,
        columns=("subject", "request_text"),
        fts_table="search_request",
        filters={
            "agency": lambda a: Q(agency=a),
            "request": lambda r: Q(pk=r.pk),
            "case": lambda c: Q(cases=c),
            "organization": lambda o: Q(organization=o),
        },
        date_field="submitted_on",
        related=("agency",),
        title=lambda r: r.subject,
        place=lambda r: f"{r.agency.abbreviation} · {r.get_status_display()}",
    ),
    Source(
        kind="letter",
        label="Letters",
        model=Communication,
        columns=("subject", "body"),
        fts_table="search_letter",
        filters={
            "agency": lambda a: Q(request__agency=a),
            "request": lambda r: Q(request=r),
            "case": lambda c: Q(request__cases=c),
            "organization": lambda o: Q(request__organization=o),
        },
        date_field="date",
        related=("request", "request__agency"),
        title=lambda c: c.subject or "Letter",
        url=lambda c: f"{c.request.get_absolute_url()}#communication-{c.pk}",
        place=lambda c: f"{c.date:%Y-%m-%d} · {c.request.subject}",
    ),
    Source(
        kind="case",
        label="Cases",
        model=Case,
        columns=("caption", "docket_number", "judge", "outcome"),
        fts_table="search_case",
        filters={
            "agency": lambda a: Q(parties__agency=a) | Q(requests__agency=a),
            "request": lambda r: Q(requests=r),
            "case": lambda c: Q(pk=c.pk),
            "organization": lambda o: Q(organization=o),
        },
        date_field="filed_on",
        related=("court",),
        title=lambda c: c.caption,
        place=lambda c: " · ".join(p for p in (c.docket_number, c.court.name if c.court else "") if p),
    ),
    Source(
        kind="page",
        label="Document pages",
        model=DocumentPage,
        columns=("text",),
        fts_table="search_page",
        filters={
            "agency": lambda a: Q(document__production__request__agency=a),
            "request": lambda r: Q(document__production__request=r),
            "case": lambda c: Q(document__production__request__cases=c),
            "organization": lambda o: Q(document__production__request__organization=o),
            "exemption": lambda code: Q(exemptions__icontains=f'"{code}"'),
        },
        date_field="document__production__date",
        related=("document", "document__production"),
        title=lambda p: f"{p.document.title or p.document.original_name}",
        url=lambda p: f"{p.document.get_absolute_url()}#page-{p.number}",
        place=lambda p: f"Page {p.number} · released {p.document.production.date:%Y-%m-%d}",
    ),
)
SOURCE_BY_KIND = {s.kind: s for s in SOURCES}
