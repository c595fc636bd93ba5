"""Pages of long lists: sort the narrow rows, then load the wide ones."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window


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
    found = list(
        qs.annotate(_total=Window(Count("pk"))).values_list("pk", "_total")[bottom : bottom + paginator.per_page]
    )
    if not found:
        return None
    paginator.__dict__["count"] = found[0][1]  # Paginator.count is a cached_property: this is its cached value
    return Page([pk for pk, _ in found], wanted, paginator)
