"""Forms of the request pages. They validate input and build service arguments; the services do the writing."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from coalition.models import Sharing
from coalition.people import PersonChoiceField, people_ordered
from core.forms import SectionedFormMixin, VersionedFormMixin
from directory.models import Agency

from .choices import (
    APPEAL_OF_CHOICES,
    COMMUNICATION_KINDS_BY_DIRECTION,
    AppealOutcome,
    Channel,
    CommunicationKind,
    Direction,
    EventKind,
    FeeWaiverOutcome,
    FinalOutcome,
    RequestStatus,
    TollReason,
    Track,
    TrackingKind,
)
from .lifecycle import MAX_EXTENSION_WORKING_DAYS, TRANSITIONS, allowed_events
from .models import Appeal, FoiaRequest
from .services import EventInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern). Types and size are checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def _members(organization_id):
    return people_ordered(get_user_model().objects.filter(memberships__organization_id=organization_id))


class FoiaRequestForm(SectionedFormMixin, VersionedFormMixin, forms.ModelForm):
    # What most requests need is open; fees, expedited processing and the agency's processing details are folded.
    sections = (
        ("The request", ("agency", "subject", "request_text", "tags_text", "confirm_not_duplicate")),
        ("Who works on it", ("assigned_to", "attorney", "sharing")),
        (
            "Fees and fee waiver",
            ("requester_category", "fee_limit", "fee_waiver_requested", "fee_waiver_justification"),
            {"folded": True, "hint": "requester category, fee limit, waiver request"},
        ),
        (
            "Expedited processing",
            ("expedited_requested", "expedited_justification"),
            {"folded": True, "hint": "compelling need, 5 U.S.C. 552(a)(6)(E)"},
        ),
        (
            "Agency processing",
            ("track", "estimated_completion_on", "drafted_on"),
            {"folded": True, "hint": "track, estimated completion, drafted on"},
        ),
    )

    tags_text = forms.CharField(
        label="Tags",
        required=False,
        help_text="Comma-separated, e.g. ISAP, SmartLINK, Trust Stamp, BI Inc. contracts, facial recognition",
    )
    confirm_not_duplicate = forms.BooleanField(
        required=False, label="I have checked the similar requests above and this is not a duplicate"
    )

    class Meta:
        model = FoiaRequest
        fields = list(FoiaRequest.EDITABLE_FIELDS)
        widgets = {
            "request_text": forms.Textarea(attrs={"rows": 10}),
            "fee_waiver_justification": forms.Textarea(attrs={"rows": 3}),
            "expedited_justification": forms.Textarea(attrs={"rows": 3}),
            "estimated_completion_on": DATE,
            "drafted_on": DATE,
        }
        field_classes = {"assigned_to": PersonChoiceField, "attorney": PersonChoiceField}

    def __init__(self, *args, organization_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.select_related("parent").order_by("abbreviation")
        self.fields["agency"].label_from_instance = lambda a: f"{a.abbreviation} — {a.name}"
        self.fields["assigned_to"].queryset = _members(organization_id)
        self.fields["attorney"].queryset = _members(organization_id)
        self.fields["sharing"].initial = Sharing.ORGANIZATION
        # Selects say what leaving them empty means, never Django's "---------".
        self.fields["agency"].empty_label = "Choose an agency"
        self.fields["assigned_to"].empty_label = "Nobody yet"
        self.fields["attorney"].empty_label = "No attorney yet"
        for name, label in (("requester_category", "Not stated"), ("track", "Not known yet")):
            field = self.fields[name]
            field.choices = [("", label) if value == "" else (value, text) for value, text in field.choices]
        if self.instance.pk:
            self.fields["tags_text"].initial = ", ".join(t.name for t in self.instance.tags.all())
            del self.fields["confirm_not_duplicate"]
        else:
            self.fields["confirm_not_duplicate"].widget = forms.HiddenInput()

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("confirm_not_duplicate", None)
        data.pop("version", None)  # passed on its own to the update service (see the edit view)
        tags = [t for t in data.pop("tags_text", "").split(",") if t.strip()]
        return {**data, "tags": tags}


# The details each kind of event takes (the others are hidden on the form and ignored); fields not listed (date,
# note) belong to every kind.
EVENT_FIELD_KINDS: dict[str, tuple[str, ...]] = {
    "outcome": (EventKind.FINAL_RESPONSE, EventKind.APPEAL_DECIDED, EventKind.FEE_WAIVER_DECISION),
    "toll_reason": (EventKind.TOLLED,),
    "working_days": (EventKind.EXTENDED,),
    "amount": (EventKind.FEE_ESTIMATE, EventKind.FEE_PAYMENT),
    "pages_released": (EventKind.INTERIM_RELEASE, EventKind.FINAL_RESPONSE),
    "pages_withheld": (EventKind.INTERIM_RELEASE, EventKind.FINAL_RESPONSE),
    "exemptions": (EventKind.INTERIM_RELEASE, EventKind.FINAL_RESPONSE),
    "referred_to": (EventKind.REFERRAL,),
    "first_received_by_other_component": (EventKind.RECEIVED,),
    "appeal_received_on": (EventKind.APPEAL_FILED,),
}


class EventForm(forms.Form):
    """One lifecycle event. The kinds offered are those the transition table allows in the current status."""

    kind = forms.ChoiceField(choices=EventKind.choices)
    date = forms.DateField(widget=DATE)
    outcome = forms.ChoiceField(
        required=False,
        choices=[
            ("", "—"),
            ("Final response", FinalOutcome.choices),
            ("Appeal decision or fee waiver", AppealOutcome.choices),
        ],
    )
    toll_reason = forms.ChoiceField(required=False, choices=[("", "—"), *TollReason.choices])
    working_days = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_EXTENSION_WORKING_DAYS, label="Extension (working days)"
    )
    amount = forms.DecimalField(required=False, min_value=0, max_digits=10, decimal_places=2, label="Amount (USD)")
    pages_released = forms.IntegerField(required=False, min_value=0)
    pages_withheld = forms.IntegerField(required=False, min_value=0)
    exemptions = forms.CharField(required=False, max_length=200, help_text="e.g. (b)(5), (b)(6), (b)(7)(C)")
    referred_to = forms.ModelChoiceField(
        required=False, queryset=Agency.objects.order_by("abbreviation"), empty_label="Choose the agency it went to"
    )
    first_received_by_other_component = forms.DateField(
        required=False, widget=DATE, help_text="Only if the request first went to another component"
    )
    appeal_received_on = forms.DateField(
        required=False, widget=DATE, help_text="Only if the appeal office received it after the filing date"
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, request: FoiaRequest, kinds: list[EventKind] | None = None, **kwargs):
        """`kinds`: the events the lifecycle would accept now (selectors.event_kinds_possible); without it, every
        kind the status table allows."""
        super().__init__(*args, **kwargs)
        allowed = allowed_events(request.status)
        offered = allowed if kinds is None else kinds
        # The status table's kinds are accepted, so a kind the replay refuses (one posted from an old page) gets the
        # lifecycle's reason from the service; only the possible ones are offered.
        self.fields["kind"].choices = [(k.value, k.label) for k in allowed]
        self.fields["kind"].widget.choices = [(EventKind(k).value, EventKind(k).label) for k in offered]
        self.fields["date"].initial = timezone.localdate()

    @property
    def offered_kinds(self) -> list[str]:
        return [value for value, _ in self.fields["kind"].widget.choices]

    def rows(self):
        """(bound field, the kinds it belongs to as a space-separated string, or "" for every kind)."""
        return [(self[name], " ".join(EVENT_FIELD_KINDS.get(name, ()))) for name in self.fields]

    def event_input(self) -> EventInput:
        kind = self.cleaned_data["kind"]
        # Only the chosen kind's details count: a value left in another kind's (hidden) field is not recorded.
        d = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in EVENT_FIELD_KINDS or kind in EVENT_FIELD_KINDS[name]
        }
        details = {}
        if d.get("first_received_by_other_component"):
            details["first_received_by_other_component"] = d["first_received_by_other_component"].isoformat()
        if d.get("appeal_received_on"):
            details["received_on"] = d["appeal_received_on"].isoformat()
        return EventInput(
            kind=d["kind"],
            date=d["date"],
            outcome=d.get("outcome") or "",
            toll_reason=d.get("toll_reason") or "",
            working_days=d.get("working_days"),
            amount=d.get("amount"),
            pages_released=d.get("pages_released"),
            pages_withheld=d.get("pages_withheld"),
            exemptions=d.get("exemptions") or "",
            referred_to=d.get("referred_to"),
            details=details,
            note=d.get("note") or "",
        )


# The events a communication of each kind usually implies: offered ticked in the "log response" form.
IMPLIED_EVENTS: dict[str, list[str]] = {
    CommunicationKind.REQUEST_LETTER: ["submitted"],
    CommunicationKind.ANSWER: ["resumed"],
    CommunicationKind.ACKNOWLEDGMENT: ["received", "acknowledged"],
    CommunicationKind.EXTENSION_NOTICE: ["extended"],
    CommunicationKind.FEE_LETTER: ["fee_estimate", "tolled"],
    CommunicationKind.STILL_INTERESTED: [],
    CommunicationKind.INTERIM_RESPONSE: ["interim_release"],
    CommunicationKind.FINAL_RESPONSE: ["final_response"],
    CommunicationKind.APPEAL: [],
    CommunicationKind.APPEAL_DECISION: ["appeal_decided"],
    CommunicationKind.OTHER: [],
}
# Sections of the form, in the order their events are recorded (one letter can carry several).
SECTIONS: list[tuple[str, str]] = [
    ("submitted", "The request was submitted (our request letter)"),
    ("received", "The proper component received the request"),
    ("acknowledged", "The agency acknowledged the request"),
    ("expedited", "The agency decided on expedited processing"),
    ("extended", "Unusual-circumstances extension"),
    ("fee_estimate", "Fee estimate"),
    ("tolled", "The agency stopped the clock"),
    ("resumed", "We answered: the clock resumes"),
    ("fee_waiver", "Fee waiver decision"),
    ("fee_payment", "We paid fees"),
    ("interim_release", "Interim release of records"),
    ("referral", "Records referred to another component"),
    ("final_response", "Final response (the agency's determination)"),
    ("appeal_decided", "Appeal decision"),
]
# The events a letter of each direction can record: ours submit, answer (the clock resumes) or pay; the rest is the
# agency's doing and comes in its letters.
OUR_SECTIONS = frozenset({"submitted", "resumed", "fee_payment"})


def sections_for(direction: str) -> list[tuple[str, str]]:
    if direction == Direction.TO_AGENCY:
        return [(key, label) for key, label in SECTIONS if key in OUR_SECTIONS]
    if direction == Direction.FROM_AGENCY:
        return [(key, label) for key, label in SECTIONS if key not in OUR_SECTIONS]
    return SECTIONS


SECTION_FIELDS: dict[str, list[str]] = {
    "received": ["received_on", "first_received_by_other_component"],
    "expedited": ["expedited_outcome"],
    "extended": ["extension_days"],
    "fee_estimate": ["fee_amount"],
    "tolled": ["toll_reason"],
    "fee_waiver": ["fee_waiver_outcome"],
    "fee_payment": ["payment_amount"],
    "interim_release": ["interim_pages_released", "interim_pages_withheld", "interim_exemptions"],
    "referral": ["referred_to"],
    "final_response": ["final_outcome", "final_pages_released", "final_pages_withheld", "final_exemptions"],
    "appeal_decided": ["appeal_outcome"],
}
REQUIRED_IN_SECTION = {
    "expedited_outcome",
    "extension_days",
    "fee_amount",
    "toll_reason",
    "fee_waiver_outcome",
    "payment_amount",
    "referred_to",
    "final_outcome",
    "appeal_outcome",
}


SECTION_KINDS: dict[str, EventKind] = {
    "submitted": EventKind.SUBMITTED,
    "received": EventKind.RECEIVED,
    "acknowledged": EventKind.ACKNOWLEDGED,
    "expedited": EventKind.EXPEDITED_GRANTED,
    "extended": EventKind.EXTENDED,
    "fee_estimate": EventKind.FEE_ESTIMATE,
    "tolled": EventKind.TOLLED,
    "resumed": EventKind.RESUMED,
    "fee_waiver": EventKind.FEE_WAIVER_DECISION,
    "fee_payment": EventKind.FEE_PAYMENT,
    "interim_release": EventKind.INTERIM_RELEASE,
    "referral": EventKind.REFERRAL,
    "final_response": EventKind.FINAL_RESPONSE,
    "appeal_decided": EventKind.APPEAL_DECIDED,
}


def implied_ticks(*, kind: str, direction: str, request: FoiaRequest) -> list[str]:
    """The sections ticked in advance: what this kind of letter implies and the request can still take (a second
    acknowledgment is not offered ticked), plus "clock resumes" on our letters while the clock is stopped."""
    keys = list(IMPLIED_EVENTS.get(kind, []))
    if direction == Direction.TO_AGENCY and request.status == RequestStatus.TOLLED:
        keys.append("resumed")
    status, ticked = RequestStatus(request.status), []
    for key in keys:
        event = SECTION_KINDS[key]
        if event not in TRANSITIONS[status] or (event == EventKind.ACKNOWLEDGED and request.acknowledged_on):
            continue
        ticked.append(key)
        status = TRANSITIONS[status][event]
    return ticked


def default_kind(*, direction: str, request: FoiaRequest) -> str:
    """The kind a new communication starts with when none is asked for: an agency response is most often the
    acknowledgment (or, once acknowledged, some other letter); our letter is the request letter only while the
    request is a draft, our answer while the agency has stopped the clock, and otherwise just a letter."""
    if direction == Direction.FROM_AGENCY:
        return CommunicationKind.OTHER if request.acknowledged_on else CommunicationKind.ACKNOWLEDGMENT
    if request.status == RequestStatus.DRAFT:
        return CommunicationKind.REQUEST_LETTER
    if request.status == RequestStatus.TOLLED:
        return CommunicationKind.ANSWER
    return CommunicationKind.OTHER


class CommunicationForm(forms.Form):
    """A communication and, ticked, the events it implies: all saved in one transaction, or nothing."""

    direction = forms.ChoiceField(choices=Direction.choices)
    kind = forms.ChoiceField(choices=CommunicationKind.choices, label="Kind of letter")
    date = forms.DateField(widget=DATE, help_text="Date of the letter or message")
    channel = forms.ChoiceField(choices=Channel.choices)
    subject = forms.CharField(max_length=300)
    body = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 5}), label="Text or summary")
    attachments = MultipleFileField(help_text="PDF, images, Word/Excel, text or email files")
    tracking_number = forms.CharField(required=False, max_length=80, help_text="A number the agency assigned")
    tracking_kind = forms.ChoiceField(choices=TrackingKind.choices, required=False, initial=TrackingKind.REQUEST)
    estimated_completion_on = forms.DateField(required=False, widget=DATE, label="Agency's estimated completion")
    track = forms.ChoiceField(required=False, choices=[("", "—"), *Track.choices], label="Processing track")

    # Event sections: a tick box per event, then its details.
    received_on = forms.DateField(required=False, widget=DATE, help_text="Defaults to the letter's date")
    first_received_by_other_component = forms.DateField(required=False, widget=DATE)
    expedited_outcome = forms.ChoiceField(
        required=False, choices=[("", "—"), ("granted", "Granted"), ("denied", "Denied")]
    )
    extension_days = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_EXTENSION_WORKING_DAYS, label="Working days added"
    )
    fee_amount = forms.DecimalField(required=False, min_value=0, max_digits=10, decimal_places=2, label="Estimate")
    toll_reason = forms.ChoiceField(required=False, choices=[("", "—"), *TollReason.choices])
    fee_waiver_outcome = forms.ChoiceField(required=False, choices=[("", "—"), *FeeWaiverOutcome.choices])
    payment_amount = forms.DecimalField(required=False, min_value=0, max_digits=10, decimal_places=2)
    interim_pages_released = forms.IntegerField(required=False, min_value=0, label="Pages released")
    interim_pages_withheld = forms.IntegerField(required=False, min_value=0, label="Pages withheld")
    interim_exemptions = forms.CharField(required=False, max_length=200, label="Exemptions cited")
    referred_to = forms.ModelChoiceField(
        required=False, queryset=Agency.objects.order_by("abbreviation"), empty_label="Choose the agency it went to"
    )
    final_outcome = forms.ChoiceField(required=False, choices=[("", "—"), *FinalOutcome.choices], label="Outcome")
    final_pages_released = forms.IntegerField(required=False, min_value=0, label="Pages released")
    final_pages_withheld = forms.IntegerField(required=False, min_value=0, label="Pages withheld")
    final_exemptions = forms.CharField(required=False, max_length=200, label="Exemptions cited")
    appeal_outcome = forms.ChoiceField(required=False, choices=[("", "—"), *AppealOutcome.choices], label="Outcome")

    def __init__(self, *args, request: FoiaRequest, direction: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.section_list = sections_for(direction or "")
        for key, _label in self.section_list:
            self.fields[f"ev_{key}"] = forms.BooleanField(required=False, label=_label)
        for name in {f for key, _ in SECTIONS for f in SECTION_FIELDS.get(key, [])} - {
            f for key, _ in self.section_list for f in SECTION_FIELDS.get(key, [])
        }:
            del self.fields[name]  # the other side's event details: neither shown nor read
        if direction:
            self.fields["direction"].initial = direction
            self.fields["direction"].widget = forms.HiddenInput()
            kinds = COMMUNICATION_KINDS_BY_DIRECTION[direction]
            self.fields["kind"].choices = [(k, CommunicationKind(k).label) for k in kinds]
            if direction == Direction.TO_AGENCY:  # what only agency letters carry
                for name in ("tracking_number", "tracking_kind", "estimated_completion_on", "track"):
                    del self.fields[name]
        self.fields["date"].initial = timezone.localdate()
        if not self.is_bound and self.initial.get("kind") not in dict(self.fields["kind"].choices) and direction:
            self.initial["kind"] = default_kind(direction=direction, request=request)
        kind = self.data.get("kind") if self.is_bound else self.initial.get("kind")
        if not self.is_bound:
            for key in implied_ticks(kind=kind or "", direction=direction or "", request=request):
                self.fields[f"ev_{key}"].initial = True

    def sections(self):
        """(key, tick box, detail fields, implied?) for the template, implied ones first."""
        kind = self["kind"].value() or ""
        implied = IMPLIED_EVENTS.get(kind, [])
        rows = [
            (key, self[f"ev_{key}"], [self[f] for f in SECTION_FIELDS.get(key, [])], key in implied)
            for key, _ in self.section_list
        ]
        return sorted(rows, key=lambda r: not r[3])

    def clean(self):
        data = super().clean()
        for key, _ in self.section_list:
            if data.get(f"ev_{key}"):
                for name in SECTION_FIELDS.get(key, []):
                    if name in REQUIRED_IN_SECTION and data.get(name) in (None, ""):
                        self.add_error(name, "Required for this event.")
        if (
            data.get("ev_received")
            and data.get("received_on")
            and data.get("date")
            and data["received_on"] > data["date"]
        ):
            self.add_error("received_on", "The agency cannot have received it after the letter's date.")
        return data

    def event_inputs(self) -> list[EventInput]:
        d, on = self.cleaned_data, self.cleaned_data["date"]
        make = {
            "submitted": lambda: EventInput(EventKind.SUBMITTED, on),
            "received": lambda: EventInput(
                EventKind.RECEIVED,
                d.get("received_on") or on,
                details={"first_received_by_other_component": d["first_received_by_other_component"].isoformat()}
                if d.get("first_received_by_other_component")
                else {},
            ),
            "acknowledged": lambda: EventInput(EventKind.ACKNOWLEDGED, on),
            "expedited": lambda: EventInput(
                EventKind.EXPEDITED_GRANTED if d["expedited_outcome"] == "granted" else EventKind.EXPEDITED_DENIED, on
            ),
            "extended": lambda: EventInput(EventKind.EXTENDED, on, working_days=d["extension_days"]),
            "fee_estimate": lambda: EventInput(EventKind.FEE_ESTIMATE, on, amount=d["fee_amount"]),
            "tolled": lambda: EventInput(EventKind.TOLLED, on, toll_reason=d["toll_reason"]),
            "resumed": lambda: EventInput(EventKind.RESUMED, on),
            "fee_waiver": lambda: EventInput(EventKind.FEE_WAIVER_DECISION, on, outcome=d["fee_waiver_outcome"]),
            "fee_payment": lambda: EventInput(EventKind.FEE_PAYMENT, on, amount=d["payment_amount"]),
            "interim_release": lambda: EventInput(
                EventKind.INTERIM_RELEASE,
                on,
                pages_released=d.get("interim_pages_released"),
                pages_withheld=d.get("interim_pages_withheld"),
                exemptions=d.get("interim_exemptions") or "",
            ),
            "referral": lambda: EventInput(EventKind.REFERRAL, on, referred_to=d["referred_to"]),
            "final_response": lambda: EventInput(
                EventKind.FINAL_RESPONSE,
                on,
                outcome=d["final_outcome"],
                pages_released=d.get("final_pages_released"),
                pages_withheld=d.get("final_pages_withheld"),
                exemptions=d.get("final_exemptions") or "",
            ),
            "appeal_decided": lambda: EventInput(EventKind.APPEAL_DECIDED, on, outcome=d["appeal_outcome"]),
        }
        return [make[key]() for key, _ in SECTIONS if d.get(f"ev_{key}")]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        tracking = None
        if d.get("tracking_number", "").strip():
            tracking = {
                "number": d["tracking_number"],
                "agency": self.request.agency,
                "assigned_on": d["date"],
                "kind": d.get("tracking_kind") or TrackingKind.REQUEST,
            }
        updates = {}
        if d.get("estimated_completion_on"):
            updates["estimated_completion_on"] = d["estimated_completion_on"]
        if d.get("track"):
            updates["track"] = d["track"]
        return {
            "direction": d["direction"],
            "channel": d["channel"],
            "date": d["date"],
            "kind": d["kind"],
            "subject": d["subject"],
            "body": d.get("body", ""),
            "files": d.get("attachments") or [],
            "events": self.event_inputs(),
            "tracking_number": tracking,
            "request_updates": updates or None,
        }


class AppealForm(forms.Form):
    appeal_of = forms.ChoiceField(
        choices=[("", "The latest adverse determination still open to appeal"), *APPEAL_OF_CHOICES],
        required=False,
        label="Appeal of",
    )
    filed_on = forms.DateField(widget=DATE, label="Filed on")
    received_on = forms.DateField(
        required=False, widget=DATE, help_text="When the appeal office received it, if later (starts its clock)"
    )
    appeal_authority = forms.CharField(required=False, max_length=200, label="Appeal authority")
    issues = forms.MultipleChoiceField(
        choices=Appeal.Issue.choices, widget=forms.CheckboxSelectMultiple, required=False, label="What is appealed"
    )
    grounds = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    channel = forms.ChoiceField(choices=Channel.choices, initial=Channel.PORTAL)
    letter_subject = forms.CharField(max_length=300, required=False, label="Appeal letter subject")
    letter_body = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}), required=False, label="Appeal letter")
    attachments = MultipleFileField()
    tracking_number = forms.CharField(required=False, max_length=80, help_text="The appeal number, if assigned")

    def clean(self):
        data = super().clean()
        if data.get("received_on") and data.get("filed_on") and data["received_on"] < data["filed_on"]:
            self.add_error("received_on", "The appeal cannot be received before it was filed.")
        return data


class TrackingNumberForm(forms.Form):
    kind = forms.ChoiceField(choices=TrackingKind.choices)
    number = forms.CharField(max_length=80)
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.order_by("abbreviation"), label="Component", empty_label="Choose the component"
    )
    assigned_on = forms.DateField(widget=DATE)
    note = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, request: FoiaRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].initial = request.agency_id
        self.fields["assigned_on"].initial = timezone.localdate()
