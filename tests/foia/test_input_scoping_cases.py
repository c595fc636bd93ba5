"""The inputs found by probing: another organisation's object is answered exactly like a missing one."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from rest_framework.test import APIClient

from coalition.models import Sharing
from foia import selectors, services
from foia.choices import EventKind as E
from foia.models import Appeal
from reminders.models import Notification
from tests.factories import owned_object
from tests.foia.factories import FoiaRequestFactory, record_all

pytestmark = pytest.mark.django_db
D = dt.date


def _appeal_of(request, user):
    record_all(
        request,
        user,
        (E.SUBMITTED, D(2026, 11, 2)),
        (E.RECEIVED, D(2026, 11, 3)),
        (E.FINAL_RESPONSE, D(2026, 11, 10), {"outcome": "denial"}),
    )
    return services.appeal_file(user=user, request=request, filed_on=D(2026, 11, 20))


def test_a_tracking_number_naming_another_organisations_appeal_answers_like_a_missing_one(world, today):
    today(D(2026, 12, 1))
    mine = FoiaRequestFactory(organization=world.ours)
    theirs = FoiaRequestFactory(organization=world.outsider)
    foreign = _appeal_of(theirs, world.outsider_staff)
    missing = Appeal.objects.order_by("-pk").first().pk + 100
    api = APIClient()
    api.force_authenticate(world.staff)

    def post(appeal_pk):
        body = {"request": mine.pk, "kind": "appeal", "number": "2026-ICAP-1", "agency": "ice"}
        response = api.post(
            "/api/v1/foia/tracking-numbers/", {**body, "assigned_on": "2026-11-21", "appeal": appeal_pk}
        )
        return response.status_code, str(response.json()).replace(str(appeal_pk), "<pk>")

    assert post(foreign.pk) == post(missing)
    assert post(missing)[0] == 400 and "Invalid pk" in post(missing)[1]


def test_notifications_filtered_by_another_organisations_deadline_answer_like_a_missing_one(world):
    foreign = owned_object(world.outsider)
    Notification.objects.create(recipient=world.staff, title="Hello")
    api = APIClient()
    api.force_authenticate(world.staff)
    missing = foreign.pk + 100
    foreign_response = api.get(f"/api/v1/notifications/?deadline={foreign.pk}")
    missing_response = api.get(f"/api/v1/notifications/?deadline={missing}")
    assert foreign_response.status_code == missing_response.status_code == 400
    assert foreign_response.json() == missing_response.json()
    own = owned_object(world.ours)
    assert api.get(f"/api/v1/notifications/?deadline={own.pk}").status_code == 200


def test_tags_belong_to_their_organisation_and_partners_see_only_the_tags_of_shared_requests(world, client):
    private = FoiaRequestFactory(organization=world.ours, sharing=Sharing.ORGANIZATION)
    shared = FoiaRequestFactory(organization=world.ours, sharing=Sharing.COALITION)
    services.foia_request_update(request=private, user=world.staff, tags=["GPS ankle monitors", "ISAP"])
    services.foia_request_update(request=shared, user=world.staff, tags=["ISAP"])
    theirs = FoiaRequestFactory(organization=world.partner, sharing=Sharing.COALITION)
    services.foia_request_update(request=theirs, user=world.partner_staff, tags=["ISAP"])
    assert {(t.organization_id, t.name) for t in theirs.tags.all()} == {(world.partner.pk, "ISAP")}

    assert sorted(t.name for t in selectors.tag_choices(user=world.partner_staff)) == ["ISAP"]
    assert sorted(t.name for t in selectors.tag_choices(user=world.staff)) == ["GPS ankle monitors", "ISAP"]
    assert not selectors.tag_choices(user=world.outsider_staff).exists()
    client.force_login(world.partner_staff)
    page = client.get("/requests/").content.decode()
    assert "GPS ankle monitors" not in page
    # Filtering by a slug finds every visible request carrying a tag of that name, whichever organisation's tag it is.
    listed = client.get("/requests/?tag=isap").context["page"]
    assert {r.pk for r in listed} == {shared.pk, theirs.pk}
    assert client.get("/requests/?tag=gps-ankle-monitors").status_code in (200, 400)
    assert ContentType.objects.get_for_model(private)
