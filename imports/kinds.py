"""What an import can bring in, one entry per `ImportKind`: its columns and the headers recognised for them, its
mapping check, its row planner (the dry run) and its apply and undo. `imports.services` runs the steps every kind
shares (upload, lock, re-plan and compare with the preview, remember the mapping, the batch's state) and calls the
kind for the rest.

The requests kind keeps its own apply and undo in `imports.services` (its bulk path); `apply`/`undo` are None for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from . import apply_litigation, planning, planning_litigation
from .columns import REQUEST_FIELDS, header_key
from .columns_litigation import CASE_FIELDS, CASE_REQUIRED, DEADLINE_FIELDS, DEADLINE_REQUIRED
from .models import ImportKind

Fields = dict[str, tuple[str, str | None, tuple[str, ...]]]


@dataclass(frozen=True)
class Kind:
    value: str
    noun: str  # what a row becomes, in the plural: "requests", "cases"
    fields: Fields
    required: tuple[str, ...]
    plan: Callable[..., dict]  # (user, organization_id, sheet, mapping) -> the preview
    apply: Callable[..., list] | None = None  # (user, batch, rows to create or update) -> ImportedRecords, unsaved
    undo: Callable[..., None] | None = None  # (user, batch, records, limit): refuses naming what changed, or undoes
    check: Callable[[list[str]], list[str]] | None = None  # the mapping's errors, when the generic check is not all
    recognised: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        for name, (_label, canonical, others) in self.fields.items():
            for header in (canonical, *others) if canonical else others:
                self.recognised.setdefault(header_key(header), name)

    @property
    def labels(self) -> dict[str, str]:
        return {name: label for name, (label, _, _) in self.fields.items()}

    def field_for_header(self, header) -> str:
        return self.recognised.get(header_key(header), "")

    def mapping_errors(self, mapping: list[str]) -> list[str]:
        if self.check is not None:
            return self.check(mapping)
        errors, seen = [], set()
        for name in mapping:
            if name and name not in self.fields:
                errors.append(f"“{name}” is not a field that can be imported.")
            elif name and name in seen:
                errors.append(f"{self.labels[name]} is chosen for more than one column.")
            seen.add(name)
        errors += [f"Choose the column holding the {self.labels[n].lower()}." for n in self.required if n not in seen]
        return errors

    def mapping_suggested(self, headers: list[str], remembered: dict[str, str]) -> list[str]:
        """Each column's field: the organisation's remembered choice for that header, else the recognised header."""
        chosen: list[str] = []
        for header in headers:
            key = header_key(header)
            name = remembered[key] if key in remembered else self.field_for_header(header)
            chosen.append(name if name in self.fields and name not in chosen else "")
        return chosen


KINDS: dict[str, Kind] = {
    ImportKind.REQUESTS: Kind(
        ImportKind.REQUESTS,
        "requests",
        REQUEST_FIELDS,
        ("subject",),
        plan=planning.sheet_plan,
        check=planning.mapping_errors,
    ),
    ImportKind.CASES: Kind(
        ImportKind.CASES,
        "cases",
        CASE_FIELDS,
        CASE_REQUIRED,
        plan=planning_litigation.case_sheet_plan,
        apply=apply_litigation.cases_apply,
        undo=apply_litigation.cases_undo,
    ),
    ImportKind.COURT_DEADLINES: Kind(
        ImportKind.COURT_DEADLINES,
        "court-ordered deadlines",
        DEADLINE_FIELDS,
        DEADLINE_REQUIRED,
        plan=planning_litigation.deadline_sheet_plan,
        apply=apply_litigation.deadlines_apply,
        undo=apply_litigation.deadlines_undo,
    ),
}


def kind_of(value: str) -> Kind:
    return KINDS[value]
