"""Saved views of the request list: a person's own filters under a name; nobody else sees or deletes them."""

import pytest

from foia.models import SavedView, Tag
from tests.factories import member

pytestmark = pytest.mark.django_db


def _save(client, name, query):
    return client.post("/requests/views/", {"name": name, "query": query})


def test_a_saved_view_keeps_the_filters_and_is_listed_above_the_list(client, world):
    client.force_login(world.staff)
    response = _save(client, "ICE, in process", "agency=ice&status=processing&page=3&junk=1")
    view = SavedView.objects.get(user=world.staff)
    assert view.query == "agency=ice&status=processing"  # the page and unknown parameters are not kept
    assert response.status_code == 302 and response["Location"] == "/requests/?agency=ice&status=processing"
    page = client.get("/requests/").content.decode()
    assert 'href="/requests/?agency=ice&amp;status=processing">ICE, in process</a>' in page


def test_an_invalid_filter_is_refused_with_the_filter_error(client, world):
    client.force_login(world.staff)
    response = _save(client, "Broken", "status=nonsense")
    assert response.status_code == 302 and not SavedView.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Status: Select a valid choice. nonsense is not one of the available choices." in page
    other_tag = Tag.objects.create(organization=world.outsider, name="Secret", slug="secret")
    _save(client, "Theirs", f"tag={other_tag.slug}")  # another organisation's tag: like a missing one
    assert not SavedView.objects.exists()
    response = _save(client, "", "status=draft")
    assert not SavedView.objects.exists()


def test_names_are_unique_per_user_not_across_users(client, world):
    client.force_login(world.staff)
    _save(client, "My overdue", "overdue=true")
    _save(client, "My overdue", "overdue=false")
    assert list(SavedView.objects.values_list("query", flat=True)) == ["overdue=true"]
    client.force_login(world.admin)
    _save(client, "My overdue", "overdue=true&ours=true")
    assert SavedView.objects.count() == 2


def test_a_view_belongs_to_one_user_others_never_see_or_delete_it(client, world):
    view = SavedView.objects.create(user=world.staff, name="Private thoughts", query="overdue=true")
    colleague = member(world.ours, username="colleague")
    for user in (colleague, world.admin, world.partner_staff):
        client.force_login(user)
        assert "Private thoughts" not in client.get("/requests/").content.decode()
        assert client.post(f"/requests/views/{view.pk}/delete/").status_code == 404
        assert client.post("/requests/views/999999/delete/").status_code == 404  # the same answer as a missing one
    assert SavedView.objects.filter(pk=view.pk).exists()
    client.force_login(world.staff)
    assert client.get(f"/requests/views/{view.pk}/delete/").status_code == 405  # reading never deletes
    response = client.post(f"/requests/views/{view.pk}/delete/", {"query": "status=draft"})
    assert response.status_code == 302 and response["Location"] == "/requests/?status=draft"
    assert not SavedView.objects.exists()


def test_filters_too_long_to_save_are_refused_not_a_500(client, world):
    client.force_login(world.staff)
    response = _save(client, "Long", "q=" + "é" * 900)  # 1,800 characters typed, 5,400 once percent-encoded
    assert response.status_code == 302 and not SavedView.objects.exists()
    assert "These filters are too long to save." in client.get(response["Location"]).content.decode()
