"""Productions: created and edited by people who may edit the request they answer.

A production may count against a court-ordered production schedule (litigation.ProductionSchedule) of a case that
enforces its request; counting one (or changing its date or pages) needs an edit role on that case too, and re-syncs
the schedule's period deadlines with the counts (litigation.services_schedule.production_schedule_sync)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from coalition.access import can_edit, can_view
from core.versioning import version_check
from litigation.services_schedule import production_schedule_sync

from ..models import Document, Production

EDITABLE = (
    "date",
    "label",
    "cover_letter",
    "pages_processed",
    "pages_released_full",
    "pages_released_part",
    "pages_withheld",
    "exemptions_cited",
    "privileged",
    "schedule",
    "notes",
)


def require_edit(user, obj) -> None:
    """Every documents write needs an edit role in the owning organisation (viewers and partners only read)."""
    if not can_edit(user, obj):
        raise PermissionDenied("You can view this but not change it.")


def _check_cover_letter(production: Production) -> None:
    letter = production.cover_letter
    if letter is not None and letter.request_id != production.request_id:
        raise ValidationError({"cover_letter": "The cover letter must be a communication of the same request."})


def _check_schedule(production: Production, actor) -> None:
    schedule = production.schedule
    if schedule is None:
        return
    if not can_view(actor, schedule):
        raise ValidationError({"schedule": "Choose a production schedule of a case you can see."})
    if not schedule.case.requests.filter(pk=production.request_id).exists():
        raise ValidationError({"schedule": "Choose a schedule of a case that enforces this production's request."})
    if not can_edit(actor, schedule):
        raise ValidationError({"schedule": "You can view that case but not count productions against its schedule."})
    if production.pages_processed is None:
        raise ValidationError({"pages_processed": "Give the pages processed: the schedule counts them."})


def _schedule_counts(schedule) -> list[tuple]:
    """(date, pages processed) of every production counted against the schedule: the court's measure, whoever may
    see each production (the period deadlines are met or not for everyone who sees the case)."""
    return [
        (day, pages or 0)
        for day, pages in Production.objects.filter(schedule=schedule).values_list("date", "pages_processed")
    ]


def _sync_schedules(actor, *schedules) -> None:
    for schedule in {s.pk: s for s in schedules if s is not None}.values():
        production_schedule_sync(actor=actor, schedule=schedule, counted=_schedule_counts(schedule))


def production_create(*, request, actor, **fields) -> Production:
    """A production for `request`; `fields` among EDITABLE (counts validated: released and withheld <= processed)."""
    require_edit(actor, request)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"Unknown production fields: {', '.join(sorted(unknown))}.")
    production = Production(request=request, created_by=actor, **fields)
    _check_cover_letter(production)
    production.full_clean()
    _check_schedule(production, actor)
    production._history_user = actor
    with transaction.atomic():
        production.save()
        _sync_schedules(actor, production.schedule)
    return production


def production_update(*, production: Production, actor, version: int | None = None, **fields) -> Production:
    require_edit(actor, production)
    with transaction.atomic():
        locked = Production.objects.select_for_update().get(pk=production.pk)
        version_check(instance=locked, version=version, values=fields)
        was = locked.schedule
        for name, value in fields.items():
            if name not in EDITABLE:
                raise ValidationError(f"{name} cannot be changed.")
            setattr(locked, name, value)
        _check_cover_letter(locked)
        locked.full_clean()
        if was is not None and locked.schedule_id != was.pk and not can_edit(actor, was):
            raise ValidationError(
                {"schedule": "You cannot take this production off a schedule of a case you may not change."}
            )
        if locked.schedule_id is not None:
            _check_schedule(locked, actor)
        locked._history_user = actor
        locked.save()
        _sync_schedules(actor, was, locked.schedule)
    return locked


DOCUMENT_EDITABLE = ("title", "date", "description", "bates_start", "bates_end")


def document_update(*, document, actor, version: int | None = None, **fields):
    """A person's corrections of a document's metadata (title, date, description, Bates range); stale edits refused."""
    require_edit(actor, document)
    unknown = set(fields) - set(DOCUMENT_EDITABLE)
    if unknown:
        raise ValidationError(f"{', '.join(sorted(unknown))} cannot be changed.")
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        version_check(instance=locked, version=version, values=fields)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["production", "stored_file"])
        locked._history_user = actor
        locked.save()
    return locked
