"""Docket writes: entries and what they trigger, court-ordered deadlines, marking a court deadline filed, status-report
schedules, and case notes.

Every function takes the acting person (`actor`, keyword-only) and checks it here (an edit role in the case's
organisation, coalition.access); refusals are `ValidationError`s naming the field, and each function is one
transaction (a stored document is removed again if it rolls back), so nothing is half-saved.

Deadlines come only from the deadline engine (`deadlines.services`), with the case as their subject and its court as
forum; each deadline an entry triggers has a key starting with `entry.key_prefix`:
- a motion: its court's opposition and reply (`MOTION_RULES`). A reply that runs from SERVICE of the opposition
  (D.D.C., S.D.N.Y.) is computed from the opposition's due date until an opposition answering the motion is docketed,
  then from that opposition's filing; N.D. Cal.'s reply runs from the opposition's due date (Civil L.R. 7-3(c)).
- a judgment: the fee motion (FRCP 54(d)(2)(B)) and the notice of appeal (FRAP 4(a)(1)(B): the United States, its
  agency, is a party to every FOIA case).
- an order (or minute order): the deadlines a person enters from it (`court_deadline_order`), manual deadlines
  citing the order.
A person's close is kept (deadlines' single-writer rule): re-syncing an entry never reopens a deadline marked filed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from coalition.access import can_edit
from coalition.models import Membership
from core.versioning import version_check
from deadlines.models import Deadline, DeadlineForum, DeadlineKind, DeadlineStatus
from deadlines.rules import ORDER_DAYS_MAX, RuleError
from deadlines.services import deadline_close, deadline_set_manual, deadline_set_status, deadline_sync
from foia.services.communications import attachment_validate

from .models import Case
from .models_docket import ORDER_KINDS, CaseNote, DocketEntry, EntryKind, ServiceMethod, StatusReportSchedule
from .selectors_docket import may_write_privileged

OPPOSITION, REPLY = "opposition", "reply"
# In the key of each deadline a summary-judgment briefing order set (DocketEntry.briefing_key): a motion that meets one
# is briefed on the order's dates, so it derives no local-rule opposition and reply.
BRIEFING_MARK = "-msj-"


@dataclass(frozen=True)
class MotionRule:
    slug: str
    runs_from: str  # "motion" (filed or served), "opposition-due" or "opposition-served"


# Each court's briefing rules for a motion (deadlines.rules has their citations). N.D. Ill. has none: its judges set
# briefing schedules by order (enter them from the order); D. Mass. replies need leave (LR 7.1(b)(3)).
MOTION_RULES: dict[str, dict[str, MotionRule]] = {
    "dcd": {OPPOSITION: MotionRule("ddc-opposition", "motion"), REPLY: MotionRule("ddc-reply", "opposition-served")},
    "cand": {
        OPPOSITION: MotionRule("ndcal-opposition", "motion"),
        REPLY: MotionRule("ndcal-reply", "opposition-due"),
    },
    "nysd": {
        OPPOSITION: MotionRule("sdny-opposition", "motion"),
        REPLY: MotionRule("sdny-reply", "opposition-served"),
    },
    "mad": {OPPOSITION: MotionRule("dmass-opposition", "motion")},
    "wawd": {OPPOSITION: MotionRule("wdwa-opposition", "motion"), REPLY: MotionRule("wdwa-reply", "motion")},
    "ilnd": {},
}
JUDGMENT_RULES = {"fee-motion": "Motion for attorney fees", "notice-of-appeal-us": "Notice of appeal"}


def _require_edit(actor, obj) -> None:
    if not can_edit(actor, obj):
        raise PermissionDenied("You can view this case but not change it.")


def _today() -> dt.date:
    return timezone.localdate()


# --- what an entry triggers ---------------------------------------------------------------------------------------


def _entry_deadlines(entry: DocketEntry) -> dict[str, Deadline]:
    return {
        d.key: d
        for d in Deadline.objects.filter(
            subject_type__app_label="litigation",
            subject_type__model="case",
            subject_id=entry.case_id,
            key__startswith=entry.key_prefix,
        )
    }


def _motion_sync(*, actor, entry: DocketEntry) -> set[str]:
    case = entry.case
    rules = MOTION_RULES.get(getattr(case.court, "slug", None), {})
    keys: set[str] = set()
    if not rules or any(BRIEFING_MARK in d.key for d in entry.satisfies.all()):
        return keys  # no local rule, or a briefing order set this motion's schedule (services_briefing)
    what = f"ECF No. {entry.number}" + (f" ({entry.filer})" if entry.filer else "")
    opposition = None
    if OPPOSITION in rules:
        key = f"{entry.key_prefix}{OPPOSITION}"
        opposition = deadline_sync(
            actor=actor,
            subject=case,
            key=key,
            title=f"Opposition to the motion, {what}"[:200],
            rule=rules[OPPOSITION].slug,
            trigger=entry.filed_on,
            service=entry.service,
            court=case.court,
        )
        keys.add(key)
    if REPLY in rules:
        rule = rules[REPLY]
        service, title = entry.service, f"Reply in support of the motion, {what}"
        if rule.runs_from == "motion":
            trigger = entry.filed_on
        else:
            trigger = opposition.due_date
            filed = entry.responses.filter(kind=EntryKind.OPPOSITION).order_by("filed_on", "number").first()
            if rule.runs_from == "opposition-served":
                if filed is not None:
                    trigger, service = filed.filed_on, filed.service
                    title += f" (opposition ECF No. {filed.number})"
                else:
                    service = ServiceMethod.ELECTRONIC
                    title += " (from the opposition's due date until it is docketed)"
        key = f"{entry.key_prefix}{REPLY}"
        deadline_sync(
            actor=actor,
            subject=case,
            key=key,
            title=title[:200],
            rule=rule.slug,
            trigger=trigger,
            service=service,
            court=case.court,
        )
        keys.add(key)
    return keys


def _judgment_sync(*, actor, entry: DocketEntry) -> set[str]:
    keys = set()
    for slug, title in JUDGMENT_RULES.items():
        key = f"{entry.key_prefix}{slug}"
        deadline_sync(
            actor=actor,
            subject=entry.case,
            key=key,
            title=f"{title} (judgment ECF No. {entry.number})",
            rule=slug,
            trigger=entry.filed_on,
            court=entry.case.court,
        )
        keys.add(key)
    return keys


def _entry_sync(*, actor, entry: DocketEntry) -> None:
    """Derive (or recompute) what the entry triggers; a derived deadline it no longer triggers is superseded (a
    person's close is kept). Court-ordered deadlines entered from an order stay as entered."""
    wanted: set[str] = set()
    try:
        if entry.kind == EntryKind.MOTION:
            wanted = _motion_sync(actor=actor, entry=entry)
        elif entry.kind == EntryKind.JUDGMENT:
            wanted = _judgment_sync(actor=actor, entry=entry)
    except RuleError as exc:
        raise ValidationError({"filed_on": str(exc)}) from None
    for key, deadline in _entry_deadlines(entry).items():
        if key not in wanted and deadline.kind == DeadlineKind.DERIVED and deadline.status == DeadlineStatus.OPEN:
            deadline_close(actor=actor, subject=entry.case, key=key, status=DeadlineStatus.SUPERSEDED)


# --- docket entries -----------------------------------------------------------------------------------------------


def _check_entry(entry: DocketEntry, *, creating: bool) -> None:
    errors: dict[str, str] = {}
    if entry.number is None or isinstance(entry.number, bool) or not isinstance(entry.number, int) or entry.number < 1:
        errors["number"] = "Give the docket (ECF) number: a whole number from 1."
    elif DocketEntry.objects.filter(case_id=entry.case_id, number=entry.number).exclude(pk=entry.pk).exists():
        errors["number"] = f"ECF No. {entry.number} is already on this case's docket; each number is used once."
    if not isinstance(entry.filed_on, dt.date):
        errors["filed_on"] = "Give the date the entry was filed."
    elif entry.filed_on > _today():
        errors["filed_on"] = "Filed on cannot be in the future."
    elif entry.case.filed_on and entry.filed_on < entry.case.filed_on:
        errors["filed_on"] = (
            f"Filed on ({entry.filed_on.isoformat()}) is before the complaint was filed "
            f"({entry.case.filed_on.isoformat()})."
        )
    if entry.kind not in EntryKind.values:
        errors["kind"] = f"Choose what was filed, not {entry.kind!r}."
    entry.description = " ".join((entry.description or "").split())
    if not entry.description:
        errors["description"] = "Give the docket text (e.g. 'MOTION to Dismiss')."
    if entry.service not in ServiceMethod.values:
        errors["service"] = "Choose electronic or mail service."
    if entry.responds_to_id is not None:
        if entry.responds_to.case_id != entry.case_id or entry.responds_to_id == entry.pk:
            errors["responds_to"] = "Choose a motion on this case's docket."
        elif entry.responds_to.kind != EntryKind.MOTION:
            errors["responds_to"] = f"ECF No. {entry.responds_to.number} is not a motion."
    if entry.schedule_id is not None:
        if entry.schedule.case_id != entry.case_id:
            errors["schedule"] = "Choose a schedule of this case."
        elif entry.kind != EntryKind.JSR:
            errors["schedule"] = "Only a joint status report is filed under a schedule."
        elif creating and not entry.schedule.active:
            errors["schedule"] = "That schedule was cancelled."
    if errors:
        raise ValidationError(errors)
    entry.full_clean(exclude=["case", "responds_to", "schedule", "document", "created_by"], validate_unique=False)


class _StoredFiles:
    """Files written inside the transaction are deleted if it rolls back (Django has no on_rollback hook)."""

    def __init__(self):
        self.names: list[tuple[object, str]] = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            for storage, name in self.names:
                storage.delete(name)
        return False


def _attach(entry: DocketEntry, upload: UploadedFile | None, files: _StoredFiles) -> None:
    if upload is None:
        return
    try:
        checked = attachment_validate(upload)
    except ValidationError as exc:
        raise ValidationError({"document": exc.messages[0]}) from None
    entry.document.save(checked.filename, checked.upload, save=False)
    files.names.append((entry.document.storage, entry.document.name))
    entry.filename, entry.content_type, entry.size = checked.filename, checked.content_type, checked.size


def _check_satisfies(case: Case, deadlines: Iterable[Deadline]) -> list[Deadline]:
    chosen = list(deadlines)
    ids = [d.pk for d in chosen]
    found = {
        d.pk: d
        for d in Deadline.objects.select_for_update().filter(
            pk__in=ids, subject_type__app_label="litigation", subject_type__model="case", subject_id=case.pk
        )
    }
    if len(found) != len(set(ids)):
        raise ValidationError({"satisfies": "Choose deadlines of this case."})
    not_court = [d for d in found.values() if d.forum != DeadlineForum.COURT]
    if not_court:
        raise ValidationError({"satisfies": f"'{not_court[0].title}' is not a court deadline."})
    return list(found.values())


def _mark_filed(*, actor, entry: DocketEntry, deadlines: list[Deadline]) -> None:
    reason = f"Filed: ECF No. {entry.number} ({entry.filed_on.isoformat()}), {entry.description}"[:500]
    for deadline in deadlines:
        if deadline.status != DeadlineStatus.FILED or not deadline.closed_manually:
            deadline_set_status(actor=actor, deadline=deadline, status=DeadlineStatus.FILED, reason=reason)
        entry.satisfies.add(deadline)


def docket_entry_add(
    *,
    actor,
    case: Case,
    number: int,
    filed_on: dt.date,
    kind: str,
    description: str,
    filer: str = "",
    service: str = ServiceMethod.ELECTRONIC,
    responds_to: DocketEntry | None = None,
    schedule: StatusReportSchedule | None = None,
    document: UploadedFile | None = None,
    satisfies: Iterable[Deadline] = (),
) -> DocketEntry:
    """Docket one entry and derive what it triggers. `satisfies`: court deadlines of the case this filing met (each
    marked filed by `actor`, kept as they set it). A JSR filed under `schedule` meets its current report and creates
    the next one; an opposition answering a motion (`responds_to`) recomputes a reply that runs from its service."""
    _require_edit(actor, case)
    with _StoredFiles() as files, transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).select_related("court").get(pk=case.pk)
        entry = DocketEntry(
            case=case,
            number=number,
            filed_on=filed_on,
            kind=kind,
            description=description,
            filer=" ".join((filer or "").split()),
            service=service,
            responds_to=responds_to,
            schedule=schedule,
            created_by=actor,
        )
        _check_entry(entry, creating=True)
        chosen = _check_satisfies(case, satisfies)
        _attach(entry, document, files)
        entry.save()
        entry.satisfies.add(*chosen)  # before the sync: a motion meeting a briefing order's date derives nothing
        _entry_sync(actor=actor, entry=entry)
        if entry.responds_to_id is not None:
            _entry_sync(actor=actor, entry=entry.responds_to)
        if entry.schedule_id is not None:
            current = _schedule_report_filed(actor=actor, schedule=entry.schedule)
            if current is not None:
                chosen.append(current)
        _mark_filed(actor=actor, entry=entry, deadlines=chosen)
    return entry


