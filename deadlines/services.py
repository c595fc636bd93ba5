"""Deadline writes: derived and manual deadlines of tracked objects, and closures that move them.

Public API (keyword-only; every function runs in a transaction and sends `deadlines.signals.deadlines_changed` once,
on commit, with the pks of the deadlines it created or changed):

- `deadline_sync(*, subject, key, title, rule, trigger, options=None, agency=None, court=None, service="electronic",
  responsible=None, privileged=None) -> Deadline`
  Create, or recompute in place, the derived deadline `key` of `subject` from the rule catalogue
  (`deadlines.rules.deadline_compute`; its `RuleError`s propagate unchanged and nothing is written). `subject` is any
  model instance with `organization_id` and `sharing`, or a child declaring `access_parent` (coalition.access); the
  deadline copies them so `coalition.access` filters it like its subject, and is privileged whenever its subject (or
  one of its parents) is, whatever `privileged` says. History records every change (reason
  "computed" / "recomputed"). A deadline the rule pauses (open toll) gets `due_date=None` and `paused_since`.
  Status: a MISSED deadline whose new due date is not past (or which is now paused) reopens; MET / WAIVED /
  SUPERSEDED ones keep their status but their record is recomputed. A MANUAL deadline under the same key is a court
  order that overrides the rule: it is returned as is.
  Keep or reset: the computation's inputs (`rule`, `trigger`, `options`, `agency`, `court`, `service`) and `title`
  are the caller's full statement and are stored as given on every call (`options=None` means no options, so a
  removed toll really goes). The deadline's other attributes are kept when the caller says nothing:
  `responsible=None` keeps the assignee (change it with `deadline_assign`); `privileged=None` keeps the flag
  (False on create), so a re-sync that does not repeat `privileged=True` never exposes work product to partners.
- `deadline_close(*, subject, key, status) -> Deadline | None` -- status met / missed / superseded / waived / filed:
  the subject's own close (its events). `deadline_reopen(*, subject, key) -> Deadline | None`: the subject reopens
  it (the event that closed it was deleted). Both leave a deadline a PERSON closed alone (see below).
- `deadline_set_status(*, deadline, status, actor=None, reason="", version=None)` (pages, admin): a person closes
  (met / missed / waived / filed / superseded) or reopens one deadline. Reopening a DERIVED deadline recomputes it
  from its stored trigger and options (closures added or removed while it was closed are then counted; its
  `RuleError`s propagate and nothing is written). `version`: the one the page showed (core.versioning).

Who owns a deadline's status: the app that owns its subject closes and reopens a derived deadline from the subject's
events (`deadline_close` / `deadline_reopen`, `closed_manually` False). A person's close is first-class: it records
`closed_manually`, `closed_by`, `closed_reason` and `closed_at` (history keeps them), and from then on the subject's
events, `deadline_sync` and closure recomputes never reopen it nor change its status (they may still recompute its
dates, which are a record). Only a person reopening it (`deadline_set_status(status="open")`) gives the status back
to the subject's events; that clears the manual close.
- `deadline_set_manual(*, subject, key, title, due_date, citation, note="", responsible=None, privileged=None,
  forum=None) -> Deadline` -- a date set by a court order (or by hand); replaces a derived deadline under the same
  key. `responsible=None`, `privileged=None` and `forum=None` keep the current values (on create: not privileged,
  forum "agency"; a court's order passes forum="court"). A derived deadline's forum is its rule's.
- `deadline_update_manual(*, deadline, title, due_date, citation, note="", privileged=None)` (admin edits).
- `deadline_assign(*, deadline, responsible) -> Deadline`
- `deadlines_sync_sharing(*, subject) -> int` -- copy the subject's organisation and sharing to its deadlines.
- `closure_add(*, user, date, reason, scope="federal", agency=None, court=None) -> ClosureResult`,
  `closure_remove(*, user, closure) -> ClosureResult`, `closure_update(*, user, closure, **fields)`
  (`user`: site staff with the admin's closure permissions):
  write the closure, then recompute every DERIVED deadline that is OPEN or MISSED, whose window contains the date and
  whose forum the closure covers (`deadlines.calendar`: federal closures every forum; executive closures every
  agency-forum rule, with or without an agency, and no court rule; agency closures that agency and its components;
  court closures that court), in bulk (`deadlines.bulk`: a constant number of queries, whatever the number of
  deadlines) with history rows in bulk, and one signal. So every stored OPEN or MISSED deadline equals a fresh
  `deadline_compute` of its inputs. A MISSED deadline is recomputed because its date is the record of what was
  missed: a closure declared afterwards (an executive order, a court's inaccessible clerk's office) can make it
  timely; like `deadline_sync`, one whose new due date is today or later (or paused) reopens, and the owning app,
  told through `deadlines_changed`, may close it again knowing when it was actually met. MET, WAIVED and
  SUPERSEDED deadlines keep their stored record (nothing is owed on them) and are recomputed if they are reopened.
  Manual deadlines (court orders) are never moved.

Concurrency: closure writes and deadline writes are serialised by `deadlines.locks` (exclusive for closure writes,
shared for deadline writes, taken before anything is read), so a closure committed while a deadline is being
computed is never lost on PostgreSQL; SQLite serialises writers already (IMMEDIATE transactions).

"Missed" is never set behind anyone's back: a past-due open deadline is shown as OVERDUE at read time
(`selectors.deadline_overdue_q`) until a person or the owning app closes it (an agency that misses its FOIA deadline
still owes the response; our own filing may have been made without anyone ticking it off).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from coalition.access import access_owner_of, can_create_in
from coalition.models import Membership
from core.versioning import version_check
from directory.models import Agency, Court

from .bulk import COMPUTED_COLUMNS, deadlines_bulk_write
from .calendar import ClosureIndex
from .locks import closures_lock_exclusive, closures_lock_shared
from .models import Closure, ClosureScope, Deadline, DeadlineForum, DeadlineKind, DeadlineStatus
from .rules import RULES, Computation, Forum, RuleError, deadline_compute, rules_for_forum
from .signals import deadlines_changed
from .summaries import summary_lock, summary_lock_for

logger = logging.getLogger(__name__)
CLOSING_STATUSES = {
    DeadlineStatus.MET,
    DeadlineStatus.MISSED,
    DeadlineStatus.SUPERSEDED,
    DeadlineStatus.WAIVED,
    DeadlineStatus.FILED,
}
# Statuses whose stored dates a closure change recomputes (see the module docstring).
RECOMPUTED_STATUSES = [DeadlineStatus.OPEN, DeadlineStatus.MISSED]


def _owner(subject) -> tuple[int, str, bool]:
    """(organisation, sharing, privileged) a deadline copies from its subject: a deadline of privileged work is
    privileged (coalition.access: a child of a privileged object is privileged)."""
    return access_owner_of(subject)


def require_deadline_editor(actor, organization_id: int | None) -> None:
    """Every deadline write names who acts, and checks it here rather than trusting the caller: an edit role in the
    deadline's organisation (coalition.access), or the Django admin's change permission (site staff). The owning
    app's automatic writes pass the person whose action triggered them (e.g. who recorded the event)."""
    if organization_id is not None and can_create_in(actor, organization_id):
        return
    if getattr(actor, "is_active", False) and actor.has_perm("deadlines.change_deadline"):
        return
    raise PermissionDenied("You cannot change this organisation's deadlines.")


