"""/api/v1/litigation/docket-entries/, /schedules/ and /notes/: access rules like the pages, ETags and If-Match,
refusals naming the field, and privileged notes never in the API."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from deadlines.models import Deadline
from litigation import services_docket
from litigation.models import DocketEntry

pytestmark = pytest.mark.django_db
D = dt.date
BASE = "/api/v1/litigation"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_posting_a_motion_derives_its_deadlines_and_a_reused_number_is_a_400_naming_it(lit):
    client = api(lit.attorney)
    body = {"case": lit.case.pk, "number": 12, "filed_on": "2026-11-09", "kind": "motion", "description": "MOTION"}
    response = client.post(f"{BASE}/docket-entries/", body, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert len(created["deadlines"]) == 2  # N.D. Cal. opposition (2026-11-23) and reply (2026-11-30)
    assert sorted(Deadline.objects.filter(pk__in=created["deadlines"]).values_list("due_date", flat=True)) == [
        D(2026, 11, 23),
        D(2026, 11, 30),
    ]
    response = client.post(f"{BASE}/docket-entries/", body, format="json")
    assert response.status_code == 400
    assert "number" in str(response.json()) and "ECF No. 12 is already on this case" in str(response.json())
    assert DocketEntry.objects.count() == 1


def test_lists_hold_what_the_caller_may_see_and_other_organisations_objects_are_404(lit):
    entry = services_docket.docket_entry_add(
        actor=lit.attorney, case=lit.case, number=1, filed_on=D(2026, 11, 4), kind="complaint", description="C"
    )
    private = services_docket.docket_entry_add(
        actor=lit.attorney, case=lit.private, number=1, filed_on=D(2026, 11, 2), kind="complaint", description="P"
    )
    assert {e["id"] for e in api(lit.partner_staff).get(f"{BASE}/docket-entries/").json()["results"]} == {entry.pk}
    assert api(lit.partner_staff).get(f"{BASE}/docket-entries/{private.pk}/").status_code == 404
    assert api(lit.outsider_staff).get(f"{BASE}/docket-entries/{entry.pk}/").status_code == 404
    # A partner sees the shared case's entry but may not change it; nor may our viewer.
    for user in (lit.partner_staff, lit.viewer):
        response = api(user).patch(f"{BASE}/docket-entries/{entry.pk}/", {"description": "x"}, format="json")
        assert response.status_code == 403
    # Another organisation's case as input answers like a missing one.
    body = {"number": 2, "filed_on": "2026-11-09", "kind": "motion", "description": "M"}
    foreign = api(lit.outsider_staff).post(f"{BASE}/docket-entries/", {**body, "case": lit.private.pk}, format="json")
    missing = api(lit.outsider_staff).post(f"{BASE}/docket-entries/", {**body, "case": 999999}, format="json")
    assert foreign.status_code == missing.status_code == 400
    assert str(foreign.json()).replace(str(lit.private.pk), "<id>") == str(missing.json()).replace("999999", "<id>")


def test_etags_and_if_match(lit):
    entry = services_docket.docket_entry_add(
        actor=lit.attorney, case=lit.case, number=1, filed_on=D(2026, 11, 4), kind="motion", description="MOTION"
    )
    client = api(lit.attorney)
    response = client.get(f"{BASE}/docket-entries/{entry.pk}/")
    etag = response["ETag"]
    assert etag == f'"{entry.pk}.{entry.version}"'
    stale = client.patch(
        f"{BASE}/docket-entries/{entry.pk}/", {"description": "x"}, format="json", HTTP_IF_MATCH='"1.999"'
    )
    assert stale.status_code == 412
    ok = client.patch(
        f"{BASE}/docket-entries/{entry.pk}/", {"filed_on": "2026-11-09"}, format="json", HTTP_IF_MATCH=etag
    )
    assert ok.status_code == 200 and ok["ETag"] != etag
    # Mon 2026-11-09 + 14 = Mon 11-23 (7-3(a)): the correction recomputed the opposition.
    assert D(2026, 11, 23) in set(
        Deadline.objects.filter(pk__in=ok.json()["deadlines"]).values_list("due_date", flat=True)
    )
    refused = client.patch(f"{BASE}/docket-entries/{entry.pk}/", {"number": 5}, format="json")
    assert refused.status_code == 400 and "number" in str(refused.json())


def test_schedules_are_created_listed_open_ended_and_ended(lit):
    client = api(lit.staff)
    response = client.post(
        f"{BASE}/schedules/", {"case": lit.case.pk, "every_days": 60, "starts_on": "2026-11-02"}, format="json"
    )
    assert response.status_code == 201, response.json()
    schedule = response.json()
    assert schedule["open_ended"] is True and schedule["ends_on"] is None
    # Mon 2026-11-02 + 60 = Fri 2027-01-01 (New Year's Day) -> Sat, Sun -> Mon 2027-01-04.
    assert Deadline.objects.get(pk=schedule["next_deadline"]).due_date == D(2027, 1, 4)
    bad = client.post(
        f"{BASE}/schedules/",
        {"case": lit.case.pk, "every_days": 60, "starts_on": "2026-11-02", "ends_on": "2026-10-01"},
        format="json",
    )
    assert bad.status_code == 400 and "ends_on" in str(bad.json())
    assert api(lit.viewer).post(f"{BASE}/schedules/{schedule['id']}/end/").status_code == 403
    ended = client.post(f"{BASE}/schedules/{schedule['id']}/end/")
    assert ended.status_code == 200 and ended.json()["cancelled_on"] == "2026-12-01"
    assert ended.json()["next_deadline"] is None


def test_privileged_notes_are_never_in_the_api(lit):
    ordinary = services_docket.note_add(actor=lit.attorney, case=lit.case, body="Ordinary")
    privileged = services_docket.note_add(actor=lit.attorney, case=lit.case, body="Work product", privileged=True)
    for user in (lit.attorney, lit.admin, lit.staff, lit.viewer, lit.partner_staff):
        client = api(user)
        listed = client.get(f"{BASE}/notes/").json()["results"]
        assert [n["id"] for n in listed] == [ordinary.pk], user
        assert client.get(f"{BASE}/notes/{privileged.pk}/").status_code == 404
        assert "Work product" not in client.get(f"{BASE}/notes/").content.decode()
    # Notes written through the API are ordinary, whatever is sent.
    response = api(lit.attorney).post(
        f"{BASE}/notes/", {"case": lit.case.pk, "body": "From the API", "privileged": True}, format="json"
    )
    assert response.status_code == 201 and "privileged" not in response.json()
    assert not lit.case.notes.get(body="From the API").privileged
    assert api(lit.attorney).delete(f"{BASE}/notes/{privileged.pk}/").status_code == 404


def test_a_document_is_uploaded_as_multipart_checked_and_downloaded_behind_the_access_check(lit, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = {"case": lit.case.pk, "number": 30, "filed_on": "2026-11-09", "kind": "motion", "description": "MOTION"}
    fake = SimpleUploadedFile("motion.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    refused = api(lit.attorney).post(f"{BASE}/docket-entries/", {**body, "document": fake}, format="multipart")
    assert refused.status_code == 400 and "the content is not a .pdf file" in str(refused.json()["document"])
    assert not DocketEntry.objects.exists() and not Deadline.objects.filter(key__startswith="entry-").exists()
    assert not any(p.is_file() for p in media.rglob("*"))  # nothing half-saved, no stray file

    pdf = SimpleUploadedFile("motion.pdf", b"%PDF-1.4 the motion", content_type="text/html")
    created = api(lit.attorney).post(f"{BASE}/docket-entries/", {**body, "document": pdf}, format="multipart")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["filename"] == "motion.pdf" and data["document_url"].endswith(f"/docket/{data['id']}/document/")
    assert "document" not in data and len(data["deadlines"]) == 2  # write-only; the motion's deadlines derived
    entry = DocketEntry.objects.get(pk=data["id"])
    assert (entry.content_type, entry.size) == ("application/pdf", 19)  # from the checked content
    # A document is set when the entry is docketed, not patched on later.
    again = SimpleUploadedFile("other.pdf", b"%PDF-1.4 other", content_type="application/pdf")
    patched = api(lit.attorney).patch(f"{BASE}/docket-entries/{entry.pk}/", {"document": again}, format="multipart")
    assert patched.status_code == 400 and "document" in patched.json()
    # Downloads: whoever sees the case (the partner: it is shared); another organisation gets a 404.
    from django.test import Client

    for user, status in ((lit.partner_staff, 200), (lit.viewer, 200), (lit.outsider_staff, 404)):
        client = Client()
        client.force_login(user)
        response = client.get(data["document_url"])
        assert response.status_code == status
        if status == 200:
            assert response["Content-Disposition"].startswith("attachment;")
            assert b"".join(response.streaming_content) == b"%PDF-1.4 the motion"
