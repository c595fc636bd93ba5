"""Django admin: every model is registered and its pages render."""

import pytest
from django.apps import apps
from django.contrib import admin

from coalition.models import Coalition, Membership, Organization, Role
from core.models import Heartbeat
from core.services import heartbeat_record
from tests.factories import CoalitionFactory, OrganizationFactory, UserFactory, member

pytestmark = pytest.mark.django_db
PROJECT_APPS = ["core", "coalition", "directory", "deadlines", "reminders", "foia", "litigation", "documents", "web"]
OWNED_ELSEWHERE: set[str] = set()


def _project_models():
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            if not model.__name__.startswith("Historical"):
                yield model


def test_every_project_model_has_an_admin():
    missing = {m._meta.label_lower for m in _project_models() if not admin.site.is_registered(m)}
    assert missing <= OWNED_ELSEWHERE, f"models without an admin: {sorted(missing - OWNED_ELSEWHERE)}"


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_coalition_and_core_admin_pages_render(superuser_client):
    coalition = CoalitionFactory()
    org = OrganizationFactory()
    org.coalitions.add(coalition)
    membership = member(org, Role.ADMIN).memberships.get()
    beat = heartbeat_record(hostname="worker@host")
    for model, obj in [(Coalition, coalition), (Organization, org), (Membership, membership), (Heartbeat, beat)]:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert superuser_client.get(base).status_code == 200, base
        assert superuser_client.get(f"{base}{obj.pk}/change/").status_code == 200, base
        assert superuser_client.get(f"{base}{obj.pk}/history/").status_code == 200, base
        if model is not Heartbeat:
            assert superuser_client.get(f"{base}add/").status_code == 200, base
    assert superuser_client.get("/admin/core/heartbeat/add/").status_code == 403  # written by workers only
    assert superuser_client.get("/admin/authtoken/tokenproxy/").status_code == 200


def test_admin_search_and_filters(superuser_client):
    org = OrganizationFactory(name="Findable Org")
    member(org, Role.VIEWER, username="needle")
    assert "needle" in superuser_client.get("/admin/coalition/membership/?q=needle").text
    assert "needle" in superuser_client.get("/admin/coalition/membership/?role__exact=viewer").text
    assert "Findable Org" in superuser_client.get("/admin/coalition/organization/?q=Findable").text


def test_admin_is_for_staff_only(client):
    client.force_login(member(OrganizationFactory(), Role.ADMIN))
    response = client.get("/admin/coalition/organization/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
