"""/api/v1/foia/...: same access rules and refusals as the pages."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from coalition.models import Sharing
from foia.choices import EventKind as E
from foia.models import Attachment, Communication, FoiaRequest, RequestEvent
from foia.services import communication_log
from tests.foia.conftest import stored_files
from tests.foia.factories import INVALID_REQUEST_FIELDS, FoiaRequestFactory, record, record_all

pytestmark = pytest.mark.django_db
D = dt.date
PDF = b"%PDF-1.4\n%%EOF\n"
BASE = "/api/v1/foia"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def setup(world, today):
    today(D(2026, 12, 30))
    mine = FoiaRequestFactory(organization=world.ours, subject="Trust Stamp contract", sharing=Sharing.COALITION)
    record_all(mine, world.staff, (E.SUBMITTED, D(2026, 11, 18)), (E.RECEIVED, D(2026, 11, 20)))
    private = FoiaRequestFactory(organization=world.ours, subject="Private one")
    outsider = FoiaRequestFactory(organization=world.outsider, subject="Outsider", sharing=Sharing.COALITION)
    return mine, private, outsider


def as_user(api, user):
    api.force_authenticate(user)
    return api


def test_the_representation_has_status_received_on_and_open_deadlines(api, world, setup):
    data = as_user(api, world.staff).get(f"{BASE}/requests/{setup[0].pk}/").json()
    assert (data["status"], data["received_on"], data["agency"], data["organization"]) == (
        "processing",
        "2026-11-20",
        "ice",
        world.ours.slug,
    )
    [deadline] = data["open_deadlines"]
    assert deadline["rule"] == "foia-initial-response" and deadline["due"] == "2026-12-21"
    assert deadline["citation"] == "5 U.S.C. § 552(a)(6)(A)(i)" and deadline["overdue"] is True
    assert deadline["steps"][0].endswith("-> 2026-12-21")
    assert data["constructive_exhaustion"].endswith(
        "deadline missed: may sue (5 U.S.C. 552(a)(6)(C)(i)); search fees barred ((a)(4)(A)(viii))"
    )


def test_lists_hold_only_visible_requests_and_take_the_page_filters(api, world, setup):
    client = as_user(api, world.partner_staff)
    assert [r["subject"] for r in client.get(f"{BASE}/requests/").json()["results"]] == ["Trust Stamp contract"]
    client = as_user(api, world.staff)
    assert {r["subject"] for r in client.get(f"{BASE}/requests/").json()["results"]} == {
        "Trust Stamp contract",
        "Private one",
    }
    assert [r["subject"] for r in client.get(f"{BASE}/requests/?overdue=true").json()["results"]] == [
        "Trust Stamp contract"
    ]
    assert [r["subject"] for r in client.get(f"{BASE}/requests/?q=private").json()["results"]] == ["Private one"]
    assert client.get(f"{BASE}/requests/?status=draft").json()["count"] == 1


@pytest.mark.parametrize("days", ["99999999999999999999", "3661"])
def test_an_out_of_range_due_within_is_a_400(api, world, setup, days):
    response = as_user(api, world.staff).get(f"{BASE}/requests/?due_within={days}")
    assert response.status_code == 400
    assert response.json() == {"due_within": ["Ensure this value is less than or equal to 3660."]}
    assert as_user(api, world.staff).get(f"{BASE}/requests/?due_within=3660").status_code == 200


@pytest.mark.parametrize(("who", "status"), [("outsider_staff", 404), ("partner_staff", 200), ("viewer", 200)])
def test_retrieve_access(api, world, setup, who, status):
    assert as_user(api, getattr(world, who)).get(f"{BASE}/requests/{setup[0].pk}/").status_code == status


def test_token_authentication(api, world, setup):
    token = Token.objects.create(user=world.staff)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get(f"{BASE}/requests/{setup[0].pk}/").status_code == 200
    api.credentials()
    assert api.get(f"{BASE}/requests/").status_code in (401, 403)


def test_create_update_and_the_roles(api, world, setup):
    payload = {"agency": "cbp", "subject": "CBP One biometrics", "request_text": "All records.", "tags": ["ISAP"]}
    assert as_user(api, world.viewer).post(f"{BASE}/requests/", payload, format="json").status_code == 403
    response = as_user(api, world.staff).post(f"{BASE}/requests/", payload, format="json")
    assert response.status_code == 201, response.json()
    created = FoiaRequest.objects.get(pk=response.json()["id"])
    assert (created.organization, created.status, response.json()["tags"]) == (world.ours, "draft", ["ISAP"])
    bad = {**payload, "expedited_requested": True, "expedited_justification": "", "agency": "nope"}
    assert set(as_user(api, world.staff).post(f"{BASE}/requests/", bad, format="json").json()) == {"agency"}
    url = f"{BASE}/requests/{setup[0].pk}/"
    assert as_user(api, world.partner_staff).patch(url, {"subject": "x"}, format="json").status_code == 403
    assert as_user(api, world.viewer).patch(url, {"subject": "x"}, format="json").status_code == 403
    assert as_user(api, world.outsider_staff).patch(url, {"subject": "x"}, format="json").status_code == 404
    response = as_user(api, world.staff).patch(url, {"docket_reference": "1:27-cv-1"}, format="json")
    assert response.status_code == 200 and response.json()["docket_reference"] == ""  # read-only: cases link
    assert response.json()["status"] == "processing"


@pytest.mark.parametrize(("field", "value", "message"), INVALID_REQUEST_FIELDS)
def test_a_negative_fee_limit_or_an_absurd_drafted_date_is_a_400(api, world, setup, field, value, message):
    client = as_user(api, world.staff)
    payload = {"agency": "cbp", "subject": "CBP One biometrics", "request_text": "All records.", field: value}
    response = client.post(f"{BASE}/requests/", payload, format="json")
    assert response.status_code == 400 and response.json() == {field: [message]}
    assert not FoiaRequest.objects.filter(subject="CBP One biometrics").exists()
    response = client.patch(f"{BASE}/requests/{setup[0].pk}/", {field: value}, format="json")
    assert response.status_code == 400 and response.json() == {field: [message]}
    ok = {"fee_limit": "0.00", "drafted_on": "1967-07-04"}[field]
    response = client.patch(f"{BASE}/requests/{setup[0].pk}/", {field: ok}, format="json")
    assert response.status_code == 200 and response.json()[field] == ok


def test_status_cannot_be_written_directly(api, world, setup):
    url = f"{BASE}/requests/{setup[0].pk}/"
    as_user(api, world.staff).patch(url, {"status": "closed", "received_on": "2026-01-01"}, format="json")
    setup[0].refresh_from_db()
    assert (setup[0].status, setup[0].received_on) == ("processing", D(2026, 11, 20))


def test_events_are_recorded_or_refused_with_the_reason(api, world, setup):
    client = as_user(api, world.staff)
    url = f"{BASE}/events/"
    response = client.post(url, {"request": setup[0].pk, "kind": "extended", "date": "2026-12-10", "working_days": 10})
    assert response.status_code == 201 and response.json()["request_status"] == "processing"
    assert setup[0].deadlines.get(key="initial-response").due_date == D(2027, 1, 6)
    response = client.post(url, {"request": setup[0].pk, "kind": "submitted", "date": "2026-12-10"})
    assert response.status_code == 400
    assert "Cannot record “Submitted to the agency” on 2026-12-10" in response.json()["non_field_errors"][0]
    response = client.post(url, {"request": setup[0].pk, "kind": "extended", "date": "2026-12-10", "working_days": 11})
    assert response.status_code == 400 and "working_days" in response.json()
    response = client.post(
        url, {"request": setup[0].pk, "kind": "received", "date": "2026-12-10", "details": {"x": 1}}, format="json"
    )
    assert response.status_code == 400 and "details" in response.json()
    assert setup[0].events.count() == 3


def test_event_permissions(api, world, setup):
    payload = {"request": setup[0].pk, "kind": "acknowledged", "date": "2026-12-01"}
    assert as_user(api, world.partner_staff).post(f"{BASE}/events/", payload).status_code == 403
    assert as_user(api, world.viewer).post(f"{BASE}/events/", payload).status_code == 403
    response = as_user(api, world.outsider_staff).post(f"{BASE}/events/", payload)
    assert response.status_code == 400 and "request" in response.json()  # answered like a missing request
    event = setup[0].events.first()
    assert as_user(api, world.outsider_staff).get(f"{BASE}/events/{event.pk}/").status_code == 404
    assert as_user(api, world.partner_staff).delete(f"{BASE}/events/{event.pk}/").status_code == 403
    assert not RequestEvent.objects.filter(kind=E.ACKNOWLEDGED).exists()


def test_deleting_an_event_recomputes(api, world, setup):
    ack = record(setup[0], world.staff, E.ACKNOWLEDGED, D(2026, 11, 24))
    assert as_user(api, world.staff).delete(f"{BASE}/events/{ack.pk}/").status_code == 204
    setup[0].refresh_from_db()
    assert setup[0].acknowledged_on is None
    submitted = setup[0].events.get(kind=E.SUBMITTED)
    response = as_user(api, world.staff).delete(f"{BASE}/events/{submitted.pk}/")
    assert response.status_code == 400 and "impossible timeline" in response.json()["non_field_errors"][0]


def test_log_a_communication_with_files_and_implied_events(api, world, setup):
    payload = {
        "request": setup[0].pk,
        "direction": "from_agency",
        "channel": "email",
        "date": "2026-12-10",
        "kind": "extension_notice",
        "subject": "10-day extension",
        "implied_events": json.dumps([{"kind": "extended", "working_days": 10}]),
        "files": [SimpleUploadedFile("notice.pdf", PDF)],
    }
    response = as_user(api, world.staff).post(f"{BASE}/communications/", payload, format="multipart")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert [a["filename"] for a in data["attachments"]] == ["notice.pdf"] and len(data["events"]) == 1
    assert setup[0].deadlines.get(key="initial-response").due_date == D(2027, 1, 6)
    download = as_user(api, world.partner_staff).get(data["attachments"][0]["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_a_refused_file_or_event_saves_nothing(api, world, setup, _media):
    base = {
        "request": setup[0].pk,
        "direction": "from_agency",
        "channel": "email",
        "date": "2026-12-10",
        "kind": "other",
        "subject": "Letter",
    }
    client = as_user(api, world.staff)
    response = client.post(
        f"{BASE}/communications/", {**base, "files": [SimpleUploadedFile("x.html", b"<script>")]}, format="multipart"
    )
    assert response.status_code == 400 and ".html not allowed" in json.dumps(response.json())
    response = client.post(
        f"{BASE}/communications/",
        {
            **base,
            "files": [SimpleUploadedFile("ok.pdf", PDF)],
            "implied_events": json.dumps([{"kind": "appeal_decided"}]),
        },
        format="multipart",
    )
    assert response.status_code == 400 and "No appeal is pending" in json.dumps(response.json())
    assert not Communication.objects.exists() and stored_files(_media) == []


def test_attachments_upload_and_download_follow_the_access_rules(api, world, setup):
    mine_comm = communication_log(
        request=setup[0],
        user=world.staff,
        direction="from_agency",
        channel="mail",
        date=D(2026, 12, 1),
        kind="other",
        subject="A",
    )
    private_comm = communication_log(
        request=setup[1],
        user=world.staff,
        direction="from_agency",
        channel="mail",
        date=D(2026, 12, 1),
        kind="other",
        subject="B",
    )
    upload = {"communication": mine_comm.pk, "file": SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n....")}
    assert as_user(api, world.partner_staff).post(f"{BASE}/attachments/", upload, format="multipart").status_code == 403
    upload["file"] = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n....")
    response = as_user(api, world.staff).post(f"{BASE}/attachments/", upload, format="multipart")
    assert response.status_code == 201 and response.json()["content_type"] == "image/png"
    hidden = {"communication": private_comm.pk, "file": SimpleUploadedFile("a.pdf", PDF)}
    as_user(api, world.staff).post(f"{BASE}/attachments/", hidden, format="multipart")
    private_att = Attachment.objects.get(communication=private_comm)
    assert as_user(api, world.partner_staff).get(f"{BASE}/attachments/{private_att.pk}/download/").status_code == 404
    assert as_user(api, world.outsider_staff).get(f"{BASE}/attachments/").json()["count"] == 0


def test_file_an_appeal_and_track_its_number(api, world, setup, today):
    record(setup[0], world.staff, E.FINAL_RESPONSE, D(2026, 12, 15), outcome="partial")
    today(D(2027, 1, 4))
    payload = {
        "request": setup[0].pk,
        "filed_on": "2027-01-04",
        "issues": ["withholdings", "search"],
        "grounds": "Exemptions misapplied.",
        "tracking_number": "2027-ICAP-00154",
    }
    assert as_user(api, world.viewer).post(f"{BASE}/appeals/", payload, format="json").status_code == 403
    response = as_user(api, world.attorney).post(f"{BASE}/appeals/", payload, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["number"] == 1 and data["tracking_numbers"][0]["number"] == "2027-ICAP-00154"
    request = as_user(api, world.staff).get(f"{BASE}/requests/{setup[0].pk}/").json()
    assert request["status"] == "appealed"
    assert [d["rule"] for d in request["open_deadlines"]] == ["foia-appeal-decision"]
    assert as_user(api, world.outsider_staff).get(f"{BASE}/appeals/{data['id']}/").status_code == 404


def test_tracking_numbers(api, world, setup):
    payload = {
        "request": setup[0].pk,
        "kind": "request",
        "number": "2026-ICFO-1",
        "agency": "ice",
        "assigned_on": "2026-11-24",
    }
    assert as_user(api, world.staff).post(f"{BASE}/tracking-numbers/", payload).status_code == 201
    duplicate = as_user(api, world.staff).post(f"{BASE}/tracking-numbers/", payload)
    assert duplicate.status_code == 400 and "already recorded" in duplicate.json()["number"][0]
    assert as_user(api, world.partner_staff).get(f"{BASE}/tracking-numbers/?number=2026-ICFO-1").json()["count"] == 1
    assert as_user(api, world.outsider_staff).get(f"{BASE}/tracking-numbers/").json()["count"] == 0
    found = as_user(api, world.staff).get(f"{BASE}/requests/?q=ICFO-1").json()["results"]
    assert [r["subject"] for r in found] == ["Trust Stamp contract"]


def test_only_drafts_can_be_deleted(api, world, setup):
    assert as_user(api, world.staff).delete(f"{BASE}/requests/{setup[0].pk}/").status_code == 400
    assert as_user(api, world.staff).delete(f"{BASE}/requests/{setup[1].pk}/").status_code == 204


def test_the_schema_generates_without_warnings_for_foia():
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "/api/v1/foia/attachments/{id}/download/" in schema["paths"]
    assert not GENERATOR_STATS, (dict(GENERATOR_STATS._warn_cache), dict(GENERATOR_STATS._error_cache))
