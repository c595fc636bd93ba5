"""Docket, schedule and note reads, scoped to the acting user (coalition.access): an entry, schedule or note of a case
the user may not see answers like a missing one, and a privileged note is seen only by the owning organisation's
attorneys and admins (CaseNote.privileged_roles)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from coalition.access import get_editable_or_404, get_visible_or_404, restrict_visible, user_access
from deadlines.models import Deadline, DeadlineForum, DeadlineStatus
from deadlines.selectors import deadline_visible_q
from foia.exemptions import EXEMPTION_LABELS, EXEMPTION_ORDER

from .models import Case
from .models_docket import CaseNote, DocketEntry, StatusReportSchedule
from .models_schedule import ProductionSchedule, VaughnEntry
from .models_stay import Stay
from .selectors import case_deadlines


def docket_list_for(*, user) -> QuerySet[DocketEntry]:
    return restrict_visible(DocketEntry.objects.all(), user).select_related("case", "responds_to", "schedule")


def docket_entry_get(*, user, pk) -> DocketEntry:
    return get_visible_or_404(docket_list_for(user=user).select_related("case__court"), user, pk=pk)


def schedule_list_for(*, user) -> QuerySet[StatusReportSchedule]:
    return restrict_visible(StatusReportSchedule.objects.all(), user).select_related("case", "order")


def schedule_get(*, user, pk) -> StatusReportSchedule:
    return get_visible_or_404(schedule_list_for(user=user).select_related("case__court"), user, pk=pk)


def note_list_for(*, user) -> QuerySet[CaseNote]:
    """Notes the user may see: a privileged one only by the owning organisation's attorneys and admins."""
    return restrict_visible(CaseNote.objects.all(), user).select_related("case", "author")


def note_get(*, user, pk) -> CaseNote:
    return get_visible_or_404(note_list_for(user=user), user, pk=pk)


def may_write_privileged(*, user, case: Case) -> bool:
    """Whether the user writes (and reads) the case's privileged notes: its organisation's attorneys and admins."""
    return user_access(user).role_in(case.organization_id) in CaseNote.privileged_roles


def notes_for_api(*, user) -> QuerySet[CaseNote]:
    """The API never carries privileged notes (work product stays on the case page of those who may read it)."""
    return note_list_for(user=user).filter(privileged=False)


@dataclass
class DocketRow:
    entry: DocketEntry
    deadlines: list[Deadline] = field(default_factory=list)  # what it triggered or what was ordered from it


@dataclass
class ScheduleRow:
    schedule: StatusReportSchedule
    next_deadline: Deadline | None


@dataclass
class CaseDocket:
    rows: list[DocketRow]
    court_deadlines: list[Deadline]  # every court deadline of the case the user may see, soonest first
    open_court_deadlines: list[Deadline]
    schedules: list[ScheduleRow]
    orders: list[DocketEntry]


def case_docket(*, user, case: Case) -> CaseDocket:
    """The case's docket with what each entry triggered, its court deadlines and its schedules: a fixed number of
    queries whatever the docket's length."""
    entries = list(
        restrict_visible(DocketEntry.objects.filter(case=case), user)
        .select_related("responds_to", "schedule")
        .prefetch_related(Prefetch("satisfies", queryset=Deadline.objects.only("pk", "title", "due_date")))
        .order_by("-number")
    )
    deadlines = list(case_deadlines(user=user, case=case).filter(forum=DeadlineForum.COURT))
    by_key = {d.key: d for d in deadlines}
    rows = []
    for entry in entries:
        prefix = entry.key_prefix
        rows.append(DocketRow(entry, [d for d in deadlines if d.key.startswith(prefix)]))
    schedules = [
        ScheduleRow(s, by_key.get(s.deadline_key(s.reports_filed + 1)) if s.active else None)
        for s in restrict_visible(StatusReportSchedule.objects.filter(case=case), user).select_related("order")
    ]
    return CaseDocket(
        rows=rows,
        court_deadlines=deadlines,
        open_court_deadlines=[d for d in deadlines if d.status == DeadlineStatus.OPEN],
        schedules=schedules,
        orders=[e for e in entries if e.kind in ("order", "minute_order")],
    )


def case_notes(*, user, case: Case) -> QuerySet[CaseNote]:
    return note_list_for(user=user).filter(case=case)


def case_get_editable(*, user, pk) -> Case:
    """A case the user may change: one they may not see is a 404, one they may only see a 403."""
    from .selectors import case_list_for

    return get_editable_or_404(case_list_for(user=user).select_related("court"), user, pk=pk)


def case_court_deadline_get(*, user, case: Case, pk) -> Deadline:
    """One court deadline of the case the user may see; anything else is a 404."""
    deadline = case_deadlines(user=user, case=case).filter(forum=DeadlineForum.COURT, pk=pk).first()
    if deadline is None:
        raise Http404("No such deadline.")
    return deadline


