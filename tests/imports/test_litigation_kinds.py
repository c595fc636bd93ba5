"""Importing cases and court-ordered deadlines: the preview (create, update, unchanged, reject with row and reason),
confirm through litigation's services (links record the request's "In litigation" event), undo and its refusals,
another organisation's cases answering as unknown, and one transaction (nothing half-applied)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from coalition.models import Role
from deadlines.models import Deadline, DeadlineStatus
from deadlines.services import deadline_set_status
from directory.models import Court
from foia import services as foia_services
from foia.choices import EventKind, RequestStatus
from foia.models import FoiaRequest, RequestEvent
from imports import services
from imports.models import BatchStatus, ImportedRecord, ImportKind
from litigation import services as litigation_services
from litigation import services_docket
from litigation.models import Case, CaseStatus
from litigation.models_docket import EntryKind
from tests.factories import OrganizationFactory, member
from tests.foia.factories import FoiaRequestFactory, agency, record_all

from .conftest import csv_bytes
from .test_reading import xlsx

D = dt.date
CASE_HEADERS = [
    "Caption",
    "Court",
    "Docket number",
    "Judge",
    "Magistrate judge",
    "Filed on",
    "Status",
    "FOIA requests",
    "External ID",
]
DEADLINE_HEADERS = ["Case", "Court", "Title", "Due date", "Source order", "Responsible", "Note"]


def case_row(caption="CJE v. ICE", court="D.D.C.", docket="1:26-cv-01234", judge="", magistrate="", filed="",
             status="", requests="", external=""):  # fmt: skip
    return [caption, court, docket, judge, magistrate, filed, status, requests, external]


def deadline_row(case="3:22-cv-01234", court="N.D. Cal.", title="Defendants' first production", due="01/15/2027",
                 order="", responsible="", note=""):  # fmt: skip
    return [case, court, title, due, order, responsible, note]


def previewed_kind(user, org, kind, headers, *rows):
    batch = services.batch_upload_bytes(
        user=user, organization=org, name=f"{kind}.csv", content=csv_bytes([headers, *rows]), kind=kind
    )
    return services.batch_preview(user=user, batch=batch)


def cases_previewed(user, org, *rows):
    return previewed_kind(user, org, ImportKind.CASES, CASE_HEADERS, *rows)


def deadlines_previewed(user, org, *rows):
    return previewed_kind(user, org, ImportKind.COURT_DEADLINES, DEADLINE_HEADERS, *rows)


def by_row(batch):
    return {r["row"]: r for r in batch.preview["rows"]}


def tables():
    return (
        Case.objects.count(),
        Case.requests.through.objects.count(),
        RequestEvent.objects.count(),
        Deadline.objects.count(),
        Case.history.count(),
    )


@pytest.fixture
def mijente(org, staff):
    """A filed N.D. Cal. case of ours, and a request of ours (received 2026-10-02) with a tracking number."""
    case = litigation_services.case_create(
        actor=staff,
        organization=org,
        caption="Mijente v. DHS",
        court=Court.objects.get(slug="cand"),
        docket_number="3:22-cv-01234",
        judge="Hon. Jacqueline Scott Corley",
        filed_on=D(2026, 11, 4),
        status=CaseStatus.FILED,
    )
    request = FoiaRequestFactory(organization=org, subject="ISAP SmartLINK contracts")
    record_all(request, staff, (EventKind.SUBMITTED, D(2026, 10, 1)), (EventKind.RECEIVED, D(2026, 10, 2)))
    foia_services.tracking_number_add(
        request=request, user=staff, number="2026-ICFO-00001", agency=agency("ice"), assigned_on=D(2026, 10, 1)
    )
    case.enforced = FoiaRequest.objects.get(pk=request.pk)
    return case


# --- cases --------------------------------------------------------------------------------------------------------


def test_a_cases_preview_lists_creates_updates_and_rejections_and_writes_nothing(org, staff, mijente):
    before = tables()
    batch = cases_previewed(
        staff,
        org,
        case_row(judge="Hon. Amit P. Mehta", filed="11/20/2026", requests="2026-icfo-00001"),
        case_row("Mijente v. DHS", "N.D. Cal.", "3:22-cv-01234", judge="Hon. Rita F. Lin"),
        case_row("Wrong office", docket="4:26-cv-01234"),
        case_row("Impossible", docket="1:26-cv-02222", filed="2026-02-30"),
        case_row("Unknown request", docket="1:26-cv-03333", requests="2026-ICFO-00001; 2026-XXXX-99"),
        case_row("Moon", court="Moon Court", docket="1:26-cv-04444"),
        case_row("Again", docket="1:26-cv-01234"),
        case_row("Later", docket="1:26-cv-05555", filed="12/03/2026"),
        case_row("", docket="1:26-cv-06666"),
        case_row("Mijente v. DHS", "cand", "3:22-cv-01234"),
    )
    assert tables() == before
    assert batch.preview["counts"] == {"create": 1, "update": 1, "unchanged": 0, "reject": 8}
    rows = by_row(batch)
    assert (rows[2]["action"], rows[2]["court"], rows[2]["status"]) == ("create", "D.D.C.", "Filed")
    assert rows[2]["values"]["requests"] == [mijente.enforced.pk]
    assert rows[3]["case"] == mijente.pk
    assert rows[3]["changes"] == {"judge": ["Hon. Jacqueline Scott Corley", "Hon. Rita F. Lin"]}
    assert rows[4]["reasons"][0].startswith("Docket number: “4:26-cv-01234” is not a docket number in D.D.C.")
    assert rows[5]["reasons"] == ["Date filed: “2026-02-30” is not a real date (no such day in that month)"]
    assert rows[6]["reasons"] == ["FOIA requests: 2026-XXXX-99 is not a request of this organisation"]
    assert rows[7]["reasons"][0].startswith("Court: “Moon Court” is not a court we know")
    assert rows[8]["reasons"] == ["Docket number: 1:26-cv-01234 in D.D.C. is already on row 2 of this file"]
    assert rows[9]["reasons"] == ["Date filed: 2026-12-03 is in the future"]
    assert rows[10]["reasons"] == ["Caption: empty"]
    assert rows[11]["reasons"] == ["Docket number: 3:22-cv-01234 in N.D. Cal. is already on row 3 of this file"]


def test_confirm_creates_and_updates_through_litigation_and_undo_puts_everything_back(org, staff, mijente):
    request = mijente.enforced
    batch = cases_previewed(
        staff,
        org,
        case_row(judge="Hon. Amit P. Mehta", filed="11/20/2026", requests="2026-ICFO-00001"),
        case_row("Mijente v. DHS", "N.D. Cal.", "3:22-cv-01234", judge="Hon. Rita F. Lin", status="Briefing"),
    )
    services.batch_confirm(user=staff, batch=batch)
    created = Case.objects.get(docket_number="1:26-cv-01234")
    assert (created.court.slug, created.filed_on, created.status, created.organization) == (
        "dcd",
        D(2026, 11, 20),
        CaseStatus.FILED,
        org,
    )
    assert list(created.requests.all()) == [request]
    # Linking recorded the request's "In litigation" event, dated the filing; foia's lifecycle moved it on.
    request.refresh_from_db()
    assert request.status == RequestStatus.LITIGATION
    assert request.events.filter(kind=EventKind.LITIGATION, date=D(2026, 11, 20)).count() == 1
    mijente.refresh_from_db()
    assert (mijente.judge, mijente.status) == ("Hon. Rita F. Lin", CaseStatus.BRIEFING)

    services.batch_undo(user=staff, batch=batch)
    assert not Case.objects.filter(pk=created.pk).exists()
    request.refresh_from_db()
    assert request.status == RequestStatus.PROCESSING
    assert not request.events.filter(kind=EventKind.LITIGATION).exists()
    mijente.refresh_from_db()
    assert (mijente.judge, mijente.status) == ("Hon. Jacqueline Scott Corley", CaseStatus.FILED)


def test_undo_refuses_naming_a_case_edited_since(org, staff, mijente):
    batch = cases_previewed(staff, org, case_row(), case_row("Mijente v. DHS", "cand", "3:22-cv-01234", judge="X"))
    services.batch_confirm(user=staff, batch=batch)
    created = Case.objects.get(docket_number="1:26-cv-01234")
    litigation_services.case_update(actor=staff, case=created, caption="CJE v. ICE (amended)")
    with pytest.raises(ValidationError) as refused:
        services.batch_undo(user=staff, batch=batch)
    assert refused.value.code == "changed"
    assert f"Case {created.pk} “CJE v. ICE” (1:26-cv-01234) (row 2) was edited since the import" in str(refused.value)
    mijente.refresh_from_db()
    assert mijente.judge == "X" and Case.objects.filter(pk=created.pk).exists()
    assert services.selectors.batch_get(user=staff, pk=batch.pk).status == BatchStatus.APPLIED


def test_another_organisations_case_answers_as_unknown(org, staff, mijente):
    other = OrganizationFactory()
    theirs = litigation_services.case_create(
        actor=member(other, Role.STAFF),
        organization=other,
        caption="Theirs v. DOJ",
        court=Court.objects.get(slug="dcd"),
        docket_number="1:26-cv-07777",
    )
    cases = by_row(
        cases_previewed(staff, org, case_row(external=str(theirs.pk)), case_row(docket="", external="999999"))
    )
    assert cases[2]["reasons"] == [f"External ID: no case {theirs.pk} in this organisation"]
    assert cases[3]["reasons"] == ["External ID: no case 999999 in this organisation"]
    named = [
        deadline_row("1:26-cv-07777", "dcd"),
        deadline_row("1:26-cv-08888", "dcd"),
        deadline_row("1:26-cv-07777", ""),
    ]
    deadlines = by_row(deadlines_previewed(staff, org, *named))
    assert deadlines[2]["reasons"] == ["Case: no case 1:26-cv-07777 in dcd in this organisation"]
    assert deadlines[3]["reasons"] == ["Case: no case 1:26-cv-08888 in dcd in this organisation"]
    assert deadlines[4]["reasons"] == ["Case: no case 1:26-cv-07777 in this organisation"]
    assert "caption" not in deadlines[2]


def test_importing_needs_an_editor_of_the_organisation(org, mijente):
    viewer = member(org, Role.VIEWER)
    with pytest.raises(PermissionDenied):
        services.batch_upload_bytes(
            user=viewer, organization=org, name="c.csv", content=csv_bytes([CASE_HEADERS, case_row()]), kind="cases"
        )


# --- court-ordered deadlines --------------------------------------------------------------------------------------


@pytest.fixture
def docket(staff, mijente):
    order = services_docket.docket_entry_add(
        actor=staff, case=mijente, number=20, filed_on=D(2026, 11, 20), kind=EntryKind.ORDER, description="ORDER"
    )
    services_docket.docket_entry_add(
        actor=staff, case=mijente, number=21, filed_on=D(2026, 11, 24), kind=EntryKind.MOTION, description="MOTION"
    )
    return order


def test_court_deadlines_preview_confirm_reimport_and_undo(org, staff, mijente, docket):
    rows = (
        deadline_row(order="20", responsible="STAFF@example.org", note="500 pages a month"),
        deadline_row("3:22-cv-01234", "", "Joint status report", "2027-01-29"),
        deadline_row(order="ECF No. 19", title="No such entry"),
        deadline_row(order="21", title="From a motion"),
        deadline_row(due="2027-02-30", title="Impossible"),
        deadline_row(due="11/19/2026", order="20", title="Before its order"),
        deadline_row(responsible="nobody@example.org", title="Outsider"),
        deadline_row(title="", due=""),
    )
    before = tables()
    batch = deadlines_previewed(staff, org, *rows)
    assert tables() == before
    assert batch.preview["counts"] == {"create": 2, "update": 0, "unchanged": 0, "reject": 6}
    found = by_row(batch)
    assert (found[2]["case"], found[2]["due_on"], found[3]["action"]) == (mijente.pk, "2027-01-15", "create")
    assert found[4]["reasons"] == ["Source order: the case has no docket entry 19"]
    assert found[5]["reasons"] == ["Source order: ECF No. 21 is not an order or minute order"]
    assert found[6]["reasons"] == ["Due date: “2027-02-30” is not a real date (no such day in that month)"]
    assert found[7]["reasons"] == ["Due date: 2026-11-19 is before the order was entered (2026-11-20)"]
    assert found[8]["reasons"] == ["Responsible: nobody@example.org is not a member of this organisation"]
    assert found[9]["reasons"] == ["What is due: empty", "Due date: empty"]

    services.batch_confirm(user=staff, batch=batch)
    ordered = Deadline.objects.get(title="Defendants' first production")
    assert (ordered.forum, ordered.kind, ordered.due_date, ordered.responsible) == (
        "court",
        "manual",
        D(2027, 1, 15),
        staff,
    )
    assert ordered.citation == "Order, ECF No. 20 (entered 2026-11-20)" and ordered.note == "500 pages a month"
    assert ordered.key.startswith(docket.key_prefix) and ordered.subject == mijente
    report = Deadline.objects.get(title="Joint status report")
    assert (report.citation, report.due_date) == ("Court order (docket entry not recorded)", D(2027, 1, 29))

    again = deadlines_previewed(staff, org, *rows[:2])  # the same sheet again: already there, left alone
    assert again.preview["counts"] == {"create": 0, "update": 0, "unchanged": 2, "reject": 0}

    services.batch_undo(user=staff, batch=batch)
    assert not Deadline.objects.filter(kind="manual").exists()
    assert Deadline.objects.filter(
        title__startswith="Opposition to the motion, ECF No. 21"
    ).exists()  # not the import's


def test_deadline_undo_refuses_naming_one_marked_since(org, staff, mijente, docket):
    batch = deadlines_previewed(staff, org, deadline_row(order="20"))
    services.batch_confirm(user=staff, batch=batch)
    deadline = Deadline.objects.get(title="Defendants' first production")
    deadline_set_status(actor=staff, deadline=deadline, status=DeadlineStatus.FILED)
    with pytest.raises(ValidationError) as refused:
        services.batch_undo(user=staff, batch=batch)
    assert "“Defendants' first production” due 2027-01-15" in str(refused.value)
    assert "(row 2) was changed since the import" in str(refused.value)
    assert Deadline.objects.filter(pk=deadline.pk).exists()


def test_a_refused_row_at_confirm_applies_nothing(org, staff, mijente, docket, monkeypatch):
    batch = deadlines_previewed(staff, org, deadline_row(title="First"), deadline_row(title="Second"))
    real, calls = services_docket.court_deadline_order, []

    def second_refused(**kwargs):
        calls.append(kwargs["title"])
        if len(calls) == 2:
            raise ValidationError({"due_date": "Refused by the court's rules."})
        return real(**kwargs)

    monkeypatch.setattr(services_docket, "court_deadline_order", second_refused)
    before = tables()
    with pytest.raises(ValidationError) as refused:
        services.batch_confirm(user=staff, batch=batch)
    assert str(refused.value.messages[0]) == "Row 3: Refused by the court's rules. Nothing was imported."
    assert tables() == before and not ImportedRecord.objects.exists()
    assert services.selectors.batch_get(user=staff, pk=batch.pk).status == BatchStatus.PREVIEWED


# --- pages and API ------------------------------------------------------------------------------------------------


def test_cases_through_the_pages_and_the_api(client, org, staff, mijente):
    client.force_login(staff)
    page = client.get(reverse("imports:batch-upload")).content.decode()
    assert '<option value="cases">Cases</option>' in page and "Court-ordered deadlines" in page
    upload = SimpleUploadedFile(
        "cases.csv",
        csv_bytes([CASE_HEADERS, case_row(), case_row("Bad office", docket="4:26-cv-01234")]),
        content_type="text/csv",
    )
    response = client.post(reverse("imports:batch-upload"), {"kind": "cases", "file": upload})
    batch = services.selectors.batches_visible(user=staff).get()
    assert batch.mapping == ["caption", "court", "docket_number", "judge", "magistrate_judge", "filed_on", "status",
                             "requests", "external_id"]  # fmt: skip
    page = client.get(response.url).content.decode()
    assert '<option value="docket_number" selected>' in page
    client.post(response.url, {f"column_{i}": name for i, name in enumerate(batch.mapping)})
    page = client.get(reverse("imports:batch-detail", args=[batch.pk])).content.decode()
    assert "Cases to create" in page and "1:26-cv-01234" in page and "D.D.C." in page
    assert 'id="rejected-rows"' in page and "Bad office" in page and "is not a docket number in D.D.C." in page

    api = APIClient()
    api.force_authenticate(staff)
    content = csv_bytes([DEADLINE_HEADERS, deadline_row(), deadline_row("1:99-cv-00000")])
    response = api.post(
        "/api/v1/imports/",
        {"file": SimpleUploadedFile("d.csv", content, content_type="text/csv"), "kind": "court_deadlines"},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["kind"] == "court_deadlines" and body["counts"]["create"] == 1 and body["counts"]["reject"] == 1
    assert body["rows"][0]["case"] == mijente.pk and body["rows"][0]["due_on"] == "2027-01-15"
    assert api.post(f"/api/v1/imports/{body['id']}/confirm/").json()["status"] == "applied"
    assert Deadline.objects.filter(title="Defendants' first production", forum="court").count() == 1
    assert api.post(f"/api/v1/imports/{body['id']}/undo/").json()["status"] == "undone"
    assert not Deadline.objects.filter(title="Defendants' first production").exists()


def test_an_update_links_requests_and_undo_unlinks_them(org, staff, mijente):
    request = mijente.enforced
    batch = cases_previewed(staff, org, case_row("", "cand", "3:22-cv-01234", requests="2026-ICFO-00001"))
    assert batch.preview["rows"][0]["changes"] == {"requests": ["", "+1 linked"]}
    services.batch_confirm(user=staff, batch=batch)
    assert list(mijente.requests.all()) == [request]
    assert list(request.events.filter(kind=EventKind.LITIGATION).values_list("date", flat=True)) == [D(2026, 11, 4)]
    again = cases_previewed(staff, org, case_row("", "cand", "3:22-cv-01234", requests="2026-ICFO-00001"))
    assert again.preview["counts"]["unchanged"] == 1
    services.batch_undo(user=staff, batch=batch)
    assert not mijente.requests.exists() and not request.events.filter(kind=EventKind.LITIGATION).exists()


@pytest.mark.parametrize("kind", [ImportKind.CASES, ImportKind.COURT_DEADLINES])
def test_the_preview_reads_a_fixed_number_of_queries_whatever_the_rows(org, staff, mijente, docket, kind):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(count: int) -> int:
        if kind == ImportKind.CASES:
            rows = [case_row(f"Case {n}", docket=f"1:26-cv-{n:05d}", requests="2026-ICFO-00001") for n in range(count)]
            headers = CASE_HEADERS
        else:
            rows = [
                deadline_row(title=f"Production {n}", order="20", responsible="staff@example.org") for n in range(count)
            ]
            headers = DEADLINE_HEADERS
        batch = services.batch_upload_bytes(
            user=staff, organization=org, name="s.csv", content=csv_bytes([headers, *rows]), kind=kind
        )
        with CaptureQueriesContext(connection) as captured:
            services.batch_preview(user=staff, batch=batch)
        return len(captured)

    assert queries(2) == queries(40)


def test_undo_keeps_a_created_case_with_a_party_or_a_request_linked_since(org, staff, mijente):
    batch = cases_previewed(staff, org, case_row(), case_row("PIA v. ICE", docket="1:26-cv-02345", filed="11/20/2026"))
    services.batch_confirm(user=staff, batch=batch)
    first, second = Case.objects.get(docket_number="1:26-cv-01234"), Case.objects.get(docket_number="1:26-cv-02345")
    litigation_services.party_add(actor=staff, case=first, side="defendant", agency=agency("ice"))
    litigation_services.case_request_link(actor=staff, case=second, request=mijente.enforced)
    with pytest.raises(ValidationError) as refused:
        services.batch_undo(user=staff, batch=batch)
    assert "(row 2) has docket entries, notes, parties, counsel or schedules now" in str(refused.value)
    assert "(row 3) enforces requests linked since the import" in str(refused.value)
    assert Case.objects.filter(pk__in=[first.pk, second.pk]).count() == 2


def test_an_xlsx_of_cases_under_a_title_row_with_date_cells_and_a_remembered_column(org, staff, mijente):
    def build(sheet):
        sheet.append(["Litigation tracker, exported 12/01/2026"])  # a title row above the header
        sheet.append(["Matter", "Court", "Docket #", "Filed"])
        sheet.append(["CJE v. ICE", "dcd", "1:26-cv-01234", dt.datetime(2026, 11, 20)])

    content = xlsx(build)
    batch = services.batch_upload_bytes(user=staff, organization=org, name="cases.xlsx", content=content, kind="cases")
    assert (batch.header_row, batch.mapping) == (2, ["", "court", "docket_number", "filed_on"])
    batch = services.batch_preview(user=staff, batch=batch, mapping=["caption", "court", "docket_number", "filed_on"])
    assert batch.preview["counts"]["create"] == 1
    services.batch_confirm(user=staff, batch=batch)
    assert Case.objects.get(docket_number="1:26-cv-01234").filed_on == D(2026, 11, 20)
    # The organisation's choice for "Matter" is remembered for its next cases sheet (not for its requests sheets).
    again = services.batch_upload_bytes(user=staff, organization=org, name="c.xlsx", content=content, kind="cases")
    assert again.mapping == ["caption", "court", "docket_number", "filed_on"]
