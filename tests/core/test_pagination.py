"""core.pagination.page_of reads a page in two steps (ids with the total, then rows): the same rows in the same
order as Django's Paginator over the same queryset, on every page, with ties and missing dates in the sort."""

import datetime as dt

import pytest
from django.core.paginator import Paginator
from django.db.models import F
from django.db.models.functions import Lower

from core.pagination import page_of
from foia.models import FoiaRequest, Tag
from tests.foia.factories import FoiaRequestFactory, agency

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "ordering",
    [("subject", "-pk"), (F("submitted_on").asc(nulls_last=True), "-pk"), ("-updated_at", "-pk")],
    ids=["subject with ties", "dates with nulls", "default"],
)
@pytest.mark.parametrize("count_apart", [False, True], ids=["window count", "count apart"])
def test_a_two_step_page_is_the_paginators_page(ordering, count_apart):
    for i in range(7):
        FoiaRequestFactory(subject=f"S{i % 3}", submitted_on=None if i % 2 else dt.date(2026, 11, i + 1))
    qs = FoiaRequest.objects.select_related("agency").prefetch_related("tags").order_by(*ordering)
    for number in (1, 2, 3, "2", None, "", "nope", 0, -1, 99):
        expected = Paginator(qs, 3).get_page(number)
        got = page_of(qs, per_page=3, number=number, count_apart=count_apart)
        assert [r.pk for r in got.object_list] == [r.pk for r in expected.object_list]
        assert (got.number, got.paginator.count, got.paginator.num_pages) == (
            expected.number,
            expected.paginator.count,
            expected.paginator.num_pages,
        )


def test_rows_load_from_the_unfiltered_queryset_and_the_filter_runs_once(django_assert_num_queries):
    for i in range(7):
        FoiaRequestFactory(subject=f"GPS monitoring {i}" if i % 2 else f"Other {i}")
    base = FoiaRequest.objects.select_related("agency")
    filtered = base.filter(subject__icontains="gps").order_by("-pk")
    expected = Paginator(filtered, 2).get_page(2)
    # One query for the page's ids and the total (a window count), one for those rows: no separate COUNT.
    with django_assert_num_queries(2) as captured:
        got = page_of(filtered, per_page=2, number=2, rows=base)
    assert [r.pk for r in got.object_list] == [r.pk for r in expected.object_list]
    assert (got.paginator.count, got.paginator.num_pages, got.has_next()) == (3, 2, False)
    assert "COUNT" in captured.captured_queries[0]["sql"].upper()
    assert "LIKE" not in captured.captured_queries[1]["sql"].upper()  # the rows query does not search again


def test_count_apart_counts_without_a_window_and_reads_only_the_page(django_assert_num_queries):
    """For a list no filter narrows: a plain COUNT, the page's ids with a LIMIT (the database may stop after them),
    then those rows."""
    for i in range(7):
        FoiaRequestFactory(subject=f"S{i}")
    qs = FoiaRequest.objects.order_by("-updated_at", "-pk")
    expected = Paginator(qs, 3).get_page(2)
    with django_assert_num_queries(3) as captured:
        got = page_of(qs, per_page=3, number=2, count_apart=True)
    assert [r.pk for r in got.object_list] == [r.pk for r in expected.object_list]
    assert (got.paginator.count, got.paginator.num_pages) == (7, 3)
    count, ids, _ = (q["sql"].upper() for q in captured.captured_queries)
    assert "COUNT(" in count and "OVER" not in count and "ORDER BY" not in count
    assert "OVER" not in ids and "LIMIT 3" in ids and "OFFSET 3" in ids


@pytest.mark.postgres
def test_on_postgresql_the_filters_are_fenced_from_the_window_and_the_sort(django_assert_num_queries):
    """PostgreSQL plans the filters in their own subquery (OFFSET 0), then counts and sorts outside it; the
    pages are the Paginator's, with the sort's NULLS LAST and descending keys carried out of the fence."""
    for i in range(5):
        FoiaRequestFactory(subject=f"GPS {i}", submitted_on=None if i % 2 else dt.date(2026, 11, i + 1))
    FoiaRequestFactory(subject="Other")
    qs = FoiaRequest.objects.filter(subject__icontains="gps").order_by(F("submitted_on").desc(nulls_last=True), "-pk")
    for number in (1, 2, 3):
        expected = Paginator(qs, 2).get_page(number)
        with django_assert_num_queries(2) as captured:
            got = page_of(qs, per_page=2, number=number)
        assert [r.pk for r in got.object_list] == [r.pk for r in expected.object_list]
        assert got.paginator.count == 5
        sql = captured.captured_queries[0]["sql"]
        assert "OFFSET 0) AS" in sql and "COUNT(*) OVER ()" in sql and "DESC NULLS LAST" in sql


@pytest.mark.parametrize(
    "ordering",
    [("agency", "-pk"), ("?",), (Lower("subject"),), ("-agency__abbreviation", "pk")],
    ids=["a relation (its model's ordering)", "random", "a bare expression", "a related field"],
)
def test_every_ordering_gives_the_paginators_page(ordering, django_assert_num_queries):
    """What the fence cannot carry out as columns (a relation sorted by its model's ordering, random, a bare
    expression) keeps the window query; every ordering gives the Paginator's rows."""
    for i, slug in enumerate(["ice", "cbp", "uscis", "ice", "cbp"]):
        FoiaRequestFactory(subject=f"S{i % 2}", agency=agency(slug))
    qs = FoiaRequest.objects.filter(subject__startswith="S").order_by(*ordering)
    got = page_of(qs, per_page=2, number=1)
    assert got.paginator.count == 5 and len(got.object_list) == 2
    if ordering != ("?",):
        assert [r.pk for r in got.object_list] == [r.pk for r in Paginator(qs, 2).get_page(1).object_list]
    reversed_qs = FoiaRequest.objects.order_by("subject", "pk").reverse()
    assert [r.pk for r in page_of(reversed_qs, per_page=2, number=2).object_list] == [
        r.pk for r in Paginator(reversed_qs, 2).get_page(2).object_list
    ]


def test_a_filter_that_can_match_nothing_is_an_empty_first_page():
    """`pk__in=[]` (what a user with no organisation's access rule becomes) compiles to nothing at all."""
    FoiaRequestFactory()
    got = page_of(FoiaRequest.objects.filter(pk__in=[], subject__icontains="x"), per_page=2, number=1)
    assert (list(got.object_list), got.paginator.count, got.number) == ([], 0, 1)


def test_a_distinct_queryset_is_counted_without_its_duplicates():
    first = FoiaRequestFactory()
    FoiaRequestFactory()
    for name in ("a", "b"):
        first.tags.add(Tag.objects.create(organization=first.organization, name=name, slug=name))
    qs = FoiaRequest.objects.filter(tags__isnull=False).distinct().order_by("pk")
    got = page_of(qs, per_page=10, number=1)
    assert [r.pk for r in got.object_list] == [first.pk]
    assert got.paginator.count == 1
