"""Agencies and courts are public reference data: any signed-in user reads them and their history, nobody edits them
through the access rules (the Django admin does)."""

import pytest

from coalition import access
from coalition.models import Role
from directory.models import Agency, Court
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Agency, Court])
def test_any_signed_in_user_sees_agencies_and_courts_but_edits_none(world, model):
    obj = model.objects.create(slug="test-x", name="Test", **({"abbreviation": "T"} if model is Agency else {}))
    for user in (member(world.ours, Role.ADMIN), member(world.outsider, Role.VIEWER), UserFactory()):
        assert access.can_view(user, obj)
        assert not access.can_edit(user, obj)
    inactive = UserFactory(is_active=False)
    assert not access.can_view(inactive, obj)


@pytest.mark.parametrize(("app_model", "slug"), [("agency", "ice"), ("court", "dcd")])
def test_agency_and_court_history_pages_answer_any_signed_in_user(client, app_model, slug):
    obj = (Agency if app_model == "agency" else Court).objects.get(slug=slug)
    assert client.get(f"/history/directory/{app_model}/{obj.pk}/").status_code == 302  # to the login page
    client.force_login(UserFactory())  # in no organisation at all
    response = client.get(f"/history/directory/{app_model}/{obj.pk}/")
    assert response.status_code == 200
    assert str(obj) in response.content.decode()
