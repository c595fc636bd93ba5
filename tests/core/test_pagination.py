"""core.pagination.page_of reads a page in two steps (ids, then rows): the same rows in the same order as Django's
Paginator over the same queryset, on every page, with ties and missing dates in the sort."""

import datetime as dt

import pytest
from django.core.paginator import Paginator
from django.db.models import F

from core.pagination import page_of
from foia.models import FoiaRequest
from tests.foia.factories import FoiaRequestFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "ordering",
    [("subject", "-pk"), (F("submitted_on").asc(nulls_last=True), "-pk"), ("-updated_at", "-pk")],
    ids=["subject with ties", "dates with nulls", "default"],
)
def test_a_two_step_page_is_the_paginators_page(ordering):
    for i in range(7):
        FoiaRequestFactory(subject=f"S{i % 3}", submitted_on=None if i % 2 else dt.date(2026, 11, i + 1))
    qs = FoiaRequest.objects.select_related("agency").prefetch_related("tags").order_by(*ordering)
    for number in (1, 2, 3, "nope", 99):
        expected = Paginator(qs, 3).get_page(number)
        got = page_of(qs, per_page=3, number=number)
        assert [r.pk for r in got.object_list] == [r.pk for r in expected.object_list]
        assert (got.number, got.paginator.count, got.paginator.num_pages) == (
            expected.number,
            expected.paginator.count,
            expected.paginator.num_pages,
        )
