"""Optimistic concurrency: every editable object carries a version, and a save made from an older one is refused.

Two people open the same edit form; without a version the second save silently puts back what the first one
changed. Here:

- `Versioned` (an abstract model) adds a `version` column. Every `save()` of an existing row is a conditional
  ``UPDATE ... SET version = N + 1 WHERE pk = ... AND version = N``, N being the version the instance was read at,
  so the check and the write are one statement: an instance read before someone else's save can never overwrite it
  (the save raises `StaleVersion`). Code that writes with `QuerySet.update()` bumps it itself
  (``version=F("version") + 1``).
- A write service that edits on behalf of a person takes the version the person read (the form's hidden field) and
  calls `version_check` on the row it locked: a stale one is refused with the fields that changed, their value and
  the person's, so the form can show both and keep the person's input.
- The API does the same with ETags and If-Match (`core.etags`).

This module knows no domain: any model inherits `Versioned`; apps to come (litigation, documents) get it for free.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

VERSION_HELP = "Bumped by every save; an edit made from an older version is refused (forms, API If-Match)."


@dataclass(frozen=True)
class Change:
    """One field someone else changed since the version a person read: `theirs` is what is stored now, `yours`
    what the person submitted (both as shown to people)."""

    field: str
    label: str
    theirs: str
    yours: str


class StaleVersion(ValidationError):
    """The object changed since `version` was read. A ValidationError (code "stale"), so every view and API that
    shows a service's refusal shows this one too; `changes` says what changed."""

    def __init__(self, *, current: int, version: int | None, changes: list[Change] = (), who: str = ""):
        self.current, self.version, self.changes, self.who = current, version, list(changes), who
        super().__init__(self.summary(), code="stale")

    def summary(self) -> str:
        by = f" by {self.who}" if self.who else ""
        head = f"This was saved{by} after you opened it (you had version {self.version}, it is now at {self.current})."
        if not self.changes:
            return f"{head} Check the current values and save again."
        listed = "; ".join(f"{c.label}: “{c.theirs}” (theirs) vs “{c.yours}” (yours)" for c in self.changes)
        return f"{head} Changed since: {listed}. Your input is kept below: save again to keep yours."


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False, help_text=VERSION_HELP)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        read = self.version
        self._version_read = read
        self.version = read + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        try:
            return super().save(*args, **kwargs)
        except BaseException:
            self.version = read
            raise
        finally:
            del self._version_read

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        read = getattr(self, "_version_read", None)
        if read is None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        if super()._do_update(base_qs.filter(version=read), using, pk_val, values, update_fields, forced_update):
            return True
        current = base_qs.filter(pk=pk_val).values_list("version", flat=True).first()
        if current is None:
            return False  # no such row: Django inserts it, as for any model
        raise StaleVersion(current=current, version=read)


def _shown(field: models.Field, value: Any) -> str:
    """A value as a person reads it: choices by label, related objects by name, empty as an em dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, models.Model):
        return str(value)
    if field.is_relation:
        target = field.related_model._default_manager.filter(pk=value).first()
        return str(target) if target is not None else str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _raw(field: models.Field, value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


def version_changes(*, instance: Versioned, version: int, values: dict[str, Any]) -> list[Change]:
    """The fields of `values` (what a person submitted) that someone else changed since `version`: stored now vs
    submitted. Without a history row of that version (no history on the model), every submitted field whose stored
    value differs from the submitted one is listed."""
    then = None
    history = getattr(type(instance), "history", None)
    if history is not None:
        rows = history.model.objects.filter(**{instance._meta.pk.attname: instance.pk}, version=version)
        then = rows.order_by("-history_id").first()
    changes = []
    for name, submitted in values.items():
        try:
            field = instance._meta.get_field(name)
        except Exception:  # a form field that is no model field (tags typed as text...)
            continue
        if not field.concrete or field.many_to_many:
            continue
        now = getattr(instance, field.attname)
        if then is not None:
            if getattr(then, field.attname, now) == now:
                continue  # not changed since the person read it
        elif now == _raw(field, submitted):
            continue
        changes.append(Change(name, str(field.verbose_name).capitalize(), _shown(field, now), _shown(field, submitted)))
    return changes


def _last_author(instance: Versioned) -> str:
    history = getattr(type(instance), "history", None)
    if history is None:
        return ""
    rows = history.model.objects.filter(**{instance._meta.pk.attname: instance.pk})
    last = rows.order_by("-history_id").select_related("history_user").first()
    user = getattr(last, "history_user", None)
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def version_check(*, instance: Versioned, version: int | None, values: dict[str, Any] | None = None) -> None:
    """Refuse a write made from `version` if `instance` (locked by the caller, `select_for_update`) is newer.

    `version=None` means the caller states no version (automatic writes, an API call without If-Match): nothing is
    checked, and the save still bumps the version. `values` are what the person submitted, to list what changed."""
    if version is None or instance.version == version:
        return
    raise StaleVersion(
        current=instance.version,
        version=version,
        changes=version_changes(instance=instance, version=version, values=values or {}),
        who=_last_author(instance),
    )
