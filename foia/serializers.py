"""API representations. Writes go through `foia.services`; a service's refusal (Django's ValidationError) becomes a
400 with its field errors in `core.api.api_exception_handler`."""

from __future__ import annotations

import json
from functools import cached_property

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coalition.access import restrict_visible
from deadlines.selectors import deadline_visible_q
from directory.models import Agency

from . import selectors, services
from .choices import APPEAL_OF_CHOICES, EventKind
from .lifecycle import MAX_EXTENSION_WORKING_DAYS
from .models import Appeal, Attachment, Communication, FoiaRequest, RequestEvent, TrackingNumber
from .validators import NEGATIVE_FEE_LIMIT


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """An object the caller can see, by pk: another organisation's is answered exactly like a missing one
    ("Invalid pk"), so an input never tells that it exists (coalition.access)."""

    def get_queryset(self):
        return restrict_visible(super().get_queryset(), self.context["request"].user)


class VisibleRequestField(VisibleRelatedField):
    def __init__(self, **kwargs):
        super().__init__(queryset=FoiaRequest.objects.select_related("agency"), **kwargs)


class MemberField(serializers.SlugRelatedField):
    """A member of the request's organisation (the active one, for a new request), by username. An unknown
    username and another organisation's user are refused with the same message: no username enumeration."""

    default_error_messages = {
        "does_not_exist": "No member of this organisation has the username “{value}”.",
        "invalid": "Give a username.",
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="username", queryset=get_user_model().objects.none(), **kwargs)

    def get_queryset(self):
        instance = getattr(self.parent, "instance", None)
        if isinstance(instance, FoiaRequest):
            org_id = instance.organization_id
        else:
            active = getattr(self.context.get("request"), "active_organization", None)
            org_id = active.pk if active else None
        return get_user_model().objects.filter(memberships__organization_id=org_id) if org_id else self.queryset


class AgencyField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", queryset=Agency.objects.all(), **kwargs)


class DeadlineBriefSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    rule = serializers.CharField()
    trigger = serializers.DateField(
        source="trigger_date", allow_null=True, help_text="null for a deadline set by hand or by court order"
    )
    due = serializers.DateField(source="due_date", allow_null=True, help_text="null while a toll pauses the clock")
    paused_since = serializers.DateField(allow_null=True)
    days_remaining = serializers.IntegerField(allow_null=True)
    citation = serializers.CharField()
    steps = serializers.ListField(child=serializers.CharField())
    overdue = serializers.SerializerMethodField()

    def get_overdue(self, obj) -> bool:
        return obj.due_date is not None and obj.due_date < timezone.localdate()


class TrackingNumberSerializer(serializers.ModelSerializer):
    request = VisibleRequestField()
    agency = AgencyField()
    appeal = VisibleRelatedField(queryset=Appeal.objects.all(), required=False, allow_null=True)

    class Meta:
        model = TrackingNumber
        fields = ["id", "request", "kind", "number", "agency", "assigned_on", "appeal", "note", "created_at"]
        read_only_fields = ["created_at"]
        validators = []  # the service checks uniqueness and says which number clashes

    def create(self, validated_data):
        return services.tracking_number_add(user=self.context["request"].user, **validated_data)


class TrackingNumberBriefSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = TrackingNumber
        fields = ["kind", "number", "agency", "assigned_on"]


class TagsField(serializers.ListField):
    """Tag names in and out (tags are created on first use)."""

    def to_representation(self, data):
        return [tag.name for tag in data.all()]


class FoiaRequestSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    agency = AgencyField()
    tags = TagsField(child=serializers.CharField(max_length=60), required=False)
    assigned_to = MemberField(required=False, allow_null=True)
    attorney = MemberField(required=False, allow_null=True)
    tracking_numbers = TrackingNumberBriefSerializer(many=True, read_only=True)
    open_deadlines = serializers.SerializerMethodField()
    constructive_exhaustion = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = FoiaRequest
        fields = [
            "id",
            "url",
            "organization",
            *FoiaRequest.EDITABLE_FIELDS,
            "docket_reference",
            "tags",
            "status",
            "submitted_on",
            "received_on",
            "acknowledged_on",
            "closed_on",
            "tracking_numbers",
            "open_deadlines",
            "constructive_exhaustion",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "docket_reference",
            "status",
            "submitted_on",
            "received_on",
            "acknowledged_on",
            "closed_on",
            "created_at",
            "updated_at",
        ]
        # DRF turns the model's MinValueValidator into min_value with its own message; keep the model's.
        extra_kwargs = {
            "fee_limit": {"error_messages": {"min_value": NEGATIVE_FEE_LIMIT}},
            "docket_reference": {
                "help_text": "The lawsuit as typed before cases were tracked (read-only): cases link their requests "
                "(/api/v1/litigation/cases/, `requests`)."
            },
        }

    def _open_deadlines(self, obj) -> list:
        if not hasattr(obj, "open_deadlines"):
            user = self.context["request"].user
            obj.open_deadlines = list(obj.deadlines.filter(deadline_visible_q(user), status="open"))
        return obj.open_deadlines

    @cached_property
    def _deadlines_out(self) -> serializers.ListSerializer:
        # One for the whole list: building a serializer per row copied its fields 50 times a page.
        return DeadlineBriefSerializer(many=True)

    @extend_schema_field(DeadlineBriefSerializer(many=True))
    def get_open_deadlines(self, obj):
        return self._deadlines_out.to_representation(self._open_deadlines(obj))

    def get_constructive_exhaustion(self, obj) -> str | None:
        found = selectors.constructive_exhaustion(
            request=obj, deadlines=self._open_deadlines(obj), today=timezone.localdate()
        )
        return f"{found.deadline.title} {found.deadline.due_date.isoformat()}: {found.text}" if found else None

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())

    def create(self, validated_data):
        request = self.context["request"]
        org = request.active_organization
        if not org:
            raise serializers.ValidationError("You do not belong to an organisation.")
        return services.foia_request_create(user=request.user, organization=org, **validated_data)

    def update(self, instance, validated_data):
        return services.foia_request_update(request=instance, user=self.context["request"].user, **validated_data)


DATE_DETAILS = ("first_received_by_other_component", "received_on")
ALLOWED_DETAILS = (*DATE_DETAILS, "appeal_of")  # appeal_of: the event kind appealed (checked by the lifecycle)


def validate_event_details(value):
    if not isinstance(value, dict) or set(value) - set(ALLOWED_DETAILS):
        raise serializers.ValidationError(f"Allowed keys: {', '.join(ALLOWED_DETAILS)}.")
    if not isinstance(value.get("appeal_of", ""), str):
        raise serializers.ValidationError({"appeal_of": "Name the event kind appealed."})
    for key, day in value.items():
        if key not in DATE_DETAILS:
            continue
        try:
            serializers.DateField().to_internal_value(day)
        except serializers.ValidationError:
            raise serializers.ValidationError({key: "Use an ISO date (YYYY-MM-DD)."}) from None
    return value


