"""The upload form and the mapping step (one select per column of the sheet)."""

from __future__ import annotations

from django import forms

from .kinds import kind_of
from .models import ImportKind

IGNORE = ("", "Ignore this column")


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="The file holds", choices=ImportKind.choices, initial=ImportKind.REQUESTS)
    file = forms.FileField(
        label="Spreadsheet",
        help_text="CSV (any encoding, comma or semicolon separated) or XLSX. Macro-enabled workbooks (.xlsm) are "
        "refused.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,text/csv"}),
    )


class MappingForm(forms.Form):
    """`column_<n>`: the field column n is read as, prefilled from the batch's suggested or last mapping."""

    def __init__(
        self,
        *args,
        headers: list[str],
        mapping: list[str],
        samples: list[str] | None = None,
        kind: str = ImportKind.REQUESTS,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        choices = [IGNORE, *kind_of(kind).labels.items()]
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header,
                choices=choices,
                required=False,
                initial=mapping[index] if index < len(mapping) else "",
            )
        # Shown escaped beside each select (never as help_text, which the field partial renders as markup).
        self.samples = list(samples or []) + [""] * (len(headers) - len(samples or []))

    def columns(self):
        return [(self[f"column_{i}"], self.samples[i]) for i in range(len(self.samples))]

    def mapping(self) -> list[str]:
        return [self.cleaned_data.get(f"column_{i}", "") for i in range(len(self.fields))]
