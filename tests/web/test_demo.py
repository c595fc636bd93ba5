"""`manage.py load_demo`: the data `make run` starts with. Idempotent, and it prints the credentials."""

import io
import sys
import types

import pytest
from django.apps import apps
from django.core.management import call_command

from coalition.demo import DEMO_PASSWORD
from coalition.models import Membership, Organization, Role
from web.management.commands import load_demo

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def _run() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_data_has_two_organisations_in_one_coalition_with_every_role():
    output = _run()
    orgs = list(Organization.objects.all())
    assert len(orgs) == 2
    assert len({c.pk for org in orgs for c in org.coalitions.all()}) == 1
    for org in orgs:
        assert set(Membership.objects.filter(organization=org).values_list("role", flat=True)) == set(Role.values)
    assert f"password {DEMO_PASSWORD}" in output
    for username in ("idp-admin", "idp-viewer", "sac-attorney", "coordinator", "site-admin"):
        assert username in output


def test_running_twice_changes_nothing():
    _run()
    before = _counts()
    assert sum(before.values()) > 0
    second_output = _run()
    assert _counts() == before  # every table, history tables included
    assert "idp-admin" in second_output  # credentials are printed every time


def test_demo_users_can_log_in(client):
    _run()
    assert client.login(username="idp-admin", password=DEMO_PASSWORD)
    assert client.get("/organizations/idp-demo/members/").status_code == 200
    assert client.login(username="coordinator", password=DEMO_PASSWORD)
    assert 'id="org-switch"' in client.get("/").text


def test_app_demo_modules_are_called_in_order_and_missing_ones_skipped(monkeypatch):
    calls = []
    fake = types.ModuleType("fake_demo")
    fake.load = lambda *, stdout: calls.append("fake") or stdout.write("fake demo loaded")
    monkeypatch.setitem(sys.modules, "fake_demo", fake)
    monkeypatch.setattr(load_demo, "DEMO_MODULES", ["coalition.demo", "documents.demo", "fake_demo"])
    output = _run()
    assert calls == ["fake"]
    assert output.index("idp-admin") < output.index("fake demo loaded")
