"""Review fixes in reads and writes: deadline filters see only visible deadlines, API filters only visible
requests, people are chosen among members without telling who exists, refused writes leave no files behind."""

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from coalition.models import Role, Sharing
from deadlines.services import deadline_set_manual
from foia import services
from foia.choices import EventKind as E
from foia.models import Communication
from foia.services.communications import files_atomic
from tests.factories import editor, member
from tests.foia.conftest import stored_files
from tests.foia.factories import FoiaRequestFactory, record, record_all

pytestmark = pytest.mark.django_db
D = dt.date
BASE = "/api/v1/foia"


def api_as(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.fixture
def shared_with_privileged_deadline(world, today):
    """A shared request whose only deadline is privileged and overdue (a partner must not learn of it)."""
    today(D(2026, 12, 30))
    req = FoiaRequestFactory(organization=world.ours, sharing=Sharing.COALITION, subject="Shared")
    record(req, world.staff, E.SUBMITTED, D(2026, 11, 18))
    for key, due in (("strategy", D(2026, 12, 1)), ("strategy-2", D(2027, 1, 5))):
        deadline_set_manual(
            actor=editor(req), subject=req, key=key, title="Privileged", due_date=due, citation="x", privileged=True
        )
    return req


@pytest.mark.parametrize("query", ["overdue=true", "due_within=3650"])
def test_deadline_filters_ignore_deadlines_the_user_cannot_see(world, shared_with_privileged_deadline, query):
    req = shared_with_privileged_deadline
    partner = api_as(world.partner_staff)
    assert partner.get(f"{BASE}/requests/{req.pk}/").json()["open_deadlines"] == []
    assert req.pk not in [r["id"] for r in partner.get(f"{BASE}/requests/?{query}").json()["results"]]
    assert req.pk in [r["id"] for r in api_as(world.staff).get(f"{BASE}/requests/?{query}").json()["results"]]


def test_overdue_false_and_sorting_by_due_treat_an_invisible_deadline_as_none(world, shared_with_privileged_deadline):
    req = shared_with_privileged_deadline
    other = FoiaRequestFactory(organization=world.ours, sharing=Sharing.COALITION, subject="Other")
    record_all(other, world.staff, (E.SUBMITTED, D(2026, 12, 1)), (E.RECEIVED, D(2026, 12, 2)))
    partner = api_as(world.partner_staff)
    assert req.pk in [r["id"] for r in partner.get(f"{BASE}/requests/?overdue=false").json()["results"]]
    # due first: `other` (a visible deadline) before `req` (none the partner can see, so last)
    ids = [r["id"] for r in partner.get(f"{BASE}/requests/?sort=due").json()["results"]]
    assert ids.index(other.pk) < ids.index(req.pk)
    ids = [r["id"] for r in api_as(world.staff).get(f"{BASE}/requests/?sort=due").json()["results"]]
    assert ids.index(req.pk) < ids.index(other.pk)  # the organisation sees its privileged 12-01 deadline first


def test_the_csv_export_filters_on_visible_deadlines_only(client, world, shared_with_privileged_deadline):
    client.force_login(world.partner_staff)
    response = client.get(reverse("foia:request-export") + "?overdue=true")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r[0] for r in rows[1:]] == []
    response = client.get(reverse("foia:request-export") + "?q=Shared")
    [row] = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))[1:]
    assert row[0] == str(shared_with_privileged_deadline.pk) and row[11:14] == ["", "", "no"]


@pytest.mark.parametrize("endpoint", ["events", "communications", "appeals", "tracking-numbers"])
def test_an_api_request_filter_answers_another_organisations_id_like_a_missing_one(world, today, endpoint):
    today(D(2026, 12, 30))
    theirs = FoiaRequestFactory(organization=world.outsider)
    api = api_as(world.staff)
    existing = api.get(f"{BASE}/{endpoint}/?request={theirs.pk}")
    missing = api.get(f"{BASE}/{endpoint}/?request={theirs.pk + 1000}")
    assert existing.status_code == missing.status_code == 400
    assert existing.json() == missing.json()
    mine = FoiaRequestFactory(organization=world.ours)
    assert api.get(f"{BASE}/{endpoint}/?request={mine.pk}").status_code == 200


def test_the_attachment_filter_answers_another_organisations_communication_like_a_missing_one(world, today):
    today(D(2026, 12, 30))
    theirs = FoiaRequestFactory(organization=world.outsider)
    record(theirs, world.outsider_staff, E.SUBMITTED, D(2026, 12, 1))
    letter = services.communication_log(
        request=theirs,
        user=world.outsider_staff,
        direction="to_agency",
        channel="email",
        date=D(2026, 12, 1),
        kind="other",
        subject="x",
    )
    api = api_as(world.staff)
    existing = api.get(f"{BASE}/attachments/?communication={letter.pk}")
    missing = api.get(f"{BASE}/attachments/?communication={letter.pk + 1000}")
    assert (existing.status_code, existing.json()) == (missing.status_code, missing.json())


