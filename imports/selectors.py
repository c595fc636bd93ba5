"""Reads of the imports app. Batches are never shared: only their own organisation's members see them (a partner's
or another organisation's batch answers 404), and the existing data an import matches against is read in a fixed
number of queries whatever the number of rows."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet

from coalition.access import get_visible_or_404, restrict_editable, restrict_visible, user_access
from coalition.selectors import membership_list_for
from deadlines.models import Deadline, DeadlineForum
from directory.models import Agency, Court
from foia.models import FoiaRequest, TrackingNumber
from litigation.models import Case
from litigation.models_docket import DocketEntry

from .models import ImportBatch, ImportedRecord, ImportMapping


def batches_visible(*, user) -> QuerySet[ImportBatch]:
    return restrict_visible(ImportBatch.objects.all(), user, shareable=False).select_related("created_by")


def batch_get(*, user, pk) -> ImportBatch:
    return get_visible_or_404(batches_visible(user=user), user, pk=pk)


def batch_records(*, user, batch: ImportBatch) -> QuerySet[ImportedRecord]:
    return (
        ImportedRecord.objects.filter(batch__in=batches_visible(user=user), batch=batch)
        .select_related("request", "case", "deadline")
        .prefetch_related("deadline__subject")
    )


def mapping_remembered(*, user, organization_id: int, kind: str) -> dict[str, str]:
    """The mapping the organisation last confirmed (empty for someone outside it)."""
    if organization_id not in user_access(user).org_ids:
        return {}
    row = ImportMapping.objects.filter(organization_id=organization_id, kind=kind).first()
    return dict(row.by_header) if row else {}


def agencies_all() -> list[Agency]:
    return list(Agency.objects.all())


def members_by_email(*, user, organization_id: int) -> dict[str, object]:
    """The organisation's members by lower-cased email (one query)."""
    return {
        m.user.email.lower(): m.user
        for m in membership_list_for(user=user, organization_id=organization_id)
        if m.user.email
    }


def tracking_index(*, user, organization_id: int) -> dict[str, int]:
    """Tracking number (upper-cased) -> request pk, among the requests of the organisation the user may edit."""
    requests = restrict_editable(FoiaRequest.objects.filter(organization_id=organization_id), user)
    rows = TrackingNumber.objects.filter(request__in=requests).values_list("number", "request_id")
    return {number.strip().upper(): request_id for number, request_id in rows}


def requests_for_match(*, user, organization_id: int, pks) -> dict[int, FoiaRequest]:
    """The organisation's editable requests among `pks` (one query, with what the preview compares)."""
    qs = restrict_editable(FoiaRequest.objects.filter(organization_id=organization_id, pk__in=list(pks)), user)
    return {r.pk: r for r in qs.select_related("agency", "assigned_to")}


def members_by_pk(*, user, organization_id: int, pks) -> dict[int, object]:
    """Members of the organisation among user `pks`, by pk (one query; someone who left it since is missing)."""
    wanted = {pk for pk in pks if pk is not None}
    if not wanted:
        return {}
    found = membership_list_for(user=user, organization_id=organization_id).filter(user_id__in=wanted)
    return {m.user_id: m.user for m in found.select_related("user")}


def courts_all() -> list:
    return list(Court.objects.all())


def cases_for_match(*, user, organization_id: int) -> list:
    """The organisation's cases the user may edit, with their courts and linked requests (two queries). Another
    organisation's case, even one shared with the user, is never matched: a sheet names only its own."""
    qs = restrict_editable(Case.objects.filter(organization_id=organization_id), user)
    return list(
        qs.select_related("court").prefetch_related(Prefetch("requests", queryset=FoiaRequest.objects.only("pk")))
    )


def cases_by_pk(*, user, organization_id: int, pks) -> dict:
    qs = restrict_editable(Case.objects.filter(organization_id=organization_id, pk__in=list(pks)), user)
    return {c.pk: c for c in qs.select_related("court")}


def docket_entries_of(*, user, cases) -> dict:
    """(case pk, ECF number) -> docket entry, for the given (already access-checked) cases."""
    entries = restrict_visible(DocketEntry.objects.filter(case__in=[c.pk for c in cases]), user)
    return {(e.case_id, e.number): e for e in entries}


def court_deadlines_of(*, user, cases) -> list:
    return list(
        Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(Case),
            subject_id__in=[c.pk for c in cases],
            forum=DeadlineForum.COURT,
        ).only("subject_id", "title", "due_date")
    )


def members_by_name_or_email(*, user, organization_id: int) -> dict[str, object]:
    """The organisation's members by lower-cased email, full name and username (one query)."""
    found: dict[str, object] = {}
    for m in membership_list_for(user=user, organization_id=organization_id):
        for name in (m.user.email, m.user.get_full_name(), m.user.username):
            if name:
                found.setdefault(name.strip().lower(), m.user)
    return found
