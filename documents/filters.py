"""API filters; every object they name is chosen among what the caller may see (tests/test_input_scoping.py)."""

import django_filters

from coalition.access import restrict_visible
from foia.models import FoiaRequest

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
