import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from coalition import access
from coalition.models import Membership, Role, Sharing
from core.models import Heartbeat
from deadlines.models import Deadline
from tests.factories import UserFactory, member, owned_object

pytestmark = pytest.mark.django_db


def _deadline(org, sharing=Sharing.ORGANIZATION, **kwargs):
    return owned_object(org, sharing=sharing, **kwargs)


@pytest.mark.parametrize("role", list(Role))
def test_members_see_their_organisations_objects_and_only_edit_with_edit_roles(world, role):
    user = member(world.ours, role)
    obj = _deadline(world.ours)
    assert access.can_view(user, obj)
    assert access.can_edit(user, obj) is (role != Role.VIEWER)
    assert access.can_administer(user, world.ours) is (role == Role.ADMIN)
    assert list(access.restrict_visible(Deadline.objects.all(), user)) == [obj]
    assert access.get_visible_or_404(Deadline.objects.all(), user, pk=obj.pk) == obj
    if role == Role.VIEWER:
        with pytest.raises(PermissionDenied):
            access.get_editable_or_404(Deadline.objects.all(), user, pk=obj.pk)
    else:
        assert access.get_editable_or_404(Deadline.objects.all(), user, pk=obj.pk) == obj


@pytest.mark.parametrize("role", list(Role))
def test_partners_see_coalition_shared_objects_read_only(world, role):
    shared, private = _deadline(world.ours, Sharing.COALITION), _deadline(world.ours, Sharing.ORGANIZATION)
    user = member(world.partner, role)
    assert access.can_view(user, shared) and not access.can_edit(user, shared)
    assert not access.can_view(user, private)
    assert list(access.restrict_visible(Deadline.objects.all(), user)) == [shared]
    with pytest.raises(Http404):
        access.get_visible_or_404(Deadline.objects.all(), user, pk=private.pk)
    with pytest.raises(PermissionDenied):  # visible but not theirs: 403, not 404
        access.get_editable_or_404(Deadline.objects.all(), user, pk=shared.pk)


@pytest.mark.parametrize("role", list(Role))
def test_privileged_objects_never_reach_partners_even_when_shared(world, role):
    privileged = _deadline(world.ours, Sharing.COALITION, privileged=True)
    partner_user, own_user = member(world.partner, role), member(world.ours, role)
    assert not access.can_view(partner_user, privileged)
    assert not access.restrict_visible(Deadline.objects.all(), partner_user).exists()
    assert access.can_view(own_user, privileged)
    assert list(access.restrict_visible(Deadline.objects.all(), own_user)) == [privileged]


@pytest.mark.parametrize("role", list(Role))
def test_outsiders_see_nothing_even_when_shared(world, role):
    shared = _deadline(world.ours, Sharing.COALITION)
    user = member(world.outsider, role)
    assert not access.can_view(user, shared)
    assert not access.restrict_visible(Deadline.objects.all(), user).exists()
    with pytest.raises(Http404):
        access.get_editable_or_404(Deadline.objects.all(), user, pk=shared.pk)


def test_users_without_membership_see_nothing(world):
    _deadline(world.ours, Sharing.COALITION)
    assert not access.restrict_visible(Deadline.objects.all(), UserFactory()).exists()


def test_inactive_users_see_nothing(world):
    user = member(world.ours, Role.ADMIN)
    user.is_active = False
    user.save()
    access.access_reset(user)
    assert not access.can_view(user, _deadline(world.ours))


def test_organisations_memberships_and_coalitions_are_visible_to_their_members_only(world):
    user = member(world.ours, Role.VIEWER)
    partner_membership = Membership.objects.create(user=UserFactory(), organization=world.partner)
    assert access.can_view(user, world.ours) and not access.can_view(user, world.partner)
    assert access.can_view(user, Membership.objects.get(user=user))
    assert not access.can_view(user, partner_membership)  # partners' staff lists are private
    assert access.can_view(user, world.coalition)
    assert not access.can_view(member(world.outsider), world.coalition)
    assert list(access.restrict_visible(Membership.objects.all(), user)) == [Membership.objects.get(user=user)]
    assert not access.can_edit(member(world.ours, Role.ADMIN), world.ours)  # organisations are administered instead


def test_objects_without_an_owner_are_invisible_unless_public(world, monkeypatch):
    beat = Heartbeat.objects.create(name="test", seen_at=timezone.now())
    user = member(world.ours)
    assert not access.can_view(user, beat)
    monkeypatch.setattr(Heartbeat, "access_public", True, raising=False)
    assert access.can_view(user, beat)
    assert not access.can_edit(user, beat)
