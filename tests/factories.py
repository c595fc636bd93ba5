"""factory_boy factories shared by every app's tests (no fixtures files)."""

from typing import NamedTuple

import factory
from django.contrib.auth import get_user_model

from coalition.models import Coalition, Membership, Organization, Role

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CoalitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coalition

    name = factory.Sequence(lambda n: f"Coalition {n}")
    slug = factory.Sequence(lambda n: f"coalition-{n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.STAFF


def member(organization, role=Role.STAFF, **user_kwargs):
    """A user with `role` in `organization`."""
    return MembershipFactory(organization=organization, role=role, user=UserFactory(**user_kwargs)).user


class World(NamedTuple):
    """Three organisations: `ours` and `partner` share `coalition`; `outsider` shares nothing with them."""

    coalition: Coalition
    ours: Organization
    partner: Organization
    outsider: Organization


def coalition_world() -> World:
    coalition = CoalitionFactory()
    ours, partner, outsider = OrganizationFactory(), OrganizationFactory(), OrganizationFactory()
    ours.coalitions.add(coalition)
    partner.coalitions.add(coalition)
    return World(coalition, ours, partner, outsider)


def owned_object(organization, **fields):
    """An organisation-owned object to exercise the access rules with (a manual Deadline; it has `sharing` and
    `privileged`). Its subject is the organisation itself, standing in for a tracked object."""
    import datetime as dt

    from django.contrib.contenttypes.models import ContentType

    from deadlines.models import Deadline

    return Deadline.objects.create(
        organization=organization,
        subject_type=ContentType.objects.get_for_model(organization),
        subject_id=organization.pk,
        key=f"access-{Deadline.objects.count()}",
        title="Answer due",
        kind="manual",
        due_date=dt.date(2026, 3, 2),
        **fields,
    )


def editor(obj):
    """A staff member of the organisation owning `obj` (a subject, a deadline): the actor deadline writes require.
    Get-or-create, safely from several threads (the race tests)."""
    from django.db import IntegrityError, transaction

    from coalition.access import access_owner_of

    org_id = access_owner_of(obj)[0]
    username = f"editor-of-{org_id}"
    User = get_user_model()
    try:
        with transaction.atomic():
            user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
            if created:
                Membership.objects.create(user=user, organization_id=org_id, role=Role.STAFF)
    except IntegrityError:
        user = User.objects.get(username=username)
    return user


def site_staff():
    """A superuser: the site staff who edit site-wide reference data such as closures (through the admin)."""
    from django.db import IntegrityError, transaction

    User = get_user_model()
    user = User.objects.filter(username="site-staff").first()
    if user is None:
        try:  # safely from several threads (the race tests)
            with transaction.atomic():
                user = User.objects.create_superuser("site-staff", "site-staff@example.org", PASSWORD)
        except IntegrityError:
            user = User.objects.get(username="site-staff")
    return user