def _notify(ids) -> None:
    ids = sorted(set(ids))
    if ids:
        transaction.on_commit(lambda: deadlines_changed.send(sender=Deadline, deadline_ids=ids))


def _subject_filter(subject) -> dict:
    return {"subject_type": ContentType.objects.get_for_model(subject), "subject_id": subject.pk}


def _locked(subject, key) -> Deadline | None:
    summary_lock(subject)  # the summary row before the deadline (deadlines.summaries: lock order)
    return Deadline.objects.select_for_update().filter(**_subject_filter(subject), key=key).first()


def _computed_values(comp: Computation) -> dict:
    return {
        "due_date": comp.due,
        "paused_since": comp.paused_since,
        "days_remaining": comp.days_remaining,
        "window_start": comp.window_start,
        "citation": comp.citation,
        "steps": comp.steps,
    }


def _apply_computation(deadline: Deadline, comp: Computation) -> bool:
    new = _computed_values(comp)
    changed = any(getattr(deadline, name) != value for name, value in new.items())
    for name, value in new.items():
        setattr(deadline, name, value)
    return changed


def _save(deadline: Deadline, reason: str) -> None:
    deadline._change_reason = reason
    deadline.save()


def _reopens(status: str, comp: Computation, *, closed_manually: bool = False) -> bool:
    """A MISSED deadline recomputed to a due date that is not past (or to a paused clock) is open again, unless a
    person marked it missed (their close is kept: see the module docstring)."""
    if closed_manually:
        return False
    return status == DeadlineStatus.MISSED and (comp.due is None or comp.due >= timezone.localdate())


