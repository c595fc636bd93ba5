"""DRF plumbing every app's API shares: one exception handler, one error shape and a JSON parser that refuses
hostile nesting. It knows no domain: services raise Django's exceptions and this turns them into HTTP answers.

The error shape, everywhere:
- 400: `{"<field>": ["message", ...], "non_field_errors": ["message", ...]}` (DRF's serializer errors; a service's
  ValidationError without a field lands in `non_field_errors`);
- anything else (401, 403, 404, 405, 406, 409, 412, 415, 429): `{"detail": "message"}`.
"""

from __future__ import annotations

import json
import re

import django_filters
from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.views import exception_handler as drf_exception_handler

# Deep enough for any real payload (a communication's implied events are three levels deep); shallow enough that
# neither the parser nor the serializers recurse near Python's limit (2 KB of "[" is a RecursionError otherwise).
MAX_JSON_DEPTH = 32

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
# PostgreSQL's unique_violation; SQLite says it in the message.
_UNIQUE_SQLSTATE = "23505"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This conflicts with an existing record."
    default_code = "conflict"


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in `text`, brackets inside strings excluded."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


class DepthLimitedJSONParser(JSONParser):
    """DRF's JSON parser, refusing (400) a body nested deeper than MAX_JSON_DEPTH before parsing it."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding)
        except UnicodeDecodeError as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from None
        if json_depth(text) > MAX_JSON_DEPTH:
            raise exceptions.ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.")
        try:
            data = json.loads(text, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from None
        if _contains_nul(data):
            # PostgreSQL stores no NUL in text or jsonb, and a lookup with one fails: refuse it here, once.
            raise exceptions.ParseError("JSON parse error - text may not contain NUL (\\u0000) characters.")
        return data


def _contains_nul(value) -> bool:
    # Recursion is bounded: the body is at most MAX_JSON_DEPTH deep.
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(key) or _contains_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_contains_nul(item) for item in value)
    return False


def _refuse_constant(name: str):
    # NaN and Infinity are not JSON (RFC 8259); DRF's own parser refuses them too in strict mode.
    raise ValueError(f"{name} is not valid JSON")


def _is_unique_violation(exc: IntegrityError) -> bool:
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) == _UNIQUE_SQLSTATE or "UNIQUE constraint failed" in str(exc)


def api_exception_handler(exc, context):
    """DRF's handler, taught the exceptions services raise, so no view or serializer translates them itself."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(serializers.as_serializer_error(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    elif isinstance(exc, IntegrityError) and _is_unique_violation(exc):
        # A race past a service's own uniqueness check: the other write won.
        exc = Conflict()
    return drf_exception_handler(exc, context)


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter's backend, refusing (400) a boolean filter value that is not a boolean. A page's filter form
    treats garbage as "any" (a hand-edited URL still shows a list); an API client that sends `unread=yes` is told,
    rather than silently getting everything."""

    BOOLEAN_VALUES = frozenset({"", "true", "false", "True", "False", "1", "0"})

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            errors = {
                name: ["Use true or false."]
                for name, declared in filterset_class.base_filters.items()
                if isinstance(declared, django_filters.BooleanFilter)
                and any(value not in self.BOOLEAN_VALUES for value in request.query_params.getlist(name))
            }
            if errors:
                raise exceptions.ValidationError(errors)
        return super().filter_queryset(request, queryset, view)