@pytest.mark.parametrize("field", ["assigned_to", "attorney"])
def test_people_are_chosen_among_members_without_revealing_who_exists(world, today, field):
    today(D(2026, 12, 30))
    req = FoiaRequestFactory(organization=world.ours)
    api = api_as(world.staff)
    url = f"{BASE}/requests/{req.pk}/"
    outsider = api.patch(url, {field: world.outsider_staff.username}, format="json")
    unknown = api.patch(url, {field: "nobody-by-that-name"}, format="json")
    assert outsider.status_code == unknown.status_code == 400
    message = "No member of this organisation has the username “{}”."
    assert outsider.json()[field] == [message.format(world.outsider_staff.username)]
    assert unknown.json()[field] == [message.format("nobody-by-that-name")]
    ok = api.patch(url, {field: world.attorney.username}, format="json")
    assert ok.status_code == 200 and ok.json()[field] == world.attorney.username
    # a new request: members of the active organisation
    created = api.post(
        f"{BASE}/requests/",
        {"agency": "ice", "subject": "s", "request_text": "t", field: world.partner_staff.username},
        format="json",
    )
    assert created.json()[field] == [message.format(world.partner_staff.username)]


def test_the_form_refuses_a_non_member_like_an_unknown_user(client, world, today):
    today(D(2026, 12, 30))
    req = FoiaRequestFactory(organization=world.ours)
    client.force_login(world.staff)
    errors = {}
    for pk in (world.outsider_staff.pk, 10**6):
        data = {
            "agency": req.agency_id,
            "subject": "s",
            "request_text": "t",
            "sharing": "organization",
            "requester_category": "other",
            "assigned_to": pk,
        }
        response = client.post(reverse("foia:request-edit", args=[req.pk]), data)
        errors[pk] = response.context["form"].errors["assigned_to"]
    assert errors[world.outsider_staff.pk] == errors[10**6]


def test_a_refused_appeal_leaves_no_files_behind(world, today, _media):
    today(D(2026, 12, 30))
    req = FoiaRequestFactory(organization=world.ours)
    record_all(
        req,
        world.staff,
        (E.SUBMITTED, D(2026, 11, 18)),
        (E.RECEIVED, D(2026, 11, 20)),
        (E.FINAL_RESPONSE, D(2026, 12, 1), {"outcome": "denial"}),
    )
    services.tracking_number_add(
        request=req, user=world.staff, number="2027-ICAP-00001", agency=req.agency, assigned_on=D(2026, 12, 10)
    )
    with pytest.raises(ValidationError, match="already recorded"):  # refused after the letter's files were written
        services.appeal_file(
            request=req,
            user=world.staff,
            filed_on=D(2026, 12, 10),
            letter_subject="Appeal",
            files=[SimpleUploadedFile("appeal.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")],
            tracking_number="2027-ICAP-00001",
        )
    assert not req.appeals.exists() and not Communication.objects.filter(request=req).exists()
    assert stored_files(_media) == []
    # an accepted one keeps its file
    services.appeal_file(
        request=req,
        user=world.staff,
        filed_on=D(2026, 12, 10),
        letter_subject="Appeal",
        files=[SimpleUploadedFile("appeal.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")],
    )
    assert len(stored_files(_media)) == 1


def test_files_written_in_a_block_that_rolls_back_later_are_removed(world, today, _media):
    today(D(2026, 12, 30))
    req = FoiaRequestFactory(organization=world.ours)
    record(req, world.staff, E.SUBMITTED, D(2026, 11, 18))
    with pytest.raises(RuntimeError), files_atomic():
        services.communication_log(
            request=req,
            user=world.staff,
            direction="from_agency",
            channel="email",
            date=D(2026, 12, 1),
            kind="other",
            subject="x",
            files=[SimpleUploadedFile("a.txt", b"hello", content_type="text/plain")],
        )
        assert len(stored_files(_media)) == 1  # committed by the inner block, handed to the outer one
        raise RuntimeError("a later step fails")
    assert stored_files(_media) == [] and not Communication.objects.exists()


def test_a_viewer_of_ours_is_a_member_but_still_cannot_assign(world, today):
    """Membership, not role, decides who can be assigned; editing still needs an edit role."""
    today(D(2026, 12, 30))
    req = FoiaRequestFactory(organization=world.ours)
    viewer = member(world.ours, Role.VIEWER)
    r = api_as(world.staff).patch(f"{BASE}/requests/{req.pk}/", {"assigned_to": viewer.username}, format="json")
    assert r.status_code == 200
    assert api_as(viewer).patch(f"{BASE}/requests/{req.pk}/", {"subject": "x"}, format="json").status_code == 403