@transaction.atomic
def deadline_sync(
    *,
    actor,
    subject,
    key: str,
    title: str,
    rule: str,
    trigger: dt.date,
    options: dict | None = None,
    agency=None,
    court=None,
    service: str = "electronic",
    responsible=None,
    privileged: bool | None = None,
) -> Deadline:
    # Lock first, then read: a closure committed while this computes would otherwise be lost (deadlines.locks).
    closures_lock_shared()
    require_deadline_editor(actor, _owner(subject)[0])
    deadline = _locked(subject, key)
    comp = deadline_compute(rule=rule, trigger=trigger, service=service, agency=agency, court=court, options=options)
    org_id, sharing, inherited = _owner(subject)
    privileged = True if inherited else privileged
    values = {
        "title": title,
        "rule": rule,
        "trigger_date": trigger,
        "options": dict(options or {}),
        "service": service,
        "agency": agency,
        "court": court,
        "forum": DeadlineForum(RULES[rule].forum),  # deadline_compute refused an unknown rule
        "organization_id": org_id,
        "sharing": sharing,
    }
    if privileged is not None:
        values["privileged"] = bool(privileged)
    if deadline is None:
        deadline = Deadline(**_subject_filter(subject), key=key, kind=DeadlineKind.DERIVED, responsible=responsible)
        for name, value in values.items():
            setattr(deadline, name, value)
        _apply_computation(deadline, comp)
        try:
            with transaction.atomic():
                _save(deadline, f"computed: {rule}")
        except IntegrityError:  # created concurrently under the same key: recompute that one instead
            deadline = _locked(subject, key)
            if deadline is None:
                raise
        else:
            _notify([deadline.pk])
            return deadline
    if deadline.kind == DeadlineKind.MANUAL:
        return deadline
    changed = _apply_computation(deadline, comp)
    for name, value in values.items():
        attr = f"{name}_id" if name in ("agency", "court") else name
        value = getattr(value, "pk", value) if name in ("agency", "court") else value
        changed |= getattr(deadline, attr) != value
        setattr(deadline, attr, value)
    if responsible is not None and deadline.responsible_id != responsible.pk:
        deadline.responsible, changed = responsible, True
    if _reopens(deadline.status, comp, closed_manually=deadline.closed_manually):
        deadline.status, deadline.closed_at, changed = DeadlineStatus.OPEN, None, True
    if changed:
        _save(deadline, f"recomputed: {rule}")
        _notify([deadline.pk])
    return deadline


def _stored_computation(deadline: Deadline) -> Computation:
    """A fresh computation of a derived deadline from its stored inputs (raises the rules' `RuleError`s)."""
    return deadline_compute(
        rule=deadline.rule,
        trigger=deadline.trigger_date,
        service=deadline.service,
        agency=deadline.agency,
        court=deadline.court,
        options=deadline.options,
    )


def _set_status(
    deadline: Deadline | None, status: str, *, by_person: bool = False, user=None, reason: str = ""
) -> Deadline | None:
    """Close or reopen. `by_person`: a person's decision (kept against the subject's events); otherwise the subject's
    events decide, and a deadline a person closed is left as they set it."""
    if deadline is None:
        return deadline
    if not by_person and deadline.closed_manually:
        return deadline  # a person's close outranks the subject's events until a person reopens it
    closing = status != DeadlineStatus.OPEN
    # The subject's close, or anyone's reopening, leaves no person's close to keep.
    manual = (True, getattr(user, "pk", None), reason) if closing and by_person else (False, None, "")
    if (
        deadline.status == status
        and (deadline.closed_manually, deadline.closed_by_id, deadline.closed_reason) == manual
    ):
        return deadline
    change = f"closed: {status}"
    if not closing:
        change = "reopened"
        # Closures may have been added or removed while it was closed (they recompute only open and missed ones).
        derived = deadline.kind == DeadlineKind.DERIVED and deadline.trigger_date is not None
        if (
            derived
            and deadline.status != DeadlineStatus.OPEN
            and _apply_computation(deadline, _stored_computation(deadline))
        ):
            change = "reopened and recomputed"
    elif by_person:
        change = f"closed by hand: {status}" + (f" ({reason})" if reason else "")
    deadline.status = status
    deadline.closed_manually, deadline.closed_by_id, deadline.closed_reason = manual
    deadline.closed_at = timezone.now() if closing else None
    if user is not None:
        deadline._history_user = user
    _save(deadline, change[:100])
    _notify([deadline.pk])
    return deadline


