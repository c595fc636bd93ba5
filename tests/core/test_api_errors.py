"""One exception handler, one error shape, and hostile input answered 400 (core/api.py)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.views import APIView

from core.api import MAX_JSON_DEPTH, json_depth
from tests.factories import member

NESTED = "[" * 1024 + "]" * 1024  # 2 KB: a RecursionError in Python's json module without a depth limit


@pytest.fixture
def client(world):
    api = APIClient()
    api.force_authenticate(member(world.ours))
    return api


class Raises(APIView):
    authentication_classes = []
    permission_classes = []
    error: Exception = Exception("set by as_view")

    def get(self, request):
        raise self.error


@pytest.mark.parametrize(
    ("error", "status", "body"),
    [
        (ValidationError({"subject": "Enter a subject."}), 400, {"subject": ["Enter a subject."]}),
        (ValidationError("Refused."), 400, {"non_field_errors": ["Refused."]}),
        (PermissionDenied("Only admins."), 403, {"detail": "Only admins."}),
        (Http404("No such object."), 404, {"detail": "No such object."}),
    ],
)
def test_a_service_exception_becomes_its_status_in_one_shape(error, status, body):
    response = Raises.as_view(error=error)(APIRequestFactory().get("/"))
    assert (response.status_code, response.data) == (status, body)


def test_a_unique_violation_that_got_past_a_service_check_is_a_409():
    error = IntegrityError("UNIQUE constraint failed: foia_trackingnumber.number")
    response = Raises.as_view(error=error)(APIRequestFactory().get("/"))
    assert response.status_code == 409 and set(response.data) == {"detail"}


def test_another_integrity_error_is_still_a_server_error():
    with pytest.raises(IntegrityError):
        Raises.as_view(error=IntegrityError("NOT NULL constraint failed"))(APIRequestFactory().get("/"))


def test_depth_counts_brackets_outside_strings_only():
    assert json_depth('{"a": [1, {"b": "[[[[["}]}') == 3
    assert json_depth('"\\"[[["') == 0


@pytest.mark.django_db
def test_nested_brackets_on_the_sign_in_endpoint_are_a_400_not_a_500():
    response = APIClient().post("/api/v1/auth/token/", NESTED, content_type="application/json")
    assert response.status_code == 400
    assert "nested deeper than" in response.json()["detail"]


@pytest.mark.django_db
def test_nested_brackets_on_every_json_endpoint_are_a_400(client):
    for url in ("/api/v1/foia/requests/", "/api/v1/foia/events/", "/api/v1/foia/communications/"):
        assert client.post(url, NESTED, content_type="application/json").status_code == 400, url


@pytest.mark.django_db
def test_a_payload_within_the_limit_still_parses(client):
    nested = {"tags": ["ISAP"], "subject": "x", "agency": "ice", "request_text": "y"}
    assert json_depth(str(nested).replace("'", '"')) < MAX_JSON_DEPTH
    assert client.post("/api/v1/foia/requests/", nested, format="json").status_code == 201


@pytest.mark.django_db
def test_an_unknown_api_url_answers_json(client):
    response = client.get("/api/v1/feeds/not-a-number./")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}
    assert client.get("/no-such-page/")["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_a_boolean_filter_refuses_a_value_that_is_not_a_boolean(client):
    response = client.get("/api/v1/notifications/", {"unread": "null"})
    assert response.status_code == 400 and response.json() == {"unread": ["Use true or false."]}
    assert client.get("/api/v1/notifications/", {"unread": "true"}).status_code == 200
    assert client.get("/api/v1/notifications/", {"unread": ""}).status_code == 200


@pytest.mark.django_db
def test_a_nul_character_anywhere_in_a_json_body_is_a_400_not_a_database_error(client):
    """PostgreSQL refuses NUL in text: schemathesis found a 500 with one in an implied event's `referred_to`."""
    body = {"request": 1, "kind": "letter", "implied_events": [{"kind": "referred", "referred_to": "ic\u0000e"}]}
    response = client.post("/api/v1/foia/communications/", body, format="json")
    assert response.status_code == 400 and "NUL" in response.json()["detail"]
    key = {"subject": "x", "agency": "ice", "request_text": "y", "tags": {"a\u0000": 1}}
    assert client.post("/api/v1/foia/requests/", key, format="json").status_code == 400