ENTRY_EDITABLE = ("filed_on", "kind", "description", "filer", "service", "responds_to")


def docket_entry_update(*, actor, entry: DocketEntry, version: int | None = None, **fields) -> DocketEntry:
    """Correct an entry (ENTRY_EDITABLE fields; its number stays); what it triggers is recomputed."""
    _require_edit(actor, entry)
    unknown = set(fields) - set(ENTRY_EDITABLE)
    if unknown:
        raise TypeError(f"docket_entry_update got unexpected fields {sorted(unknown)}")
    with transaction.atomic():
        locked = DocketEntry.objects.select_for_update(of=("self",)).select_related("case__court").get(pk=entry.pk)
        version_check(instance=locked, version=version, values=fields)
        before_motion = locked.responds_to
        for name, value in fields.items():
            setattr(locked, name, value)
        if "filer" in fields:
            locked.filer = " ".join((locked.filer or "").split())
        _check_entry(locked, creating=False)
        locked.save()
        _entry_sync(actor=actor, entry=locked)
        for motion in {m for m in (before_motion, locked.responds_to) if m is not None}:
            _entry_sync(actor=actor, entry=motion)
    return locked


def docket_entry_remove(*, actor, entry: DocketEntry) -> None:
    """Take an entry off the docket (entered by mistake): the open deadlines it triggered or that were ordered from
    it are superseded (a person's close is kept), a motion it answered is recomputed."""
    _require_edit(actor, entry)
    with transaction.atomic():
        locked = DocketEntry.objects.select_for_update(of=("self",)).select_related("case__court").get(pk=entry.pk)
        for key, deadline in _entry_deadlines(locked).items():
            if deadline.status == DeadlineStatus.OPEN:
                if deadline.kind == DeadlineKind.DERIVED:
                    deadline_close(actor=actor, subject=locked.case, key=key, status=DeadlineStatus.SUPERSEDED)
                else:
                    deadline_set_status(
                        actor=actor,
                        deadline=deadline,
                        status=DeadlineStatus.SUPERSEDED,
                        reason=f"ECF No. {locked.number} was removed from the docket",
                    )
        motion = locked.responds_to
        name, storage = locked.document.name, locked.document.storage
        locked.delete()
        if motion is not None:
            _entry_sync(actor=actor, entry=motion)
        if name:
            transaction.on_commit(lambda: storage.delete(name))