@transaction.atomic
def deadline_close(*, actor, subject, key: str, status: str) -> Deadline | None:
    require_deadline_editor(actor, _owner(subject)[0])
    if status not in CLOSING_STATUSES:
        raise ValueError(f"status must be one of {', '.join(sorted(CLOSING_STATUSES))}, not {status!r}")
    closures_lock_shared()
    return _set_status(_locked(subject, key), status)


@transaction.atomic
def deadline_reopen(*, actor, subject, key: str) -> Deadline | None:
    require_deadline_editor(actor, _owner(subject)[0])
    closures_lock_shared()
    deadline = _locked(subject, key)
    if deadline is None or deadline.status == DeadlineStatus.OPEN:
        return deadline
    return _set_status(deadline, DeadlineStatus.OPEN)


def _locked_pk(deadline: Deadline) -> Deadline:
    closures_lock_shared()
    summary_lock_for(deadline.subject_type_id, deadline.subject_id)
    return Deadline.objects.select_for_update().get(pk=deadline.pk)


@transaction.atomic
def deadline_set_status(
    *, actor, deadline: Deadline, status: str, reason: str = "", version: int | None = None
) -> Deadline:
    """A person closes (met / missed / superseded / waived / filed) or reopens one deadline, from its page or the
    admin. The close is kept with who, when and why (see the module docstring); reopening clears it. `version`: the
    one the person's page showed; a deadline changed since is refused (`core.versioning.StaleVersion`)."""
    if status not in CLOSING_STATUSES | {DeadlineStatus.OPEN}:
        raise ValueError(f"unknown status {status!r}")
    require_deadline_editor(actor, deadline.organization_id)
    locked = _locked_pk(deadline)
    version_check(instance=locked, version=version, values={"status": status})
    return _set_status(locked, status, by_person=True, user=actor, reason=" ".join(reason.split()))


@transaction.atomic
def deadline_set_manual(
    *,
    actor,
    subject,
    key: str,
    title: str,
    due_date: dt.date,
    citation: str,
    note: str = "",
    responsible=None,
    privileged: bool | None = None,
    forum: str | None = None,
) -> Deadline:
    """`forum`: "court" for a court's order; None keeps the deadline's (a new one is an agency's)."""
    require_deadline_editor(actor, _owner(subject)[0])
    closures_lock_shared()
    org_id, sharing, inherited = _owner(subject)
    privileged = True if inherited else privileged
    deadline = _locked(subject, key) or Deadline(**_subject_filter(subject), key=key)
    deadline.organization_id, deadline.sharing = org_id, sharing
    if forum is not None:
        deadline.forum = DeadlineForum(forum)
    return _write_manual(
        deadline,
        title=title,
        due_date=due_date,
        citation=citation,
        note=note,
        responsible=responsible,
        privileged=privileged,
    )


@transaction.atomic
def deadline_discard_manual(*, actor, deadline: Deadline) -> None:
    """Remove a manual deadline entered by mistake (undoing the spreadsheet import that created it; the caller
    checks first that nobody changed it since). A derived deadline is never removed by hand: its subject's events
    supersede it."""
    require_deadline_editor(actor, deadline.organization_id)
    locked = _locked_pk(deadline)
    if locked.kind != DeadlineKind.MANUAL:
        raise ValueError("derived deadlines are superseded by their subject's events, never removed by hand")
    locked.delete()  # the summary follows through its post_delete receiver


