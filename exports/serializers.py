"""API shapes of exports: what one asks for (a list, a format, that list's filters) and the job that answers."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .kinds import KINDS
from .models import ExportFormat, ExportJob, ExportStatus


class _Text(serializers.CharField):
    """Text only: DRF's CharField would take 5 or true as "5" / "True", which the schema says is not a string."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class ExportJobCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=sorted(KINDS), help_text="The list to export.")
    format = serializers.ChoiceField(choices=ExportFormat.choices, help_text="csv or xlsx.")
    filters = serializers.DictField(
        child=serializers.ListField(child=_Text(max_length=300, allow_blank=True), max_length=50),
        required=False,
        default=dict,
        help_text="The list's filters as its page and API take them, each name to its values, e.g. "
        '{"agency": ["ice"], "status": ["processing", "appealed"]}. A filter the list refuses is a 400.',
    )


class ExportJobSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField(help_text="Where to GET the file once status is done.")

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "kind",
            "format",
            "filters",
            "status",
            "rows_done",
            "rows_total",
            "filename",
            "error",
            "created_at",
            "started_at",
            "finished_at",
            "expires_at",
            "download_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, job: ExportJob) -> str | None:
        if job.status != ExportStatus.DONE or not job.file:
            return None
        url = reverse("export-job-download", args=[job.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url
