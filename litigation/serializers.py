"""API representations of cases. Writes go through `litigation.services`; a service's refusal (Django's
ValidationError) becomes a 400 with its field errors in `core.api.api_exception_handler`."""

from __future__ import annotations

from functools import cached_property

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from deadlines.models import DeadlineStatus
from directory.models import Court
from foia.serializers import AgencyField, DeadlineBriefSerializer, VisibleRequestField

from . import selectors, services
from .models import Case, Counsel, Party


class PartySerializer(serializers.ModelSerializer):
    agency = AgencyField(allow_null=True, required=False, help_text="The defendant agency's slug, from the directory.")

    class Meta:
        model = Party
        fields = ["id", "side", "name", "agency"]
        read_only_fields = fields


class CounselSerializer(serializers.ModelSerializer):
    # Plain text, not format "email": an unknown address is "", which no email format accepts.
    email = serializers.CharField(read_only=True, help_text="Contact address, or empty if not known.")

    class Meta:
        model = Counsel
        fields = ["id", "name", "firm", "role", "email"]
        read_only_fields = fields


class CourtField(serializers.SlugRelatedField):
    """A court by slug, or null; an empty string is refused (DRF would read it as null, which the schema's
    minLength does not allow)."""

    def run_validation(self, data=serializers.empty):
        if data == "":
            raise serializers.ValidationError("Give a court's id (e.g. dcd), or null.")
        return super().run_validation(data)


class CaseSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    court = CourtField(
        slug_field="slug",
        queryset=Court.objects.all(),
        allow_null=True,
        required=False,
        help_text="The court's PACER / CourtListener id (dcd, cand, nysd, mad, ilnd, wawd); null while pre-filing.",
    )
    parties = PartySerializer(many=True, read_only=True)
    counsel = CounselSerializer(many=True, read_only=True)
    requests = serializers.SerializerMethodField(help_text="The ids of the linked FOIA requests the caller may see.")
    open_deadlines = serializers.SerializerMethodField()
    service_warning = serializers.SerializerMethodField(
        help_text="Set when the three FRCP 4(i) service dates differ or are incomplete."
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "url",
            "organization",
            *Case.EDITABLE_FIELDS,
            *Case.SERVICE_FIELDS,
            "source_reference",
            "parties",
            "counsel",
            "requests",
            "open_deadlines",
            "service_warning",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["source_reference", "version", "created_at", "updated_at"]

    def get_requests(self, obj) -> list[int]:
        return [r.pk for r in selectors.case_requests(user=self.context["request"].user, case=obj)]

    @extend_schema_field(DeadlineBriefSerializer(many=True))
    def get_open_deadlines(self, obj):
        deadlines = getattr(obj, "open_deadlines", None)
        if deadlines is None:
            deadlines = selectors.case_deadlines(user=self.context["request"].user, case=obj).filter(
                status=DeadlineStatus.OPEN
            )
        return self._deadlines_out.to_representation(deadlines)

    @cached_property
    def _deadlines_out(self) -> serializers.ListSerializer:
        # One for the whole list: building a serializer per row copied its fields for every case.
        return DeadlineBriefSerializer(many=True)

    def get_service_warning(self, obj) -> str | None:
        warning = selectors.case_service_warning(case=obj)
        return warning.message if warning else None

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())

    def create(self, validated_data):
        request = self.context["request"]
        return services.case_create(actor=request.user, organization=request.active_organization, **validated_data)

    def update(self, instance, validated_data):
        case = services.case_update(actor=self.context["request"].user, case=instance, **validated_data)
        case.__dict__.pop("open_deadlines", None)  # prefetched before the write: read them again
        return case


class RequestLinkSerializer(serializers.Serializer):
    request = VisibleRequestField(help_text="The id of a FOIA request the caller can see.")


class LinkResultSerializer(serializers.Serializer):
    changed = serializers.BooleanField(help_text="False when nothing changed (already linked, or not linked).")
    requests = serializers.ListField(
        child=serializers.IntegerField(), help_text="The ids of the linked requests the caller may see, after it."
    )
