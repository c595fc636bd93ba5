"""Reading writes nothing: the reminder settings and policy pages and the feeds / policies API create no rows on GET
(they used to create feed tokens and default policies); feed addresses are created by a POST."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from coalition.models import Role
from reminders.models import FeedScope, FeedToken, ReminderPolicy, ReminderPreference
from tests.factories import member

pytestmark = pytest.mark.django_db
WRITES = ("INSERT", "UPDATE", "DELETE")


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]


def test_the_settings_and_policy_pages_and_the_api_write_nothing_on_get(client, world):
    user = member(world.ours, Role.ADMIN)
    client.force_login(user)
    api = APIClient()
    api.force_authenticate(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("reminders:settings")).status_code == 200
        assert client.get(reverse("reminders:policy")).status_code == 200
        assert api.get("/api/v1/feeds/").status_code == 200
        assert api.get("/api/v1/reminder-policies/").json()["results"][0]["organization"] == world.ours.slug
        assert api.get(f"/api/v1/reminder-policies/{world.ours.slug}/").status_code == 200
    assert _writes(queries) == []
    assert not FeedToken.objects.exists() and not ReminderPolicy.objects.exists()
    assert not ReminderPreference.objects.exists()


def test_feed_addresses_are_created_by_post_on_the_page_and_in_the_api(client, world):
    user = member(world.ours)
    client.force_login(user)
    page = client.get(reverse("reminders:settings")).content.decode()
    assert page.count("Create feed address") == 2  # their own and their organisation's
    assert client.post(reverse("reminders:feed-create"), {"scope": "user"}).status_code == 302
    post = {"scope": "organization", "organization": world.ours.slug}
    assert client.post(reverse("reminders:feed-create"), post).status_code == 302
    assert (
        client.post(reverse("reminders:feed-create"), {**post, "organization": world.outsider.slug}).status_code == 404
    )
    assert FeedToken.objects.filter(user=user).count() == 2
    assert "Create feed address" not in client.get(reverse("reminders:settings")).content.decode()
    api = APIClient()
    api.force_authenticate(user)
    again = api.post("/api/v1/feeds/", {"scope": "user"}, format="json")
    assert again.status_code == 201 and FeedToken.objects.filter(user=user, scope=FeedScope.USER).count() == 1
    foreign = api.post("/api/v1/feeds/", {"scope": "organization", "organization": world.outsider.slug}, format="json")
    missing = api.post("/api/v1/feeds/", {"scope": "organization", "organization": "no-such-org"}, format="json")
    assert foreign.status_code == missing.status_code == 400
    assert str(foreign.json()).replace(world.outsider.slug, "x") == str(missing.json()).replace("no-such-org", "x")


def test_the_first_policy_save_stores_it(client, world):
    admin = member(world.ours, Role.ADMIN)
    api = APIClient()
    api.force_authenticate(admin)
    response = api.patch(f"/api/v1/reminder-policies/{world.ours.slug}/", {"foia_overdue_daily": False}, format="json")
    assert response.status_code == 200, response.json()
    assert ReminderPolicy.objects.get(organization=world.ours).foia_overdue_daily is False
    viewer = member(world.ours, Role.VIEWER)
    api.force_authenticate(viewer)
    assert api.patch(f"/api/v1/reminder-policies/{world.ours.slug}/", {}, format="json").status_code == 403
    assert api.get(f"/api/v1/reminder-policies/{world.outsider.slug}/").status_code == 404
