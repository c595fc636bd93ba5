"""API representations of import batches and their preview. Writes go through `imports.services`."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from .models import ImportBatch, ImportKind


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The spreadsheet: CSV or XLSX (.xlsm refused).")
    kind = serializers.ChoiceField(
        choices=ImportKind.choices,
        default=ImportKind.REQUESTS,
        help_text="What the file holds: FOIA requests, cases, or court-ordered deadlines.",
    )


class CountsSerializer(serializers.Serializer):
    create = serializers.IntegerField()
    update = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    reject = serializers.IntegerField()


class DueSerializer(serializers.Serializer):
    title = serializers.CharField()
    on = serializers.DateField()


class DueDisagreementSerializer(serializers.Serializer):
    sheet = serializers.DateField(help_text="The due date the sheet gives (never imported).")
    computed = serializers.DateField(help_text="The date the deadline engine computes, which is kept.")


class PreviewRowSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Row number as the spreadsheet shows it.")
    action = serializers.ChoiceField(choices=["create", "update", "unchanged", "reject"])
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Why the row is rejected.")
    warnings = serializers.ListField(child=serializers.CharField())
    suggestions = serializers.ListField(child=serializers.CharField(), help_text="Directory agencies near the name.")
    subject = serializers.CharField(required=False, help_text="A request's subject (requests).")
    caption = serializers.CharField(required=False, help_text="The case's caption (cases, court-ordered deadlines).")
    court = serializers.CharField(required=False, help_text="The court matched (cases).")
    docket_number = serializers.CharField(required=False, help_text="The docket number (cases, deadlines).")
    case = serializers.IntegerField(required=False, help_text="The matched case (case updates, deadlines).")
    title = serializers.CharField(required=False, help_text="What is due (court-ordered deadlines).")
    due_on = serializers.DateField(required=False, help_text="The due date the order set (court-ordered deadlines).")
    agency = serializers.CharField(required=False, help_text="The directory agency matched.")
    tracking_number = serializers.CharField(required=False)
    status = serializers.CharField(
        required=False, help_text="The status the lifecycle derives, or the case's (or the matched one's)."
    )
    request = serializers.IntegerField(required=False, help_text="The matched request (updates).")
    changes = serializers.DictField(
        child=serializers.ListField(child=serializers.JSONField()), required=False, help_text="field -> [old, new]"
    )
    due = DueSerializer(required=False, help_text="The earliest deadline the engine computes.")
    due_disagrees = DueDisagreementSerializer(required=False)


class ImportBatchSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    counts = serializers.SerializerMethodField()
    rows = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "url",
            "organization",
            "kind",
            "status",
            "file_name",
            "file_size",
            "headers",
            "header_row",
            "mapping",
            "counts",
            "rows",
            "created_at",
            "applied_at",
            "undone_at",
            "version",
        ]
        read_only_fields = fields

    def get_counts(self, obj) -> CountsSerializer:
        counts = (obj.preview or {}).get("counts") or {}
        return {k: int(counts.get(k, 0)) for k in ("create", "update", "unchanged", "reject")}

    def get_rows(self, obj) -> PreviewRowSerializer(many=True):
        keep = set(PreviewRowSerializer().fields)
        return [{k: v for k, v in row.items() if k in keep} for row in (obj.preview or {}).get("rows", [])]

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(reverse("imports:batch-detail", args=[obj.pk]))


class ImportBatchBriefSerializer(ImportBatchSerializer):
    """A batch in the list: its counts without the rows (read one batch for those)."""

    class Meta(ImportBatchSerializer.Meta):
        fields = [f for f in ImportBatchSerializer.Meta.fields if f != "rows"]
        read_only_fields = fields