@dataclass(frozen=True)
class DeadlineIds:
    by_key: dict[str, int]  # deadline keys carry the entry's or schedule's pk, so they are unique across cases
    by_prefix: dict[str, list[int]]  # an entry's (production schedule's) key prefix -> its deadlines


def deadline_ids_for_cases(*, user, case_ids) -> DeadlineIds:
    """The ids of the court deadlines of these cases that the user may see, by key and by docket-entry prefix, in
    one query (the API lists them beside each entry and schedule of a page)."""
    from django.contrib.contenttypes.models import ContentType

    rows = (
        Deadline.objects.filter(
            deadline_visible_q(user),
            subject_type=ContentType.objects.get_for_model(Case),
            subject_id__in=list(case_ids),
            forum=DeadlineForum.COURT,
        )
        .order_by("due_date", "pk")
        .values_list("pk", "key")
    )
    by_key, by_prefix = {}, {}
    for pk, key in rows:
        by_key[key] = pk
        for start in ("entry-", "production-"):
            if key.startswith(start):
                prefix = key[: key.index("-", len(start)) + 1]
                by_prefix.setdefault(prefix, []).append(pk)
    return DeadlineIds(by_key, by_prefix)


def production_schedule_list_for(*, user) -> QuerySet[ProductionSchedule]:
    return restrict_visible(ProductionSchedule.objects.all(), user).select_related("case", "order")


def production_schedule_get(*, user, pk) -> ProductionSchedule:
    return get_visible_or_404(production_schedule_list_for(user=user).select_related("case__court"), user, pk=pk)


def case_production_schedules(*, user, case: Case) -> list[ProductionSchedule]:
    return list(production_schedule_list_for(user=user).filter(case=case).order_by("first_due", "pk"))


def vaughn_list_for(*, user) -> QuerySet[VaughnEntry]:
    return restrict_visible(VaughnEntry.objects.all(), user).select_related("case")


def vaughn_entry_get(*, user, pk) -> VaughnEntry:
    return get_visible_or_404(vaughn_list_for(user=user), user, pk=pk)


@dataclass(frozen=True)
class ExemptionCount:
    label: str
    entries: int
    pages: int
    width: float  # percent of the most claimed, for the bar
    value: int  # what the bar shows (entries)


@dataclass
class VaughnIndex:
    due: Deadline | None
    entries: list[VaughnEntry]
    by_exemption: list[ExemptionCount]
    by_status: list[tuple[str, int]]


def case_vaughn(*, user, case: Case, docket: CaseDocket, notes: list[CaseNote]) -> VaughnIndex:
    """The case's Vaughn index: its due date (from the docket's court deadlines), its entries with the notes on each
    that the user may see (privileged ones only for the organisation's attorneys and admins, as `notes` already
    holds), and counts by exemption and challenge status: one query."""
    entries = list(restrict_visible(VaughnEntry.objects.filter(case=case), user).order_by("number"))
    by_entry: dict[int, list[CaseNote]] = {}
    for note in notes:
        if note.vaughn_entry_id:
            by_entry.setdefault(note.vaughn_entry_id, []).append(note)
    counts: dict[str, list[int]] = {}
    statuses: dict[str, int] = {}
    for entry in entries:
        entry.challenge_notes = by_entry.get(entry.pk, [])
        statuses[entry.get_challenge_status_display()] = statuses.get(entry.get_challenge_status_display(), 0) + 1
        for code in entry.exemptions:
            row = counts.setdefault(code, [0, 0])
            row[0] += 1
            row[1] += entry.pages or 0
    top = max((n for n, _ in counts.values()), default=0) or 1
    ordered = sorted(counts, key=lambda code: EXEMPTION_ORDER.get(code, 99))
    return VaughnIndex(
        due=next((d for d in docket.court_deadlines if d.key == VAUGHN_KEY), None),
        entries=entries,
        by_exemption=[
            ExemptionCount(
                EXEMPTION_LABELS.get(c, c), counts[c][0], counts[c][1], 100 * counts[c][0] / top, counts[c][0]
            )
            for c in ordered
        ],
        by_status=sorted(statuses.items()),
    )


VAUGHN_KEY = "vaughn-index"  # litigation.services_schedule sets the index's due date under this key


def stay_list_for(*, user) -> QuerySet[Stay]:
    return restrict_visible(Stay.objects.all(), user).select_related("case", "order")


def stay_get(*, user, pk) -> Stay:
    return get_visible_or_404(stay_list_for(user=user), user, pk=pk)


def case_stays(*, user, case: Case) -> list[Stay]:
    """The case's stays, newest first (one query); the one in force, if any, is first."""
    return list(restrict_visible(Stay.objects.filter(case=case), user).select_related("order"))
