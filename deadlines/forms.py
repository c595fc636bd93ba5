"""The calculator form: the page and GET /api/v1/deadlines/calculate validate through it, with messages naming
the problem (unknown rule, malformed or out-of-range date, unknown agency or court, bad service, malformed options).
Every problem is a form error (the API answers 400), never an exception: trigger years are bounded to the rules'
DATE_MIN..DATE_MAX (1900-2100), and the rules bound every date inside the options the same way."""

import json

from django import forms

from coalition.people import PersonChoiceField, people_ordered
from directory.models import Agency, Court

from .calendar import SERVICE_METHODS
from .models import Deadline, DeadlineStatus
from .rules import DATE_MAX, DATE_MIN, RULES, Computation, RuleError, UnknownRule, deadline_compute, rule_get

SERVICE_CHOICES = [
    ("electronic", "Electronic (ECF, email): nothing added"),
    ("mail", "Mail: +3 days under FRCP 6(d) where it applies"),
]


class _Select(forms.Select):
    """A select over dynamic choices, validated by the field's clean method (so errors name the bad value)."""


class CalculatorForm(forms.Form):
    rule = forms.CharField(widget=_Select, help_text="Each rule shows its citation.")
    trigger = forms.CharField(
        label="Trigger date",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="What the trigger is depends on the rule (received, served, entered...).",
    )
    service = forms.CharField(widget=_Select(choices=SERVICE_CHOICES), required=False, initial="electronic")
    agency = forms.CharField(
        widget=_Select, required=False, help_text="Agency rules use its calendar and, for appeals, its window."
    )
    court = forms.CharField(widget=_Select, required=False, help_text="Court rules use its closures.")
    options = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            'Optional JSON, e.g. {"tolls": [{"start": "2026-12-01", "end": null, "reason": "fee letter",'
            ' "kind": "fees"}]}; a toll\'s kind is "information" (once) or "fees".'
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].widget.choices = [("", "Choose a rule")] + [
            (slug, f"{rule.name} — {rule.citation}") for slug, rule in RULES.items()
        ]
        self.fields["agency"].widget.choices = [("", "No agency (federal holidays, all-agency closures)")] + [
            (a.slug, f"{a.abbreviation} — {a.name}") for a in Agency.objects.order_by("slug")
        ]
        self.fields["court"].widget.choices = [("", "No court (federal holidays and closures only)")] + [
            (c.slug, c.name) for c in Court.objects.order_by("slug")
        ]
        self.computation: Computation | None = None

    def clean_rule(self):
        slug = self.cleaned_data["rule"].strip()
        try:
            return rule_get(slug).slug
        except UnknownRule as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_trigger(self):
        raw = self.cleaned_data["trigger"].strip()
        try:
            day = forms.DateField(input_formats=["%Y-%m-%d"]).clean(raw)
        except forms.ValidationError:
            raise forms.ValidationError(f"Malformed trigger date {raw!r}: use YYYY-MM-DD.") from None
        if not DATE_MIN <= day <= DATE_MAX:
            raise forms.ValidationError(
                f"Trigger date {day} is out of range: use a date in the years {DATE_MIN.year}-{DATE_MAX.year}."
            )
        return day

    def clean_service(self):
        service = self.cleaned_data["service"].strip() or "electronic"
        if service not in SERVICE_METHODS:
            raise forms.ValidationError(f"Unknown service {service!r}: use {' or '.join(SERVICE_METHODS)}.")
        return service

    def clean_agency(self):
        slug = self.cleaned_data["agency"].strip()
        if not slug:
            return None
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            raise forms.ValidationError(f"Unknown agency {slug!r}.")
        return agency

    def clean_court(self):
        slug = self.cleaned_data["court"].strip()
        if not slug:
            return None
        court = Court.objects.filter(slug=slug).first()
        if court is None:
            raise forms.ValidationError(f"Unknown court {slug!r}.")
        return court

    def clean_options(self):
        raw = self.cleaned_data["options"].strip()
        if not raw:
            return {}
        try:
            options = json.loads(raw)
        except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
            raise forms.ValidationError("Malformed options: not valid JSON.") from None
        if not isinstance(options, dict):
            raise forms.ValidationError("Malformed options: expected a JSON object.")
        return options

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.computation = deadline_compute(
                rule=data["rule"],
                trigger=data["trigger"],
                service=data["service"],
                agency=data["agency"],
                court=data["court"],
                options=data["options"],
            )
        except RuleError as exc:
            raise forms.ValidationError(str(exc)) from None
        return data


