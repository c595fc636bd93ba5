"""/api/v1/imports/: upload (the preview is computed at once with the recognised or remembered mapping), read the
preview, confirm, undo. Same rules as the pages: only the caller's own organisations' batches exist for them
(another's answers 404), and every write needs an edit role there."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api import Conflict

from . import selectors, services
from .serializers import ImportBatchBriefSerializer, ImportBatchSerializer, ImportUploadSerializer


class ImportBatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Spreadsheet imports of the caller's organisations, each with its dry-run preview (`rows`, `counts`)."""

    serializer_class = ImportBatchSerializer
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.batches_visible(user=self.request.user)

    def get_serializer_class(self):
        return ImportBatchBriefSerializer if self.action == "list" else ImportBatchSerializer

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer},
        responses={201: ImportBatchSerializer},
        description="Upload a CSV or XLSX (`file`, `kind`) into your active organisation. 201 with the preview: "
        "nothing is imported until it is confirmed. 400 for a file over the size or row limit, unreadable, or "
        "macro-enabled.",
    )
    def create(self, request, *args, **kwargs):
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        org = request.active_organization
        if not org:
            raise PermissionDenied("You belong to no organisation to import into.")
        batch = services.batch_upload(
            user=request.user,
            organization=org,
            upload=upload.validated_data["file"],
            kind=upload.validated_data["kind"],
        )
        batch = services.batch_preview(user=request.user, batch=batch)
        body = ImportBatchSerializer(batch, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)

    def _act(self, request, service):
        batch = self.get_object()
        try:
            batch = service(user=request.user, batch=batch)
        except DjangoValidationError as error:
            if error.code in ("applied", "undone"):
                raise Conflict(" ".join(error.messages)) from None
            raise
        return Response(ImportBatchSerializer(batch, context={"request": request}).data)

    @extend_schema(
        request=None,
        responses={200: ImportBatchSerializer},
        description="Apply the previewed import in one transaction (all rows or none). A second confirm is 409.",
    )
    @action(detail=True, methods=["post"], url_path="confirm", url_name="confirm")
    def confirm(self, request, pk=None):
        return self._act(request, services.batch_confirm)

    @extend_schema(
        request=None,
        responses={200: ImportBatchSerializer},
        description="Undo an applied import as a whole; 400 naming the requests edited since, nothing undone.",
    )
    @action(detail=True, methods=["post"], url_path="undo", url_name="undo")
    def undo(self, request, pk=None):
        return self._act(request, services.batch_undo)
