"""The requests export: its columns, the list's filters and access, CSV and XLSX read back."""

import datetime as dt

import pytest
from django.urls import reverse

from coalition.models import Sharing
from exports.columns import REQUEST_COLUMNS
from foia.choices import EventKind as E
from foia.choices import TrackingKind
from foia.models import TrackingNumber
from tests.exports.conftest import body, csv_rows, xlsx_cells, xlsx_sheet
from tests.foia.factories import FoiaRequestFactory, agency, record_all

pytestmark = pytest.mark.django_db
D = dt.date


def export(client, user, fmt="csv", query=""):
    client.force_login(user)
    response = client.get(reverse("exports:list", args=["requests", fmt]) + query)
    assert response.status_code == 200, response.content[:300]
    return response


def as_dicts(response, fmt="csv"):
    content = body(response)
    table = csv_rows(content) if fmt == "csv" else xlsx_cells(content)
    header, *rows = table
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.fixture
def requests(world, today):
    today(D(2026, 12, 30))
    mine = FoiaRequestFactory(
        organization=world.ours,
        subject="Trust Stamp contract",
        request_text="All contracts with Trust Stamp, FY2020–FY2026.",
        assigned_to=world.staff,
        fee_waiver_requested=True,
        sharing=Sharing.COALITION,
    )
    record_all(mine, world.staff, (E.SUBMITTED, D(2026, 11, 18)), (E.RECEIVED, D(2026, 11, 20)))
    TrackingNumber.objects.create(
        request=mine,
        kind=TrackingKind.REQUEST,
        number="2026-ICFO-23103",
        agency=agency("ice"),
        assigned_on=D(2026, 11, 20),
    )
    TrackingNumber.objects.create(
        request=mine,
        kind=TrackingKind.APPEAL,
        number="2027-ICAP-00154",
        agency=agency("ice"),
        assigned_on=D(2026, 12, 1),
    )
    private = FoiaRequestFactory(organization=world.ours, subject="SmartLINK retention", agency=agency("dhs-privacy"))
    partner_shared = FoiaRequestFactory(organization=world.partner, subject="Partner shared", sharing=Sharing.COALITION)
    FoiaRequestFactory(organization=world.partner, subject="Partner private")
    FoiaRequestFactory(organization=world.outsider, subject="Outsider", sharing=Sharing.COALITION)
    return mine, private, partner_shared


def test_the_requests_export_starts_with_exactly_the_importers_columns(client, world, requests):
    response = export(client, world.staff)
    header = csv_rows(body(response))[0]
    assert tuple(header[: len(REQUEST_COLUMNS)]) == (
        "External ID",
        "Agency",
        "Component",
        "Tracking #",
        "Subject",
        "Request text",
        "Date Submitted",
        "Date Received",
        "Status",
        "Assigned To",
        "Fee waiver requested",
        "Expedited requested",
    )
    assert "Next deadline rule" in header and "Next deadline citation" in header


def test_a_request_row_holds_its_values(client, world, requests):
    mine = requests[0]
    rows = {r["Subject"]: r for r in as_dicts(export(client, world.staff))}
    row = rows["Trust Stamp contract"]
    assert row["External ID"] == str(mine.pk)
    assert row["Agency"] == "U.S. Department of Homeland Security"
    assert row["Component"] == agency("ice").name
    assert row["Tracking #"] == "2026-ICFO-23103"
    assert row["Other tracking numbers"] == "2027-ICAP-00154"
    assert row["Request text"] == "All contracts with Trust Stamp, FY2020–FY2026."
    assert (row["Date Submitted"], row["Date Received"]) == ("2026-11-18", "2026-11-20")
    assert row["Status"] == "In process"
    assert row["Assigned To"] == world.staff.email
    assert (row["Fee waiver requested"], row["Expedited requested"]) == ("Yes", "No")
    # 20 working days after 11-20 (Thanksgiving 11-26 excluded): 12-21; already past on 12-30.
    assert row["Next deadline due"] == "2026-12-21" and row["Overdue"] == "Yes"
    assert row["Next deadline rule"] and "552(a)(6)(A)" in row["Next deadline citation"]
    assert row["URL"].endswith(f"/requests/{mine.pk}/")