@transaction.atomic
def deadline_update_manual(
    *,
    actor,
    deadline: Deadline,
    title: str,
    due_date: dt.date,
    citation: str,
    note: str = "",
    privileged: bool | None = None,
) -> Deadline:
    """Edit a manual deadline in place (admin); derived deadlines cannot be edited by hand."""
    require_deadline_editor(actor, deadline.organization_id)
    deadline = _locked_pk(deadline)
    if deadline.kind != DeadlineKind.MANUAL:
        raise ValueError("derived deadlines are recomputed from their rule, never edited by hand")
    return _write_manual(
        deadline, title=title, due_date=due_date, citation=citation, note=note, responsible=None, privileged=privileged
    )


def _write_manual(deadline: Deadline, *, title, due_date, citation, note, responsible, privileged) -> Deadline:
    if not isinstance(due_date, dt.date) or isinstance(due_date, dt.datetime):
        raise ValueError(f"due_date must be a date, not {due_date!r}")
    was = "created" if deadline.pk is None else f"replaced {deadline.kind}"
    step = f"{due_date} set by hand" + (f": {note}" if note else "")
    fields = {
        "kind": DeadlineKind.MANUAL,
        "title": title,
        "rule": "",
        "trigger_date": None,
        "options": {},
        "due_date": due_date,
        "paused_since": None,
        "days_remaining": None,
        "window_start": None,
        "citation": citation,
        "steps": [step],
        "note": note,
    }
    if privileged is not None:
        fields["privileged"] = bool(privileged)
    changed = deadline.pk is None
    for name, value in fields.items():
        changed |= getattr(deadline, name) != value
        setattr(deadline, name, value)
    if responsible is not None and deadline.responsible_id != responsible.pk:
        deadline.responsible, changed = responsible, True
    if changed:
        _save(deadline, f"manual deadline {was}")
        _notify([deadline.pk])
    return deadline


@transaction.atomic
def deadline_assign(*, actor, deadline: Deadline, responsible, version: int | None = None) -> Deadline:
    """Make `responsible` (a member of the deadline's organisation, or nobody) answer for the deadline."""
    require_deadline_editor(actor, deadline.organization_id)
    if (
        responsible is not None
        and not Membership.objects.filter(user=responsible, organization_id=deadline.organization_id).exists()
    ):
        raise ValidationError({"responsible": "Choose a member of the deadline's organisation."})
    deadline = _locked_pk(deadline)
    version_check(instance=deadline, version=version, values={"responsible": responsible})
    new_id = responsible.pk if responsible is not None else None
    if deadline.responsible_id != new_id:
        deadline.responsible = responsible
        _save(deadline, "reassigned")
        _notify([deadline.pk])
    return deadline


@transaction.atomic
def deadlines_sync_sharing(*, actor, subject) -> int:
    require_deadline_editor(actor, _owner(subject)[0])
    closures_lock_shared()
    org_id, sharing, inherited = _owner(subject)
    current = Q(organization_id=org_id, sharing=sharing) & (Q(privileged=True) if inherited else Q())
    summary_lock(subject)
    stale = list(Deadline.objects.select_for_update().filter(**_subject_filter(subject)).exclude(current))
    for deadline in stale:
        deadline.organization_id, deadline.sharing = org_id, sharing
        deadline.privileged = deadline.privileged or inherited  # a subject made privileged takes its deadlines along
        _save(deadline, "sharing follows its subject")
    _notify(d.pk for d in stale)
    return len(stale)


# --- closures -----------------------------------------------------------------------------------------------------


@dataclass
class ClosureResult:
    closure: Closure
    changed_ids: list[int] = field(default_factory=list)
    failed_ids: list[int] = field(default_factory=list)  # stored options a rule now refuses (logged)


@transaction.atomic
def closure_add(
    *, user, date: dt.date, reason: str, scope: str = ClosureScope.FEDERAL, agency=None, court=None
) -> ClosureResult:
    closures_lock_exclusive()  # before reading anything: see deadlines.locks
    _require_closure_permission(user, "add")
    closure = Closure(date=date, reason=reason, scope=scope, agency=agency, court=court)
    closure.full_clean()
    closure._history_user = user
    closure.save()
    result = ClosureResult(closure)
    _recompute_for([_target(closure)], result, f"closure added: {closure}", user)
    return result


