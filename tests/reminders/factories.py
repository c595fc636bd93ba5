"""Factories for reminder tests. Deadlines are created directly (the deadline services live on their own branch);
tests send `deadlines_changed` themselves, as the services do on commit."""

import datetime as dt

import factory
from django.contrib.contenttypes.models import ContentType

from coalition.models import Sharing
from deadlines.models import Deadline, DeadlineForum, DeadlineStatus
from directory.models import Agency, Court
from reminders.models import ReminderPolicy, Watch
from tests.factories import OrganizationFactory


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["slug"]

    slug = "ice"
    name = "U.S. Immigration and Customs Enforcement"
    abbreviation = "ICE"
    time_zone = "America/New_York"


class CourtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Court
        django_get_or_create = ["slug"]

    slug = "dcd"
    name = "U.S. District Court for the District of Columbia"
    time_zone = "America/New_York"


class DeadlineFactory(factory.django.DjangoModelFactory):
    """A FOIA deadline of an agency (subject: the agency) unless `court` or `subject` say otherwise."""

    class Meta:
        model = Deadline

    class Params:
        subject = None

    organization = factory.SubFactory(OrganizationFactory)
    sharing = Sharing.ORGANIZATION
    agency = factory.SubFactory(AgencyFactory)
    subject_type = factory.LazyAttribute(
        lambda o: ContentType.objects.get_for_model(o.subject if o.subject is not None else o.agency or o.court)
    )
    subject_id = factory.LazyAttribute(lambda o: (o.subject if o.subject is not None else o.agency or o.court).pk)
    key = factory.Sequence(lambda n: f"deadline-{n}")
    title = factory.Sequence(lambda n: f"Initial response to request {n}")
    rule = "foia-initial-response"
    trigger_date = dt.date(2026, 11, 20)
    due_date = dt.date(2026, 12, 21)
    citation = "5 U.S.C. § 552(a)(6)(A)(i)"
    steps = factory.LazyFunction(
        lambda: ["2026-11-20 received", "+20 working days skipping 2026-11-26 Thanksgiving -> 2026-12-21"]
    )
    status = DeadlineStatus.OPEN


class CourtDeadlineFactory(DeadlineFactory):
    agency = None
    court = factory.SubFactory(CourtFactory)
    forum = DeadlineForum.COURT
    rule = "ddc-opposition"
    citation = "D.D.C. LCvR 7(b)"
    title = factory.Sequence(lambda n: f"Opposition to motion {n}")


class ReminderPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReminderPolicy
        django_get_or_create = ["organization"]

    organization = factory.SubFactory(OrganizationFactory)


def watch(user, obj) -> Watch:
    return Watch.objects.create(user=user, subject_type=ContentType.objects.get_for_model(obj), subject_id=obj.pk)
