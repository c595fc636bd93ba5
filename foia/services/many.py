"""Creating many requests at once, each with its events and tracking number (a spreadsheet import), in a number
of statements that does not grow with the requests.

It checks what `foia_request_create`, `request_events_record` and `tracking_number_add` check -- the role, the
people, the fields, the justifications, each event's date and the lifecycle's transitions, the tracking number's
date -- and leaves what they leave: the requests with their derived status and dates, their events, numbers and
derived deadlines (computed by the deadline engine from the replayed lifecycle, each in the status the events
give it), and a history row for each. The difference is the history's shape: one "created" row per request in its
final state, not a row per step. Events that create records of their own (appeals, expedition granted) are not
taken here: an import never produces them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from coalition.access import can_create_in
from coalition.models import Membership, Organization
from core.history import bulk_create_copying_history, bulk_update_copying_history
from deadlines.bulk_create import NewDeadline, derived_deadlines_create, derived_index
from deadlines.models import DeadlineStatus
from deadlines.rules import RuleError, deadline_compute

from .. import lifecycle
from ..choices import EventKind
from ..models import FoiaRequest, RequestEvent, TrackingNumber
from ..validators import date_refusal
from .deadline_effects import _responsible, closing_status
from .events import EventInput, fact_of
from .requests import _check_justifications

# Their services write records beside the event (an Appeal; the expedited track): one request at a time only.
NOT_TAKEN = frozenset({EventKind.APPEAL_FILED, EventKind.APPEAL_DECIDED, EventKind.EXPEDITED_GRANTED})
PEOPLE = ("assigned_to", "attorney")


@dataclass
class NewRequest:
    """One request to create: its fields (as `foia_request_create` takes them), its events in order, and the
    agency's tracking number (assigned on the first event's date)."""

    fields: dict
    events: list[EventInput] = field(default_factory=list)
    tracking_number: str = ""


class RowRefused(ValidationError):
    """Item `index` (0-based) cannot be created: the message says why."""

    def __init__(self, index: int, message: str):
        self.index = index
        super().__init__(message, code="row")


def _check_people(organization_id: int, items: list[NewRequest]) -> None:
    wanted = {getattr(item.fields.get(name), "pk", None) for item in items for name in PEOPLE} - {None}
    members = set(
        Membership.objects.filter(organization_id=organization_id, user_id__in=wanted).values_list("user_id", flat=True)
    )
    for index, item in enumerate(items):
        for name in PEOPLE:
            person = item.fields.get(name)
            if person is not None and person.pk not in members:
                raise RowRefused(index, f"{name}: choose a member of this organisation.")


@functools.cache
def _not_given(given: frozenset[str]) -> list[str]:
    """The fields full_clean skips: the ones the caller did not give (set here, derived by the lifecycle, or
    defaults) and the foreign keys (checked by the caller's one-query lookups: agencies, members)."""
    return [f.name for f in FoiaRequest._meta.fields if f.name not in given or f.is_relation]


def _built(*, user, organization: Organization, item: NewRequest, index: int, today: date):
    """(the unsaved request with its derived fields, its facts, its replayed state)."""
    request = FoiaRequest(organization=organization, created_by=user, **item.fields)
    try:
        # The foreign keys were checked by the caller's one-query lookups (agencies, members); constraints by the
        # database when the batch is written.
        skipped = _not_given(frozenset(item.fields))
        request.full_clean(exclude=skipped, validate_unique=False, validate_constraints=False)
        _check_justifications(request)
    except ValidationError as error:
        raise RowRefused(index, "; ".join(error.messages)) from None
    facts = []
    for sequence, event in enumerate(item.events, 1):
        if event.kind in NOT_TAKEN:
            raise ValueError(f"{event.kind} events are recorded one request at a time (request_events_record)")
        if refusal := date_refusal(event.date, today=today):
            raise RowRefused(index, f"“{EventKind(event.kind).label}” is dated {event.date.isoformat()}: {refusal[0]}.")
        facts.append(fact_of(event, sequence=sequence))
    try:
        state = lifecycle.replay(facts, expedited_requested=request.expedited_requested, today=today)
    except lifecycle.TransitionError as error:
        raise RowRefused(index, str(error)) from None
    for name in ("status", "submitted_on", "received_on", "acknowledged_on", "closed_on"):
        setattr(request, name, getattr(state, name))
    if item.tracking_number.strip():
        if not facts:
            raise RowRefused(index, "A tracking number needs the date the request was submitted.")
        if facts[0].date > today:
            raise RowRefused(index, "The date a number was assigned cannot be in the future.")
    return request, facts, state


def foia_requests_create_many(*, user, organization: Organization, items: list[NewRequest]) -> list[FoiaRequest]:
    """Create `items` in `organization`, all or none (raises `RowRefused` naming the first item refused, and
    nothing is written). Returns the requests in the order of `items`."""
    if not can_create_in(user, organization):
        raise PermissionDenied("You cannot create requests in this organisation.")
    if not items:
        return []
    today = timezone.localdate()
    _check_people(organization.pk, items)
    built = [
        _built(user=user, organization=organization, item=item, index=i, today=today) for i, item in enumerate(items)
    ]
    with transaction.atomic():
        requests = bulk_create_copying_history([r for r, _, _ in built], FoiaRequest, user=user)
        events, numbers = [], []
        for request, (_, facts, _), item in zip(requests, built, items, strict=True):
            for fact in facts:
                given: EventInput = fact.ref
                events.append(
                    RequestEvent(  # ids, not instances: the descriptors' checks cost, 17,500 times
                        request_id=request.pk,
                        kind=given.kind,
                        date=given.date,
                        sequence=fact.sequence,
                        outcome=given.outcome,
                        toll_reason=given.toll_reason,
                        working_days=given.working_days,
                        amount=given.amount,
                        pages_released=given.pages_released,
                        pages_withheld=given.pages_withheld,
                        exemptions=given.exemptions,
                        referred_to_id=getattr(given.referred_to, "pk", None),
                        details=given.details,
                        note=given.note,
                        created_by_id=user.pk,
                    )
                )
            if number := item.tracking_number.strip():
                numbers.append(
                    TrackingNumber(
                        request_id=request.pk,
                        number=number,
                        agency_id=request.agency_id,
                        assigned_on=facts[0].date,
                        created_by_id=user.pk,
                    )
                )
        bulk_create_copying_history(events, RequestEvent, user=user)
        bulk_create_copying_history(numbers, TrackingNumber, user=user)
        derived_deadlines_create(actor=user, items=_deadlines(requests, [s for _, _, s in built], today=today))
    return requests


def _deadlines(requests: list[FoiaRequest], states: list[lifecycle.ReplayState], *, today: date) -> list[NewDeadline]:
    triggers = [item.trigger for state in states for item in state.plan.values()]
    if not triggers:
        return []
    index = derived_index(min(triggers).year, max(max(triggers).year, today.year) + 2)
    planned = []
    for position, (request, state) in enumerate(zip(requests, states, strict=True)):
        for key, item in state.plan.items():
            try:
                comp = deadline_compute(
                    rule=item.rule,
                    trigger=item.trigger,
                    agency=request.agency,
                    options=item.options or None,
                    index=index,
                )
            except RuleError as error:
                raise RowRefused(position, f"{item.title}: {error}") from None
            planned.append(
                NewDeadline(
                    subject=request,
                    key=key,
                    title=item.title,
                    rule=item.rule,
                    trigger=item.trigger,
                    computation=comp,
                    options=item.options or None,
                    agency=request.agency,
                    responsible=_responsible(request, item),
                    status=DeadlineStatus.OPEN if item.is_open else closing_status(item, comp.due),
                )
            )
    return planned


# The fields `foia_requests_update_many` writes in bulk; any other change (assignee, expedition: they change the
# deadlines or who answers for them) goes through `foia_request_update`, one request at a time.
PLAIN_FIELDS = frozenset(
    {"subject", "request_text", "fee_waiver_requested", "fee_waiver_justification", "expedited_justification"}
)


@dataclass
class RequestChange:
    """Fields to change on a request the person read at `version`."""

    request: FoiaRequest
    version: int
    fields: dict


def foia_requests_update_many(*, user, changes: list[RequestChange]) -> list[FoiaRequest]:
    """Apply `changes` (each to a different request) all or none. Requests are locked in one query and each must
    still be at the version read (else `core.versioning.StaleVersion`, nothing written); plain fields are written
    in one bulk UPDATE with a history row each; a change to the assignee or expedition is applied by
    `foia_request_update` (it replans the request's deadlines). Returns the updated requests, in order."""
    from core.versioning import version_check

    from .requests import foia_request_update

    if not changes:
        return []
    pks = [c.request.pk for c in changes]
    if len(set(pks)) != len(pks):
        raise ValueError("one change per request")
    now = timezone.now()
    with transaction.atomic():
        locked = {r.pk: r for r in FoiaRequest.objects.select_for_update().filter(pk__in=pks).order_by("pk")}
        plain, replanned, written = [], [], set()
        for index, change in enumerate(changes):
            request = locked.get(change.request.pk)
            if request is None:
                raise RowRefused(index, "The request no longer exists.")
            if not can_create_in(user, request.organization_id):
                raise PermissionDenied("You cannot edit this organisation's requests.")
            try:
                version_check(instance=request, version=change.version, values=change.fields)
            except ValidationError as error:
                raise RowRefused(index, "; ".join(error.messages)) from None
            if set(change.fields) - PLAIN_FIELDS:
                replanned.append(change)
                continue
            for name, value in change.fields.items():
                setattr(request, name, value)
                written.add(name)
            try:
                request.full_clean(
                    exclude=["organization", "created_by", "agency", *PEOPLE],
                    validate_unique=False,
                    validate_constraints=False,
                )
                _check_justifications(request)
            except ValidationError as error:
                raise RowRefused(index, "; ".join(error.messages)) from None
            request.version += 1
            request.updated_at = now  # bulk_update skips auto_now
            plain.append(request)
        if plain:
            bulk_update_copying_history(
                plain, FoiaRequest, [*sorted(written), "version", "updated_at"], user=user, when=now
            )
        for change in replanned:
            foia_request_update(request=locked[change.request.pk], user=user, version=change.version, **change.fields)
    return [locked[pk] for pk in pks]
