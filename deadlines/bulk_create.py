"""Create many derived deadlines of new subjects at once (a spreadsheet import of 10,000 requests), in a number of
statements that does not grow with the rows.

`deadline_sync` is the path for one subject: it locks the subject's summary and the deadline, computes, saves, and
closes in a second save when the subject's events already closed it. For subjects created in the caller's own
transaction nobody else can hold those rows yet, so here the caller computes every deadline with one shared
`ClosureIndex` (taken under the closures lock, `derived_index`), and `derived_deadlines_create` writes them, each in
its final status, with one history row each ("+", reason "computed: <rule>"), refreshes the subjects' summaries
and tells `deadlines_changed` once on commit, exactly what the one-at-a-time path leaves behind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from coalition.access import access_owner_of
from core.history import bulk_create_copying_history

from .calendar import ClosureIndex
from .locks import closures_lock_shared
from .models import Deadline, DeadlineForum, DeadlineKind, DeadlineStatus
from .rules import RULES, Computation
from .signals import deadlines_changed
from .summaries import summaries_refresh


@dataclass
class NewDeadline:
    """One derived deadline of a subject saved in this transaction, already computed (`deadline_compute` with the
    index of `derived_index`); `status` is open or the status its subject's events closed it as."""

    subject: object
    key: str
    title: str
    rule: str
    trigger: dt.date
    computation: Computation
    options: dict | None = None
    agency: object = None
    court: object = None
    service: str = "electronic"
    responsible: object = None
    status: str = DeadlineStatus.OPEN


def derived_index(first_year: int, last_year: int) -> ClosureIndex:
    """The closure index to compute with, read under the shared closures lock (held to the end of the caller's
    transaction), so a closure committed meanwhile waits for this write and then recomputes what it wrote."""
    closures_lock_shared()
    return ClosureIndex(first_year, last_year)


def derived_deadlines_create(*, actor, items: list[NewDeadline]) -> list[Deadline]:
    """Write `items` (see the module docstring). The caller checked that `actor` may edit every subject (it has just
    created them in an organisation where the actor has an edit role); rules outside the catalogue are refused."""
    if not items:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("derived_deadlines_create must run inside the transaction that created the subjects")
    now = timezone.now()
    types: dict[type, ContentType] = {}
    rows = []
    for item in items:
        if item.rule not in RULES:
            raise ValueError(f"unknown rule {item.rule!r}")
        if item.status not in DeadlineStatus.values:
            raise ValueError(f"unknown status {item.status!r}")
        model = type(item.subject)
        if model not in types:
            types[model] = ContentType.objects.get_for_model(model)
        org_id, sharing, privileged = access_owner_of(item.subject)
        comp = item.computation
        closing = item.status != DeadlineStatus.OPEN
        rows.append(
            Deadline(
                subject_type_id=types[model].pk,  # ids, not instances: cheaper 20,000 times
                subject_id=item.subject.pk,
                key=item.key,
                kind=DeadlineKind.DERIVED,
                title=item.title,
                rule=item.rule,
                trigger_date=item.trigger,
                options=dict(item.options or {}),
                service=item.service,
                agency_id=getattr(item.agency, "pk", None),
                court_id=getattr(item.court, "pk", None),
                forum=DeadlineForum(RULES[item.rule].forum),
                organization_id=org_id,
                sharing=sharing,
                privileged=privileged,
                responsible_id=getattr(item.responsible, "pk", None),
                due_date=comp.due,
                paused_since=comp.paused_since,
                days_remaining=comp.days_remaining,
                window_start=comp.window_start,
                citation=comp.citation,
                steps=comp.steps,
                status=item.status,
                closed_at=now if closing else None,
            )
        )
    created = bulk_create_copying_history(
        rows, Deadline, user=actor, reason="computed: ", reason_column="rule", when=now
    )
    summaries_refresh({(d.subject_type_id, d.subject_id) for d in created})
    ids = sorted(d.pk for d in created)
    transaction.on_commit(lambda: deadlines_changed.send(sender=Deadline, deadline_ids=ids))
    return created
