"""The case list's filters, shared by the page and the API. Every choice is one the user may see."""

from __future__ import annotations

from datetime import timedelta

import django_filters
from django.db.models import Q
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from coalition.access import user_access
from coalition.models import Organization
from deadlines.filters import DueWithinFilter
from directory.models import Agency, Court

from .models import Case, CaseStatus, PartySide
from .selectors import case_ids_due_between


def _organizations(request):
    user = getattr(request, "user", None)
    if user is None:
        return Organization.objects.none()
    access = user_access(user)
    return Organization.objects.filter(pk__in=[*access.org_ids, *access.partner_org_ids]).order_by("name")


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="filter_text", help_text="Caption or docket number")
    court = django_filters.ModelChoiceFilter(
        queryset=Court.objects.order_by("name"), to_field_name="slug", label="Court", empty_label="Any court"
    )
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, label="Status", empty_label="Any status")
    organization = django_filters.ModelChoiceFilter(
        queryset=_organizations, to_field_name="slug", label="Organisation", empty_label="Any organisation"
    )
    agency = extend_schema_field(OpenApiTypes.STR)(
        django_filters.ModelChoiceFilter(
            queryset=Agency.objects.order_by("abbreviation"),
            to_field_name="slug",
            label="Defendant agency",
            empty_label="Any agency",
            method="filter_agency",
            help_text="An agency's slug: cases against it or one of its components",
        )
    )
    judge = django_filters.CharFilter(label="Judge", method="filter_judge", help_text="District or magistrate judge")
    due_within = DueWithinFilter(method="filter_due_within", label="Court deadline within (days)")

    class Meta:
        model = Case
        fields: list[str] = []

    # The page's compact filter bar; the others fold away under "More filters" (open when one is in use).
    PRIMARY = ("q", "court", "status", "agency")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user or getattr(self.request, "user", None)

    def filter_text(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(caption__icontains=value) | Q(docket_number__icontains=value)) if value else qs

    def filter_agency(self, qs, name, value):
        """Cases with this agency, or one of its components, among the defendants (DHS finds the suits against ICE)."""
        if not value:
            return qs
        return qs.filter(
            Q(parties__agency=value) | Q(parties__agency__parent=value), parties__side=PartySide.DEFENDANT
        ).distinct()

    def filter_judge(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(judge__icontains=value) | Q(magistrate_judge__icontains=value)) if value else qs

    def filter_due_within(self, qs, name, value):
        if value is None:
            return qs
        today = timezone.localdate()
        return qs.filter(
            pk__in=case_ids_due_between(user=self.user, start=today, end=today + timedelta(days=int(value)))
        )