class RequestEventSerializer(serializers.ModelSerializer):
    request = VisibleRequestField()
    referred_to = AgencyField(required=False, allow_null=True)
    working_days = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_EXTENSION_WORKING_DAYS
    )
    request_status = serializers.CharField(source="request.status", read_only=True)

    class Meta:
        model = RequestEvent
        fields = [
            "id",
            "request",
            "kind",
            "date",
            "sequence",
            "outcome",
            "toll_reason",
            "working_days",
            "amount",
            "pages_released",
            "pages_withheld",
            "exemptions",
            "referred_to",
            "details",
            "note",
            "communication",
            "request_status",
            "created_at",
        ]
        read_only_fields = ["sequence", "communication", "created_at"]

    def validate_details(self, value):
        return validate_event_details(value)

    def create(self, validated_data):
        request = validated_data.pop("request")
        event = services.EventInput(**{k: v for k, v in validated_data.items() if v is not None})
        return services.request_event_record(request=request, user=self.context["request"].user, event=event)


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()
    file = serializers.FileField(write_only=True)
    communication = serializers.PrimaryKeyRelatedField(queryset=Communication.objects.none())

    class Meta:
        model = Attachment
        fields = ["id", "communication", "filename", "content_type", "size", "sha256", "created_at", "download_url"]
        fields += ["file"]
        read_only_fields = ["filename", "content_type", "size", "sha256", "created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["communication"].queryset = selectors.communications_visible(user=request.user)

    def get_download_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(reverse("foia-attachment-download", args=[obj.pk]))

    def create(self, validated_data):
        return services.attachment_add(
            communication=validated_data["communication"],
            upload=validated_data["file"],
            user=self.context["request"].user,
        )


class EventListField(serializers.ListField):
    """A list of events, also accepted as a JSON string (multipart uploads cannot nest lists of objects)."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data or "[]")
            except ValueError:
                raise serializers.ValidationError("Not valid JSON.") from None
        return super().to_internal_value(data)

    def get_value(self, dictionary):
        if hasattr(dictionary, "getlist") and self.field_name in dictionary:
            values = dictionary.getlist(self.field_name)
            return values[0] if len(values) == 1 and isinstance(values[0], str) else values
        return super().get_value(dictionary)


class ImpliedEventSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EventKind.choices)
    date = serializers.DateField(required=False, help_text="Defaults to the communication's date")
    outcome = serializers.CharField(required=False, allow_blank=True)
    toll_reason = serializers.CharField(required=False, allow_blank=True)
    working_days = serializers.IntegerField(required=False, min_value=1, max_value=MAX_EXTENSION_WORKING_DAYS)
    amount = serializers.DecimalField(required=False, max_digits=10, decimal_places=2, min_value=0)
    pages_released = serializers.IntegerField(required=False, min_value=0)
    pages_withheld = serializers.IntegerField(required=False, min_value=0)
    exemptions = serializers.CharField(required=False, allow_blank=True, max_length=200)
    referred_to = AgencyField(required=False)
    details = serializers.DictField(required=False)
    note = serializers.CharField(required=False, allow_blank=True)

    def validate_details(self, value):
        return validate_event_details(value)


class CommunicationSerializer(serializers.ModelSerializer):
    request = VisibleRequestField()
    attachments = AttachmentSerializer(many=True, read_only=True)
    events = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    files = serializers.ListField(child=serializers.FileField(), write_only=True, required=False)
    implied_events = EventListField(child=ImpliedEventSerializer(), write_only=True, required=False)

    class Meta:
        model = Communication
        fields = [
            "id",
            "request",
            "direction",
            "channel",
            "date",
            "kind",
            "subject",
            "body",
            "attachments",
            "events",
            "files",
            "implied_events",
            "created_at",
        ]
        read_only_fields = ["created_at"]

    def create(self, validated_data):
        request = validated_data.pop("request")
        implied = validated_data.pop("implied_events", [])
        events = [services.EventInput(**{"date": validated_data["date"], **item}) for item in implied]
        return services.communication_log(
            request=request,
            user=self.context["request"].user,
            files=validated_data.pop("files", []),
            events=events,
            **validated_data,
        )


class AppealSerializer(serializers.ModelSerializer):
    request = VisibleRequestField()
    issues = serializers.ListField(
        child=serializers.ChoiceField(choices=Appeal.Issue.choices), required=False, default=list
    )
    tracking_number = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=80)
    tracking_numbers = TrackingNumberBriefSerializer(many=True, read_only=True)
    outcome = serializers.CharField(read_only=True)
    appeal_of = serializers.ChoiceField(
        choices=APPEAL_OF_CHOICES,
        write_only=True,
        required=False,
        allow_blank=True,
        help_text="The determination appealed; by default the latest adverse one whose appeal window is open.",
    )

    class Meta:
        model = Appeal
        fields = [
            "id",
            "request",
            "number",
            "filed_on",
            "received_on",
            "decided_on",
            "outcome",
            "appeal_authority",
            "issues",
            "grounds",
            "determination_event",
            "filed_event",
            "decision_event",
            "tracking_number",
            "tracking_numbers",
            "appeal_of",
            "created_at",
        ]
        read_only_fields = [
            "number",
            "decided_on",
            "determination_event",
            "filed_event",
            "decision_event",
            "created_at",
        ]
        # The service numbers appeals 1, 2, ... under the request's lock; DRF's (request, number) validator would
        # compare the read-only default 1 and refuse every second appeal (one after a remand is legitimate).
        validators = []

    def create(self, validated_data):
        return services.appeal_file(user=self.context["request"].user, **validated_data)
