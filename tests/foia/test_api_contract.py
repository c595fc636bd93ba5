"""The FOIA API refuses what the pages refuse, with the rule in the service, and accepts what the lifecycle allows."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from foia.choices import EventKind as E
from foia.models import Appeal, FoiaRequest
from foia.services import foia_request_create
from tests.foia.factories import FoiaRequestFactory, record, record_all

pytestmark = pytest.mark.django_db
D = dt.date
BASE = "/api/v1/foia"
PAYLOAD = {"agency": "ice", "subject": "SmartLINK data retention", "request_text": "All records."}


@pytest.fixture
def api(world):
    client = APIClient()
    client.force_authenticate(world.staff)
    return client


@pytest.mark.parametrize(
    ("asked", "reason"),
    [("expedited_requested", "expedited_justification"), ("fee_waiver_requested", "fee_waiver_justification")],
)
def test_the_api_refuses_expedition_or_a_fee_waiver_without_its_justification(api, world, asked, reason):
    response = api.post(f"{BASE}/requests/", {**PAYLOAD, asked: True, reason: "  "}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [reason]
    assert not FoiaRequest.objects.exists()
    assert api.post(f"{BASE}/requests/", {**PAYLOAD, asked: True, reason: "Urgent"}, format="json").status_code == 201


def test_an_edit_that_asks_for_expedition_without_a_reason_is_refused(api, world):
    mine = FoiaRequestFactory(organization=world.ours)
    response = api.patch(f"{BASE}/requests/{mine.pk}/", {"expedited_requested": True}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["expedited_justification"]
    mine.refresh_from_db()
    assert mine.expedited_requested is False


def test_the_rule_is_the_service_s_so_every_caller_gets_it(world):
    from django.core.exceptions import ValidationError

    from directory.models import Agency

    with pytest.raises(ValidationError) as refused:
        foia_request_create(
            user=world.staff,
            organization=world.ours,
            agency=Agency.objects.get(slug="ice"),
            subject="x",
            request_text="y",
            fee_waiver_requested=True,
        )
    assert set(refused.value.message_dict) == {"fee_waiver_justification"}


def test_a_second_appeal_after_a_remand_is_accepted_by_the_api_as_by_the_page(api, world, today):
    req = FoiaRequestFactory(organization=world.ours)
    today(D(2027, 3, 1))
    record_all(
        req,
        world.staff,
        (E.SUBMITTED, D(2026, 11, 18)),
        (E.RECEIVED, D(2026, 11, 20)),
        (E.FINAL_RESPONSE, D(2026, 12, 15), {"outcome": "partial"}),
        (E.APPEAL_FILED, D(2027, 1, 4)),
        (E.APPEAL_DECIDED, D(2027, 1, 20), {"outcome": "remanded"}),
    )
    record(req, world.staff, E.FINAL_RESPONSE, D(2027, 2, 26), outcome="partial")
    response = api.post(f"{BASE}/appeals/", {"request": req.pk, "filed_on": "2027-03-01"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["number"] == 2
    assert list(Appeal.objects.filter(request=req).values_list("number", flat=True)) == [1, 2]


def test_a_service_refusal_is_a_400_with_its_message_in_non_field_errors(api, world, today):
    today(D(2026, 12, 1))
    req = FoiaRequestFactory(organization=world.ours)
    record(req, world.staff, E.SUBMITTED, D(2026, 11, 18))
    response = api.delete(f"{BASE}/requests/{req.pk}/")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Only a draft with no events or communications can be deleted; close the request."]
    }


def test_a_letter_logged_without_channel_or_kind_gets_the_model_s_defaults(api, world, today):
    """Both are optional in the schema; the service required them, so leaving them out was a 500 (schemathesis)."""
    today(D(2026, 12, 1))
    req = FoiaRequestFactory(organization=world.ours)
    body = {"request": req.pk, "direction": "to_agency", "date": "2026-11-20", "subject": "Our letter"}
    response = api.post(f"{BASE}/communications/", body, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["channel"], response.json()["kind"]) == ("email", "other")
