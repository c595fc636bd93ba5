"""Running a search: each kind of record inside its own access rule, ranked, counted and quoted by the database.

PostgreSQL: the box's query (`query.postgres_query`: stemmed `phraseto_tsquery` pieces) against each table's
stored tsvector `search_tsv` (GIN-indexed: web/migrations/0001), ranked by `ts_rank`, quoted by `ts_headline`.
SQLite: a join to the FTS5 mirror tables (porter stemming), ranked by `bm25`, quoted by `snippet()`. Either way the
match is joined to `restrict_visible(...)`, so a row the person may not see is never counted, ranked or quoted;
snippets are escaped here and only our <mark> survives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchRank, SearchVectorField
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, QuerySet, TextField, Value
from django.db.models.expressions import Col
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from coalition.access import restrict_visible

from .query import fts5_match, has_terms, postgres_query
from .sources import SOURCES, Source

START, STOP = "\x02", "\x03"  # highlight markers no stored text contains; replaced after escaping
PER_PAGE = 20
MAX_OFFSET = 500  # deeper pages are not useful from a search box, and each costs a ranked scan per kind
# Matches counted and ranked per kind. A word on most of 200,000 pages ("records") would otherwise be counted and
# ranked page by page (hundreds of milliseconds) for a count nobody reads and an order nobody pages through:
# beyond the window the count says "1,000+" and the best are chosen among the first thousand matches found.
RANK_WINDOW = 1000


@dataclass
class Hit:
    kind: str
    label: str
    title: str
    url: str
    place: str
    snippet: SafeString
    rank: float
    date: dt.date | None
    obj: object = field(repr=False, default=None)


@dataclass
class Results:
    query: str
    hits: list[Hit]
    counts: dict[str, int]  # kind -> matches the person may see, up to RANK_WINDOW (then `capped` holds the kind)
    total: int
    offset: int = 0
    capped: frozenset[str] = frozenset()  # kinds with more than RANK_WINDOW matches: counts say "1,000+"
    window: int = RANK_WINDOW  # the ranking window the search ran with

    @property
    def more(self) -> bool:
        """Whether the total is a floor (some kind has more matches than were counted)."""
        return bool(self.capped)

    @property
    def window_label(self) -> str:
        return f"{self.window:,}"

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.hits) < min(self.total, MAX_OFFSET + PER_PAGE)


def search(*, user, text: str, filters: dict | None = None, kinds: list[str] | None = None, offset: int = 0) -> Results:
    """The hits `user` may see for `text`, best first, PER_PAGE from `offset`; `filters` as the form cleans them
    (agency, request, case, organization, exemption, date_from, date_to); `kinds` limits the kinds searched."""
    filters = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
    offset = max(0, min(int(offset), MAX_OFFSET))
    if not has_terms(text):
        return Results(text, [], {}, 0, offset)
    counts, ranked, capped = {}, [], set()
    for source in SOURCES:
        if kinds and source.kind not in kinds:
            continue
        visible = _visible(source, user=user, filters=filters)
        if visible is None:
            continue
        found, best = _best(source, visible, text, want=offset + PER_PAGE)
        counts[source.kind] = min(found, RANK_WINDOW)
        if found > RANK_WINDOW:
            capped.add(source.kind)
        ranked += [(rank, source, pk) for pk, rank in best]
    ranked.sort(key=lambda item: (-item[0], item[1].kind, item[2]))
    page = ranked[offset : offset + PER_PAGE]
    hits = _hits(page, user=user, text=text)
    return Results(text, hits, counts, sum(counts.values()), offset, frozenset(capped), RANK_WINDOW)


def _visible(source: Source, *, user, filters: dict) -> QuerySet | None:
    """The source's rows the user may see, narrowed by the filters; None when a filter does not apply to this kind
    (an exemption is only ever on a document page)."""
    qs = restrict_visible(source.model.objects.all(), user)
    for name in ("agency", "request", "case", "organization", "exemption"):
        if name in filters:
            if name not in source.filters:
                return None
            qs = qs.filter(pk__in=source.model.objects.filter(source.filters[name](filters[name])).values("pk"))
    if filters.get("date_from"):
        qs = qs.filter(**{f"{source.date_field}__gte": filters["date_from"]})
    if filters.get("date_to"):
        qs = qs.filter(**{f"{source.date_field}__lte": filters["date_to"]})
    return qs


def _best(source: Source, visible: QuerySet, text: str, *, want: int) -> tuple[int, list[tuple[int, float]]]:
    """How many of `visible` match `text` (counted up to RANK_WINDOW + 1) and the best `want` of them with their
    rank, from one read: the first matches found are ranked as they are found, counted (one more than the window
    says "more") and the best of the window's first RANK_WINDOW sorted out, so the index is searched once, not once
    to count and again to rank."""
    matched = _scored(source, visible.order_by(), text).annotate(hit=F("pk")).values("hit", "rank")
    try:
        sql, params = matched[: RANK_WINDOW + 1].query.sql_with_params()
    except EmptyResultSet:  # the person may see none of this kind (restrict_visible gave .none())
        return 0, []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT hit, rank, found FROM (SELECT hit, rank, COUNT(*) OVER () AS found, ROW_NUMBER() OVER () AS n"
            f" FROM ({sql}) AS matched) AS numbered WHERE n <= %s ORDER BY rank DESC, hit LIMIT %s",
            [*params, RANK_WINDOW, want],
        )
        rows = cursor.fetchall()
    return (rows[0][2] if rows else 0), [(pk, rank) for pk, rank, _ in rows]


# The stored tsvector (web/migrations/0001: a generated column, not a model field), referenced as a column of the
# queryset's base table: raw SQL naming the table would still name it once the queryset is a subquery (aliased
# U0), and point back at the outer query.
_SEARCH_TSV = SearchVectorField()
_SEARCH_TSV.column = "search_tsv"


def _scored(source: Source, qs: QuerySet, text: str) -> QuerySet:
    """The rows of `qs` that match `text`, annotated with `rank` (higher is better)."""
    if connection.vendor == "postgresql":
        query = postgres_query(text)  # "a -b" stays one tsquery: GIN subtracts b's postings, no page is reread
        qs = qs.annotate(search=Col(qs.query.get_initial_alias(), _SEARCH_TSV)).filter(search=query)
        return qs.annotate(rank=SearchRank(F("search"), query))
    # bm25 is lower for better matches: negated so every backend ranks "higher is better".
    return _fts5_join(qs, source, text, select={"rank": f"-bm25({source.fts_table})"})


def _fts5_join(qs: QuerySet, source: Source, text: str, *, select: dict) -> QuerySet:
    """`qs` joined to the source's FTS5 mirror on the query's match, selecting `select`: FTS5's functions (bm25,
    snippet) need their table in FROM with its MATCH, and a join is one FTS query, not one per row."""
    fts, table = source.fts_table, connection.ops.quote_name(source.model._meta.db_table)
    return qs.extra(
        tables=[fts], where=[f"{fts}.rowid = {table}.id", f"{fts} MATCH %s"], params=[fts5_match(text)], select=select
    )


def _hits(page, *, user, text: str) -> list[Hit]:
    """The shown hits, loaded in one query per kind, with their snippets (computed for these rows only)."""
    by_kind: dict[str, list[int]] = {}
    for _, source, pk in page:
        by_kind.setdefault(source.kind, []).append(pk)
    loaded = {}
    for source in SOURCES:
        ids = by_kind.get(source.kind)
        if not ids:
            continue
        rows = restrict_visible(source.model.objects.filter(pk__in=ids), user).select_related(*source.related)
        for obj, snippet in _with_snippets(source, rows, text):
            loaded[(source.kind, obj.pk)] = (obj, snippet)
    hits = []
    for rank, source, pk in page:
        if (source.kind, pk) not in loaded:
            continue  # gone between the two reads
        obj, snippet = loaded[(source.kind, pk)]
        date = obj
        for part in source.date_field.split("__"):
            date = getattr(date, part, None)
        hits.append(
            Hit(source.kind, source.label, source.title(obj), source.url(obj), source.place(obj),
                snippet, rank, date, obj)
        )  # fmt: skip
    return hits


def _with_snippets(source: Source, rows: QuerySet, text: str):
    if connection.vendor == "postgresql":
        query = postgres_query(text)
        parts = []
        for column in source.columns:  # every searched column, so a match in the title is quoted too
            parts += [Coalesce(F(column), Value(""), output_field=TextField()), Value(" · ")]
        body = Concat(*parts[:-1], output_field=TextField()) if len(parts) > 2 else parts[0]
        rows = rows.annotate(
            snippet=SearchHeadline(
                body,
                query,
                config="english",
                start_sel=START,
                stop_sel=STOP,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            )  # fmt: skip
        )
    else:
        snippet = f"snippet({source.fts_table}, -1, char(2), char(3), ' … ', 24)"
        rows = _fts5_join(rows, source, text, select={"snippet": snippet})
    for obj in rows:
        yield obj, highlight(obj.snippet or "")


def highlight(raw: str) -> SafeString:
    """Escape the database's snippet, then turn its markers into <mark>: stored text can never inject markup."""
    return mark_safe(escape(raw).replace(START, "<mark>").replace(STOP, "</mark>"))
