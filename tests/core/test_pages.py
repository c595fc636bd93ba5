"""Navigation targets, placeholders and error pages."""

import pytest

from coalition.models import Role
from tests.factories import OrganizationFactory, member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/search/", "/documents/", "/litigation/"])
def test_every_section_is_built_behind_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(member(OrganizationFactory(), Role.VIEWER))
    response = client.get(path)
    assert response.status_code == 200 and "not built yet" not in response.text
    assert f'href="{path}" aria-current="page"' in response.text


def test_navigation_lists_every_section(client):
    client.force_login(member(OrganizationFactory(), Role.STAFF))
    text = client.get("/").text
    for label, href in [
        ("Dashboard", "/"),
        ("Requests", "/requests/"),
        ("Litigation", "/litigation/"),
        ("Deadlines", "/deadlines/"),
        ("Documents", "/documents/"),
        ("Search", "/search/"),
    ]:
        assert f'href="{href}"' in text and f">{label}</a>" in text
    assert "FOIA &amp; Litigation Tracker v0.1.0" in text  # footer with the version
    assert '<script src="/static/vendor/htmx-2.0.11.min.js" defer></script>' in text


def test_404_and_403_pages_use_the_layout(client):
    org = OrganizationFactory()
    client.force_login(member(org, Role.VIEWER))
    missing = client.get("/no/such/page/")
    assert missing.status_code == 404 and "Not found" in missing.text and 'class="topbar"' in missing.text
    forbidden = client.get(f"/organizations/{org.slug}/members/")
    assert forbidden.status_code == 403
    assert "Only the organisation&#x27;s admins manage its members." in forbidden.text


def test_favicon_ico_leads_to_the_sites_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("favicon.svg")


@pytest.mark.django_db
def test_the_admin_names_the_sites_icon(client):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.org", "a-long-password-123")
    client.force_login(admin)
    html = client.get("/admin/").content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in html