# --- court-ordered deadlines and marking one filed ---------------------------------------------------------------


def _order_errors(case: Case, order: DocketEntry | None) -> dict[str, str]:
    """Refusals of the order a court-ordered date comes from: it must be an order on this case's docket."""
    if order is None or order.case_id != case.pk:
        return {"order": "Choose an order on this case's docket."}
    if order.kind not in ORDER_KINDS:
        return {"order": f"ECF No. {order.number} is not an order or minute order."}
    return {}


def ordered_deadline_write(
    *, actor, case: Case, order: DocketEntry, key: str, title: str, due_date: dt.date, note: str = ""
) -> Deadline:
    """The court-ordered path of the deadline engine: a manual court deadline of the case citing `order` (its key,
    under `order.key_prefix`, puts it beside the order on the docket; setting the same key again moves it)."""
    return deadline_set_manual(
        actor=actor,
        subject=case,
        key=key,
        title=title,
        due_date=due_date,
        citation=order.order_citation,
        note=" ".join((note or "").split()) or order.description,
        forum=DeadlineForum.COURT,
    )


def court_deadline_order(
    *,
    actor,
    case: Case,
    order: DocketEntry | None,
    title: str,
    due_date: dt.date,
    note: str = "",
    responsible=None,
) -> Deadline:
    """A deadline a court order set ("defendants shall produce by March 1"), with the order as its source. The page
    always names the order; an imported tracker may not (`order=None`: an order not on the docket kept here), and
    the citation then says so. `responsible`: a member of the case's organisation, or nobody."""
    _require_edit(actor, case)
    errors = _order_errors(case, order) if order is not None else {}
    title = " ".join((title or "").split())
    if not title:
        errors["title"] = "Say what is due (e.g. 'Defendants' first production')."
    elif len(title) > 200:
        errors["title"] = "Keep the title to 200 characters."
    if not isinstance(due_date, dt.date):
        errors["due_date"] = "Give the due date the order set."
    elif order is not None and "order" not in errors and due_date < order.filed_on:
        errors["due_date"] = (
            f"The due date ({due_date.isoformat()}) is before the order was entered ({order.filed_on.isoformat()})."
        )
    if (
        responsible is not None
        and not Membership.objects.filter(user=responsible, organization_id=case.organization_id).exists()
    ):
        errors["responsible"] = "Choose a member of the case's organisation."
    if errors:
        raise ValidationError(errors)
    if order is None:
        key, citation, default_note = f"ordered-{uuid.uuid4().hex[:12]}", "Court order (docket entry not recorded)", ""
    else:
        key = f"{order.key_prefix}ordered-{uuid.uuid4().hex[:12]}"
        citation = order.order_citation
        default_note = order.description
    with transaction.atomic():
        return deadline_set_manual(
            actor=actor,
            subject=case,
            key=key,
            title=title,
            due_date=due_date,
            citation=citation,
            note=" ".join((note or "").split()) or default_note,
            forum=DeadlineForum.COURT,
            responsible=responsible,
        )


