"""API filters; every object they name is chosen among what the caller may see (tests/test_input_scoping.py)."""

import django_filters

from coalition.access import restrict_visible
from directory.models import Agency
from foia.models import FoiaRequest
from litigation.models import Case, ProductionSchedule

from .choices import FileStatus
from .models import Document, Production


def _visible_requests(request):
    user = getattr(request, "user", None)
    return restrict_visible(FoiaRequest.objects.all(), user) if user else FoiaRequest.objects.none()


def _visible_productions(request):
    user = getattr(request, "user", None)
    return restrict_visible(Production.objects.all(), user) if user else Production.objects.none()


class ProductionFilter(django_filters.FilterSet):
    request = django_filters.ModelChoiceFilter(queryset=_visible_requests, label="Request")

    class Meta:
        model = Production
        fields = ["request"]


class DocumentFilter(django_filters.FilterSet):
    production = django_filters.ModelChoiceFilter(queryset=_visible_productions, label="Production")
    status = django_filters.ChoiceFilter(choices=FileStatus.choices)

    class Meta:
        model = Document
        fields = ["production", "status"]


def _visible_cases(request):
    user = getattr(request, "user", None)
    return restrict_visible(Case.objects.all(), user) if user else Case.objects.none()


class ReleaseStatisticsFilter(django_filters.FilterSet):
    """/api/v1/documents/statistics/: the productions counted, by agency (slug), request or case (its enforced
    requests); a request or case the caller may not see is refused like a missing one."""

    agency = django_filters.ModelChoiceFilter(
        field_name="request__agency", queryset=Agency.objects.all(), to_field_name="slug", label="Agency (slug)"
    )
    request = django_filters.ModelChoiceFilter(queryset=_visible_requests, label="Request")
    case = django_filters.ModelChoiceFilter(field_name="request__cases", queryset=_visible_cases, label="Case")

    class Meta:
        model = Production
        fields = ["agency", "request", "case"]


def _visible_schedules(request):
    user = getattr(request, "user", None)
    return restrict_visible(ProductionSchedule.objects.all(), user) if user else ProductionSchedule.objects.none()


class CountedProductionFilter(django_filters.FilterSet):
    case = django_filters.ModelChoiceFilter(
        queryset=_visible_cases, field_name="schedule__case", label="Case whose schedule it counts against"
    )
    schedule = django_filters.ModelChoiceFilter(queryset=_visible_schedules, label="Production schedule")

    class Meta:
        model = Production
        fields = ["case", "schedule"]
