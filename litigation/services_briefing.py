"""Court-ordered case management: Open America stays and cross-motions for summary judgment briefing.

Both come from an order on the docket and write their dates through the deadline engine's court-ordered path
(`services_docket.ordered_deadline_write`: manual court deadlines of the case citing the order). Refusals are
`ValidationError`s naming the field; each function is one transaction, so nothing is half-saved.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.versioning import version_check
from deadlines.models import Deadline, DeadlineStatus
from deadlines.services import deadline_set_status

from . import services
from .models import Case, CaseStatus
from .models_docket import DocketEntry
from .models_stay import OPEN_AMERICA, Stay
from .services_docket import _order_errors, _require_edit, ordered_deadline_write


def _today() -> dt.date:
    return timezone.localdate()


def _set_status(*, actor, case: Case, status: str) -> None:
    if case.status != status:
        services.case_update(actor=actor, case=case, status=status)


# --- Open America stays -------------------------------------------------------------------------------------------


def stay_grant(
    *,
    actor,
    case: Case,
    order: DocketEntry,
    granted_on: dt.date | None = None,
    until: dt.date | None = None,
    basis: str = "",
) -> Stay:
    """Record a stay the court granted (by default under Open America / § 552(a)(6)(C)(i)): the case becomes
    "stayed"; with an end date, the status report or motion to lift due then is a court-ordered deadline."""
    _require_edit(actor, case)
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).select_related("court").get(pk=case.pk)
        errors = _order_errors(case, order)
        if granted_on is None and not errors:
            granted_on = order.filed_on
        if not isinstance(granted_on, dt.date):
            errors["granted_on"] = "Give the date the stay was granted."
        elif granted_on > _today():
            errors["granted_on"] = "Granted on cannot be in the future."
        elif "order" not in errors and granted_on < order.filed_on:
            errors["granted_on"] = (
                f"Granted on ({granted_on.isoformat()}) is before the order was entered ({order.filed_on.isoformat()})."
            )
        if until is not None and not isinstance(until, dt.date):
            errors["until"] = "Give the date the stay ends, or leave it empty for an open-ended stay."
        elif until is not None and isinstance(granted_on, dt.date) and until < granted_on:
            errors["until"] = f"The stay ends ({until.isoformat()}) before it starts ({granted_on.isoformat()})."
        basis = " ".join((basis or "").split()) or OPEN_AMERICA
        if len(basis) > 300:
            errors["basis"] = "Keep the basis to 300 characters."
        current = case.stays.filter(lifted_on__isnull=True).first()
        if current is not None:
            errors["order"] = f"The case is already stayed ({current}): lift that stay first."
        if errors:
            raise ValidationError(errors)
        stay = Stay(
            case=case,
            order=order,
            granted_on=granted_on,
            until=until,
            basis=basis,
            status_before=case.status,
            created_by=actor,
        )
        stay._history_user = actor
        stay.save()
        _set_status(actor=actor, case=case, status=CaseStatus.STAYED)
        if until is not None:
            ordered_deadline_write(
                actor=actor,
                case=case,
                order=order,
                key=stay.end_key,
                title="Status report or motion to lift at the end of the stay",
                due_date=until,
                note=f"Stay granted {granted_on.isoformat()} until {until.isoformat()} ({order.order_citation})",
            )
    return stay


def stay_lift(*, actor, stay: Stay, lifted_on: dt.date | None = None, version: int | None = None) -> Stay:
    """The court lifted the stay (or it ran out and the case resumed): the case goes back to the status it had, and
    the deadline at the stay's end is superseded when the stay ended before it."""
    _require_edit(actor, stay)
    lifted_on = _today() if lifted_on is None else lifted_on
    with transaction.atomic():
        locked = Stay.objects.select_for_update(of=("self",)).select_related("case").get(pk=stay.pk)
        version_check(instance=locked, version=version, values={"lifted_on": lifted_on})
        if locked.lifted_on is not None:
            return locked
        if not isinstance(lifted_on, dt.date):
            raise ValidationError({"lifted_on": "Give the date the stay was lifted."})
        if lifted_on > _today():
            raise ValidationError({"lifted_on": "Lifted on cannot be in the future."})
        if lifted_on < locked.granted_on:
            raise ValidationError(
                {"lifted_on": f"Lifted on ({lifted_on.isoformat()}) is before the stay was granted "
                 f"({locked.granted_on.isoformat()})."}
            )  # fmt: skip
        locked.lifted_on = lifted_on
        locked._history_user = actor
        locked.save()
        end = locked.case.deadlines.filter(key=locked.end_key, status=DeadlineStatus.OPEN).first()
        if end is not None and locked.until is not None and lifted_on < locked.until:
            deadline_set_status(
                actor=actor,
                deadline=end,
                status=DeadlineStatus.SUPERSEDED,
                reason=f"The stay was lifted on {lifted_on.isoformat()}",
            )
        case = locked.case
        if case.status == CaseStatus.STAYED and not case.stays.filter(lifted_on__isnull=True).exists():
            _set_status(actor=actor, case=case, status=locked.status_before or CaseStatus.FILED)
    return locked


