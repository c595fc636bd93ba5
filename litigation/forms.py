"""Forms of the case pages. They validate input and build service arguments; the services do the writing."""

from __future__ import annotations

from django import forms

from coalition.models import Sharing
from core.forms import SectionedFormMixin, VersionedFormMixin
from directory.models import Agency, Court

from .dockets import FORMATS
from .models import Case, Counsel, CounselRole, Party, PartySide
from .selectors import linkable_requests

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _courts():
    return Court.objects.order_by("name")


class CaseForm(SectionedFormMixin, VersionedFormMixin, forms.ModelForm):
    sections = (
        ("The case", ("caption", "court", "docket_number", "filed_on", "status", "claim")),
        ("Judges", ("judge", "magistrate_judge")),
        ("Sharing", ("sharing", "privileged")),
        ("Outcome", ("outcome",), {"folded": True, "hint": "how the case ended or what was won"}),
    )

    class Meta:
        model = Case
        fields = list(Case.EDITABLE_FIELDS)
        widgets = {"filed_on": DATE, "outcome": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = _courts()
        self.fields["court"].empty_label = "Not filed yet"
        self.fields["sharing"].initial = Sharing.ORGANIZATION
        examples = ", ".join(f"{f.abbreviation} {f.example}" for f in FORMATS.values())
        self.fields["docket_number"].help_text = f"office:yy-cv-nnnnn, checked against the court ({examples})."

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)  # passed on its own to the update service
        return data


class ServiceForm(VersionedFormMixin, forms.ModelForm):
    """Service on the United States (FRCP 4(i)): the three dates; the answer deadline runs from the first."""

    class Meta:
        model = Case
        fields = list(Case.SERVICE_FIELDS)
        widgets = dict.fromkeys(Case.SERVICE_FIELDS, DATE)


class PartyForm(forms.ModelForm):
    class Meta:
        model = Party
        fields = ["side", "name", "agency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.order_by("abbreviation")
        self.fields["agency"].label_from_instance = lambda a: f"{a.abbreviation} — {a.name}"
        self.fields["agency"].empty_label = "Not an agency"
        self.fields["side"].initial = PartySide.DEFENDANT
        self.fields["side"].choices = PartySide.choices


class CounselForm(forms.ModelForm):
    class Meta:
        model = Counsel
        fields = ["name", "firm", "role", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = CounselRole.choices


class RequestLinkForm(forms.Form):
    """Link a FOIA request the user may see (a foreign or missing one is refused alike)."""

    request = forms.ModelChoiceField(
        queryset=None, label="FOIA request", empty_label="Choose a request", help_text="A request the case enforces."
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = linkable_requests(user=user)
        self.fields["request"].label_from_instance = lambda r: f"{r.agency.abbreviation}: {r.subject} (#{r.pk})"
