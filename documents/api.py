"""/api/v1/documents/...: productions, files (upload, status, download) and pages.

Same rules as the pages: lists hold only what the caller may see, another organisation's object is 404, uploads go
only to productions the caller may edit, and every write goes through `documents.services`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DrfValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from coalition.access import can_edit
from core.etags import VersionedViewSetMixin
from foia.api import CanEdit

from . import selectors, services
from .filters import CountedProductionFilter, DocumentFilter, ProductionFilter, ReleaseStatisticsFilter
from .serializers import (
    AgencyFiguresSerializer,
    CountedProductionSerializer,
    DocumentPageSerializer,
    DocumentSerializer,
    ProductionSerializer,
    ReleaseFiguresSerializer,
    ReleaseStatisticsSerializer,
    UploadResultSerializer,
    UploadSerializer,
)
from .views import document_file_response


class ProductionViewSet(
    VersionedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Productions of the requests the caller may see. Creating one needs an edit role on its request."""

    serializer_class = ProductionSerializer
    permission_classes = [permissions.IsAuthenticated, CanEdit]
    filterset_class = ProductionFilter
    ordering_fields = ["date"]

    def get_queryset(self):
        return selectors.productions_visible(user=self.request.user)

    def perform_create(self, serializer):
        if not can_edit(self.request.user, serializer.validated_data["request"]):
            raise PermissionDenied("You can view this request but not change it.")
        serializer.save()


class CountedProductionViewSet(
    VersionedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """/api/v1/litigation/productions/: the productions counted against the production schedules of the cases the
    caller may see, each with its schedule's progress (expected vs actual pages, shortfall, projection) over the
    productions the caller may see. Served by documents (litigation cannot import its productions); read-only: a
    production is counted against a schedule through /api/v1/documents/productions/ (`schedule`)."""

    serializer_class = CountedProductionSerializer
    filterset_class = CountedProductionFilter
    ordering_fields = ["date"]

    def get_queryset(self):
        return selectors.productions_on_schedules(user=self.request.user)

    def get_serializer(self, *args, **kwargs):
        instance = args[0] if args else kwargs.get("instance")
        if instance is not None and self.request is not None:
            objects = list(instance) if kwargs.get("many") else [instance]
            schedules = list({o.schedule_id: o.schedule for o in objects}.values())
            progress = selectors.schedules_progress(
                user=self.request.user, schedules=schedules, today=timezone.localdate()
            )
            kwargs["context"] = {**self.get_serializer_context(), "progress": progress}
        return super().get_serializer(*args, **kwargs)


class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Files of productions: POST multipart `file` (one or several, ZIPs opened) and `production` to upload; each
    file's `status` says where its processing stands (queued, extracting, ocr, done, failed with `failure_reason`)."""

    serializer_class = DocumentSerializer
    parser_classes = [MultiPartParser, FormParser]
    filterset_class = DocumentFilter
    ordering_fields = ["created_at"]

    def get_queryset(self):
        return selectors.documents_visible(user=self.request.user).order_by("pk")

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={201: UploadResultSerializer},
        description="Upload files to a production. 201 with the documents queued and the files refused (each with "
        "its reason) when at least one was taken; 400 with the reasons when none was.",
    )
    def create(self, request, *args, **kwargs):
        upload = UploadSerializer(data=request.data, context={"request": request})
        upload.is_valid(raise_exception=True)
        result = services.documents_upload(
            production=upload.validated_data["production"], files=upload.validated_data["file"], actor=request.user
        )
        if not result.documents:
            raise ValidationError({"file": [refusal.reason for refusal in result.refused] or ["No file was taken."]})
        body = UploadResultSerializer(result, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="A PDF, for the viewer"),
            (200, "*/*"): OpenApiResponse(
                OpenApiTypes.BINARY, description="Any other file (image, Word, Excel, email), as a download"
            ),
        }
    )
    @action(detail=True, methods=["get"], url_path="download", url_name="download")
    def download(self, request, pk=None):
        return document_file_response(self.get_object(), download="download" in request.query_params)

    @extend_schema(responses={200: DocumentPageSerializer(many=True)})
    @action(detail=True, methods=["get"], url_path="pages", url_name="pages")
    def pages(self, request, pk=None):
        document = self.get_object()
        rows = selectors.document_pages(user=request.user, document=document)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(DocumentPageSerializer(page, many=True).data)


class ReleaseStatisticsView(APIView):
    """Pages released vs withheld and the exemptions cited per page, over the productions the caller may see
    (privileged ones only for those who may see them), narrowed by agency, request or case."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("agency", OpenApiTypes.STR, description="Agency slug"),
            OpenApiParameter("request", OpenApiTypes.INT, description="A request's id"),
            OpenApiParameter("case", OpenApiTypes.INT, description="A case's id: its enforced requests"),
        ],
        responses=ReleaseStatisticsSerializer,
        operation_id="documents_statistics",
    )
    def get(self, request):
        empty = sorted(name for name, value in request.query_params.items() if value == "")
        if empty:
            raise DrfValidationError({name: ["This value may not be empty."] for name in empty})
        base = selectors.productions_counted(user=request.user)
        filterset = ReleaseStatisticsFilter(request.query_params, queryset=base, request=request)
        if not filterset.is_valid():
            raise DrfValidationError(filterset.errors)
        productions = filterset.qs
        figures = selectors.release_figures(user=request.user, productions=productions)
        agencies = selectors.release_figures_by_agency(user=request.user, productions=productions)
        body = {**ReleaseFiguresSerializer(figures).data, "agencies": AgencyFiguresSerializer(agencies, many=True).data}
        return Response(body)
