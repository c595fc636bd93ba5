"""/api/v1/deadlines/ (the same filters as the page) and /api/v1/deadlines/calculate."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import StrictFilterBackend
from core.etags import VersionedViewSetMixin

from .filters import DeadlineFilter
from .forms import CalculatorForm
from .selectors import deadline_list_for
from .serializers import CalculationSerializer, DeadlineSerializer


class DeadlineViewSet(VersionedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Deadlines the caller may see (open ones unless `status` is given; `status=` for any)."""

    serializer_class = DeadlineSerializer
    filterset_class = DeadlineFilter
    filter_backends = [StrictFilterBackend]  # the FilterSet sorts too (ordering=due_date / -due_date)

    def get_queryset(self):
        return deadline_list_for(user=self.request.user).select_related("subject_type", "closed_by")

    def filter_queryset(self, queryset):
        # The list's filters (open ones by default) say which deadlines to list; a detail route names one deadline
        # and answers it whatever its status.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


def _param(name, description, required=False, enum=None, type_=OpenApiTypes.STR):
    return OpenApiParameter(name, type_, OpenApiParameter.QUERY, required=required, description=description, enum=enum)


class CalculateView(APIView):
    @extend_schema(
        operation_id="deadlines_calculate",
        parameters=[
            _param("rule", "Rule slug, e.g. foia-initial-response", required=True),
            _param("trigger", "Trigger date, YYYY-MM-DD", required=True, type_=OpenApiTypes.DATE),
            _param("service", "Service method (FRCP 6(d))", enum=["electronic", "mail"]),
            _param("agency", "Agency slug, e.g. ice"),
            _param("court", "Court slug, e.g. dcd"),
            _param("options", "Rule options as a JSON object (tolls, unusual_circumstances, ...)"),
        ],
        responses=CalculationSerializer,  # and the errors core/schema.py adds
    )
    def get(self, request):
        form = CalculatorForm(request.query_params)
        if not form.is_valid():
            # The API's one 400 shape (core/api.py): each parameter's messages under its name.
            raise ValidationError({field: [str(e) for e in errs] for field, errs in form.errors.items()})
        return Response(form.computation.as_dict())