DATE_INPUT = forms.DateInput(attrs={"type": "date"})
TOLL_ROWS = 3
TOLL_KIND_CHOICES = [
    ("information", "The agency asked for information (once per request)"),
    ("fees", "Clarifying fees (as often as needed)"),
]


class CalculatorPageForm(CalculatorForm):
    """The calculator page: the FOIA options as fields (the API keeps the JSON `options` parameter). Rules that take
    no such option ignore them, with a message."""

    misrouted_on = forms.DateField(
        required=False,
        widget=DATE_INPUT,
        label="First received by another component",
        help_text="The clock starts no later than 10 working days after this date (5 U.S.C. 552(a)(6)(A)(ii)).",
    )
    extension_noticed_on = forms.DateField(
        required=False, widget=DATE_INPUT, label="Unusual-circumstances notice dated"
    )
    extension_days = forms.IntegerField(
        required=False, min_value=1, max_value=10, label="Working days added", help_text="At most 10 ((a)(6)(B)(i))."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["options"]
        for n in range(1, TOLL_ROWS + 1):
            self.fields[f"toll{n}_start"] = forms.DateField(
                required=False, widget=DATE_INPUT, label=f"Toll {n}: clock stopped on"
            )
            self.fields[f"toll{n}_end"] = forms.DateField(
                required=False, widget=DATE_INPUT, label="resumed on", help_text="Empty while it is still stopped."
            )
            self.fields[f"toll{n}_kind"] = forms.ChoiceField(
                required=False, choices=TOLL_KIND_CHOICES, initial="information", label="why"
            )

    BASIC = ("rule", "trigger", "service", "agency", "court")

    def basic_fields(self):
        return [self[name] for name in self.BASIC]

    def option_fields(self):
        return [self[name] for name in self.fields if name not in self.BASIC]

    def options_given(self) -> bool:
        return self.is_bound and any(self.data.get(f.name) for f in self.option_fields() if f.name[-5:] != "_kind")

    def clean(self):
        data = self.cleaned_data
        options: dict = {}
        if data.get("misrouted_on"):
            options["first_received_by_other_component"] = data["misrouted_on"].isoformat()
        noticed, days = data.get("extension_noticed_on"), data.get("extension_days")
        if bool(noticed) != bool(days):
            self.add_error(
                "extension_days" if noticed else "extension_noticed_on", "Give both the notice's date and the days."
            )
        elif noticed:
            options["unusual_circumstances"] = {"noticed_on": noticed.isoformat(), "working_days": days}
        tolls = []
        for n in range(1, TOLL_ROWS + 1):
            start, end = data.get(f"toll{n}_start"), data.get(f"toll{n}_end")
            if end and not start:
                self.add_error(f"toll{n}_start", "When did the clock stop?")
            elif start:
                tolls.append(
                    {
                        "start": start.isoformat(),
                        "end": end.isoformat() if end else None,
                        "reason": "",
                        "kind": data.get(f"toll{n}_kind") or "information",
                    }
                )
        if tolls:
            options["tolls"] = tolls
        data["options"] = options
        return super().clean()


class StatusForm(forms.Form):
    """A person closes or reopens a deadline. Their close is kept against the subject's later events (see
    `deadlines.services`), so it says why."""

    status = forms.ChoiceField(choices=DeadlineStatus.choices)
    reason = forms.CharField(
        label="Why",
        max_length=500,
        required=False,
        help_text="Needed to close it, e.g. “filed via ECF, docket no. 42”. Kept, and shown with your name.",
    )
    # The deadline's version when the page was shown (core.versioning): a change made since is refused.
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("status") not in (None, DeadlineStatus.OPEN) and not data.get("reason", "").strip():
            self.add_error("reason", "Say why you close it: a close by hand stays as you set it, whatever comes next.")
        return data


class AssignForm(forms.Form):
    responsible = PersonChoiceField(queryset=None, required=False, empty_label="Nobody")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, deadline: Deadline, **kwargs):
        from django.contrib.auth import get_user_model

        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = people_ordered(
            get_user_model().objects.filter(memberships__organization_id=deadline.organization_id)
        )
