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
