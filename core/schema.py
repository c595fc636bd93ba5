"""The OpenAPI schema documents every status an operation can answer, with one error body, without a decorator per view.

`AutoSchema` (REST_FRAMEWORK's DEFAULT_SCHEMA_CLASS) adds to each operation the errors DRF and `core.api` produce:

- 400 `ValidationError` (field errors) on writes (a service's refusal) and operations with query parameters;
- 401 `Error` always: a missing, wrong or expired token is refused before anything else (even on the token endpoint,
  where a bad `Authorization` header is still checked);
- 403 `Error` on writes (edit rights, CSRF for session callers);
- 404 `Error` on an object route (missing and invisible objects alike) and on a paginated list (`?page=` past the end);
- 409 `Error` on writes (a unique record written concurrently);
- 415 `Error` on operations with a body (a content type the operation does not parse);
- any status a view names in `extra_error_statuses` (the token endpoint's 429).
The 412 of a stale If-Match (and the ETag / If-Match headers) come from `core.etags.AutoSchema`, which this extends.

Statuses an operation already documents (through `extend_schema`) are left as they are.

It also marks a response field nullable when the model field behind it (through its `source`, relations included)
is: a declared read-only field (`SlugRelatedField(source=...)`, `DateField(source=...)`) would otherwise say
"string" for a value that comes back null.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.settings import api_settings

from . import etags

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})

DESCRIPTIONS = {
    "400": "Invalid input: the field errors (a field's messages under its name; others under `non_field_errors`), "
    "or `detail` for a body that cannot be parsed.",
    "401": "Not signed in: no valid token or session.",
    "403": "Signed in, but not allowed to do this.",
    "404": "No such object, or one the caller may not see (the same answer); for a list, a page past the end.",
    "409": "Conflicts with a record written at the same time.",
    "412": "The object changed since the version named in If-Match.",
    "415": "The request body's content type is not accepted here.",
    "429": "Too many attempts: wait for the seconds in Retry-After.",
}

ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error but a validation error.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Field errors: each field's messages under its name (nested for nested input), the others under "
    "`non_field_errors`; a body that cannot be parsed answers `detail`.",
    "properties": {
        "detail": {"type": "string"},
        "non_field_errors": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": True,
}


def _source_is_nullable(field) -> bool:
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    for attr in getattr(field, "source_attrs", None) or ():
        if model is None:
            return False
        try:
            model_field = model._meta.get_field(attr)
        except FieldDoesNotExist:
            return False  # a property or method: its own type hint or extend_schema_field says
        if model_field.null:
            return True
        model = model_field.related_model
    return False


class AutoSchema(etags.AutoSchema):
    def map_parsers(self):
        # The form parsers are on by default for the browsable API's forms; the contract for clients is JSON. A view
        # that chose its parsers (multipart uploads) documents what it chose.
        if list(self.view.parser_classes) == list(api_settings.DEFAULT_PARSER_CLASSES):
            return ["application/json"]
        return super().map_parsers()

    def _get_serializer_field_meta(self, field, direction):
        meta = super()._get_serializer_field_meta(field, direction)
        if direction == "response" and not meta.get("nullable") and _source_is_nullable(field):
            meta["nullable"] = True
        return meta

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        if self.method == "GET" and self._is_list_view():
            for parameter in operation.get("parameters", []):
                # An empty filter value means "no filter" (django-filter; `status=` on deadlines means any status),
                # an empty page the first page.
                if parameter.get("in") == "query":
                    parameter["allowEmptyValue"] = True
        responses = operation.setdefault("responses", {})
        for code in sorted(self.error_statuses(operation)):
            if code not in responses:
                responses[code] = self._error_response(code)
        return operation

    def error_statuses(self, operation: dict) -> set[str]:
        parameters = operation.get("parameters", [])
        takes_query = any(p.get("in") == "query" for p in parameters)
        object_route = any(p.get("in") == "path" for p in parameters)
        statuses = {"401"}
        if takes_query or self.method in WRITE_METHODS:  # a DELETE a service refuses is a 400 too
            statuses.add("400")
        if self.method in BODY_METHODS:
            statuses.add("415")
        if self.method in WRITE_METHODS:
            statuses |= {"403", "409"}
        if object_route or (self.method == "GET" and self._is_list_view() and self._get_paginator()):
            statuses.add("404")
        statuses |= {str(code) for code in getattr(self.view, "extra_error_statuses", ())}
        return statuses

    def _error_response(self, code: str) -> dict:
        name, schema = ("ValidationError", VALIDATION_ERROR_SCHEMA) if code == "400" else ("Error", ERROR_SCHEMA)
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name)
        self.registry.register_on_missing(component)
        response = {"description": DESCRIPTIONS[code], "content": {"application/json": {"schema": component.ref}}}
        if code == "429":
            response["headers"] = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}}
        return response
