"""The per-object audit trail: who changed which fields when, through the access rules."""

from datetime import date

import pytest
import time_machine
from django.template import Context, Template

from coalition.models import Membership, Role, Sharing
from tests.factories import UserFactory, member, owned_object
from web.selectors import HISTORY_PAGE_SIZE

pytestmark = pytest.mark.django_db


def history_url(obj) -> str:
    return f"/history/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/"


def test_shows_who_changed_which_fields_when(client, world):
    editor = member(world.ours, Role.ATTORNEY, username="ed", first_name="Ed", last_name="Itor")
    client.force_login(editor)
    with time_machine.travel("2026-01-05 10:00:00-05:00", tick=False):
        deadline = owned_object(world.ours)
    with time_machine.travel("2026-01-06 11:30:00-05:00", tick=False):
        deadline.due_date = date(2026, 3, 16)
        deadline.status = "met"
        deadline._history_user = editor
        deadline.save()

    response = client.get(history_url(deadline))
    assert response.status_code == 200
    entries = response.context["history"].entries
    assert [(e.action, e.who) for e in entries] == [("Changed", "Ed Itor"), ("Created", "System")]
    assert {(c.field, c.old, c.new) for c in entries[0].changes} == {
        ("Due date", "2026-03-02", "2026-03-16"),
        ("Status", "Open", "Met"),
    }
    created = {c.field: c.new for c in entries[1].changes}
    assert created["Title"] == "Answer due" and created["Organization"] == str(world.ours)
    assert "Updated at" not in created  # bookkeeping fields are hidden
    text = response.text
    assert "History of Answer due due 2026-03-16" in text
    assert "2026-01-06 11:30" in text and "<del>2026-03-02</del> → <ins>2026-03-16</ins>" in text


@time_machine.travel("2026-11-20 12:00 -05:00", tick=False)  # the letter is dated 2026-11-02: in the past
def test_fields_only_services_write_show_in_the_history(client, world):
    """A request's status and lifecycle dates are not editable in forms (events derive them), but their changes are
    the story of the request and must show."""
    from foia.choices import EventKind
    from tests.foia.factories import FoiaRequestFactory, record

    attorney = member(world.ours, Role.ATTORNEY)
    request = FoiaRequestFactory(organization=world.ours)
    record(request, attorney, EventKind.SUBMITTED, date(2026, 11, 2))
    client.force_login(attorney)

    latest = client.get(history_url(request)).context["history"].entries[0]

    assert {(c.field, c.old, c.new) for c in latest.changes} >= {
        ("Status", "Draft", "Submitted"),
        ("Submitted on", "—", "2026-11-02"),
    }


def test_records_the_user_of_the_request_that_made_the_change(client, world):
    admin = member(world.ours, Role.ADMIN, username="boss")
    target = member(world.ours, Role.VIEWER, username="vic").memberships.get()
    client.force_login(admin)
    client.post(f"/organizations/{world.ours.slug}/members/{target.pk}/role/", {"role": "staff"})
    entries = client.get(history_url(target)).context["history"].entries
    assert entries[0].who == "boss"
    assert [(c.field, c.old, c.new) for c in entries[0].changes] == [("Role", "Viewer", "Staff")]


@pytest.mark.parametrize("role", list(Role))
def test_objects_of_other_organisations_are_404_for_every_role(client, world, role):
    client.force_login(member(world.ours, role))
    partner_private = owned_object(world.partner)
    outsider_shared = owned_object(world.outsider, sharing=Sharing.COALITION)
    partner_membership = Membership.objects.create(user=UserFactory(), organization=world.partner)
    for obj in (partner_private, outsider_shared, world.partner, world.outsider, partner_membership):
        assert client.get(history_url(obj)).status_code == 404, obj
    own = owned_object(world.ours)
    for obj in (own, world.ours, world.coalition):
        assert client.get(history_url(obj)).status_code == 200, obj


@pytest.mark.parametrize("role", list(Role))
def test_partners_read_the_history_of_shared_objects_but_never_privileged_ones(client, world, role):
    client.force_login(member(world.partner, role))
    shared = owned_object(world.ours, sharing=Sharing.COALITION)
    privileged = owned_object(world.ours, sharing=Sharing.COALITION, privileged=True)
    assert client.get(history_url(shared)).status_code == 200
    assert client.get(history_url(privileged)).status_code == 404


def test_deleted_objects_keep_their_history_for_those_who_could_see_them(client, world):
    deadline = owned_object(world.ours)
    pk = deadline.pk
    deadline.delete()
    client.force_login(member(world.ours, Role.VIEWER))
    response = client.get(f"/history/deadlines/deadline/{pk}/")
    assert response.status_code == 200
    assert [e.action for e in response.context["history"].entries] == ["Deleted", "Created"]
    assert "Deleted" in response.text
    client.force_login(member(world.outsider, Role.ADMIN))
    assert client.get(f"/history/deadlines/deadline/{pk}/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/history/coalition/nosuchmodel/1/",
        "/history/nosuchapp/organization/1/",
        "/history/auth/user/1/",  # exists, but keeps no history
        "/history/core/heartbeat/1/",
        "/history/coalition/historicalorganization/1/",
        "/history/coalition/organization/999999/",
    ],
)
def test_unknown_untracked_or_missing_objects_are_404(client, world, path):
    client.force_login(member(world.ours, Role.ADMIN))
    assert client.get(path).status_code == 404


def test_history_needs_login(client, world):
    response = client.get(history_url(world.ours))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_long_histories_are_paginated_and_every_entry_is_diffed(client, world):
    roles = [Role.STAFF, Role.VIEWER]
    with time_machine.travel("2026-01-05 10:00:00-05:00", tick=False):  # same timestamp: ordering must not rely on it
        membership = member(world.ours, Role.VIEWER).memberships.get()
        for i in range(HISTORY_PAGE_SIZE + 3):
            membership.role = roles[i % 2]
            membership.save()
    client.force_login(member(world.ours, Role.ADMIN))
    first = client.get(history_url(membership)).context["history"]
    assert len(first.entries) == HISTORY_PAGE_SIZE and first.page.has_next()
    last = client.get(history_url(membership) + "?page=2").context["history"]
    assert [e.action for e in last.entries] == ["Changed"] * 3 + ["Created"]
    assert all(len(e.changes) == 1 for e in first.entries + last.entries[:3])
    assert [(c.old, c.new) for c in last.entries[2].changes] == [("Viewer", "Staff")]


def test_the_history_link_partial(world):
    rendered = Template('{% include "partials/history_link.html" with obj=org %}').render(Context({"org": world.ours}))
    assert (
        rendered.strip()
        == f'<a class="history-link" href="/history/coalition/organization/{world.ours.pk}/">History</a>'
    )


def test_a_feed_token_has_no_history_page(client, world):
    """A feed is a person's secret URL (its history excludes the secret): 404, where it was a 500."""
    from reminders.models import FeedScope
    from reminders.services import feed_token_for

    admin = member(world.ours, Role.ADMIN)
    client.force_login(admin)
    for feed in (
        feed_token_for(user=admin, scope=FeedScope.ORGANIZATION, organization=world.ours),
        feed_token_for(user=admin, scope=FeedScope.USER),
    ):
        assert client.get(history_url(feed)).status_code == 404
