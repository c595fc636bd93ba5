"""Forms of the court-ordered case management actions: an Open America stay (grant, lift) and a cross-motions for
summary judgment briefing schedule. Choices are among the case's orders the user may see; the services check the
dates and name the field they refuse."""

from __future__ import annotations

from django import forms

from core.forms import VersionedFormMixin

from .forms_docket import DATE, EntryChoiceField, _entries
from .models import Case
from .models_docket import ORDER_KINDS
from .models_stay import OPEN_AMERICA
from .services_briefing import BRIEFS


def _orders(user, case: Case):
    return _entries(user, case).filter(kind__in=ORDER_KINDS)


class StayForm(forms.Form):
    order = EntryChoiceField(queryset=None, empty_label="Choose the order", label="The order that granted it")
    granted_on = forms.DateField(widget=DATE, required=False, help_text="Empty: the order's date")
    until = forms.DateField(
        widget=DATE, required=False, label="Stayed until", help_text="Empty: open-ended, until the court lifts it"
    )
    basis = forms.CharField(max_length=300, required=False, initial=OPEN_AMERICA, help_text="The authority relied on")

    def __init__(self, *args, case: Case, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].queryset = _orders(user, case)


class StayLiftForm(VersionedFormMixin, forms.Form):
    lifted_on = forms.DateField(widget=DATE, help_text="The date the court lifted the stay")


class CrossMotionForm(forms.Form):
    order = EntryChoiceField(queryset=None, empty_label="Choose the order", label="The scheduling order")

    def __init__(self, *args, case: Case, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].queryset = _orders(user, case)
        for name, _, title in BRIEFS:
            self.fields[name] = forms.DateField(widget=DATE, label=title)
