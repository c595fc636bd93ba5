"""Production schedules and the Vaughn index.

Production schedules: created from the order that set them, each period's due date a court-ordered deadline of the
case (through the deadline engine, so it is on Upcoming and in reminders), ended when the court ends them.

The productions counted against a schedule are documents' (documents.services.productions calls
`production_schedule_sync` with their counts after each change): a period whose expected pages were processed by its
due date is met, one that fell short stays open (overdue). Deadlines exist for every period due in the next year
(the whole schedule when it is shorter); each sync extends that horizon.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.versioning import version_check
from deadlines.models import DeadlineForum, DeadlineStatus
from deadlines.services import deadline_close, deadline_reopen, deadline_set_manual
from foia.exemptions import EXEMPTION_ORDER

from . import production_math
from .models import Case
from .models_docket import ORDER_KINDS, DocketEntry
from .models_schedule import ProductionPeriod, ProductionSchedule, VaughnEntry
from .selectors_docket import VAUGHN_KEY
from .services_docket import _require_edit

HORIZON_DAYS = 365
MAX_PAGES = 10_000_000


def _today() -> dt.date:
    return timezone.localdate()


def _whole(value, *, low: int, high: int) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and low <= value <= high


def _check(schedule: ProductionSchedule) -> None:
    errors = {}
    if not _whole(schedule.pages_per_period, low=1, high=MAX_PAGES):
        errors["pages_per_period"] = "Give the pages the order requires each period (at least 1)."
    if schedule.period not in ProductionPeriod.values:
        errors["period"] = "Choose monthly or every N days."
    elif schedule.period == ProductionPeriod.DAYS:
        if not _whole(schedule.every_days, low=1, high=3660):
            errors["every_days"] = "Give the period in days (1 to 3660)."
    else:
        schedule.every_days = None
    if not isinstance(schedule.first_due, dt.date):
        errors["first_due"] = "Give the first production's due date."
    elif schedule.ends_on is not None and schedule.ends_on < schedule.first_due:
        errors["ends_on"] = (
            f"The schedule ends ({schedule.ends_on.isoformat()}) before the first production is due "
            f"({schedule.first_due.isoformat()})."
        )
    if schedule.total_pages is not None and not _whole(schedule.total_pages, low=1, high=MAX_PAGES):
        errors["total_pages"] = "Give the total pages expected (at least 1), or leave it empty."
    schedule.title = " ".join((schedule.title or "").split())[:120] or "Production"
    if schedule.order_id is not None:
        order = schedule.order
        if order.case_id != schedule.case_id or order.kind not in ORDER_KINDS:
            errors["order"] = "Choose an order on this case's docket."
        elif isinstance(schedule.first_due, dt.date) and schedule.first_due < order.filed_on:
            errors["first_due"] = (
                f"The first production is due ({schedule.first_due.isoformat()}) before the order was entered "
                f"({order.filed_on.isoformat()})."
            )
    if errors:
        raise ValidationError(errors)


def _deadline_count(schedule: ProductionSchedule, on: dt.date) -> int:
    terms = schedule.terms
    count = production_math.period_count(terms)
    horizon = max(production_math.periods_due(terms, on + dt.timedelta(days=HORIZON_DAYS)), 1)
    return horizon if count is None else min(horizon, count)


def _sync(*, actor, schedule: ProductionSchedule, counted: list[tuple[dt.date, int]]) -> None:
    terms, on = schedule.terms, _today()
    source = (
        f"Order, ECF No. {schedule.order.number} (entered {schedule.order.filed_on.isoformat()})"
        if (schedule.order_id)
        else "Court-ordered production schedule"
    )
    for n in range(1, _deadline_count(schedule, on) + 1):
        expected = production_math.expected_by_period(terms, n)
        due = production_math.due_date(terms, n)
        key = schedule.deadline_key(n)
        deadline = deadline_set_manual(
            actor=actor,
            subject=schedule.case,
            key=key,
            title=f"{schedule.title} no. {n}: {expected} pages processed in all"[:200],
            due_date=due,
            citation=source,
            note=str(schedule),
            forum=DeadlineForum.COURT,
        )
        met = sum(pages for day, pages in counted if day <= due) >= expected
        if met and deadline.status == DeadlineStatus.OPEN:
            deadline_close(actor=actor, subject=schedule.case, key=key, status=DeadlineStatus.MET)
        elif not met and deadline.status == DeadlineStatus.MET and not deadline.closed_manually:
            deadline_reopen(actor=actor, subject=schedule.case, key=key)


def production_schedule_create(
    *,
    actor,
    case: Case,
    pages_per_period: int,
    first_due: dt.date,
    period: str = ProductionPeriod.MONTHLY,
    every_days: int | None = None,
    ends_on: dt.date | None = None,
    total_pages: int | None = None,
    order: DocketEntry | None = None,
    title: str = "Production",
) -> ProductionSchedule:
    """An order's production schedule; its periods' deadlines are created now (none counted yet)."""
    _require_edit(actor, case)
    schedule = ProductionSchedule(
        case=case,
        title=title,
        order=order,
        pages_per_period=pages_per_period,
        period=period,
        every_days=every_days,
        first_due=first_due,
        ends_on=ends_on,
        total_pages=total_pages,
        created_by=actor,
    )
    _check(schedule)
    schedule._history_user = actor
    with transaction.atomic():
        schedule.save()
        _sync(actor=actor, schedule=schedule, counted=[])
    return schedule


def production_schedule_sync(*, actor, schedule: ProductionSchedule, counted: list[tuple[dt.date, int]]) -> None:
    """The productions counted against the schedule changed (documents calls this with their dates and pages
    processed): each period's deadline is met or open again; the horizon of deadlines moves on. An ended schedule
    keeps its deadlines as they are."""
    if schedule.active:
        _sync(actor=actor, schedule=schedule, counted=counted)


def production_schedule_end(*, actor, schedule: ProductionSchedule, version: int | None = None) -> ProductionSchedule:
    """The court ended the schedule: the periods not yet due are superseded."""
    _require_edit(actor, schedule)
    with transaction.atomic():
        locked = ProductionSchedule.objects.select_for_update(of=("self",)).select_related("case").get(pk=schedule.pk)
        version_check(instance=locked, version=version, values={"ended_on": _today()})
        if locked.ended_on is not None:
            return locked
        locked.ended_on = _today()
        locked._history_user = actor
        locked.save()
        terms = locked.terms
        for n in range(
            production_math.periods_due(terms, locked.ended_on) + 1, _deadline_count(locked, locked.ended_on) + 1
        ):
            deadline_close(
                actor=actor, subject=locked.case, key=locked.deadline_key(n), status=DeadlineStatus.SUPERSEDED
            )
    return locked


# --- the Vaughn index ---------------------------------------------------------------------------------------------

VAUGHN_EDITABLE = ("description", "bates", "pages", "exemptions", "justification", "challenge_status")


def vaughn_index_due(*, actor, case: Case, order: DocketEntry, due_date: dt.date):
    """The date an order set for the agency's Vaughn index: a court-ordered deadline of the case citing the order
    (setting it again moves it)."""
    _require_edit(actor, case)
    errors = {}
    if order is None or order.case_id != case.pk or order.kind not in ORDER_KINDS:
        errors["order"] = "Choose an order on this case's docket."
    if not isinstance(due_date, dt.date):
        errors["due_date"] = "Give the due date the order set."
    elif "order" not in errors and due_date < order.filed_on:
        errors["due_date"] = (
            f"The due date ({due_date.isoformat()}) is before the order was entered ({order.filed_on.isoformat()})."
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return deadline_set_manual(
            actor=actor,
            subject=case,
            key=VAUGHN_KEY,
            title="Defendants' Vaughn index",
            due_date=due_date,
            citation=f"Order, ECF No. {order.number} (entered {order.filed_on.isoformat()})",
            note=order.description,
            forum=DeadlineForum.COURT,
        )


def _vaughn_check(entry: VaughnEntry) -> None:
    errors = {}
    entry.description = " ".join((entry.description or "").split())
    entry.bates = " ".join((entry.bates or "").split())
    entry.justification = (entry.justification or "").strip()
    codes = entry.exemptions
    if isinstance(codes, list | tuple):
        entry.exemptions = sorted(set(codes), key=lambda c: EXEMPTION_ORDER.get(c, 99))
    if not entry.description:
        errors["description"] = "Describe the record as the index does."
    if not entry.exemptions:
        errors["exemptions"] = "Choose at least one exemption the agency claims."
    if entry.pages is not None and not _whole(entry.pages, low=0, high=MAX_PAGES):
        errors["pages"] = "Give the pages as a whole number, or leave it empty."
    if not _whole(entry.number, low=1, high=999_999):
        errors["number"] = "Give the entry's number in the index (1 or more)."
    elif VaughnEntry.objects.filter(case_id=entry.case_id, number=entry.number).exclude(pk=entry.pk).exists():
        errors["number"] = f"Entry no. {entry.number} is already in this case's Vaughn index."
    if errors:
        raise ValidationError(errors)
    entry.full_clean(exclude=["case", "created_by"], validate_unique=False, validate_constraints=False)


def vaughn_entry_add(*, actor, case: Case, number: int, **fields) -> VaughnEntry:
    _require_edit(actor, case)
    unknown = set(fields) - set(VAUGHN_EDITABLE)
    if unknown:
        raise ValidationError(f"Unknown Vaughn entry fields: {', '.join(sorted(unknown))}.")
    entry = VaughnEntry(case=case, number=number, created_by=actor, **fields)
    _vaughn_check(entry)
    entry._history_user = actor
    with transaction.atomic():
        entry.save()
    return entry


def vaughn_entry_update(*, actor, entry: VaughnEntry, version: int | None = None, **fields) -> VaughnEntry:
    _require_edit(actor, entry)
    unknown = set(fields) - set(VAUGHN_EDITABLE)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Set when the entry is added."))
    with transaction.atomic():
        locked = VaughnEntry.objects.select_for_update(of=("self",)).get(pk=entry.pk)
        version_check(instance=locked, version=version, values=fields)
        for name, value in fields.items():
            setattr(locked, name, value)
        _vaughn_check(locked)
        locked._history_user = actor
        locked.save()
    return locked
