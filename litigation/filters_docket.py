"""Filters of the docket API: the case is chosen among the cases the caller may see."""

from __future__ import annotations

import django_filters

from coalition.access import restrict_visible

from .models import Case
from .models_docket import CaseNote, DocketEntry, StatusReportSchedule
from .models_schedule import ChallengeStatus, ProductionSchedule, VaughnEntry
from .models_stay import Stay


def _visible_cases(request):
    user = getattr(request, "user", None)
    if not user:
        return Case.objects.none()
    return restrict_visible(Case.objects.all(), user)


class _OfVisibleCase(django_filters.FilterSet):
    case = django_filters.ModelChoiceFilter(queryset=_visible_cases, label="Case")


class DocketEntryFilter(_OfVisibleCase):
    class Meta:
        model = DocketEntry
        fields = ["case", "kind"]


class ScheduleFilter(_OfVisibleCase):
    class Meta:
        model = StatusReportSchedule
        fields = ["case"]


class NoteFilter(_OfVisibleCase):
    class Meta:
        model = CaseNote
        fields = ["case"]


class ProductionScheduleFilter(_OfVisibleCase):
    class Meta:
        model = ProductionSchedule
        fields = ["case"]


class VaughnEntryFilter(_OfVisibleCase):
    challenge_status = django_filters.ChoiceFilter(choices=ChallengeStatus.choices)

    class Meta:
        model = VaughnEntry
        fields = ["case", "challenge_status"]


class StayFilter(_OfVisibleCase):
    in_force = django_filters.BooleanFilter(field_name="lifted_on", lookup_expr="isnull", label="In force")

    class Meta:
        model = Stay
        fields = ["case"]
