"""Following a request from its page makes its deadlines' reminders reach the follower (issue 5's watchers)."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from coalition.models import Sharing
from deadlines.models import Deadline
from foia.choices import EventKind as E
from reminders.models import Watch
from reminders.recipients import deadline_recipients
from tests.foia.factories import FoiaRequestFactory, record_all

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def shared_request(world, today):
    today(D(2026, 12, 1))
    request = FoiaRequestFactory(organization=world.ours, sharing=Sharing.COALITION, assigned_to=world.staff)
    record_all(request, world.staff, (E.SUBMITTED, D(2026, 11, 18)), (E.RECEIVED, D(2026, 11, 20)))
    return request


def _follow(client, user, request):
    client.force_login(user)
    page = client.get(reverse("foia:request-detail", args=[request.pk]))
    assert page.status_code == 200
    assert b">Follow</button>" in page.content
    ct = ContentType.objects.get_for_model(request)
    return client.post(
        reverse("reminders:watch"), {"content_type": ct.pk, "object_id": request.pk, "watching": "1", "next": "/"}
    )


def test_a_viewer_follows_a_request_and_then_receives_its_deadline_reminders(client, world, shared_request):
    deadline = Deadline.objects.get(subject_id=shared_request.pk, key="initial-response")
    assert world.viewer.pk not in {r.user_id for r in deadline_recipients([deadline])[deadline.pk]}

    assert _follow(client, world.viewer, shared_request).status_code == 302

    assert Watch.objects.filter(user=world.viewer, subject_id=shared_request.pk).exists()
    assert world.viewer.pk in {r.user_id for r in deadline_recipients([deadline])[deadline.pk]}
    page = client.get(reverse("foia:request-detail", args=[shared_request.pk]))
    assert b">Unfollow</button>" in page.content


def test_outsiders_cannot_follow_a_request_they_cannot_see(client, world, shared_request):
    from tests.factories import member

    outsider = member(world.outsider)
    client.force_login(outsider)
    ct = ContentType.objects.get_for_model(shared_request)
    response = client.post(reverse("reminders:watch"), {"content_type": ct.pk, "object_id": shared_request.pk})
    assert response.status_code == 404
    assert not Watch.objects.filter(user=outsider).exists()


def test_only_followable_models_can_be_followed_not_a_past_version_of_a_now_private_request(client, world):
    """A partner could follow a historical row of a request shared then, and read its old subject in the message and
    the settings page. Only followable models (a request, a deadline) are accepted, at follow time and when shown."""
    from foia.services import foia_request_update
    from reminders.selectors import watch_list_for

    request = FoiaRequestFactory(organization=world.ours, sharing=Sharing.COALITION, subject="Old secret subject")
    foia_request_update(request=request, user=world.staff, sharing=Sharing.ORGANIZATION, subject="Now private")
    old = request.history.order_by("history_id").first()
    historical = ContentType.objects.get_for_model(type(old))
    client.force_login(world.partner_staff)
    for content_type, object_id in ((historical, old.history_id), (ContentType.objects.get_for_model(world.ours), 1)):
        response = client.post(reverse("reminders:watch"), {"content_type": content_type.pk, "object_id": object_id})
        assert response.status_code == 404
    assert not Watch.objects.filter(user=world.partner_staff).exists()
    # a follow made before the check existed is not shown
    Watch.objects.create(user=world.partner_staff, subject_type=historical, subject_id=old.history_id)
    assert watch_list_for(user=world.partner_staff) == []
    assert b"Old secret subject" not in client.get(reverse("reminders:settings")).content
