"""The search box and its filters. Every object a filter names is chosen among what the person may see, so naming
another organisation's request or case is refused exactly like a missing one."""

from __future__ import annotations

from django import forms

from coalition.access import restrict_visible, user_access
from coalition.models import Organization
from directory.models import Agency
from documents.choices import Exemption
from foia.models import FoiaRequest
from litigation.models import Case

from .engine import PER_PAGE, search
from .query import MAX_LENGTH
from .sources import SOURCES


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search",
        max_length=MAX_LENGTH,
        required=False,
        help_text='Words, "a phrase", OR, -exclude',
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label="Only", required=False, choices=[("", "Everything"), *((s.kind, s.label) for s in SOURCES)]
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.order_by("abbreviation"), to_field_name="slug", required=False,
        empty_label="Any agency",
    )  # fmt: skip
    organization = forms.ModelChoiceField(
        label="Organisation", queryset=Organization.objects.none(), to_field_name="slug", required=False,
        empty_label="Any organisation",
    )  # fmt: skip
    exemption = forms.ChoiceField(
        label="Exemption (document pages)", required=False, choices=[("", "Any exemption"), *Exemption.choices]
    )
    date_from = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    # Named by links ("search this request's letters and documents"), not picked from a list of thousands.
    request = forms.ModelChoiceField(queryset=FoiaRequest.objects.none(), required=False, widget=forms.HiddenInput)
    case = forms.ModelChoiceField(queryset=Case.objects.none(), required=False, widget=forms.HiddenInput)
    page = forms.IntegerField(required=False, min_value=1, max_value=26, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        access = user_access(user)
        self.fields["organization"].queryset = Organization.objects.filter(
            pk__in=[*access.org_ids, *access.partner_org_ids]
        ).order_by("name")
        self.fields["request"].queryset = restrict_visible(FoiaRequest.objects.all(), user)
        self.fields["case"].queryset = restrict_visible(Case.objects.all(), user)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date is before the start date.")
        return data

    def page_number(self) -> int:
        return self.cleaned_data.get("page") or 1

    def results(self):
        """The search this valid form asks for, on its page (the page and the API run the same one)."""
        data = self.cleaned_data
        return search(
            user=self.user,
            text=data["q"],
            filters=self.filters(),
            kinds=[data["kind"]] if data["kind"] else None,
            offset=(self.page_number() - 1) * PER_PAGE,
        )

    def filters(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) for name in ("agency", "organization", "exemption", "date_from", "date_to",
                                                   "request", "case")}  # fmt: skip
