"""Every HTML page sends a Content-Security-Policy that allows no inline script and nothing from outside the site."""

import pytest

from coalition.models import Role
from tests.factories import OrganizationFactory, member

pytestmark = pytest.mark.django_db


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.mark.parametrize("path", ["/", "/requests/", "/deadlines/", "/deadlines/upcoming/", "/api/v1/docs/"])
def test_pages_allow_only_the_sites_own_scripts(client, path):
    client.force_login(member(OrganizationFactory(), Role.ATTORNEY))
    response = client.get(path)
    assert response.status_code == 200
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "<script>" not in response.content.decode()  # nothing inline for the policy to refuse


def test_the_login_page_has_the_policy_too(client):
    policy = _directives(client.get("/accounts/login/")["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"] and policy["form-action"] == ["'self'"]


def test_redoc_keeps_its_own_policy_without_inline_script(client):
    client.force_login(member(OrganizationFactory(), Role.ATTORNEY))
    response = client.get("/api/v1/redoc/")
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]  # its styles are injected at run time, its scripts come from files
    assert "<script>" not in response.content.decode()
