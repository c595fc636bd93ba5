"""Pages of long lists: sort the narrow rows, then load the wide ones."""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Count, F, OrderBy, QuerySet, Window
from django.db.models.constants import LOOKUP_SEP


def page_of(qs: QuerySet, *, per_page: int, number, rows: QuerySet | None = None, count_apart: bool = False) -> Page:
    """The page `number` of `qs`, read in two steps: the page's primary keys first (the database sorts thousands
    of narrow rows: no joined columns, no prefetch), then those rows in full from `rows` (default `qs`), with its
    select_related, prefetches and annotations. Same rows, same order as `Paginator(qs, per_page).get_page(number)`.

    `rows` is the list's unfiltered queryset (still restricted to what the user may see): loading 25 rows by
    primary key from it does not evaluate the filters a second time (a text search is the costly part).
    The total comes with the ids (`COUNT(*) OVER ()`), so the filters run once, not once for the count and once
    for the page; only a page past the end (or an empty list) falls back to a separate count.

    `count_apart` is for a list no filter narrows: a plain count then answers from an index, and the page is an
    ordered read that stops after its rows, where the window would make the database rank every row (the request
    list's first page over 15,000 visible requests: 12.8 -> 6.0 ms on PostgreSQL). A narrowing filter is better
    evaluated once, with the window."""
    paginator = Paginator(qs.values_list("pk", flat=True), per_page)
    page = (None if count_apart else _page_with_total(qs, paginator, number)) or paginator.get_page(number)
    ids = list(page.object_list)
    source = qs if rows is None else rows
    loaded = {row.pk: row for row in source.order_by().filter(pk__in=ids)}
    page.object_list = [loaded[pk] for pk in ids if pk in loaded]
    return page


def _page_with_total(qs: QuerySet, paginator: Paginator, number) -> Page | None:
    """The page's ids and the list's total in one query, or None when that cannot answer (not a page number, a
    DISTINCT queryset whose window would count duplicates, a page past the end)."""
    try:
        wanted = 1 if number in (None, "") else int(number)
    except (TypeError, ValueError):
        return None
    if wanted < 1 or qs.query.distinct:
        return None
    bottom = (wanted - 1) * paginator.per_page
    order = _plain_ordering(qs) if connections[qs.db].vendor == "postgresql" else None
    if order is not None:
        found = _ids_with_total_fenced(qs, order, bottom, paginator.per_page)
    else:
        found = list(
            qs.annotate(_total=Window(Count("pk"))).values_list("pk", "_total")[bottom : bottom + paginator.per_page]
        )
    if not found:
        return None
    paginator.__dict__["count"] = found[0][1]  # Paginator.count is a cached_property: this is its cached value
    return Page([pk for pk, _ in found], wanted, paginator)


def _plain_ordering(qs: QuerySet) -> list[OrderBy] | None:
    """The queryset's ordering as expressions the fenced query can carry out as columns, or None when it has an
    ordering only the ORM resolves (random, reversed, a relation sorted by its model's own ordering, a bare
    expression): those keep the window query."""
    if not qs.query.standard_ordering:
        return None
    items = list(qs.query.order_by) or (list(qs.model._meta.ordering) if qs.query.default_ordering else [])
    order = []
    for item in items:
        if isinstance(item, str):
            name = item.removeprefix("-")
            if name == "?" or not _is_plain_field(qs.model, name):
                return None
            item = F(name).desc() if item.startswith("-") else F(name).asc()
        elif not isinstance(item, OrderBy):
            return None
        order.append(item)
    return order


def _is_plain_field(model, path: str) -> bool:
    """`path` (a field, `pk` or `relation__field`, or an annotation) names a value, not a relation to sort by its
    model's ordering."""
    if path == "pk":
        return True
    *relations, last = path.split(LOOKUP_SEP)
    try:
        for name in relations:
            model = model._meta.get_field(name).related_model
            if model is None:
                return False
        field = model._meta.get_field(last)
    except FieldDoesNotExist:
        return not relations  # an annotation of the queryset (e.g. `next_due`)
    return not field.is_relation


def _ids_with_total_fenced(qs: QuerySet, order: list[OrderBy], bottom: int, size: int) -> list[tuple]:
    """What the windowed query reads, in the same order, with the filters in a subquery PostgreSQL plans on its own
    (`OFFSET 0` keeps it from being merged into the outer query).

    Written as one query, `COUNT(*) OVER () ... ORDER BY ... LIMIT 50` makes the planner believe it will stop
    after 50 rows, so it walks the whole table in the sort's index order; but the window reads every row before
    the first is returned. Fenced, the filters get the plan that is cheapest for all of their rows (a text
    search: a bitmap of the trigram indexes) and the outer query sorts only the top rows (20,000 requests: a
    common word plus "overdue" 40 -> 20 ms, a common word alone 18 -> 8 ms; the other filters unchanged)."""
    quote = connections[qs.db].ops.quote_name
    columns, sort = {"_page_pk": F("pk")}, []
    for i, item in enumerate(order):
        name = f"_page_o{i}"
        columns[name] = item.expression
        nulls = " NULLS LAST" if item.nulls_last else " NULLS FIRST" if item.nulls_first else ""
        sort.append(f"{quote(name)} {'DESC' if item.descending else 'ASC'}{nulls}")
    inner = qs.order_by().annotate(**columns).values_list(*columns)
    try:
        sql, params = inner.query.get_compiler(using=qs.db).as_sql()
    except EmptyResultSet:  # a filter that can match nothing (a user with no organisation): what the ORM answers
        return []
    ordered = f" ORDER BY {', '.join(sort)}" if sort else ""
    with connections[qs.db].cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('_page_pk')}, COUNT(*) OVER () FROM ({sql} OFFSET 0) AS {quote('listed')}{ordered} "
            "LIMIT %s OFFSET %s",
            (*params, size, bottom),
        )
        return [tuple(row) for row in cursor.fetchall()]
