"""Docket API serializers: every related field chooses among what the caller may see (another organisation's id is
answered like a missing one); writes go through litigation.services_docket, which names the field it refuses."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from deadlines.models import Deadline
from foia.exemptions import Exemption
from foia.serializers import VisibleRelatedField

from . import services_briefing, services_schedule
from . import services_docket as services
from .models import Case
from .models_docket import CaseNote, DocketEntry, StatusReportSchedule
from .models_schedule import ProductionSchedule, VaughnEntry
from .models_stay import Stay
from .selectors_docket import DeadlineIds, deadline_ids_for_cases


def _ids(serializer, obj) -> DeadlineIds:
    """The viewset reads a page's deadline ids at once (api_docket); an object just written reads its own."""
    ids = serializer.context.get("deadline_ids")
    if ids is None:
        ids = deadline_ids_for_cases(user=serializer.context["request"].user, case_ids=[obj.case_id])
    return ids


class DocketEntrySerializer(serializers.ModelSerializer):
    case = VisibleRelatedField(queryset=Case.objects.all(), help_text="The case.")
    responds_to = VisibleRelatedField(
        queryset=DocketEntry.objects.all(), required=False, allow_null=True, help_text="The motion it answers."
    )
    schedule = VisibleRelatedField(
        queryset=StatusReportSchedule.objects.all(),
        required=False,
        allow_null=True,
        help_text="The status-report schedule a JSR is filed under (its report is marked filed, the next created).",
    )
    satisfies = VisibleRelatedField(
        queryset=Deadline.objects.all(),
        many=True,
        required=False,
        help_text="Court deadlines of the case this filing met: each is marked filed by the caller.",
    )
    deadlines = serializers.SerializerMethodField(help_text="The deadlines it triggered or that were ordered from it.")
    document = serializers.FileField(
        write_only=True,
        required=False,
        help_text="The filed document, sent as multipart/form-data on create (PDF, Word or an image; its content is "
        "checked like any attachment). Downloaded from `document_url`.",
    )
    document_url = serializers.SerializerMethodField(help_text="Where to download the document (null: none).")

    class Meta:
        model = DocketEntry
        fields = [
            "id",
            "case",
            "number",
            "filed_on",
            "kind",
            "description",
            "filer",
            "service",
            "responds_to",
            "schedule",
            "satisfies",
            "deadlines",
            "document",
            "document_url",
            "filename",
            "created_at",
            "version",
        ]
        read_only_fields = ["filename", "created_at", "version"]
        validators = []  # the service checks the number and names the field

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_deadlines(self, obj) -> list[int]:
        return _ids(self, obj).by_prefix.get(obj.key_prefix, [])

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_document_url(self, obj) -> str | None:
        if not obj.document:
            return None
        url = reverse("litigation:docket-document", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def create(self, validated_data):
        return services.docket_entry_add(actor=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        fields = {k: v for k, v in validated_data.items() if k in services.ENTRY_EDITABLE}
        unchangeable = sorted(set(validated_data) - set(fields))
        if unchangeable:
            raise serializers.ValidationError(
                dict.fromkeys(unchangeable, "Set when the entry is docketed; remove the entry to change it.")
            )
        return services.docket_entry_update(actor=self.context["request"].user, entry=instance, **fields)


class ScheduleSerializer(serializers.ModelSerializer):
    case = VisibleRelatedField(queryset=Case.objects.all(), help_text="The case.")
    order = VisibleRelatedField(
        queryset=DocketEntry.objects.all(), required=False, allow_null=True, help_text="The order that set it."
    )
    open_ended = serializers.BooleanField(read_only=True, help_text="No end date: until the court ends it.")
    next_deadline = serializers.SerializerMethodField(help_text="The next report's deadline (null: none due).")

    class Meta:
        model = StatusReportSchedule
        fields = [
            "id",
            "case",
            "title",
            "every_days",
            "starts_on",
            "ends_on",
            "open_ended",
            "order",
            "reports_filed",
            "cancelled_on",
            "next_deadline",
            "version",
        ]
        read_only_fields = ["reports_filed", "cancelled_on", "version"]

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_next_deadline(self, obj) -> int | None:
        return _ids(self, obj).by_key.get(obj.deadline_key(obj.reports_filed + 1)) if obj.active else None

    def create(self, validated_data):
        return services.schedule_create(actor=self.context["request"].user, **validated_data)


class ProductionScheduleSerializer(serializers.ModelSerializer):
    """A court-ordered production schedule's terms and its period deadlines. The productions counted against it,
    with expected vs actual pages, are at /api/v1/litigation/productions/ (documents' rows)."""

    case = VisibleRelatedField(queryset=Case.objects.all(), help_text="The case.")
    order = VisibleRelatedField(
        queryset=DocketEntry.objects.all(), required=False, allow_null=True, help_text="The order that set it."
    )
    open_ended = serializers.BooleanField(read_only=True, help_text="Neither an end date nor a total: until ended.")
    deadlines = serializers.SerializerMethodField(help_text="Its periods' court-ordered deadlines, soonest first.")

    class Meta:
        model = ProductionSchedule
        fields = [
            "id",
            "case",
            "title",
            "order",
            "pages_per_period",
            "period",
            "every_days",
            "first_due",
            "ends_on",
            "total_pages",
            "open_ended",
            "ended_on",
            "deadlines",
            "created_at",
            "version",
        ]
        read_only_fields = ["ended_on", "created_at", "version"]
        extra_kwargs = {
            "pages_per_period": {"min_value": 1, "max_value": services_schedule.MAX_PAGES},
            "total_pages": {"min_value": 1, "max_value": services_schedule.MAX_PAGES},
            "every_days": {"min_value": 1, "max_value": 3660},
        }

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_deadlines(self, obj) -> list[int]:
        return _ids(self, obj).by_prefix.get(obj.key_prefix, [])

    def create(self, validated_data):
        fields = {k: v for k, v in validated_data.items() if v is not None}
        return services_schedule.production_schedule_create(actor=self.context["request"].user, **fields)


class VaughnEntrySerializer(serializers.ModelSerializer):
    """One entry of the agency's Vaughn index. Our reasoning about it is a case note (privileged ones never in the
    API)."""

    case = VisibleRelatedField(queryset=Case.objects.all(), help_text="The case.")
    exemptions = serializers.ListField(
        child=serializers.ChoiceField(choices=Exemption.choices),
        allow_empty=False,
        max_length=len(Exemption.values),
        help_text="Exemptions claimed, as codes (at least one).",
    )
    exemption_labels = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = VaughnEntry
        fields = [
            "id",
            "case",
            "number",
            "description",
            "bates",
            "pages",
            "exemptions",
            "exemption_labels",
            "justification",
            "challenge_status",
            "created_at",
            "version",
        ]
        read_only_fields = ["created_at", "version"]
        validators = []  # the service checks the number and names the field
        extra_kwargs = {
            "number": {"min_value": 1, "max_value": 999_999},
            "pages": {"min_value": 0, "max_value": services_schedule.MAX_PAGES},
        }

    def create(self, validated_data):
        return services_schedule.vaughn_entry_add(actor=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        fields = {k: v for k, v in validated_data.items() if k in services_schedule.VAUGHN_EDITABLE}
        unchangeable = sorted(set(validated_data) - set(fields))
        if unchangeable:
            raise serializers.ValidationError(dict.fromkeys(unchangeable, "Set when the entry is added."))
        return services_schedule.vaughn_entry_update(actor=self.context["request"].user, entry=instance, **fields)


class NoteSerializer(serializers.ModelSerializer):
    """Ordinary notes only: privileged work product never leaves the case page."""

    case = VisibleRelatedField(queryset=Case.objects.all(), help_text="The case.")
    author = serializers.SlugRelatedField(slug_field="username", read_only=True, help_text="Who wrote it.")

    class Meta:
        model = CaseNote
        fields = ["id", "case", "body", "author", "created_at", "updated_at", "version"]
        read_only_fields = ["created_at", "updated_at", "version"]

    def create(self, validated_data):
        return services.note_add(actor=self.context["request"].user, privileged=False, **validated_data)

    def update(self, instance, validated_data):
        if "case" in validated_data and validated_data["case"] != instance.case:
            raise serializers.ValidationError({"case": "A note stays on its case."})
        return services.note_update(
            actor=self.context["request"].user, note=instance, body=validated_data.get("body", instance.body)
        )


class StaySerializer(serializers.ModelSerializer):
    """A stay the court granted (Open America, 5 U.S.C. § 552(a)(6)(C)(i), unless `basis` says otherwise): the case
    is "stayed" while it is in force; lift it with POST .../lift/."""

    case = VisibleRelatedField(queryset=Case.objects.all(), help_text="The case.")
    order = VisibleRelatedField(queryset=DocketEntry.objects.all(), help_text="The order that granted it.")
    granted_on = serializers.DateField(required=False, help_text="When it was granted (default: the order's date).")
    basis = serializers.CharField(required=False, allow_blank=True, max_length=300, help_text="The authority.")
    open_ended = serializers.BooleanField(read_only=True, help_text="No end date: until the court lifts it.")
    in_force = serializers.BooleanField(read_only=True, help_text="Not lifted yet.")
    end_deadline = serializers.SerializerMethodField(
        help_text="The court-ordered deadline at its end (status report or motion to lift); null when open-ended."
    )

    class Meta:
        model = Stay
        fields = [
            "id",
            "case",
            "order",
            "granted_on",
            "until",
            "open_ended",
            "basis",
            "status_before",
            "lifted_on",
            "in_force",
            "end_deadline",
            "created_at",
            "version",
        ]
        read_only_fields = ["status_before", "lifted_on", "created_at", "version"]

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_end_deadline(self, obj) -> int | None:
        return _ids(self, obj).by_key.get(obj.end_key)

    def create(self, validated_data):
        return services_briefing.stay_grant(actor=self.context["request"].user, **validated_data)


class StayLiftSerializer(serializers.Serializer):
    lifted_on = serializers.DateField(required=False, help_text="When the court lifted it (default: today).")


class CrossMotionBriefingSerializer(serializers.Serializer):
    """The dates a scheduling order set for cross-motions for summary judgment, in the order they fall due."""

    defendant_motion = serializers.DateField(help_text="Defendant's motion for summary judgment.")
    plaintiff_cross_motion = serializers.DateField(help_text="Plaintiff's cross-motion and opposition.")
    defendant_reply = serializers.DateField(help_text="Defendant's opposition to the cross-motion and reply.")
    plaintiff_reply = serializers.DateField(help_text="Plaintiff's reply in support of the cross-motion.")


class CrossMotionBriefingResultSerializer(serializers.Serializer):
    deadlines = serializers.ListField(
        child=serializers.IntegerField(), help_text="The four court-ordered deadlines, in the order they fall due."
    )
