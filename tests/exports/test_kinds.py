"""The other lists' exports (deadlines, cases, documents, communications): each follows its list's filters and
access, another organisation's objects never appear, privileged ones never reach partners."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coalition.models import Role, Sharing
from documents import samples
from documents import services as documents
from foia.choices import EventKind as E
from litigation import services as litigation
from tests.exports.conftest import body, csv_rows, xlsx_cells
from tests.factories import member
from tests.foia.factories import FoiaRequestFactory, record_all

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def lists(world, today, settings):
    today(D(2026, 12, 30))
    settings.TESSERACT_CMD = "/nonexistent/tesseract"
    partner_attorney = member(world.partner, Role.ATTORNEY)
    made = {}
    for org, user, name in (
        (world.ours, world.staff, "Ours"),
        (world.partner, partner_attorney, "Partner"),
        (world.outsider, world.outsider_staff, "Outsider"),
    ):
        shared = FoiaRequestFactory(organization=org, subject=f"{name} shared", sharing=Sharing.COALITION)
        record_all(shared, user, (E.SUBMITTED, D(2026, 11, 18)), (E.RECEIVED, D(2026, 11, 20)))
        litigation.case_create(actor=user, organization=org, caption=f"{name} v. ICE", sharing=Sharing.COALITION)
        litigation.case_create(
            actor=user, organization=org, caption=f"{name} strategy", sharing=Sharing.COALITION, privileged=True
        )
        for privileged in (False, True):
            label = f"{name} {'privileged' if privileged else 'release'}"
            production = documents.production_create(
                request=shared, actor=user, date=D(2026, 12, 1), label=label, privileged=privileged
            )
            documents.documents_upload(
                production=production,
                files=[SimpleUploadedFile(f"{name}-{privileged}.pdf", samples.text_pdf([f"{name} page"]))],
                actor=user,
            )
        made[name] = shared
    return made


def exported(client, user, kind, query="", fmt="csv"):
    client.force_login(user)
    response = client.get(reverse("exports:list", args=[kind, fmt]) + query)
    assert response.status_code == 200, response.content[:300]
    content = body(response)
    header, *rows = csv_rows(content) if fmt == "csv" else xlsx_cells(content)
    return [dict(zip(header, row, strict=True)) for row in rows]


def column(rows, name):
    return sorted(str(r[name]) for r in rows)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_cases_privileged_and_other_organisations_left_out(client, world, lists, fmt):
    assert column(exported(client, world.staff, "cases", fmt=fmt), "Caption") == [
        "Ours strategy", "Ours v. ICE", "Partner v. ICE"
    ]  # fmt: skip
    assert column(exported(client, world.partner_staff, "cases", fmt=fmt), "Caption") == [
        "Ours v. ICE", "Partner strategy", "Partner v. ICE"
    ]  # fmt: skip
    assert column(exported(client, world.outsider_staff, "cases", fmt=fmt), "Caption") == [
        "Outsider strategy", "Outsider v. ICE"
    ]  # fmt: skip
    assert column(exported(client, world.staff, "cases", "?q=strategy", fmt), "Caption") == ["Ours strategy"]
    assert column(exported(client, world.staff, "cases", "?status=filed", fmt), "Caption") == []


@pytest.mark.parametrize("user", ["staff", "viewer", "attorney", "partner_staff"])
def test_documents_of_privileged_productions_never_reach_partners(client, world, lists, user):
    rows = exported(client, getattr(world, user), "documents")
    productions = column(rows, "Production")
    if user == "partner_staff":
        assert not any("Ours privileged" in p for p in productions)
        assert any("Ours release" in p for p in productions) and any("Partner privileged" in p for p in productions)
    else:
        assert any("Ours privileged" in p for p in productions)
        assert not any("Partner privileged" in p for p in productions)
    assert not any("Outsider" in p for p in productions)


def test_documents_follow_their_filters(client, world, lists):
    rows = exported(client, world.staff, "documents")
    production = next(r for r in rows if "Ours release" in r["Production"])
    client.force_login(world.staff)
    from documents.models import Document

    pk = Document.objects.get(pk=production["ID"]).production_id
    assert column(exported(client, world.staff, "documents", f"?production={pk}"), "ID") == [production["ID"]]
    outsider = Document.objects.filter(production__request=lists["Outsider"]).first().production_id
    client.force_login(world.staff)
    assert client.get(reverse("exports:list", args=["documents", "csv"]) + f"?production={outsider}").status_code == 400


def test_deadlines_open_by_default_and_filtered_like_the_list(client, world, lists):
    rows = exported(client, world.staff, "deadlines")
    subjects = column(rows, "Subject")
    assert "Ours shared" in subjects and "Partner shared" in subjects and "Outsider shared" not in subjects
    assert {r["Status"] for r in rows} == {"Open"}
    ours = [r for r in rows if r["Subject"] == "Ours shared"]
    assert {r["Due"] for r in ours} >= {"2026-12-21"} and all(r["Citation"] for r in ours)
    overdue = exported(client, world.staff, "deadlines", "?overdue=true")
    assert overdue and all(r["Overdue"] == "Yes" for r in overdue)
    assert exported(client, world.staff, "deadlines", f"?organization={world.ours.pk}")
    client.force_login(world.staff)
    page = client.get(reverse("deadlines:list") + "?overdue=true")
    assert len(page.context["page"].object_list) == len(overdue)
    assert 'href="/exports/deadlines.csv?overdue=true"' in page.content.decode()


def test_communications_by_request_and_never_another_organisations(client, world, lists):
    from foia.models import Communication

    for name, request in lists.items():
        Communication.objects.create(
            request=request, direction="incoming", date=D(2026, 11, 25), subject=f"{name} letter"
        )
    assert column(exported(client, world.staff, "communications"), "Subject") == ["Ours letter", "Partner letter"]
    mine = exported(client, world.staff, "communications", f"?request={lists['Ours'].pk}")
    assert column(mine, "Subject") == ["Ours letter"]
    client.force_login(world.staff)
    other = client.get(reverse("exports:list", args=["communications", "csv"]) + f"?request={lists['Outsider'].pk}")
    assert other.status_code == 400


def test_each_list_page_links_its_export(client, world, lists):
    client.force_login(world.staff)
    assert 'href="/exports/cases.csv?q=ICE"' in client.get(reverse("litigation:case-list") + "?q=ICE").content.decode()
    assert 'href="/exports/documents.xlsx"' in client.get(reverse("documents:index")).content.decode()
