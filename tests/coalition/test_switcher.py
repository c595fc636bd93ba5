"""The organisation switcher: people in several organisations choose where new work is created."""

import pytest

from coalition.models import Membership, Role
from tests.factories import OrganizationFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_orgs():
    return OrganizationFactory(name="Alpha Org"), OrganizationFactory(name="Beta Org")


@pytest.fixture
def multi(two_orgs):
    alpha, beta = two_orgs
    user = member(alpha, Role.ATTORNEY, username="multi")
    Membership.objects.create(user=user, organization=beta, role=Role.VIEWER)
    return user


def test_single_organisation_members_see_its_name_and_no_switcher(client, two_orgs):
    client.force_login(member(two_orgs[0], Role.STAFF))
    page = client.get("/").text
    assert 'id="org-switch"' not in page
    assert '<span class="org-name">Alpha Org</span>' in page


def test_switching_changes_the_active_organisation_and_role(client, multi, two_orgs):
    alpha, beta = two_orgs
    client.force_login(multi)
    page = client.get("/")
    assert page.context["active_organization"] == alpha  # default: the oldest organisation
    assert page.context["active_role"] == Role.ATTORNEY
    assert f'<option value="{beta.pk}">Beta Org</option>' in page.text

    response = client.post("/organizations/switch/", {"organization": beta.pk, "next": "/accounts/password_change/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password_change/"
    page = client.get("/")
    assert page.context["active_organization"] == beta
    assert page.context["active_role"] == Role.VIEWER
    assert "Working in <strong>Beta Org</strong>" in page.text
    assert f'<option value="{beta.pk}" selected>Beta Org</option>' in page.text


@pytest.mark.parametrize("value", ["", "abc", "999999"])
def test_switching_to_nothing_valid_is_404(client, multi, value):
    client.force_login(multi)
    assert client.post("/organizations/switch/", {"organization": value}).status_code == 404


@pytest.mark.parametrize("role", list(Role))
def test_switching_to_another_organisation_is_404_like_a_missing_one(client, two_orgs, role):
    alpha, _ = two_orgs
    foreign = OrganizationFactory()
    client.force_login(member(alpha, role))
    assert client.post("/organizations/switch/", {"organization": foreign.pk}).status_code == 404
    assert client.get("/").context["active_organization"] == alpha


def test_switching_never_redirects_off_site(client, multi, two_orgs):
    client.force_login(multi)
    response = client.post("/organizations/switch/", {"organization": two_orgs[1].pk, "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_switch_needs_post_and_login(client, multi, two_orgs):
    assert client.post("/organizations/switch/", {"organization": two_orgs[0].pk}).status_code == 302  # to login
    client.force_login(multi)
    assert client.get("/organizations/switch/").status_code == 405


def test_losing_the_active_membership_falls_back_to_another_organisation(client, multi, two_orgs):
    alpha, beta = two_orgs
    client.force_login(multi)
    client.post("/organizations/switch/", {"organization": beta.pk})
    Membership.objects.filter(user=multi, organization=beta).delete()
    page = client.get("/")
    assert page.context["active_organization"] == alpha
    assert 'id="org-switch"' not in page.text


def test_users_without_an_organisation_are_told_so(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert "You do not belong to an organisation yet" in client.get("/").text
