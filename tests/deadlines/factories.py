"""Factories for deadline tests.

Deadlines belong to "any tracked object". FOIA requests and cases arrive with their apps; until then a manual
deadline stands in as the subject: it is a real organisation-owned row with `organization_id` and `sharing`, which
is all the deadline services need from a subject.
"""

import datetime as dt

import factory
from django.contrib.contenttypes.models import ContentType

from coalition.models import Sharing
from deadlines.models import Closure, ClosureScope, Deadline, DeadlineKind
from tests.factories import OrganizationFactory


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Closure

    date = dt.date(2026, 12, 21)
    reason = "Snow emergency"
    scope = ClosureScope.FEDERAL


class SubjectFactory(factory.django.DjangoModelFactory):
    """A stand-in tracked object (see the module docstring)."""

    class Meta:
        model = Deadline

    organization = factory.SubFactory(OrganizationFactory)
    sharing = Sharing.ORGANIZATION
    subject_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Deadline))
    subject_id = 0
    key = factory.Sequence(lambda n: f"subject-{n}")
    title = "Tracked object"
    kind = DeadlineKind.MANUAL
    due_date = dt.date(2030, 1, 1)
