"""Litigation writes: cases, their parties and counsel, service on the United States and its answer deadline.

Every function takes the acting person (`actor`, keyword-only) and checks it here: an edit role in the case's
organisation (coalition.access). Refusals are `ValidationError`s naming the field; nothing is half-saved (each
function is one transaction). The answer deadline is derived only through `deadlines.services.deadline_sync`
(litigation owns its subject, the case, so it is the deadline's only automatic writer).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from coalition.access import can_create_in, can_edit, can_view
from coalition.models import Organization
from core.versioning import version_check
from deadlines.services import deadline_close, deadline_sync, deadlines_sync_sharing
from directory.models import Agency
from foia import services as foia_services
from foia.choices import EventKind
from foia.models import FoiaRequest
from foia.validators import FOIA_EFFECTIVE_ON

from .dockets import docket_validate
from .models import Case, Claim, Counsel, Party, PartySide

ANSWER_KEY = "answer"
ANSWER_RULES = {Claim.FOIA: "foia-complaint-answer", Claim.OTHER: "us-answer"}


def _require_edit(actor, case: Case) -> None:
    if not can_edit(actor, case):
        raise PermissionDenied("You can view this case but not change it.")


def _check(case: Case) -> None:
    """Field rules beyond the model's: the docket number in its court's format, dates not in the future, service not
    before the complaint was filed."""
    errors: dict[str, str] = {}
    try:
        case.docket_number = docket_validate(number=case.docket_number, court_slug=getattr(case.court, "slug", None))
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    today = timezone.localdate()
    for name in ("filed_on", *Case.SERVICE_FIELDS):
        value = getattr(case, name)
        if value is None:
            continue
        label = Case._meta.get_field(name).verbose_name
        if value > today:
            errors[name] = f"{str(label).capitalize()} cannot be in the future."
        elif value < FOIA_EFFECTIVE_ON:  # also keeps the deadline engine's trigger in its range
            errors[name] = (
                f"{str(label).capitalize()} ({value.isoformat()}) is before FOIA took effect "
                f"({FOIA_EFFECTIVE_ON.isoformat()})."
            )
        elif name != "filed_on" and case.filed_on and value < case.filed_on:
            errors[name] = (
                f"{str(label).capitalize()} ({value.isoformat()}) is before the complaint was filed "
                f"({case.filed_on.isoformat()})."
            )
    if errors:
        raise ValidationError(errors)
    try:
        case.full_clean(exclude=["created_by", "requests"])
    except ValidationError as exc:
        if "__all__" in exc.message_dict:  # the unique docket constraint
            raise ValidationError(
                {"docket_number": "Your organisation already has a case with this docket number."}
            ) from None
        raise


def _answer_sync(*, actor, case: Case) -> None:
    """Derive (or recompute) the answer deadline from service on the U.S. Attorney; with no such date, an existing
    one is superseded (a person who marked it keeps their status: deadlines' single-writer rule)."""
    if case.served_us_attorney_on is None:
        deadline_close(actor=actor, subject=case, key=ANSWER_KEY, status="superseded")
        return
    deadline_sync(
        actor=actor,
        subject=case,
        key=ANSWER_KEY,
        title="Government's answer to the complaint",
        rule=ANSWER_RULES[case.claim],
        trigger=case.served_us_attorney_on,
        court=case.court,
    )


def case_create(*, actor, organization: Organization, **fields) -> Case:
    """A new case in `organization` (the actor's organisation, with an edit role). `fields`: Case.EDITABLE_FIELDS
    and the service dates."""
    if not can_create_in(actor, organization):
        raise PermissionDenied("You cannot create cases in this organisation.")
    unknown = set(fields) - set(Case.EDITABLE_FIELDS) - set(Case.SERVICE_FIELDS)
    if unknown:
        raise TypeError(f"case_create got unexpected fields {sorted(unknown)}")
    with transaction.atomic():
        case = Case(organization=organization, created_by=actor, **fields)
        _check(case)
        case.save()
        if case.served_us_attorney_on:
            _answer_sync(actor=actor, case=case)
    return case


def case_update(*, actor, case: Case, version: int | None = None, **fields) -> Case:
    """Edit a case (Case.EDITABLE_FIELDS and the service dates). `version`: the one the person read; a case saved by
    someone else since is refused (core.versioning.StaleVersion) and nothing is written."""
    _require_edit(actor, case)
    unknown = set(fields) - set(Case.EDITABLE_FIELDS) - set(Case.SERVICE_FIELDS)
    if unknown:
        raise TypeError(f"case_update got unexpected fields {sorted(unknown)}")
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        version_check(instance=locked, version=version, values=fields)
        before = {
            name: getattr(locked, name) for name in ("court", "claim", "served_us_attorney_on", "sharing", "privileged")
        }
        filed_before = locked.filed_on
        for name, value in fields.items():
            setattr(locked, name, value)
        _check(locked)
        locked.save()
        after = {name: getattr(locked, name) for name in before}
        if before != after:
            if (before["sharing"], before["privileged"]) != (after["sharing"], after["privileged"]):
                deadlines_sync_sharing(actor=actor, subject=locked)
            _answer_sync(actor=actor, case=locked)
        if locked.filed_on and not filed_before:  # the complaint is filed: the linked requests are now in litigation
            for request in locked.requests.all():
                _litigation_record(actor=actor, case=locked, request=request)
    for name in (*fields, "version", "updated_at", "docket_number"):
        setattr(case, name, getattr(locked, name))
    return case


def case_discard(*, actor, case: Case) -> None:
    """Remove a case entered by mistake with what hangs on it (its links to requests, its deadlines): undoing the
    spreadsheet import that created it (`imports.services` checks first that nobody changed it since). The requests'
    "In litigation" events are theirs, removed through foia's services by the caller."""
    _require_edit(actor, case)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        try:
            locked.delete()
        except ProtectedError:
            raise ValidationError(
                f"“{case.caption}” has records filed under it: it is kept.", code="protected"
            ) from None


def case_service_record(
    *,
    actor,
    case: Case,
    served_us_attorney_on: dt.date | None,
    served_attorney_general_on: dt.date | None,
    served_agency_on: dt.date | None,
    version: int | None = None,
) -> Case:
    """Record service on the United States (FRCP 4(i)): the three dates, and the answer deadline they trigger."""
    return case_update(
        actor=actor,
        case=case,
        version=version,
        served_us_attorney_on=served_us_attorney_on,
        served_attorney_general_on=served_attorney_general_on,
        served_agency_on=served_agency_on,
    )


def party_add(*, actor, case: Case, side: str, name: str = "", agency: Agency | None = None) -> Party:
    _require_edit(actor, case)
    name = (name or "").strip()
    if side not in PartySide.values:
        raise ValidationError({"side": f"Choose plaintiff or defendant, not {side!r}."})
    if not name and agency is None:
        raise ValidationError({"name": "Name the party, or choose the defendant agency."})
    party = Party(case=case, side=side, name=name, agency=agency)
    party.full_clean()
    party.save()
    return party


def party_remove(*, actor, party: Party) -> None:
    _require_edit(actor, party.case)
    party.delete()


def counsel_add(*, actor, case: Case, name: str, role: str, firm: str = "", email: str = "") -> Counsel:
    _require_edit(actor, case)
    counsel = Counsel(case=case, name=(name or "").strip(), role=role, firm=(firm or "").strip(), email=email)
    counsel.full_clean()
    counsel.save()
    return counsel


def counsel_remove(*, actor, counsel: Counsel) -> None:
    _require_edit(actor, counsel.case)
    counsel.delete()


# --- The requests a case enforces ------------------------------------------------------------------------------------


def _litigation_record(*, actor, case: Case, request: FoiaRequest) -> None:
    """Record the request's "In litigation" event (foia's lifecycle closes its pending deadlines as "litigation"),
    dated the day the complaint was filed. Once per request: a request already in litigation (another case, or an
    event a person recorded) keeps its event. A pre-filing case records nothing yet (case_update does, when the
    filing date is entered). Only an editor of the request's organisation writes its events: a partner's case
    enforcing a shared request links it, and the owning organisation records the event."""
    if case.filed_on is None or not can_edit(actor, request):
        return
    if request.events.filter(kind=EventKind.LITIGATION).exists():
        return
    try:
        foia_services.request_event_record(
            request=request, user=actor, event=foia_services.EventInput(EventKind.LITIGATION, case.filed_on)
        )
    except ValidationError as exc:
        raise ValidationError({"request": f"“{request.subject}”: {' '.join(exc.messages)}"}) from None


def case_request_link(*, actor, case: Case, request: FoiaRequest) -> bool:
    """Link a FOIA request to the case enforcing it (both visible to the actor, the case editable) and record the
    request's "In litigation" event. Idempotent: linking again changes nothing (False). One transaction: if the
    event is refused (e.g. a draft never submitted), nothing is linked."""
    _require_edit(actor, case)
    if not can_view(actor, request):
        raise ValidationError({"request": "Choose a request you can see."}, code="invisible")
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.requests.filter(pk=request.pk).exists():
            return False
        locked.requests.add(request)
        _litigation_record(actor=actor, case=locked, request=request)
    return True


def case_request_unlink(*, actor, case: Case, request: FoiaRequest) -> bool:
    """Remove the link (False if there was none). The request's "In litigation" event stays: it records that a
    suit was filed; delete it on the request's page if the link was a mistake."""
    _require_edit(actor, case)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if not locked.requests.filter(pk=request.pk).exists():
            return False
        locked.requests.remove(request)
    return True
