"""Keeping `DeadlineSummary` true: every write of a deadline refreshes its subject's summary in the same transaction.

Three paths write deadlines and all end here:
- a model save or delete (the services' `_save`, the admin, factories): the `post_save` / `post_delete` receivers;
- the closures' bulk recompute (`deadlines.bulk.deadlines_bulk_write`, one UPDATE for thousands of rows): it calls
  `summaries_refresh_for_deadlines` itself;
- nothing else: a test walks the services and the property test compares the summary with the deadlines.

Lock order. A service that writes a subject's deadlines first locks that subject's summary row
(`summary_lock`), then the deadlines: the refresh after each save then only touches a row the transaction already
holds, so two writers of one subject's deadlines (recording an event, closing a deadline by hand) queue on the
summary instead of deadlocking on (deadline, summary) taken in opposite orders. The closures' recompute needs no
row lock first: it holds the closures lock exclusively, which every other deadline writer takes shared first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db.models import Min, Q

from coalition.models import Sharing

from .models import Deadline, DeadlineStatus, DeadlineSummary

CHUNK = 2_000  # subject ids per query: well under SQLite's bound-parameter limit
OPEN = Q(status=DeadlineStatus.OPEN)
PARTNER_VISIBLE = Q(sharing=Sharing.COALITION, privileged=False)


def summary_lock(subject) -> None:
    """Lock the subject's summary row (creating it when missing) before any of its deadlines: see the lock order."""
    summary_lock_for(ContentType.objects.get_for_model(subject).pk, subject.pk)


def summary_lock_for(type_id: int, subject_id: int) -> None:
    where = {"subject_type_id": type_id, "subject_id": subject_id}
    if not list(DeadlineSummary.objects.select_for_update().filter(**where).values_list("pk", flat=True)):
        DeadlineSummary.objects.bulk_create([DeadlineSummary(**where)], ignore_conflicts=True)
        list(DeadlineSummary.objects.select_for_update().filter(**where).values_list("pk", flat=True))


def summaries_refresh(subjects: Iterable[tuple[int, int]]) -> None:
    """Recompute the summaries of these (content type id, subject id) pairs from their deadlines: two queries per
    chunk of subjects, whatever the number of deadlines."""
    by_type: dict[int, set[int]] = defaultdict(set)
    for type_id, subject_id in subjects:
        by_type[type_id].add(subject_id)
    for type_id, ids in by_type.items():
        ordered = sorted(ids)
        for start in range(0, len(ordered), CHUNK):
            _refresh_chunk(type_id, ordered[start : start + CHUNK])


def _refresh_chunk(type_id: int, ids: list[int]) -> None:
    found = {
        row["subject_id"]: (row["all"], row["shared"])
        for row in Deadline.objects.filter(subject_type_id=type_id, subject_id__in=ids)
        .order_by()
        .values("subject_id")
        .annotate(all=Min("due_date", filter=OPEN), shared=Min("due_date", filter=OPEN & PARTNER_VISIBLE))
    }
    rows = [
        DeadlineSummary(
            subject_type_id=type_id,
            subject_id=pk,
            next_due_on=found.get(pk, (None, None))[0],
            next_shared_due_on=found.get(pk, (None, None))[1],
        )
        for pk in ids
    ]
    DeadlineSummary.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["subject_type", "subject_id"],
        update_fields=["next_due_on", "next_shared_due_on"],
    )


def summaries_refresh_for_deadlines(deadline_ids: Iterable[int]) -> None:
    ids = sorted(set(deadline_ids))
    subjects: set[tuple[int, int]] = set()
    for start in range(0, len(ids), CHUNK):
        subjects.update(
            Deadline.objects.filter(pk__in=ids[start : start + CHUNK]).values_list("subject_type_id", "subject_id")
        )
    summaries_refresh(subjects)


def on_deadline_saved(sender, instance: Deadline, raw=False, **kwargs) -> None:
    if not raw:  # fixtures load deadlines before anything else; `summaries_rebuild` covers them
        summaries_refresh([(instance.subject_type_id, instance.subject_id)])


_SUBJECTS_DELETING: ContextVar[bool] = ContextVar("summary_subjects_deleting", default=False)


@contextmanager
def subjects_deleting():
    """Around the delete of subjects with all their deadlines: the cascade removes their summaries too, so the
    refresh after each deleted deadline (two queries each) has nothing left to do."""
    token = _SUBJECTS_DELETING.set(True)
    try:
        yield
    finally:
        _SUBJECTS_DELETING.reset(token)


def on_deadline_deleted(sender, instance: Deadline, **kwargs) -> None:
    if not _SUBJECTS_DELETING.get():
        summaries_refresh([(instance.subject_type_id, instance.subject_id)])


def summaries_rebuild() -> int:
    """Every subject's summary from scratch (the migration that adds them; a repair after raw SQL)."""
    pairs = set(Deadline.objects.values_list("subject_type_id", "subject_id").distinct())
    DeadlineSummary.objects.all().delete()
    summaries_refresh(pairs)
    return len(pairs)
