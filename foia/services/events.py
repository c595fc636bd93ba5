"""Recording and removing lifecycle events. The only writer of a request's status, derived dates and deadlines.

Every change locks the request row (SELECT ... FOR UPDATE), replays all its events with the change, and refuses it
with a clear message if the replay fails; otherwise it writes the events, the derived fields and the deadlines in
the same transaction. Two people logging responses at once are thereby serialised: the second sees the first's events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from directory.models import Agency

from .. import lifecycle
from ..choices import AppealOutcome, EventKind, Track
from ..models import Appeal, Communication, FoiaRequest, RequestEvent
from ..validators import date_refusal
from .common import require_edit
from .deadline_effects import request_deadlines_sync


@dataclass
class EventInput:
    """An event to record, as a form or the API describes it."""

    kind: str
    date: date
    outcome: str = ""
    toll_reason: str = ""
    working_days: int | None = None
    amount: Decimal | None = None
    pages_released: int | None = None
    pages_withheld: int | None = None
    exemptions: str = ""
    referred_to: Agency | None = None
    details: dict = field(default_factory=dict)
    note: str = ""


def fact_of(event: RequestEvent | EventInput, *, sequence: int | None = None) -> lifecycle.Fact:
    details = dict(event.details or {})
    referred = event.referred_to_id if isinstance(event, RequestEvent) else getattr(event.referred_to, "pk", None)
    if referred:
        details["referred_to"] = referred
    return lifecycle.Fact(
        kind=event.kind,
        date=event.date,
        outcome=event.outcome or "",
        toll_reason=event.toll_reason or "",
        working_days=event.working_days,
        details=details,
        sequence=sequence if sequence is not None else event.sequence,
        ref=event,
    )


def _lock(request: FoiaRequest) -> FoiaRequest:
    return FoiaRequest.objects.select_for_update().select_related("agency").get(pk=request.pk)


def _refuse(error: lifecycle.TransitionError) -> ValidationError:
    return ValidationError(str(error), code="transition")


def request_events_record(
    *,
    request: FoiaRequest,
    user,
    events: list[EventInput],
    communication: Communication | None = None,
) -> list[RequestEvent]:
    """Record several events (in the given order) atomically: all are saved, or none and a ValidationError says why."""
    require_edit(user, request)
    if not events:
        return []
    today = timezone.localdate()
    with transaction.atomic():
        locked = _lock(request)
        existing = list(locked.events.all())
        facts = [fact_of(e) for e in existing]
        sequence = max((e.sequence for e in existing), default=0)
        state = None
        for item in events:
            refusal = date_refusal(item.date, today=today)
            if refusal:
                reason, code = refusal
                label = EventKind(item.kind).label
                raise ValidationError(f"“{label}” is dated {item.date.isoformat()}, which is {reason}.", code=code)
            sequence += 1
            fact = fact_of(item, sequence=sequence)
            try:
                state = lifecycle.replay_with(facts, fact, expedited_requested=locked.expedited_requested, today=today)
            except lifecycle.TransitionError as error:
                raise _refuse(error) from None
            facts.append(fact)
        created = []
        saved: dict[int, RequestEvent] = {}  # id(EventInput) -> the event saved from it
        for fact in facts[len(existing) :]:
            item: EventInput = fact.ref
            event = RequestEvent(
                request=locked,
                kind=item.kind,
                date=item.date,
                sequence=fact.sequence,
                outcome=item.outcome,
                toll_reason=item.toll_reason,
                working_days=item.working_days,
                amount=item.amount,
                pages_released=item.pages_released,
                pages_withheld=item.pages_withheld,
                exemptions=item.exemptions,
                referred_to=item.referred_to,
                details=item.details,
                note=item.note,
                communication=communication,
                created_by=user,
            )
            event.save()
            created.append(event)
            saved[id(item)] = event
        _sync_appeals(request=locked, user=user, state=state, saved=saved)
        if any(e.kind == EventKind.EXPEDITED_GRANTED for e in created):
            locked.track = Track.EXPEDITED
        _write_back(request=locked, state=state, actor=user)
        _copy_derived(source=locked, target=request)
    return created


def request_event_record(*, request: FoiaRequest, user, event: EventInput, communication=None) -> RequestEvent:
    return request_events_record(request=request, user=user, events=[event], communication=communication)[0]


def request_event_delete(*, event: RequestEvent, user) -> None:
    """Remove a mistaken event, if the remaining timeline still makes sense; recompute status and deadlines."""
    request = event.request
    require_edit(user, request)
    with transaction.atomic():
        locked = _lock(request)
        remaining = [e for e in locked.events.all() if e.pk != event.pk]
        try:
            state = lifecycle.replay([fact_of(e) for e in remaining], expedited_requested=locked.expedited_requested)
        except lifecycle.TransitionError as error:
            raise ValidationError(
                f"Deleting “{event.get_kind_display()}” of {event.date.isoformat()} would leave an impossible "
                f"timeline: {error}",
                code="transition",
            ) from None
        if event.kind == EventKind.APPEAL_DECIDED:
            Appeal.objects.filter(decision_event=event).update(
                decision_event=None, decided_on=None, outcome="", version=F("version") + 1
            )
        event.delete()  # an "appeal filed" event takes its Appeal record with it (CASCADE)
        _write_back(request=locked, state=state, actor=user)
        _copy_derived(source=locked, target=request)


def request_refresh(*, request: FoiaRequest, user) -> lifecycle.ReplayState:
    """Replay the events again and rewrite the derived fields and deadlines (after the request itself changed,
    e.g. expedited processing requested or the assignee changed)."""
    require_edit(user, request)
    with transaction.atomic():
        locked = _lock(request)
        try:
            state = lifecycle.replay(
                [fact_of(e) for e in locked.events.all()], expedited_requested=locked.expedited_requested
            )
        except lifecycle.TransitionError as error:
            raise _refuse(error) from None
        _write_back(request=locked, state=state, actor=user)
        _copy_derived(source=locked, target=request)
    return state


DERIVED_FIELDS = ["status", "submitted_on", "received_on", "acknowledged_on", "closed_on", "track"]


def _write_back(*, request: FoiaRequest, state: lifecycle.ReplayState, actor) -> None:
    request.status = state.status
    request.submitted_on = state.submitted_on
    request.received_on = state.received_on
    request.acknowledged_on = state.acknowledged_on
    request.closed_on = state.closed_on
    request.save(update_fields=[*DERIVED_FIELDS, "updated_at"])
    request_deadlines_sync(actor=actor, request=request, state=state)


def _copy_derived(*, source: FoiaRequest, target: FoiaRequest) -> None:
    if source is not target:
        for name in [*DERIVED_FIELDS, "updated_at", "version"]:  # the version too: a later save of it must not fail
            setattr(target, name, getattr(source, name))


def _sync_appeals(*, request: FoiaRequest, user, state: lifecycle.ReplayState, saved: dict[int, RequestEvent]) -> None:
    """Keep one Appeal record per "appeal filed" event, linked to the determination it appeals, and put each decision
    on the appeal the lifecycle says it decides. `saved` maps the events just recorded from their inputs."""

    def event_of(fact: lifecycle.Fact | None) -> RequestEvent | None:
        if fact is None:
            return None
        return fact.ref if isinstance(fact.ref, RequestEvent) else saved.get(id(fact.ref))

    for appeal in state.appeals:
        filed = event_of(appeal.filed)
        if filed is not None and id(appeal.filed.ref) in saved:
            received = filed.details.get("received_on")
            last = Appeal.objects.filter(request=request).order_by("-number").values_list("number", flat=True).first()
            determination = appeal.determination
            if determination is None and appeal.of == EventKind.FINAL_RESPONSE and state.determinations:
                determination = state.determinations[-1].fact  # a full grant appealed after all
            Appeal.objects.create(
                request=request,
                number=(last or 0) + 1,
                filed_event=filed,
                determination_event=event_of(determination),
                filed_on=filed.date,
                received_on=date.fromisoformat(received) if received else None,
                created_by=user,
            )
        if appeal.decided is not None and id(appeal.decided.ref) in saved:
            decision = saved[id(appeal.decided.ref)]
            Appeal.objects.filter(request=request, filed_event=filed).update(
                decision_event=decision,
                decided_on=decision.date,
                outcome=AppealOutcome(decision.outcome),
                version=F("version") + 1,
            )
