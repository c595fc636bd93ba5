"""/api/v1/exports/: ask for an export of a list, follow its job, download its file.

One design for every list: POST `{"kind", "format", "filters"}` answers 201 with the job (queued; built by a
worker), GET /api/v1/exports/<id>/ shows its progress and, once done, its `download_url`
(GET /api/v1/exports/<id>/download/). Only the job's owner sees it: anyone else's id is a 404, like a missing one.
The filters are the list's own (checked as the list checks them: a refused one is a 400).
"""

from __future__ import annotations

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import selectors, services
from .models import ExportStatus
from .serializers import ExportJobCreateSerializer, ExportJobSerializer
from .views import attachment
from .writers import CONTENT_TYPES


class ExportJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own exports, newest first."""

    serializer_class = ExportJobSerializer

    def get_queryset(self):
        return selectors.export_jobs_for(user=self.request.user)

    @extend_schema(
        request=ExportJobCreateSerializer,
        responses={201: ExportJobSerializer},
        description="Queue an export of a list with its filters; poll the job until `status` is done (or failed).",
    )
    def create(self, request, *args, **kwargs):
        asked = ExportJobCreateSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        job = services.export_job_create(
            actor=request.user,
            kind=asked.validated_data["kind"],
            fmt=asked.validated_data["format"],
            filters=asked.validated_data["filters"],
            organization=getattr(request, "active_organization", None),
        )
        job.refresh_from_db()  # an eager (test) run has finished by now
        return Response(ExportJobSerializer(job, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="The CSV file"),
            (200, CONTENT_TYPES["xlsx"]): OpenApiResponse(OpenApiTypes.BINARY, description="The XLSX file"),
        }
    )
    @action(detail=True, methods=["get"], url_path="download", url_name="download")
    def download(self, request, pk=None):
        job = self.get_object()
        if job.status != ExportStatus.DONE or not job.file:
            raise Http404("This export has no file (not ready yet, failed or expired).")
        return attachment(FileResponse(job.file.open("rb"), content_type=CONTENT_TYPES[job.format]), job.filename)
