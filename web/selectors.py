"""The per-object audit trail (/history/<app_label>/<model>/<pk>/): any app's history, through the access rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import Model
from django.http import Http404

from coalition.access import can_view

HISTORY_PAGE_SIZE = 25
# Bookkeeping fields every change touches; showing them would bury the real changes.
# `version` is bookkeeping (core.versioning): every change bumps it, so showing it would say nothing.
HISTORY_HIDDEN_FIELDS = frozenset({"id", "created_at", "updated_at", "version"})
ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    action: str
    reason: str
    changes: list[FieldChange]


@dataclass(frozen=True)
class ObjectHistory:
    model: type[Model]
    pk: int
    label: str
    current: Model | None  # None once the object is deleted
    page: Page
    entries: list[HistoryEntry]

    @property
    def kind(self) -> str:
        return str(self.model._meta.verbose_name)


def history_model(*, app_label: str, model_name: str) -> type[Model]:
    """The model behind /history/<app_label>/<model>/: only models that keep history (404 for anything else)."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404("No such kind of object.") from None
    if not hasattr(model._meta, "simple_history_manager_attribute"):
        raise Http404("This kind of object keeps no history.")
    if not getattr(model, "history_page", True):
        # Its history is bookkeeping (a feed's secret rotations), owned by a person rather than an organisation.
        raise Http404("This kind of object has no history page.")
    return model


def object_history_for(*, user, model: type[Model], pk: int, page_number: int | str | None = 1) -> ObjectHistory:
    """The change history of one object, newest first, if `user` may view the object (404 otherwise).

    A deleted object's history stays readable to those who could see it, judged by its last recorded state.
    """
    records = (
        getattr(model, model._meta.simple_history_manager_attribute)
        .filter(**{model._meta.pk.attname: pk})
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    current = model._default_manager.filter(pk=pk).first()
    latest = records.first()
    subject = current if current is not None else (latest.instance if latest is not None else None)
    if subject is None or not can_view(user, subject):
        raise Http404("No such object.")
    page = Paginator(records, HISTORY_PAGE_SIZE).get_page(page_number)
    # One record past the page, so its last change can be diffed too (records may share a timestamp, so the
    # neighbour comes from this ordering rather than a date comparison).
    window = list(records[page.start_index() - 1 : page.end_index() + 1]) if page.paginator.count else []
    entries = [
        _entry(model, record, window[index + 1] if index + 1 < len(window) else None)
        for index, record in enumerate(window[: len(page)])
    ]
    return ObjectHistory(model=model, pk=pk, label=str(subject), current=current, page=page, entries=entries)


def _entry(model: type[Model], record, older) -> HistoryEntry:
    user = record.history_user
    who = (user.get_full_name() or user.get_username()) if user else "System"
    if record.history_type == "~" and older is not None:
        delta = record.diff_against(older, excluded_fields=HISTORY_HIDDEN_FIELDS, foreign_keys_are_objs=True)
        changes = [
            FieldChange(_label(model, c.field), _display(model, c.field, c.old), _display(model, c.field, c.new))
            for c in delta.changes
        ] + _service_written_changes(model, record, older)
    elif record.history_type == "+":
        changes = [
            FieldChange(_label(model, f.name), "", _display(model, f.name, getattr(record, f.name)))
            for f in model._meta.concrete_fields
            # fields the model's history excludes (a secret) are not on the record at all
            if f.name not in HISTORY_HIDDEN_FIELDS and getattr(record, f.attname, None) not in (None, "")
        ]
    else:
        changes = []
    return HistoryEntry(
        when=record.history_date,
        who=who,
        action=ACTIONS.get(record.history_type, record.history_type),
        reason=record.history_change_reason or "",
        changes=changes,
    )


def _service_written_changes(model: type[Model], record, older) -> list[FieldChange]:
    """Changes of the fields only services write (`editable=False`, e.g. a request's status and lifecycle dates, which
    its events derive): django-simple-history's `diff_against` compares editable fields only."""
    changes = []
    for field in record.tracked_fields:
        if field.editable or field.name in HISTORY_HIDDEN_FIELDS:
            continue
        old, new = getattr(older, field.attname), getattr(record, field.attname)
        if old != new:
            if field.is_relation:
                old, new = _related(older, field), _related(record, field)
            changes.append(
                FieldChange(
                    _label(model, field.name), _display(model, field.name, old), _display(model, field.name, new)
                )
            )
    return changes


def _related(record, field):
    try:
        return getattr(record, field.name)
    except ObjectDoesNotExist:
        return f"(deleted #{getattr(record, field.attname)})"


def _label(model: type[Model], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name).capitalize()


def _display(model: type[Model], name: str, value) -> str:
    if value is None or value == "":
        return "—"
    field = model._meta.get_field(name)
    if field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)
