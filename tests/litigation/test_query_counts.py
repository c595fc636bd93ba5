"""Case list and case detail (pages and API) read a fixed number of queries whatever the docket's length: the same
count with 2 docket entries as with 30 of every kind (motions and the oppositions answering them, orders and the
deadlines ordered from them, judgments, filings meeting deadlines, documents), a stay and a briefing schedule."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from litigation import services_briefing, services_docket
from litigation.models import EntryKind

pytestmark = pytest.mark.django_db
D = dt.date
FILED = D(2026, 11, 9)


def _add(lit, number, kind, **extra):
    return services_docket.docket_entry_add(
        actor=lit.attorney, case=lit.case, number=number, filed_on=FILED, kind=kind, description=f"{kind} {number}",
        **extra,
    )  # fmt: skip


def _grow(lit, start: int, stop: int) -> None:
    """Docket entries start..stop-1, cycling through what the case page and API show beside an entry."""
    motion = None
    for number in range(start, stop):
        step = number % 5
        if step == 0:
            motion = _add(lit, number, EntryKind.MOTION)
        elif step == 1 and motion is not None:
            _add(lit, number, EntryKind.OPPOSITION, responds_to=motion)
        elif step == 2:
            order = _add(lit, number, EntryKind.ORDER)
            services_docket.court_deadline_order(
                actor=lit.attorney, case=lit.case, order=order, title=f"Due {number}", due_date=D(2027, 1, 15)
            )
        elif step == 3:
            _add(lit, number, EntryKind.JUDGMENT)
        else:
            pdf = SimpleUploadedFile(f"e{number}.pdf", b"%PDF-1.4 entry", content_type="application/pdf")
            _add(lit, number, EntryKind.OTHER, document=pdf)


def _count(fetch) -> int:
    with CaptureQueriesContext(connection) as queries:
        fetch()
    return len(queries)


def test_case_list_and_detail_read_the_same_queries_with_2_or_30_docket_entries(client, lit, media):
    order = _add(lit, 1, EntryKind.ORDER)
    services_briefing.stay_grant(actor=lit.attorney, case=lit.case, order=order, until=D(2027, 2, 19))
    _add(lit, 2, EntryKind.MOTION)
    api = APIClient()
    api.force_authenticate(lit.staff)
    client.force_login(lit.staff)
    pages = {
        "case list": lambda: client.get("/litigation/"),
        "case detail": lambda: client.get(lit.case.get_absolute_url()),
        "API case list": lambda: api.get("/api/v1/litigation/cases/"),
        "API case detail": lambda: api.get(f"/api/v1/litigation/cases/{lit.case.pk}/"),
        "API docket": lambda: api.get(f"/api/v1/litigation/docket-entries/?case={lit.case.pk}"),
    }
    for fetch in pages.values():
        assert fetch().status_code == 200  # warm caches (content types, sessions) before counting
    few = {name: _count(fetch) for name, fetch in pages.items()}
    _grow(lit, 3, 31)
    assert lit.case.docket.count() == 30
    many = {name: _count(fetch) for name, fetch in pages.items()}
    assert many == few
    assert "ECF No." in client.get(lit.case.get_absolute_url()).content.decode()
