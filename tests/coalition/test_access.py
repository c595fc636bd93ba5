import pytest
from django.http import Http404

from coalition import access
from coalition.models import Role, Sharing
from deadlines.models import Deadline
from tests.factories import CoalitionFactory, OrganizationFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    coalition = CoalitionFactory()
    ours, partner, outsider = OrganizationFactory(), OrganizationFactory(), OrganizationFactory()
    ours.coalitions.add(coalition)
    partner.coalitions.add(coalition)
    return ours, partner, outsider


def _deadline(org, sharing=Sharing.ORGANIZATION):
    from datetime import date

    from django.contrib.contenttypes.models import ContentType

    return Deadline.objects.create(
        organization=org,
        sharing=sharing,
        subject_type=ContentType.objects.get_for_model(org),
        subject_id=org.pk,
        key=f"k-{sharing}",
        title="Test",
        due_date=date(2026, 12, 1),
    )


@pytest.mark.parametrize("role", list(Role))
def test_members_see_their_organisations_objects_and_only_edit_with_edit_roles(world, role):
    ours, _, _ = world
    user = member(ours, role)
    obj = _deadline(ours)
    assert access.can_view(user, obj)
    assert access.can_edit(user, obj) is (role != Role.VIEWER)
    assert access.can_administer(user, ours) is (role == Role.ADMIN)
    assert list(access.restrict_visible(Deadline.objects.all(), user)) == [obj]


@pytest.mark.parametrize("role", list(Role))
def test_partners_see_coalition_shared_objects_read_only(world, role):
    ours, partner, _ = world
    shared, private = _deadline(ours, Sharing.COALITION), _deadline(ours, Sharing.ORGANIZATION)
    user = member(partner, role)
    assert access.can_view(user, shared) and not access.can_edit(user, shared)
    assert not access.can_view(user, private)
    assert list(access.restrict_visible(Deadline.objects.all(), user)) == [shared]
    with pytest.raises(Http404):
        access.get_visible_or_404(Deadline.objects.all(), user, pk=private.pk)


@pytest.mark.parametrize("role", list(Role))
def test_outsiders_see_nothing_even_when_shared(world, role):
    ours, _, outsider = world
    shared = _deadline(ours, Sharing.COALITION)
    user = member(outsider, role)
    assert not access.can_view(user, shared)
    assert not access.restrict_visible(Deadline.objects.all(), user).exists()


def test_users_without_membership_see_nothing(world):
    ours, _, _ = world
    _deadline(ours, Sharing.COALITION)
    assert not access.restrict_visible(Deadline.objects.all(), UserFactory()).exists()
