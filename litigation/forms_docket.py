"""Forms of the docket actions. Every choice of an object is among what the user may see on this case; the services
check the rest (an opposition answers a motion, a deadline is ordered by an order) and name the field they refuse."""

from __future__ import annotations

from django import forms

from core.forms import SectionedFormMixin, VersionedFormMixin
from foia.exemptions import Exemption

from .models import Case
from .models_docket import ORDER_KINDS, CaseNote, EntryKind, ServiceMethod
from .models_schedule import ChallengeStatus, ProductionPeriod, VaughnEntry
from .selectors_docket import docket_list_for, may_write_privileged, schedule_list_for, vaughn_list_for

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EntryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"ECF No. {obj.number} ({obj.filed_on.isoformat()}): {obj.description}"[:120]


class DeadlineChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        due = obj.due_date.isoformat() if obj.due_date else "paused"
        return f"{obj.title}, due {due}"


def _entries(user, case: Case):
    return docket_list_for(user=user).filter(case=case).order_by("-number")


def _open_court_deadlines(user, case: Case):
    from .selectors import case_deadlines  # the case's deadlines the user may see

    return case_deadlines(user=user, case=case).filter(forum="court", status="open")


class _EntryFields(forms.Form):
    """What an entry says, shared by docketing one and correcting it."""

    filed_on = forms.DateField(widget=DATE, help_text="Entered on, for an order or judgment.")
    kind = forms.ChoiceField(choices=[("", "Choose what was filed"), *EntryKind.choices])
    description = forms.CharField(max_length=500, label="Docket text", help_text="e.g. 'MOTION to Dismiss'")
    filer = forms.CharField(max_length=200, required=False, help_text="e.g. 'Defendant DHS', 'Plaintiffs', 'Court'")
    responds_to = EntryChoiceField(
        queryset=None, required=False, empty_label="Answers no motion", label="Answers the motion"
    )
    service = forms.ChoiceField(choices=ServiceMethod.choices, initial=ServiceMethod.ELECTRONIC)

    def __init__(self, *args, case: Case, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responds_to"].queryset = _entries(user, case)


class DocketEntryForm(SectionedFormMixin, _EntryFields):
    sections = (
        ("The entry", ("number", "filed_on", "kind", "description", "filer")),
        ("What it answers or meets", ("responds_to", "schedule", "satisfies"), {"hint": "oppositions, replies, JSRs"}),
        ("Service and document", ("service", "document"), {"folded": True, "hint": "mail service, the PDF"}),
    )
    number = forms.IntegerField(label="ECF No.", min_value=1, max_value=999999)
    schedule = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="Not under a schedule", label="Filed under the schedule"
    )
    satisfies = DeadlineChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Court deadlines it meets",
        help_text="Each ticked deadline is marked filed by you, with this entry.",
    )
    document = forms.FileField(required=False, help_text="PDF, Word or an image; downloaded, never shown inline.")

    def __init__(self, *args, case: Case, user, **kwargs):
        super().__init__(*args, case=case, user=user, **kwargs)
        self.fields["schedule"].queryset = schedule_list_for(user=user).filter(case=case, cancelled_on__isnull=True)
        self.fields["satisfies"].queryset = _open_court_deadlines(user, case)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["satisfies"] = list(data.get("satisfies") or [])
        return data


class OrderedDeadlineForm(forms.Form):
    order = EntryChoiceField(queryset=None, empty_label="Choose the order", label="The order that set it")
    title = forms.CharField(max_length=200, help_text="What is due, e.g. 'Defendants' first production'")
    due_date = forms.DateField(widget=DATE)
    note = forms.CharField(required=False, max_length=500, help_text="The order's words, if useful")

    def __init__(self, *args, case: Case, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].queryset = _entries(user, case)


