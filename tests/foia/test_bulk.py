"""Bulk actions on the request list: assign, tag, share with the coalition, export selected. Each goes through the
single edit service, in one transaction: a request the actor may not edit or see is refused like a missing one and
nothing at all changes; versions are bumped and history written as a single edit would."""

import csv
import datetime as dt
import io

import pytest

from coalition.models import Sharing
from core.versioning import StaleVersion
from deadlines.models import Deadline
from foia import services
from foia.choices import EventKind as E
from foia.models import FoiaRequest
from foia.views.requests import EXPORT_HEADER
from tests.foia.factories import FoiaRequestFactory, record_all

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def rows(world, today):
    today(D(2026, 12, 10))
    received = FoiaRequestFactory(organization=world.ours, subject="Trust Stamp contract", assigned_to=world.viewer)
    record_all(received, world.staff, (E.SUBMITTED, D(2026, 11, 18)), (E.RECEIVED, D(2026, 11, 20)))
    draft = FoiaRequestFactory(organization=world.ours, subject="SmartLINK retention")
    third = FoiaRequestFactory(organization=world.ours, subject="Left alone")
    return [FoiaRequest.objects.get(pk=r.pk) for r in (received, draft, third)]


def _bulk(client, action, ids, **fields):
    return client.post("/requests/bulk/", {"action": action, "ids": [str(i) for i in ids], **fields})


def _errors(response):
    """The errors the list shows after the redirect (reading them there also consumes them)."""
    assert response.status_code == 302
    page = response.client.get(response["Location"])
    return [str(m) for m in page.context["messages"] if m.level_tag == "error"]


def _state(requests):
    fresh = FoiaRequest.objects.filter(pk__in=[r.pk for r in requests]).order_by("pk")
    return [(r.version, r.assigned_id if hasattr(r, "assigned_id") else r.assigned_to_id, r.attorney_id, r.sharing,
             sorted(t.name for t in r.tags.all()), r.history.count()) for r in fresh]  # fmt: skip


def test_assign_sets_staff_and_attorney_bumps_versions_writes_history_and_moves_deadlines(client, world, rows):
    received, draft, third = rows
    client.force_login(world.staff)
    before = {r.pk: (r.version, r.history.count()) for r in rows}
    response = _bulk(client, "assign", [received.pk, draft.pk], assigned_to=world.admin.pk, attorney=world.attorney.pk,
                     query="status=processing")  # fmt: skip
    assert response.status_code == 302 and response["Location"] == "/requests/?status=processing"
    assert _errors(response) == []
    for r in (received, draft):
        r.refresh_from_db()
        assert (r.assigned_to, r.attorney) == (world.admin, world.attorney)
        assert r.version > before[r.pk][0]
        last = r.history.order_by("-history_id").first()
        assert r.history.count() > before[r.pk][1] and last.history_user == world.staff  # the same audit row
    third.refresh_from_db()
    assert third.version == before[third.pk][0] and third.assigned_to is None
    initial = Deadline.objects.get(foia_request=received, key="initial-response")
    assert initial.responsible == world.admin  # re-planned as a single edit re-plans


def test_a_single_edit_read_before_a_bulk_edit_gets_its_stale_version_error(client, world, rows):
    received = rows[0]
    read_at = received.version
    client.force_login(world.staff)
    _bulk(client, "assign", [received.pk], attorney=world.attorney.pk)
    with pytest.raises(StaleVersion):
        services.foia_request_update(request=received, user=world.admin, subject="Overwrite", version=read_at)
    received.refresh_from_db()
    assert received.subject == "Trust Stamp contract" and received.attorney == world.attorney


def test_add_a_tag_keeps_the_others_and_creates_it_in_each_organisation(client, world, rows):
    received, draft, _ = rows
    services.foia_request_update(request=draft, user=world.staff, tags=["ISAP"])
    client.force_login(world.staff)
    _bulk(client, "tag", [received.pk, draft.pk], tag="  Trust   Stamp ")
    assert sorted(received.tags.values_list("name", flat=True)) == ["Trust Stamp"]
    assert sorted(draft.tags.values_list("name", flat=True)) == ["ISAP", "Trust Stamp"]
    assert {t.organization_id for t in draft.tags.all()} == {world.ours.pk}
    assert _errors(_bulk(client, "tag", [draft.pk], tag="  ")) == ["Give the tag to add."]


