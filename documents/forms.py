"""Forms of the documents pages: they validate input and build service arguments; the services write."""

from __future__ import annotations

from django import forms

from core.forms import SectionedFormMixin, VersionedFormMixin
from foia.forms import MultipleFileField

from . import selectors
from .choices import Exemption
from .models import COUNT_FIELDS, Document

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EXEMPTION_FIELD = "exemption_"


class ScheduleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.case.caption})"[:160]


class ProductionForm(SectionedFormMixin, forms.Form):
    """A new production of a request; the request is one the user may edit, the cover letter one of its letters."""

    sections = (
        ("Release", ["request", "date", "label", "cover_letter", "schedule"]),
        ("The agency's page counts", list(COUNT_FIELDS), {"hint": "As the cover letter states them."}),
        (
            "Exemptions cited",
            [f"{EXEMPTION_FIELD}{code}" for code in Exemption.values],
            {"folded": True, "hint": "How many times the letter cites each."},
        ),
        ("Other", ["privileged", "notes"], {"folded": True}),
    )

    request = forms.ModelChoiceField(queryset=None, empty_label="Choose a request")
    date = forms.DateField(widget=DATE, help_text="The date of the release.")
    label = forms.CharField(max_length=200, required=False, help_text='e.g. "Interim release 3".')
    cover_letter = forms.ModelChoiceField(queryset=None, required=False, empty_label="No cover letter logged")
    schedule = ScheduleChoiceField(
        queryset=None,
        required=False,
        empty_label="Not under a court-ordered schedule",
        label="Counts against the production schedule",
        help_text="Of a case that enforces the request; its pages processed count toward the schedule.",
    )
    pages_processed = forms.IntegerField(min_value=0, required=False)
    pages_released_full = forms.IntegerField(min_value=0, required=False, label="Released in full")
    pages_released_part = forms.IntegerField(min_value=0, required=False, label="Released in part")
    pages_withheld = forms.IntegerField(min_value=0, required=False, label="Withheld in full")
    privileged = forms.BooleanField(required=False, help_text="Kept from coalition partners.")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, user, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = selectors.requests_editable(user=user)
        if request is not None:
            self.fields["request"].initial = request.pk
        chosen = request
        if self.is_bound:
            chosen = self.fields["request"].queryset.filter(pk=self.data.get("request") or 0).first() or chosen
        self.fields["cover_letter"].queryset = selectors.cover_letters(user=user, request=chosen)
        self.fields["schedule"].queryset = selectors.schedules_for_request(user=user, request=chosen)
        if chosen is None:
            self.fields["schedule"].help_text = "Add the production from its request's page to choose one."
        if chosen is None:
            self.fields["cover_letter"].help_text = "Add the production from its request's page to choose one."
        for code, label in Exemption.choices:
            self.fields[f"{EXEMPTION_FIELD}{code}"] = forms.IntegerField(min_value=1, required=False, label=label)

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in ("date", "label", "cover_letter", "schedule", "privileged", "notes")}
        fields.update({name: data[name] for name in COUNT_FIELDS})
        fields["exemptions_cited"] = {
            code: data[f"{EXEMPTION_FIELD}{code}"] for code in Exemption.values if data.get(f"{EXEMPTION_FIELD}{code}")
        }
        return fields


class UploadForm(forms.Form):
    files = MultipleFileField(
        allow_empty_file=True,  # an empty file is refused by the service with its name, the rest of the batch taken
        label="Files",
        help_text="PDFs, images (PNG, JPEG, TIFF), Word (.docx), Excel (.xlsx), emails (.eml) or ZIPs of them; "
        "several at once.",
    )


class DocumentForm(VersionedFormMixin, forms.ModelForm):
    """A document's metadata, as people correct it; what processing found stays (pages, exemptions)."""

    class Meta:
        model = Document
        fields = ["title", "date", "description", "bates_start", "bates_end"]
        widgets = {"date": DATE, "description": forms.Textarea(attrs={"rows": 3})}
