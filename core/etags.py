"""ETags and If-Match for every API object that carries a version (`core.versioning.Versioned`).

`VersionedViewSetMixin`, put first in a viewset's bases, makes:
- a detail GET, and PUT / PATCH responses, send ``ETag: "<pk>.<version>"``: a strong validator of the stored
  version of the object (what concurrency control needs; the same for every reader);
- PUT / PATCH / DELETE honour ``If-Match``: the row is locked (`SELECT ... FOR UPDATE`) and its version compared
  before the write runs, in the same transaction, so nobody can slip a change in between; a stale or foreign tag
  answers 412 Precondition Failed with a JSON body and changes nothing. ``If-Match: *`` matches any existing object.
  A write without If-Match still works (it overwrites, as before): clients opt in by sending the tag they read.
- `AutoSchema` documents it: ETag response header on those reads and writes, the If-Match request header and the
  412 response on the writes. `config.settings` makes it the default schema class.
"""

from __future__ import annotations

from django.db import transaction
from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers, status
from rest_framework.exceptions import APIException

WRITE_METHODS = ("PUT", "PATCH", "DELETE")
TAGGED_ACTIONS = ("retrieve", "update", "partial_update")


def etag_of(obj) -> str:
    return f'"{obj.pk}.{obj.version}"'


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The object changed since you read it: GET it again and reapply your change."
    default_code = "precondition_failed"


def _matches(header: str, current: str) -> bool:
    """RFC 9110 If-Match: strong comparison, so a weak tag (W/"...") never matches."""
    tags = [tag.strip() for tag in header.split(",") if tag.strip()]
    return "*" in tags or current in tags


class VersionedViewSetMixin:
    """See the module docstring. The viewset's model must inherit `core.versioning.Versioned`.

    It adds no route: it hooks `get_object` (check If-Match under a row lock on writes, remember the object) and
    `finalize_response` (the ETag), and runs writes in one transaction, so a read-only viewset stays read-only."""

    def dispatch(self, request, *args, **kwargs):
        if request.method in WRITE_METHODS:
            # The If-Match row lock (get_object) must be held until the write commits.
            with transaction.atomic():
                return super().dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        instance = super().get_object()
        if self.request.method in WRITE_METHODS:
            self._check_if_match(self.request, instance)
        self._etag_object = instance
        return instance

    def _check_if_match(self, request, instance) -> None:
        header = request.headers.get("If-Match")
        if header is None:
            return
        # Lock, then compare: a concurrent write waits for this transaction or is seen here, never in between.
        current = _current_version(instance, lock=True)
        instance.version = current if current is not None else instance.version
        if not _matches(header, etag_of(instance)):
            raise PreconditionFailed(
                {"detail": PreconditionFailed.default_detail, "code": "stale", "etag": etag_of(instance)}
            )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        instance = getattr(self, "_etag_object", None)
        if (
            instance is not None
            and getattr(self, "action", None) in TAGGED_ACTIONS
            and 200 <= response.status_code < 300
        ):
            if request.method != "GET":
                instance.version = _current_version(instance)  # what the write made of it
            response["ETag"] = etag_of(instance)
        return response


def _current_version(instance, *, lock: bool = False) -> int | None:
    rows = type(instance)._default_manager.filter(pk=instance.pk)
    if lock:
        rows = rows.select_for_update()
    return rows.values_list("version", flat=True).first()


class PreconditionFailedSerializer(serializers.Serializer):
    """The body of a 412 (documentation only)."""

    detail = serializers.CharField()
    code = serializers.CharField()
    etag = serializers.CharField(help_text="The current ETag of the object.")


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, plus the ETag / If-Match contract of `VersionedViewSetMixin` views."""

    def _versioned(self) -> bool:
        return isinstance(self.view, VersionedViewSetMixin)

    def _action(self) -> str | None:
        return getattr(self.view, "action", None)

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if not self._versioned():
            return parameters
        action = self._action()
        if self.method in WRITE_METHODS and action in ("update", "partial_update", "destroy"):
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    description=(
                        'The ETag of the version you read (e.g. "12.3"). If the object changed since, the write is '
                        "refused with 412 and nothing changes. Optional: without it the write overwrites."
                    ),
                )
            )
        if action in TAGGED_ACTIONS:
            parameters.append(
                OpenApiParameter(
                    "ETag",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    response=[200],
                    description="The object's current version, to send back in If-Match.",
                )
            )
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self._versioned() and self.method in WRITE_METHODS and self._action() in TAGGED_ACTIONS + ("destroy",):
            responses.setdefault(
                "412",
                self._get_response_for_code(PreconditionFailedSerializer, "412", direction=direction)
                | {"description": "If-Match names another version: the object changed since it was read."},
            )
        return responses
