"""Factories for deadline tests.

Deadlines belong to "any tracked object". FOIA requests and cases arrive with their apps; until then an
organisation row stands in as the subject (a real content type and pk), given the `organization_id` and `sharing`
attributes that are all the deadline services need from a subject.
"""

import datetime as dt

import factory

from coalition.models import Organization, Sharing
from deadlines.models import Closure, ClosureScope
from tests.factories import OrganizationFactory


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Closure

    date = dt.date(2026, 12, 21)
    reason = "Snow emergency"
    scope = ClosureScope.FEDERAL


def subject_for(organization=None, sharing=Sharing.ORGANIZATION):
    """A stand-in tracked object (see the module docstring)."""
    organization = organization or OrganizationFactory()
    subject = Organization.objects.get(pk=organization.pk)
    subject.organization_id, subject.sharing = organization.pk, sharing
    return subject
