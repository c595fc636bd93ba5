"""The generic no-lost-updates mechanism (core.versioning, core.forms, core.etags) on every editable model that is not a
FOIA request (those: tests/foia/test_versions.py)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from coalition.models import Membership, Role
from deadlines import services as deadline_services
from deadlines.models import Deadline
from reminders.models import ReminderPolicy
from tests.factories import editor, member, owned_object, site_staff

pytestmark = pytest.mark.django_db

# Writes with no version to compare: events are never edited, only deleted (and recorded again).
UNVERSIONED_WRITES = {("delete", "/api/v1/foia/events/{id}/")}


def test_the_schema_documents_etag_on_reads_and_if_match_and_412_on_every_write():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    writes = tagged = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
            responses = operation["responses"]
            if method in ("put", "patch", "delete") and (method, path) not in UNVERSIONED_WRITES:
                writes += 1
                assert "If-Match" in headers, (method, path)
                assert responses["412"]["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/PreconditionFailed"
                }, (method, path)
            if method in ("put", "patch"):
                assert "ETag" in responses["200"]["headers"], (method, path)
            if method == "get" and "ETag" in responses["200"].get("headers", {}):
                tagged += 1
    # requests: put, patch, delete; reminder policies: put, patch; cases: put, patch; docket entries and case
    # notes: put, patch, delete; productions: put, patch; Vaughn entries: put, patch
    assert writes == 17
    detail_reads = {
        "/api/v1/foia/requests/{id}/",
        "/api/v1/foia/communications/{id}/",
        "/api/v1/foia/appeals/{id}/",
        "/api/v1/foia/tracking-numbers/{id}/",
        "/api/v1/deadlines/{id}/",
        "/api/v1/reminder-policies/{organization}/",
        "/api/v1/organizations/{id}/",
        "/api/v1/memberships/{id}/",
        "/api/v1/litigation/cases/{id}/",
        "/api/v1/litigation/docket-entries/{id}/",
        "/api/v1/litigation/schedules/{id}/",
        "/api/v1/litigation/notes/{id}/",
        "/api/v1/litigation/production-schedules/{id}/",
        "/api/v1/litigation/productions/{id}/",
        "/api/v1/litigation/vaughn-entries/{id}/",
        "/api/v1/litigation/stays/{id}/",
        "/api/v1/documents/productions/{id}/",
    }
    for path in detail_reads:
        assert "ETag" in schema["paths"][path]["get"]["responses"]["200"]["headers"], path
    assert tagged == len(detail_reads)


def test_read_only_collections_stay_read_only(world):
    """The mixin adds no route: a PUT or DELETE on a read-only collection is still 405."""
    admin = member(world.ours, Role.ADMIN)
    deadline = owned_object(world.ours)
    api = APIClient()
    api.force_authenticate(admin)
    url = f"/api/v1/deadlines/{deadline.pk}/"
    assert api.get(url)["ETag"] == f'"{deadline.pk}.1"'
    assert api.put(url, {}, format="json").status_code == 405
    assert api.delete(url, HTTP_IF_MATCH="*").status_code == 405


def test_the_reminder_policy_api_honours_if_match(world):
    admin = member(world.ours, Role.ADMIN)
    api = APIClient()
    api.force_authenticate(admin)
    url = f"/api/v1/reminder-policies/{world.ours.slug}/"
    etag = api.get(url)["ETag"]
    changed = api.patch(url, {"send_hour": 9}, format="json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    stale = api.patch(url, {"send_hour": 6}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and stale.json()["etag"] == changed["ETag"]
    assert ReminderPolicy.objects.get(organization=world.ours).send_hour == 9


def test_the_reminder_policy_form_refuses_a_stale_save_with_what_changed(client, world):
    first, second = member(world.ours, Role.ADMIN), member(world.ours, Role.ADMIN)
    other = Client()
    client.force_login(first)
    other.force_login(second)
    url = reverse("reminders:policy")
    client.get(url)
    form = other.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {
        # `is not`: the version of never-saved defaults is 0, which `in (None, False)` would drop (0 == False)
        k: (", ".join(map(str, v)) if isinstance(v, list) else v)
        for k, v in data.items()
        if v is not None and v is not False
    }
    assert client.post(url, {**data, "send_hour": 9}).status_code == 302
    response = other.post(url, {**data, "send_hour": 6})
    assert response.status_code == 200
    assert "Send hour" in response.content.decode() and "“9” (theirs) vs “6” (yours)" in response.content.decode()
    assert ReminderPolicy.objects.get(organization=world.ours).send_hour == 9


def test_a_role_change_from_a_stale_members_page_is_refused(client, world):
    admin, other_admin = member(world.ours, Role.ADMIN), member(world.ours, Role.ADMIN)
    staff = member(world.ours, Role.STAFF)
    membership = Membership.objects.get(user=staff, organization=world.ours)
    client.force_login(admin)
    page = client.get(reverse("coalition:membership-list", args=[world.ours.slug])).content.decode()
    assert f'name="version" value="{membership.version}"' in page
    url = reverse("coalition:membership-role", args=[world.ours.slug, membership.pk])
    colleague = Client()
    colleague.force_login(other_admin)
    colleague.post(url, {"role": Role.ATTORNEY, "version": membership.version})
    response = client.post(url, {"role": Role.VIEWER, "version": membership.version}, follow=True)
    assert "after you opened it" in response.content.decode()
    assert "Role: “Attorney” (theirs) vs “Viewer” (yours)" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.ATTORNEY


def test_a_closure_that_moves_a_deadline_bumps_its_version(world):
    """Bulk writes bump versions too, so an edit made from before a recompute is refused, not silently applied."""
    from tests.deadlines.factories import subject_for

    subject = subject_for(world.ours)
    deadline = deadline_services.deadline_sync(
        actor=editor(subject),
        subject=subject,
        key="k",
        title="Answer",
        rule="foia-initial-response",
        trigger=dt.date(2026, 11, 20),
    )
    before = deadline.version
    result = deadline_services.closure_add(
        user=site_staff(), date=dt.date(2026, 12, 11), reason="Executive order", scope="executive"
    )
    assert deadline.pk in result.changed_ids
    assert Deadline.objects.get(pk=deadline.pk).version == before + 1
    assert deadline.history.order_by("-history_id").first().version == before + 1


def test_reminder_settings_saved_in_another_tab_are_not_silently_overwritten(client, world):
    from reminders.models import ReminderPreference

    user = member(world.ours, Role.STAFF)
    client.force_login(user)
    url = reverse("reminders:settings")
    assert client.post(url, {"email_mode": "digest", "digest_hour": 7}).status_code == 302  # first save: version 1
    shown = client.get(url).context["form"]["version"].value()
    assert client.post(url, {"email_mode": "immediate", "digest_hour": 7, "version": shown}).status_code == 302
    stale = client.post(url, {"email_mode": "digest", "digest_hour": 9, "version": shown})
    assert stale.status_code == 200 and "after you opened it" in stale.content.decode()
    assert ReminderPreference.objects.get(user=user).email_mode == "immediate"
