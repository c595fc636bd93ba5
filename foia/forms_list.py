"""The request list's own forms: save the current filters as a view, and act on the selected rows."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from coalition.people import PersonChoiceField, person_name

from . import selectors


class SavedViewForm(forms.Form):
    name = forms.CharField(max_length=80, label="Save these filters as", help_text="e.g. My overdue")
    query = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)


class RequestIdsField(forms.Field):
    """The ticked rows: a list of request numbers (the services decide which the person may act on)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        try:
            return sorted({int(v) for v in value})
        except (TypeError, ValueError):
            raise ValidationError("Select requests by their number.", code="invalid") from None


class BulkActionForm(forms.Form):
    ACTIONS = [
        ("assign", "Assign"),
        ("tag", "Add a tag"),
        ("share", "Share with the coalition"),
        ("export", "Export selected (CSV)"),
    ]

    action = forms.ChoiceField(choices=ACTIONS, label="With the selected requests")
    ids = RequestIdsField(required=False)
    # Without JavaScript, "all on this page" sends the page's ids alongside (page_ids), used when it is ticked.
    whole_page = forms.BooleanField(required=False, label="All on this page")
    page_ids = RequestIdsField(required=False)
    assigned_to = PersonChoiceField(
        queryset=get_user_model().objects.none(), required=False, label="Staff", empty_label="Leave as is"
    )
    attorney = PersonChoiceField(
        queryset=get_user_model().objects.none(), required=False, label="Attorney", empty_label="Leave as is"
    )
    tag = forms.CharField(max_length=60, required=False, label="Tag")
    query = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        people = selectors.bulk_people_choices(user=user)
        self.fields["assigned_to"].queryset = people
        self.fields["attorney"].queryset = people
        # Both selects offer the same people: one query renders them (validation still goes through the queryset).
        choices = [("", "Leave as is"), *((person.pk, person_name(person)) for person in people)]
        self.fields["assigned_to"].choices = choices
        self.fields["attorney"].choices = choices

    def selected_ids(self) -> list[int]:
        data = self.cleaned_data
        return sorted(set(data["ids"]) | (set(data["page_ids"]) if data.get("whole_page") else set()))
