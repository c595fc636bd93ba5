"""API representations of productions, documents and pages. Writes go through `documents.services`."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from foia.models import Communication, FoiaRequest
from foia.serializers import VisibleRelatedField
from litigation.models import ProductionSchedule

from . import selectors, services
from .choices import EXEMPTION_LABELS
from .models import Document, DocumentPage, Production
from .services.productions import EDITABLE


class ProductionSerializer(serializers.ModelSerializer):
    request = VisibleRelatedField(queryset=FoiaRequest.objects.all())
    cover_letter = VisibleRelatedField(queryset=Communication.objects.all(), required=False, allow_null=True)
    schedule = VisibleRelatedField(
        queryset=ProductionSchedule.objects.all(),
        required=False,
        allow_null=True,
        help_text="The court-ordered production schedule it counts against (of a case enforcing the request).",
    )
    document_count = serializers.SerializerMethodField()

    class Meta:
        model = Production
        fields = ["id", "request", *EDITABLE, "document_count", "version", "created_at"]
        read_only_fields = ["version", "created_at"]

    def get_document_count(self, obj) -> int:
        count = getattr(obj, "document_count", None)
        return count if count is not None else obj.documents.count()

    def create(self, validated_data):
        request = validated_data.pop("request")
        return services.production_create(request=request, actor=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("request", None)
        return services.production_update(production=instance, actor=self.context["request"].user, **validated_data)


class ScheduleProgressSerializer(serializers.Serializer):
    """Where a production schedule stands today (litigation.production_math), over the productions the caller sees."""

    on = serializers.DateField(help_text="The date it is computed for (today).")
    expected = serializers.IntegerField(help_text="Pages the order expected processed by today.")
    actual = serializers.IntegerField(help_text="Pages processed by today, as the agency counts them.")
    shortfall = serializers.IntegerField(help_text="Expected minus actual, never below 0.")
    ahead = serializers.IntegerField(help_text="Actual minus expected, never below 0.")
    behind = serializers.BooleanField(help_text="The agency is behind the schedule.")
    periods_due = serializers.IntegerField(help_text="Periods due by today.")
    period_count = serializers.IntegerField(allow_null=True, help_text="Periods the order sets (null: open-ended).")
    next_due = serializers.DateField(allow_null=True, help_text="The next period's due date (null: none).")
    projected_completion = serializers.DateField(
        allow_null=True, help_text="When the total is reached at the actual rate (null: no total, or nothing yet)."
    )
    ordered_completion = serializers.DateField(allow_null=True, help_text="The order's last due date, if any.")
    rate_per_month = serializers.FloatField(allow_null=True, help_text="Pages processed per 30 days so far.")


class CountedProductionSerializer(serializers.ModelSerializer):
    """A production counted against a court-ordered production schedule, with that schedule's progress."""

    case = serializers.IntegerField(source="schedule.case_id", read_only=True, help_text="The schedule's case.")
    schedule_progress = serializers.SerializerMethodField(help_text="The schedule's expected vs actual pages today.")

    class Meta:
        model = Production
        fields = [
            "id",
            "request",
            "case",
            "schedule",
            "date",
            "label",
            "pages_processed",
            "pages_released_full",
            "pages_released_part",
            "pages_withheld",
            "schedule_progress",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(ScheduleProgressSerializer)
    def get_schedule_progress(self, obj) -> dict:
        progress = self.context["progress"].get(obj.schedule_id)
        return ScheduleProgressSerializer(progress).data


class DocumentSerializer(serializers.ModelSerializer):
    exemption_labels = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "production",
            "original_name",
            "sha256",
            "size",
            "kind",
            "page_count",
            "bates_start",
            "bates_end",
            "title",
            "date",
            "description",
            "exemptions",
            "exemption_labels",
            "status",
            "failure_reason",
            "created_at",
            "processed_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_exemption_labels(self, obj) -> list[str]:
        return [EXEMPTION_LABELS.get(code, code) for code in obj.exemptions]

    def get_download_url(self, obj) -> str | None:
        if obj.stored_file_id is None:
            return None
        return self.context["request"].build_absolute_uri(reverse("documents-file-download", args=[obj.pk]))


class RefusalSerializer(serializers.Serializer):
    name = serializers.CharField()
    reason = serializers.CharField()


class UploadSerializer(serializers.Serializer):
    """multipart: `production` (one the caller may edit) and `file` (one or several; ZIPs and emails are opened)."""

    production = serializers.PrimaryKeyRelatedField(queryset=Production.objects.none())
    file = serializers.ListField(child=serializers.FileField(allow_empty_file=True), allow_empty=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["production"].queryset = selectors.productions_editable(user=request.user)


class UploadResultSerializer(serializers.Serializer):
    documents = DocumentSerializer(many=True)
    refused = RefusalSerializer(many=True)


class DocumentPageSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentPage
        fields = ["id", "document", "number", "text", "needs_ocr", "ocr_used", "exemptions"]
        read_only_fields = fields


class ExemptionUseSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="b1-b9, b7A-b7F.")
    label = serializers.CharField()
    pages = serializers.IntegerField(help_text="Extracted pages whose redaction labels cite it.")
    per_page = serializers.FloatField(allow_null=True, help_text="Share of the extracted pages citing it (0-1).")


class ReleaseFiguresSerializer(serializers.Serializer):
    productions = serializers.IntegerField()
    pages_processed = serializers.IntegerField(help_text="The agency's counts, summed over the productions.")
    pages_released_full = serializers.IntegerField()
    pages_released_part = serializers.IntegerField()
    pages_withheld = serializers.IntegerField()
    withheld_share = serializers.IntegerField(allow_null=True, help_text="Percent of processed pages withheld.")
    pages_extracted = serializers.IntegerField(help_text="Pages of text held (processed documents).")
    exemptions = ExemptionUseSerializer(many=True, help_text="Most cited first.")


class AgencyFiguresSerializer(ReleaseFiguresSerializer):
    agency = serializers.SlugField(source="agency.slug")
    agency_name = serializers.CharField(source="agency.name")

    def to_representation(self, instance):
        body = ReleaseFiguresSerializer(instance.figures).data
        return {"agency": instance.agency.slug, "agency_name": instance.agency.name, **body}


class ReleaseStatisticsSerializer(ReleaseFiguresSerializer):
    agencies = AgencyFiguresSerializer(many=True, help_text="The same per agency, most pages withheld first.")