def test_the_export_shows_what_the_list_shows_each_organisation(client, world, requests):
    def subjects(user):
        return sorted(r["Subject"] for r in as_dicts(export(client, user)))

    assert subjects(world.staff) == ["Partner shared", "SmartLINK retention", "Trust Stamp contract"]
    assert subjects(world.viewer) == ["Partner shared", "SmartLINK retention", "Trust Stamp contract"]
    assert subjects(world.partner_staff) == ["Partner private", "Partner shared", "Trust Stamp contract"]
    assert subjects(world.outsider_staff) == ["Outsider"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?agency=dhs-privacy", ["SmartLINK retention"]),
        ("?status=processing", ["Trust Stamp contract"]),
        ("?overdue=true", ["Trust Stamp contract"]),
        ("?ours=true", ["SmartLINK retention", "Trust Stamp contract"]),
        ("?q=ICFO-23103", ["Trust Stamp contract"]),
        ("?sort=-subject", ["Trust Stamp contract", "SmartLINK retention", "Partner shared"]),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_follows_the_lists_filters_and_order(client, world, requests, query, expected, fmt):
    got = [r["Subject"] for r in as_dicts(export(client, world.staff, fmt, query), fmt)]
    assert got == expected if "sort" in query else sorted(got) == expected
    client.force_login(world.staff)
    page = client.get(reverse("foia:request-list") + query)
    assert sorted(r.subject for r in page.context["page"]) == sorted(expected)


def test_a_filter_the_list_refuses_is_refused(client, world, requests):
    client.force_login(world.staff)
    response = client.get(reverse("exports:list", args=["requests", "csv"]) + "?submitted_after=2026-02-30")
    assert response.status_code == 400
    other_org = client.get(reverse("exports:list", args=["requests", "csv"]) + f"?organization={world.outsider.slug}")
    assert other_org.status_code == 400  # exactly like a missing organisation
    missing = client.get(reverse("exports:list", args=["requests", "csv"]) + "?organization=no-such-org")
    assert missing.content == other_org.content


def test_xlsx_holds_dates_numbers_and_strings(client, world, requests):
    response = export(client, world.staff, "xlsx", "?q=ICFO-23103")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = xlsx_sheet(body(response))
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert row["External ID"].value == requests[0].pk and row["External ID"].data_type == "n"
    assert row["Date Submitted"].value == dt.datetime(2026, 11, 18) and row["Date Submitted"].is_date
    assert row["Date Submitted"].number_format == "yyyy-mm-dd"
    assert row["Subject"].data_type == "s"


def test_the_file_is_an_attachment_with_a_fixed_name(client, world, requests):
    response = export(client, world.staff, "csv", '?q="; filename=evil.html')
    assert response["Content-Disposition"] == 'attachment; filename="foia-tracker-requests-2026-12-30.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert export(client, world.staff, "xlsx")["Content-Disposition"].endswith('requests-2026-12-30.xlsx"')


def test_unknown_kind_or_format_is_missing_and_anonymous_people_sign_in(client, world, requests):
    client.force_login(world.staff)
    assert client.get("/exports/nothing.csv").status_code == 404
    assert client.get("/exports/requests.pdf").status_code == 404
    client.logout()
    assert client.get(reverse("exports:list", args=["requests", "csv"])).status_code == 302


def test_the_request_list_links_its_export_with_the_current_filters(client, world, requests):
    client.force_login(world.staff)
    page = client.get(reverse("foia:request-list") + "?agency=ice&status=processing").content.decode()
    assert 'href="/exports/requests.csv?agency=ice&amp;status=processing"' in page
    assert 'href="/exports/requests.xlsx?agency=ice&amp;status=processing"' in page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_query_count_does_not_grow_with_the_rows(client, world, today, fmt):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today(D(2026, 12, 30))
    client.force_login(world.staff)

    def queries(n):
        for _ in range(n):
            r = FoiaRequestFactory(organization=world.ours, assigned_to=world.staff)
            record_all(r, world.staff, (E.SUBMITTED, D(2026, 11, 18)), (E.RECEIVED, D(2026, 11, 20)))
            TrackingNumber.objects.create(
                request=r, number=f"2026-ICFO-{r.pk}", agency=agency(), assigned_on=D(2026, 11, 20)
            )
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("exports:list", args=["requests", fmt]))
            rows = len(as_dicts(response, fmt))
        return rows, len(captured)

    small, large = queries(2), queries(10)
    assert (small[0], large[0]) == (2, 12)
    assert small[1] == large[1]


def test_an_exports_memory_does_not_grow_with_its_rows(world, today, monkeypatch):
    """Rows are read by chunks and each request is let go once its row is written (its prefetched lists point back
    at it: without `_each`, every chunk stayed in memory until a rare full garbage collection)."""
    import tracemalloc

    from django.http import QueryDict

    from exports import kinds
    from exports.selectors import export_rows

    today(D(2026, 12, 30))
    monkeypatch.setattr(kinds, "CHUNK", 10)
    for n in range(120):
        r = FoiaRequestFactory(organization=world.ours, subject=f"ISAP records {n}", request_text="x" * 2000)
        record_all(r, world.staff, (E.SUBMITTED, D(2026, 11, 18)), (E.RECEIVED, D(2026, 11, 20)))

    def peak(rows: int) -> int:
        qs = export_rows(user=world.staff, kind=kinds.REQUESTS, data=QueryDict(), today=D(2026, 12, 30))[:rows]
        tracemalloc.start()
        try:
            assert sum(1 for _ in kinds.REQUESTS.rows(qs, today=D(2026, 12, 30))) == rows
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    peak(10)  # warm caches (content types, compiled SQL)
    few, many = peak(20), peak(120)
    assert many < few * 2, (few, many)  # six times the rows, not six times the memory