def court_deadline_mark_filed(*, actor, deadline: Deadline, entry: DocketEntry, version: int | None = None) -> Deadline:
    """The everyday action: a court deadline met by a filing on the docket. Marked filed by `actor` (kept as they set
    it: the case's events and recomputations never reopen it), with the entry recorded as what satisfied it."""
    _require_edit(actor, entry)
    with transaction.atomic():
        [locked] = _check_satisfies(entry.case, [deadline])
        version_check(instance=locked, version=version, values={"status": DeadlineStatus.FILED})
        _mark_filed(actor=actor, entry=entry, deadlines=[locked])
        if entry.kind == EntryKind.MOTION and BRIEFING_MARK in locked.key:
            _entry_sync(actor=actor, entry=entry)  # briefed on the order's dates now, not the local rule's
    locked.refresh_from_db()
    return locked


# --- status-report schedules --------------------------------------------------------------------------------------


def _schedule_check(schedule: StatusReportSchedule) -> None:
    errors = {}
    days = schedule.every_days
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= ORDER_DAYS_MAX:
        errors["every_days"] = f"Give the order's period in days, 1 to {ORDER_DAYS_MAX}."
    if not isinstance(schedule.starts_on, dt.date):
        errors["starts_on"] = "Give the date the periods run from."
    elif schedule.ends_on is not None and schedule.ends_on < schedule.starts_on:
        errors["ends_on"] = (
            f"The schedule ends ({schedule.ends_on.isoformat()}) before it starts ({schedule.starts_on.isoformat()})."
        )
    schedule.title = " ".join((schedule.title or "").split()) or "Joint status report"
    if schedule.order_id is not None and (
        schedule.order.case_id != schedule.case_id or schedule.order.kind not in ORDER_KINDS
    ):
        errors["order"] = "Choose an order on this case's docket."
    if errors:
        raise ValidationError(errors)