class MarkFiledForm(VersionedFormMixin, forms.Form):
    entry = EntryChoiceField(queryset=None, empty_label="Choose the filing", label="Filed as")

    def __init__(self, *args, case: Case, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = _entries(user, case)


class ScheduleForm(forms.Form):
    title = forms.CharField(max_length=120, initial="Joint status report")
    every_days = forms.IntegerField(label="Every (days)", min_value=1, max_value=3660, initial=60)
    starts_on = forms.DateField(widget=DATE, label="From", help_text="The date the periods run from (the order's date)")
    ends_on = forms.DateField(widget=DATE, required=False, label="Until", help_text="Empty: until the court ends it")
    order = EntryChoiceField(queryset=None, required=False, empty_label="No order recorded", label="Ordered by")

    def __init__(self, *args, case: Case, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].queryset = _entries(user, case)


class NoteForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = CaseNote
        fields = ["body", "privileged", "vaughn_entry"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}
        labels = {"privileged": "Privileged (attorney work product)", "vaughn_entry": "About the Vaughn entry"}

    def __init__(self, *args, case: Case, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vaughn_entry"].queryset = vaughn_list_for(user=user).filter(case=case)
        self.fields["vaughn_entry"].empty_label = "Not about a Vaughn entry"
        if self.instance.pk:  # a note stays about what it was written about
            del self.fields["vaughn_entry"]
        if not may_write_privileged(user=user, case=case):
            del self.fields["privileged"]


class DocketEntryEditForm(VersionedFormMixin, _EntryFields):
    """Correct an entry (its number stays: remove and docket again to renumber); what it triggers is recomputed."""

    def __init__(self, *args, case: Case, user, entry=None, **kwargs):
        if entry is not None:
            kwargs.setdefault("version", entry.version)
            kwargs.setdefault(
                "initial",
                {
                    "filed_on": entry.filed_on,
                    "kind": entry.kind,
                    "description": entry.description,
                    "filer": entry.filer,
                    "service": entry.service,
                    "responds_to": entry.responds_to_id,
                },
            )
        super().__init__(*args, case=case, user=user, **kwargs)
        if entry is not None:  # an entry answers another one, never itself
            self.fields["responds_to"].queryset = self.fields["responds_to"].queryset.exclude(pk=entry.pk)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class ProductionScheduleForm(SectionedFormMixin, forms.Form):
    sections = (
        ("The order", ("order", "title")),
        ("Pages and periods", ("pages_per_period", "period", "every_days", "first_due")),
        ("Until", ("ends_on", "total_pages"), {"hint": "both optional: open-ended until the court ends it"}),
    )
    order = EntryChoiceField(queryset=None, required=False, empty_label="No order recorded", label="Ordered by")
    title = forms.CharField(max_length=120, initial="Production", help_text="e.g. 'ICE production'")
    pages_per_period = forms.IntegerField(label="Pages each period", min_value=1, max_value=10_000_000)
    period = forms.ChoiceField(choices=ProductionPeriod.choices, initial=ProductionPeriod.MONTHLY)
    every_days = forms.IntegerField(
        label="Every (days)", min_value=1, max_value=3660, required=False, help_text="For an 'every N days' schedule"
    )
    first_due = forms.DateField(widget=DATE, label="First production due")
    ends_on = forms.DateField(widget=DATE, required=False, label="Ends on", help_text="No production due after it")
    total_pages = forms.IntegerField(
        label="Total pages expected", min_value=1, max_value=10_000_000, required=False,
        help_text="Needed for a projected completion date",
    )  # fmt: skip

    def __init__(self, *args, case: Case, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].queryset = _entries(user, case).filter(kind__in=ORDER_KINDS)


class VaughnDueForm(forms.Form):
    order = EntryChoiceField(queryset=None, empty_label="Choose the order", label="The order that set it")
    due_date = forms.DateField(widget=DATE, label="Vaughn index due")

    def __init__(self, *args, case: Case, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].queryset = _entries(user, case).filter(kind__in=ORDER_KINDS)


class VaughnEntryForm(VersionedFormMixin, forms.Form):
    number = forms.IntegerField(label="Entry no.", min_value=1, max_value=999_999)
    description = forms.CharField(max_length=500, label="Record", help_text="As the index describes it")
    bates = forms.CharField(max_length=120, required=False, label="Bates / pages", help_text="e.g. ICE-ISAP-000114-120")
    pages = forms.IntegerField(min_value=0, max_value=10_000_000, required=False, label="Pages")
    exemptions = forms.MultipleChoiceField(
        choices=Exemption.choices, widget=forms.CheckboxSelectMultiple, required=False, label="Exemptions claimed"
    )
    justification = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    challenge_status = forms.ChoiceField(choices=ChallengeStatus.choices, label="Our challenge")

    def __init__(self, *args, case: Case, user, entry: VaughnEntry | None = None, **kwargs):
        if entry is not None:
            kwargs.setdefault("version", entry.version)
            kwargs.setdefault("initial", {name: getattr(entry, name) for name in (*VAUGHN_FIELDS, "number")})
        super().__init__(*args, **kwargs)
        if entry is not None:  # the number stays: it is how the index names the record
            del self.fields["number"]

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["exemptions"] = list(data.get("exemptions") or [])
        return data


VAUGHN_FIELDS = ("description", "bates", "pages", "exemptions", "justification", "challenge_status")
