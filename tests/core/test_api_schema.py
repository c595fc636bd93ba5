"""The OpenAPI document says what the API does: every error status, every nullable field, every input constraint."""

import json

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer


@pytest.fixture(scope="module")
def document():
    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


def operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method.upper(), operation


def test_every_operation_documents_its_error_statuses_with_one_error_body(document):
    for path, method, operation in operations(document):
        responses = operation["responses"]
        assert "401" in responses, (method, path)
        if "{" in path:
            assert "404" in responses, (method, path)
        if method in {"POST", "PUT", "PATCH"}:
            assert {"400", "403", "409", "415"} <= set(responses), (method, path)
        for code, response in responses.items():
            if code >= "400":
                ref = response["content"]["application/json"]["schema"]["$ref"]
                # one error body; a stale If-Match's 412 (core.etags) adds the current ETag to it
                assert ref.rsplit("/", 1)[1] in {"Error", "ValidationError", "PreconditionFailed"}, (method, path)
    assert "429" in document["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert document["components"]["schemas"]["Error"]["required"] == ["detail"]


@pytest.mark.parametrize(
    ("component", "field"),
    [
        ("Deadline", "court"),
        ("Deadline", "agency"),
        ("Deadline", "trigger"),
        ("Deadline", "responsible"),
        ("FeedToken", "organization"),
        ("FoiaRequest", "constructive_exhaustion"),
    ],
)
def test_fields_that_come_back_null_are_nullable(document, component, field):
    assert document["components"]["schemas"][component]["properties"][field].get("nullable") is True


def test_input_constraints_are_documented(document):
    request = document["components"]["schemas"]["FoiaRequestRequest"]
    assert {"agency", "subject", "request_text"} <= set(request["required"])
    assert request["properties"]["subject"]["minLength"] == 1
    assert request["properties"]["agency"]["minLength"] == 1


def test_filters_say_an_empty_value_means_no_filter(document):
    parameters = {p["name"]: p for p in document["paths"]["/api/v1/deadlines/"]["get"]["parameters"]}
    assert parameters["status"]["allowEmptyValue"] is True