def _report_sync(*, actor, schedule: StatusReportSchedule, n: int) -> Deadline | None:
    """Report n's deadline (n from 1): `every_days` after the (n-1)-th period's end, counted like FRCP 6(a), unless
    the schedule ended before it falls due."""
    trigger = schedule.starts_on + dt.timedelta(days=schedule.every_days * (n - 1))
    unrolled = trigger + dt.timedelta(days=schedule.every_days)
    if schedule.ends_on is not None and unrolled > schedule.ends_on:
        return None
    source = f", order ECF No. {schedule.order.number}" if schedule.order_id else ""
    try:
        return deadline_sync(
            actor=actor,
            subject=schedule.case,
            key=schedule.deadline_key(n),
            title=f"{schedule.title} no. {n} (every {schedule.every_days} days{source})"[:200],
            rule="court-order-period",
            trigger=trigger,
            options={"days": schedule.every_days},
            court=schedule.case.court,
        )
    except RuleError as exc:
        raise ValidationError({"starts_on": str(exc)}) from None


def schedule_create(
    *,
    actor,
    case: Case,
    every_days: int,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    order: DocketEntry | None = None,
    title: str = "Joint status report",
) -> StatusReportSchedule:
    """A recurring court-ordered report: its first deadline is created now, each filing creates the next."""
    _require_edit(actor, case)
    with transaction.atomic():
        schedule = StatusReportSchedule(
            case=case,
            every_days=every_days,
            starts_on=starts_on,
            ends_on=ends_on,
            order=order,
            title=title,
            created_by=actor,
        )
        _schedule_check(schedule)
        schedule.save()
        _report_sync(actor=actor, schedule=schedule, n=1)
    return schedule