# --- cross-motions for summary judgment -----------------------------------------------------------------------------

# The briefs of a cross-motions schedule, in the order they fall due: (field, key slug, deadline title).
BRIEFS = (
    ("defendant_motion", "defendant-motion", "Defendant's motion for summary judgment"),
    (
        "plaintiff_cross_motion",
        "plaintiff-cross-motion",
        "Plaintiff's cross-motion for summary judgment and opposition",
    ),
    ("defendant_reply", "defendant-reply", "Defendant's opposition to the cross-motion and reply"),
    ("plaintiff_reply", "plaintiff-reply", "Plaintiff's reply in support of the cross-motion"),
)
BRIEF_FIELDS = tuple(name for name, _, _ in BRIEFS)
BRIEF_LABELS = {name: title for name, _, title in BRIEFS}


def cross_motion_briefing_set(*, actor, case: Case, order: DocketEntry, **dates: dt.date) -> list[Deadline]:
    """The dates a scheduling order set for cross-motions for summary judgment (BRIEFS): each a court-ordered
    deadline citing the order (entering them again from the same order moves them). Each must fall after the one
    before it (the first on or after the order's date). A motion that meets one of them is briefed on these dates,
    not its court's local rule (services_docket.BRIEFING_MARK). A filed or answered case is now in briefing."""
    _require_edit(actor, case)
    unknown = set(dates) - set(BRIEF_FIELDS)
    if unknown:
        raise TypeError(f"cross_motion_briefing_set got unexpected fields {sorted(unknown)}")
    errors = _order_errors(case, order)
    previous = (order.filed_on, "the order was entered") if not errors else None
    for name in BRIEF_FIELDS:
        day = dates.get(name)
        if not isinstance(day, dt.date):
            errors[name] = (
                f"Give the date the order set for the {BRIEF_LABELS[name][0].lower()}{BRIEF_LABELS[name][1:]}."
            )
            previous = None
            continue
        if previous is not None and (day < previous[0] or (day == previous[0] and name != BRIEF_FIELDS[0])):
            errors[name] = (
                f"{BRIEF_LABELS[name]} ({day.isoformat()}) must be due after {previous[1]} ({previous[0].isoformat()})."
            )
        previous = (day, f"the {BRIEF_LABELS[name][0].lower()}{BRIEF_LABELS[name][1:]}")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        deadlines = [
            ordered_deadline_write(
                actor=actor,
                case=case,
                order=order,
                key=order.briefing_key(slug),
                title=title,
                due_date=dates[name],
                note=f"Cross-motions for summary judgment: {order.description}",
            )
            for name, slug, title in BRIEFS
        ]
        if case.status in (CaseStatus.FILED, CaseStatus.ANSWERED):
            _set_status(actor=actor, case=case, status=CaseStatus.BRIEFING)
    return deadlines
