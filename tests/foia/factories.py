"""Factories for FOIA tests. Events are never built directly: they go through the services, like in the app."""

import datetime as dt

import factory

from coalition.models import Sharing
from directory.models import Agency
from directory.seeds import agencies_seed
from foia import services
from foia.models import FoiaRequest
from tests.factories import OrganizationFactory


def ensure_agencies() -> None:
    """Re-run the agency seed (idempotent): transactional tests run after others have flushed every table."""
    agencies_seed(agency_model=Agency)


def agency(slug: str = "ice") -> Agency:
    return Agency.objects.get(slug=slug)


class FoiaRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FoiaRequest

    organization = factory.SubFactory(OrganizationFactory)
    sharing = Sharing.ORGANIZATION
    agency = factory.LazyFunction(agency)
    subject = factory.Sequence(lambda n: f"ISAP records set {n}")
    request_text = "All records concerning the Intensive Supervision Appearance Program."
    drafted_on = dt.date(2026, 11, 1)


def record(request, user, kind, on, **fields):
    """Record one event through the service (the only writer)."""
    return services.request_event_record(request=request, user=user, event=services.EventInput(kind, on, **fields))


def record_all(request, user, *steps):
    """steps: (kind, date, fields?) tuples, recorded in order."""
    return [record(request, user, step[0], step[1], **(step[2] if len(step) > 2 else {})) for step in steps]


# Request fields the form and the API refuse, with the refusal: (field, value, message) for parametrize.
INVALID_REQUEST_FIELDS = [
    ("fee_limit", "-50.00", "The fee limit cannot be negative."),
    ("drafted_on", "2030-01-01", "2030-01-01 is in the future."),
    ("drafted_on", "1850-01-01", "1850-01-01 is before FOIA took effect on 1967-07-04."),
]
