from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Deadline


class DeadlineSerializer(serializers.ModelSerializer):
    # Not the model's slug pattern: a deadline entered by hand or set by a court order has no catalogue rule ("").
    rule = serializers.CharField(
        read_only=True, help_text="The catalogue rule's slug; empty for a deadline entered by hand or by court order."
    )
    rule_name = serializers.SerializerMethodField()
    trigger = serializers.DateField(source="trigger_date", read_only=True)
    due = serializers.DateField(source="due_date", read_only=True, allow_null=True)
    paused = serializers.BooleanField(source="is_paused", read_only=True)
    overdue = serializers.SerializerMethodField()
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    court = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    responsible = serializers.SlugRelatedField(slug_field="username", read_only=True)
    subject = serializers.SerializerMethodField()
    closed_by = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="Who closed it by hand (null when its subject's events closed it, or it is open).",
    )

    class Meta:
        model = Deadline
        fields = [
            "id",
            "title",
            "key",
            "kind",
            "rule",
            "rule_name",
            "citation",
            "steps",
            "trigger",
            "due",
            "paused",
            "paused_since",
            "days_remaining",
            "status",
            "overdue",
            "service",
            "options",
            "agency",
            "court",
            "organization",
            "sharing",
            "privileged",
            "responsible",
            "note",
            "subject",
            "closed_at",
            "closed_manually",
            "closed_by",
            "closed_reason",
            "updated_at",
        ]
        read_only_fields = fields

    def get_rule_name(self, obj) -> str:
        return obj.rule_name

    def get_overdue(self, obj) -> bool:
        return obj.status == "open" and obj.due_date is not None and obj.due_date < self.context["today"]

    @extend_schema_field({"type": "object", "properties": {"type": {"type": "string"}, "id": {"type": "integer"}}})
    def get_subject(self, obj):
        return {"type": f"{obj.subject_type.app_label}.{obj.subject_type.model}", "id": obj.subject_id}


class CalculationSerializer(serializers.Serializer):
    rule = serializers.CharField()
    trigger = serializers.DateField()
    due = serializers.DateField(allow_null=True)
    citation = serializers.CharField()
    steps = serializers.ListField(child=serializers.CharField())
    paused = serializers.BooleanField()
    paused_since = serializers.DateField(allow_null=True)
    days_remaining = serializers.IntegerField(allow_null=True)