@transaction.atomic
def closure_remove(*, user, closure: Closure) -> ClosureResult:
    closures_lock_exclusive()
    _require_closure_permission(user, "delete")
    closure = Closure.objects.select_for_update().get(pk=closure.pk)
    target = _target(closure)
    closure._history_user = user
    closure.delete()
    result = ClosureResult(closure)
    _recompute_for([target], result, f"closure removed: {closure}", user)
    return result


@transaction.atomic
def closure_update(*, user, closure: Closure, **fields) -> ClosureResult:
    closures_lock_exclusive()
    _require_closure_permission(user, "change")
    closure = Closure.objects.select_for_update().get(pk=closure.pk)
    before = _target(closure)
    for name, value in fields.items():
        setattr(closure, name, value)
    closure.full_clean()
    closure._history_user = user
    closure.save()
    result = ClosureResult(closure)
    _recompute_for([before, _target(closure)], result, f"closure changed: {closure}", user)
    return result


def _require_closure_permission(user, action: str) -> None:
    """Closures are site-wide reference data (they move every organisation's deadlines): site staff with the Django
    admin's permission write them, no organisation role does."""
    if not (getattr(user, "is_active", False) and user.has_perm(f"deadlines.{action}_closure")):
        raise PermissionDenied("Only site staff change closures.")


def _target(closure: Closure) -> tuple[dt.date, str, int | None, int | None]:
    return closure.date, closure.scope, closure.agency_id, closure.court_id


def _affected_q(day: dt.date, scope: str, agency_id, court_id, parents: dict[int, int | None]) -> Q:
    q = Q(window_start__lt=day) & (Q(due_date__gte=day) | Q(due_date__isnull=True))
    if scope == ClosureScope.FEDERAL:
        return q
    if scope == ClosureScope.EXECUTIVE:
        return q & Q(rule__in=rules_for_forum(Forum.AGENCY))
    if scope == ClosureScope.AGENCY:
        return q & Q(rule__in=rules_for_forum(Forum.AGENCY), agency_id__in=_descendants(agency_id, parents))
    return q & Q(rule__in=rules_for_forum(Forum.COURT), court_id=court_id)


def _descendants(agency_id: int, parents: dict[int, int | None]) -> set[int]:
    found, frontier = {agency_id}, {agency_id}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


_LOAD_FIELDS = [
    "id",
    "status",
    "closed_manually",
    "rule",
    "trigger_date",
    "options",
    "service",
    "agency_id",
    "court_id",
] + [c for c, _ in COMPUTED_COLUMNS]


def _recompute_for(targets, result: ClosureResult, reason: str, user) -> None:
    """Recompute the open and missed derived deadlines the closure targets touch: a constant number of queries."""
    agencies = Agency.objects.in_bulk()
    parents = {pk: a.parent_id for pk, a in agencies.items()}
    affected = Q(pk__in=[])
    for day, scope, agency_id, court_id in targets:
        affected |= _affected_q(day, scope, agency_id, court_id, parents)
    rows = list(
        Deadline.objects.filter(affected, status__in=RECOMPUTED_STATUSES, kind=DeadlineKind.DERIVED)
        .exclude(trigger_date__isnull=True)
        .values(*_LOAD_FIELDS)
    )
    if not rows:
        return
    courts = Court.objects.in_bulk()
    first = min(min(r["window_start"], r["trigger_date"]) for r in rows)
    last = max(r["due_date"] or r["trigger_date"] for r in rows)
    index = ClosureIndex.for_range(first, last)
    index.set_agency_tree(parents)
    changed = []
    for row in rows:
        try:
            comp = deadline_compute(
                rule=row["rule"],
                trigger=row["trigger_date"],
                service=row["service"],
                agency=agencies.get(row["agency_id"]),
                court=courts.get(row["court_id"]),
                options=row["options"],
                index=index,
            )
        except RuleError:
            logger.exception("deadline %s could not be recomputed after a closure change", row["id"])
            result.failed_ids.append(row["id"])
            continue
        new = _computed_values(comp)
        if any(row[name] != value for name, value in new.items()):
            reopen = _reopens(row["status"], comp, closed_manually=row["closed_manually"])
            changed.append({"id": row["id"], **new, "reopen": reopen})
    deadlines_bulk_write(changed, change_reason=reason, user_id=getattr(user, "pk", None))
    result.changed_ids = [r["id"] for r in changed]
    _notify(result.changed_ids)