def _schedule_report_filed(*, actor, schedule: StatusReportSchedule) -> Deadline | None:
    """A report was filed under the schedule: returns its deadline (to be marked filed) and creates the next one."""
    schedule = (
        StatusReportSchedule.objects.select_for_update(of=("self",)).select_related("case__court").get(pk=schedule.pk)
    )
    current = Deadline.objects.filter(
        subject_type__app_label="litigation",
        subject_type__model="case",
        subject_id=schedule.case_id,
        key=schedule.deadline_key(schedule.reports_filed + 1),
    ).first()
    schedule.reports_filed += 1
    schedule.save(update_fields=["reports_filed", "version"])
    _report_sync(actor=actor, schedule=schedule, n=schedule.reports_filed + 1)
    return current


def schedule_cancel(*, actor, schedule: StatusReportSchedule, version: int | None = None) -> StatusReportSchedule:
    """The court ended the schedule: no more reports; the next one's deadline is superseded."""
    _require_edit(actor, schedule)
    with transaction.atomic():
        locked = StatusReportSchedule.objects.select_for_update(of=("self",)).select_related("case").get(pk=schedule.pk)
        version_check(instance=locked, version=version, values={"cancelled_on": _today()})
        if locked.cancelled_on is not None:
            return locked
        locked.cancelled_on = _today()
        locked.save()
        deadline_close(
            actor=actor,
            subject=locked.case,
            key=locked.deadline_key(locked.reports_filed + 1),
            status=DeadlineStatus.SUPERSEDED,
        )
    return locked


# --- notes --------------------------------------------------------------------------------------------------------


def _note_check(note: CaseNote) -> None:
    note.body = (note.body or "").strip()
    if not note.body:
        raise ValidationError({"body": "Write the note."})
    if len(note.body) > 20000:
        raise ValidationError({"body": "Keep a note under 20,000 characters."})


def note_add(*, actor, case: Case, body: str, privileged: bool = False, vaughn_entry=None) -> CaseNote:
    """A note on the case (optionally about one of its Vaughn index entries: our challenge's reasoning). A
    privileged note (attorney work product) is written by the organisation's attorneys and admins only, and only
    they will see it."""
    _require_edit(actor, case)
    if privileged and not may_write_privileged(user=actor, case=case):
        raise PermissionDenied("Only the organisation's attorneys and admins write privileged notes.")
    if vaughn_entry is not None and vaughn_entry.case_id != case.pk:
        raise ValidationError({"vaughn_entry": "Choose an entry of this case's Vaughn index."})
    note = CaseNote(case=case, body=body, privileged=bool(privileged), author=actor, vaughn_entry=vaughn_entry)
    _note_check(note)
    with transaction.atomic():
        note.save()
    return note


def note_update(
    *, actor, note: CaseNote, body: str, privileged: bool | None = None, version: int | None = None
) -> CaseNote:
    _require_edit(actor, note)  # a privileged note is editable only by those who may see it (coalition.access)
    if privileged and not may_write_privileged(user=actor, case=note.case):
        raise PermissionDenied("Only the organisation's attorneys and admins write privileged notes.")
    with transaction.atomic():
        locked = CaseNote.objects.select_for_update(of=("self",)).select_related("case").get(pk=note.pk)
        version_check(instance=locked, version=version, values={"body": body})
        locked.body = body
        if privileged is not None:
            locked.privileged = bool(privileged)
        _note_check(locked)
        locked.save()
    return locked


def note_remove(*, actor, note: CaseNote) -> None:
    _require_edit(actor, note)
    note.delete()