def test_share_with_the_coalition_shares_the_requests_and_their_deadlines(client, world, rows):
    received, draft, _ = rows
    client.force_login(world.staff)
    _bulk(client, "share", [received.pk, draft.pk])
    assert set(FoiaRequest.objects.filter(pk__in=[received.pk, draft.pk]).values_list("sharing", flat=True)) == {
        Sharing.COALITION
    }
    assert set(Deadline.objects.filter(foia_request=received).values_list("sharing", flat=True)) == {Sharing.COALITION}
    client.force_login(world.partner_staff)
    assert client.get(f"/requests/{received.pk}/").status_code == 200


def test_export_selected_has_the_export_columns_and_only_the_selected_rows(client, world, rows):
    received, draft, third = rows
    client.force_login(world.viewer)  # exporting reads: a viewer may
    response = _bulk(client, "export", [draft.pk, received.pk])
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text[1:])))
    assert table[0] == EXPORT_HEADER
    assert [int(row[0]) for row in table[1:]] == [received.pk, draft.pk]
    hidden = FoiaRequestFactory(organization=world.outsider)
    response = _bulk(client, "export", [received.pk, hidden.pk])
    assert response.status_code == 302
    assert _errors(response) == [f"Request {hidden.pk} was not found among the requests you can see."]


@pytest.mark.parametrize("action,fields", [("assign", {"attorney": "attorney"}), ("tag", {"tag": "X"}), ("share", {})])
def test_a_request_one_may_not_edit_or_see_is_refused_like_a_missing_one_and_nothing_changes(
    client, world, rows, action, fields
):
    fields = {k: (world.attorney.pk if v == "attorney" else v) for k, v in fields.items()}
    shared = FoiaRequestFactory(organization=world.partner, sharing=Sharing.COALITION)  # visible, not editable
    hidden = FoiaRequestFactory(organization=world.outsider)  # invisible
    missing = max(FoiaRequest.objects.values_list("pk", flat=True)) + 1000
    everything = [*rows, shared, hidden]
    before = _state(everything)
    client.force_login(world.staff)
    words = set()
    for foreign in (shared.pk, hidden.pk, missing):
        response = _bulk(client, action, [rows[0].pk, rows[1].pk, foreign], **fields)
        assert response.status_code == 302
        (message,) = _errors(response)
        words.add(message.replace(str(foreign), "N"))
    assert words == {"Request N was not found among the requests you can edit."}
    client.force_login(world.viewer)  # sees their organisation's requests, edits none
    (message,) = _errors(_bulk(client, action, [rows[1].pk], **fields))
    assert message == f"Request {rows[1].pk} was not found among the requests you can edit."
    assert _state(everything) == before


def test_assigning_someone_outside_a_requests_organisation_changes_nothing(client, world, rows):
    before = _state(rows)
    client.force_login(world.staff)
    # the partner's staff is not a choice for our requests: like any unknown person
    assert _errors(_bulk(client, "assign", [rows[0].pk], assigned_to=world.partner_staff.pk))
    assert _errors(_bulk(client, "assign", [rows[0].pk, rows[1].pk]))  # nobody chosen
    assert _errors(_bulk(client, "assign", [], assigned_to=world.admin.pk)) == ["Select at least one request."]
    assert _errors(_bulk(client, "assign", ["x"], assigned_to=world.admin.pk))
    assert _state(rows) == before


def test_all_on_this_page_works_without_javascript(client, world, rows):
    client.force_login(world.staff)
    page = client.get("/requests/").content.decode()
    assert 'name="whole_page"' in page and page.count('name="page_ids"') == 3 and page.count('name="ids"') == 3
    client.post("/requests/bulk/", {"action": "share", "whole_page": "on", "page_ids": [r.pk for r in rows]})
    assert set(FoiaRequest.objects.values_list("sharing", flat=True)) == {Sharing.COALITION}


def test_bulk_actions_are_post_only(client, world, rows):
    client.force_login(world.staff)
    assert client.get("/requests/bulk/", {"action": "share", "ids": rows[0].pk}).status_code == 405


def test_a_refusal_midway_rolls_back_the_requests_already_changed(client, world, rows):
    from coalition.models import Membership, Role

    Membership.objects.create(user=world.staff, organization=world.partner, role=Role.STAFF)
    theirs = FoiaRequestFactory(organization=world.partner)  # after ours: edited second
    before = _state([*rows, theirs])
    client.force_login(world.staff)
    # world.admin belongs to our organisation only: our request takes them, the partner's refuses them
    (message,) = _errors(_bulk(client, "assign", [rows[1].pk, theirs.pk], assigned_to=world.admin.pk))
    assert message == f"Request {theirs.pk} ({theirs.subject}): Choose a member of this organisation."
    assert _state([*rows, theirs]) == before
