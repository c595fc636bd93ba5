"""REST API: authentication, pagination, filters, the access rules, and the OpenAPI schema and docs."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from coalition.models import Membership, Role
from tests.factories import PASSWORD, OrganizationFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_anonymous_calls_are_refused_with_a_token_challenge(api):
    response = api.get("/api/v1/organizations/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_session_authentication(api, world):
    api.force_login(member(world.ours, Role.VIEWER))
    response = api.get("/api/v1/organizations/")
    assert response.status_code == 200
    assert [o["slug"] for o in response.json()["results"]] == [world.ours.slug]


def test_token_obtain_and_use(api, world):
    user = member(world.ours, Role.STAFF, username="tok")
    response = api.post("/api/v1/auth/token/", {"username": "tok", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert token == Token.objects.get(user=user).key

    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.get("/api/v1/memberships/")
    assert response.status_code == 200
    assert [m["username"] for m in response.json()["results"]] == ["tok"]

    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get("/api/v1/memberships/").status_code == 401


def test_token_obtain_rejects_bad_credentials(api, world):
    member(world.ours, username="tok")
    response = api.post("/api/v1/auth/token/", {"username": "tok", "password": "wrong"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Unable to log in with provided credentials."]}
    assert not Token.objects.exists()


def test_api_is_read_only(api, world):
    user = member(world.ours, Role.ADMIN)
    api.force_login(user)
    assert api.post("/api/v1/organizations/", {"name": "x", "slug": "x"}, format="json").status_code == 405
    membership = user.memberships.get()
    assert api.patch(f"/api/v1/memberships/{membership.pk}/", {"role": "viewer"}, format="json").status_code == 405


def test_membership_fields(api, world):
    user = member(world.ours, Role.ATTORNEY, username="ana", first_name="Ana", last_name="Lopez")
    api.force_login(user)
    (row,) = api.get("/api/v1/memberships/").json()["results"]
    assert row == {
        "id": user.memberships.get().pk,
        "username": "ana",
        "full_name": "Ana Lopez",
        "organization": world.ours.slug,
        "role": "attorney",
        "created_at": row["created_at"],
    }


def test_pagination(api):
    org = OrganizationFactory()
    viewer = member(org, Role.VIEWER)
    for _ in range(54):
        member(org)
    api.force_login(viewer)
    first = api.get("/api/v1/memberships/").json()
    assert first["count"] == 55 and len(first["results"]) == 50
    assert first["previous"] is None and first["next"].endswith("/api/v1/memberships/?page=2")
    second = api.get("/api/v1/memberships/?page=2").json()
    assert len(second["results"]) == 5 and second["next"] is None
    ids = [m["id"] for m in first["results"] + second["results"]]
    assert len(set(ids)) == 55


def test_filters_and_ordering(api):
    alpha, beta = OrganizationFactory(slug="alpha", name="Alpha"), OrganizationFactory(slug="beta", name="Beta")
    user = member(alpha, Role.ADMIN, username="a-admin")
    Membership.objects.create(user=user, organization=beta, role=Role.VIEWER)
    member(alpha, Role.VIEWER, username="a-viewer")
    member(beta, Role.STAFF, username="b-staff")
    api.force_login(user)

    def usernames(query):
        response = api.get(f"/api/v1/memberships/?{query}")
        assert response.status_code == 200, response.json()
        return [(m["organization"], m["username"]) for m in response.json()["results"]]

    assert usernames("organization=alpha") == [("alpha", "a-admin"), ("alpha", "a-viewer")]
    assert usernames("role=viewer") == [("alpha", "a-viewer"), ("beta", "a-admin")]
    assert usernames("organization=beta&role=staff") == [("beta", "b-staff")]
    orgs = api.get("/api/v1/organizations/?ordering=-name").json()["results"]
    assert [o["slug"] for o in orgs] == ["beta", "alpha"]
    assert [o["slug"] for o in api.get("/api/v1/organizations/?slug=beta").json()["results"]] == ["beta"]
    assert api.get("/api/v1/memberships/?role=owner").status_code == 400


@pytest.mark.parametrize("role", list(Role))
def test_other_organisations_are_404_and_invisible_for_every_role(api, world, role):
    """Coalition partners and outsiders alike: their organisations and members cannot be read or even probed."""
    user = member(world.ours, role)
    partner_member = member(world.partner, Role.ADMIN)
    outsider_member = member(world.outsider, Role.ADMIN)
    api.force_login(user)

    for org in (world.partner, world.outsider):
        assert api.get(f"/api/v1/organizations/{org.pk}/").status_code == 404
    for other in (partner_member, outsider_member):
        assert api.get(f"/api/v1/memberships/{other.memberships.get().pk}/").status_code == 404
    assert api.get(f"/api/v1/organizations/{world.ours.pk}/").status_code == 200
    assert api.get(f"/api/v1/memberships/{user.memberships.get().pk}/").status_code == 200

    listed = api.get("/api/v1/memberships/").json()["results"]
    assert {m["organization"] for m in listed} == {world.ours.slug}
    assert api.get(f"/api/v1/organizations/?slug={world.partner.slug}").json()["results"] == []

    # Filtering by another organisation answers exactly like filtering by one that does not exist.
    foreign = api.get(f"/api/v1/memberships/?organization={world.partner.slug}")
    missing = api.get("/api/v1/memberships/?organization=no-such-org")
    assert foreign.status_code == missing.status_code == 400
    assert foreign.json() == missing.json()


def test_users_without_organisations_see_empty_lists(api, world):
    api.force_login(UserFactory())
    assert api.get("/api/v1/organizations/").json()["count"] == 0
    assert api.get("/api/v1/memberships/").json()["count"] == 0


def test_schema_generates_and_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    # --fail-on-warn turns any drf-spectacular warning or error into a failure; --validate checks OpenAPI 3.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    for path in ("/api/v1/organizations/", "/api/v1/memberships/{id}/", "/api/v1/auth/token/"):
        assert f"  {path}:" in text
    assert "tokenAuth" in text and "cookieAuth" in text


def test_schema_endpoint_serves_openapi(api):
    response = api.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_docs_pages_use_only_local_assets(client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.findall(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}", html, flags=re.I), "docs must not load remote assets"
    # Assets are what the page loads (src=, <link href=); the site bar's <a href> links are navigation.
    assets = re.findall(r'(?:\bsrc="|<link\b[^>]*\bhref=")([^"]+)"', html)
    assert 'href="/"' in html and "Back to the app" in html  # the site's brand bar, as on every page
    assert assets, "expected the docs page to reference its scripts"
    # Swagger UI's start-up script is served by the page itself (`?script`), so no script is inline.
    startup = [asset for asset in assets if asset.startswith(f"{path}?")]
    for asset in set(assets) - set(startup):
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), f"{asset} is not shipped with the project"
    for asset in startup:
        script = client.get(asset.replace("&amp;", "&"))
        assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
        html += script.content.decode()
    assert "/api/v1/schema/" in html


def test_the_api_root_lists_every_collection_and_each_answers(api, world):
    api.force_authenticate(member(world.ours, Role.VIEWER))
    root = api.get("/api/v1/")
    assert root.status_code == 200
    listed = root.json()
    expected = {
        "organizations", "memberships", "foia/requests", "foia/events", "foia/communications", "foia/attachments",
        "foia/appeals", "foia/tracking-numbers", "deadlines", "deadlines/calculate", "notifications",
        "reminder-policies", "feeds", "litigation/cases", "litigation/docket-entries", "litigation/schedules",
        "litigation/notes", "litigation/production-schedules", "litigation/productions", "litigation/vaughn-entries",
        "litigation/stays",
        "documents/productions", "documents/files", "exports", "imports",
    }  # fmt: skip
    assert set(listed) == expected
    for name, url in listed.items():
        if name != "deadlines/calculate":  # it needs a rule and a date: asked without, it explains what is missing
            assert api.get(url).status_code == 200, name
    assert api.get(listed["deadlines/calculate"]).status_code == 400
    api.force_authenticate(None)
    assert api.get("/api/v1/").status_code == 401
