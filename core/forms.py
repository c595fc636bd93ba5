"""Form plumbing shared by every app (no domain here)."""

from __future__ import annotations

from django import forms

from .versioning import StaleVersion


class VersionedFormMixin:
    """An edit form that carries the version of the object it was read at (hidden `version` field).

    The view passes `form.cleaned_data["version"]` to the write service, which refuses a stale save with
    `StaleVersion`; `refuse_stale` then shows what changed (theirs vs yours) on the form, keeps what the person
    typed, and moves the hidden version to the current one, so saving again deliberately keeps their input.

    Give it `version=<int>` (the object's version) when it is not a ModelForm of the object.
    """

    def __init__(self, *args, version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if version is None:
            instance = getattr(self, "instance", None)
            version = getattr(instance, "version", None) if getattr(instance, "pk", None) else None
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False, initial=version)
        if version is not None and not self.is_bound:
            self.initial["version"] = version

    def refuse_stale(self, error: StaleVersion) -> None:
        self.add_error(None, error.summary())
        for change in error.changes:
            if change.field in self.fields:
                self.add_error(change.field, f"Changed to “{change.theirs}” since you opened this form.")
        # Bound forms render their data: move the hidden version to the one the person has now seen.
        data = self.data.copy()
        data[self.add_prefix("version")] = str(error.current)
        self.data = data


class FormSection:
    """One group of a sectioned form, as the form_section component renders it."""

    def __init__(self, *, title: str, fields: list, hint: str = "", folded: bool = False):
        self.title, self.fields, self.hint, self.folded = title, fields, hint, folded

    @property
    def open(self) -> bool:
        """A folded section opens by itself when it holds an error or anything entered, so nothing is ever hidden."""
        return any(field.errors or _has_value(field) for field in self.fields)


def _has_value(bound_field) -> bool:
    """Something a person entered (or the saved object holds), as opposed to the field's empty or default value."""
    value = bound_field.value()
    if isinstance(value, (list, tuple)):
        value = [v for v in value if v not in (None, "")]
    if value in (None, "", [], False, "false", "False", "off"):
        return False
    form = bound_field.form
    # Typed by the person, or saved on the object being edited; an unbound new form shows only its defaults.
    return bool(form.is_bound or getattr(getattr(form, "instance", None), "pk", None))


class SectionedFormMixin:
    """A long form shown as sections (templates/partials/form_sections.html), the rare ones folded away.

    `sections` is a sequence of (title, field names, options) with options `folded` and `hint`. A visible field that no
    section names is shown in a last "Other" section, so adding a field to the form can never hide it; names the form
    does not have (a field removed for this user or instance) are skipped.
    """

    sections: tuple = ()

    def form_sections(self) -> list[FormSection]:
        visible = {field.name: field for field in self.visible_fields()}
        placed: set[str] = set()
        result = []
        for title, names, *options in self.sections:
            fields = [visible[name] for name in names if name in visible]
            placed.update(field.name for field in fields)
            if fields:
                result.append(FormSection(title=title, fields=fields, **(options[0] if options else {})))
        rest = [field for name, field in visible.items() if name not in placed]
        if rest:
            result.append(FormSection(title="Other", fields=rest))
        return result
