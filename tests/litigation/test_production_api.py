"""/api/v1/litigation/production-schedules/ and /productions/ (documents' rows mounted under litigation): access like
the pages, ETags, refusals naming the field, privileged productions kept from partners, progress hand-checked."""

import datetime as dt

import pytest

from deadlines.models import Deadline
from documents import services as documents
from litigation import services, services_docket
from litigation.models import ProductionSchedule
from tests.litigation.test_docket_api import BASE, api

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def linked(lit):
    services.case_request_link(actor=lit.staff, case=lit.case, request=lit.request)
    lit.order = services_docket.docket_entry_add(
        actor=lit.attorney, case=lit.case, number=20, filed_on=D(2026, 11, 6), kind="order", description="ORDER"
    )
    return lit


def test_creating_a_schedule_makes_its_period_deadlines_and_bad_terms_are_a_400_naming_the_field(linked):
    client = api(linked.attorney)
    body = {"case": linked.case.pk, "order": linked.order.pk, "pages_per_period": 500, "first_due": "2026-11-30",
            "total_pages": 1500}  # fmt: skip
    response = client.post(f"{BASE}/production-schedules/", body, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["period"] == "monthly" and created["open_ended"] is False and len(created["deadlines"]) == 3
    assert sorted(Deadline.objects.filter(pk__in=created["deadlines"]).values_list("due_date", flat=True)) == [
        D(2026, 11, 30), D(2026, 12, 30), D(2027, 1, 30),
    ]  # fmt: skip
    for bad, field in (
        ({"pages_per_period": 0}, "pages_per_period"),
        ({"ends_on": "2026-11-01"}, "ends_on"),
        ({"period": "days"}, "every_days"),
    ):
        response = client.post(f"{BASE}/production-schedules/", {**body, **bad}, format="json")
        assert response.status_code == 400 and field in response.json(), (bad, response.json())
    assert ProductionSchedule.objects.count() == 1
    detail = client.get(f"{BASE}/production-schedules/{created['id']}/")
    assert detail["ETag"] == f'"{created["id"]}.1"'
    ended = client.post(f"{BASE}/production-schedules/{created['id']}/end/")
    assert ended.status_code == 200 and ended.json()["ended_on"] == "2026-12-01"


def test_access_rules_and_the_progress_of_counted_productions(linked):
    schedule = ProductionSchedule.objects.get(
        pk=api(linked.attorney)
        .post(
            f"{BASE}/production-schedules/",
            {"case": linked.case.pk, "pages_per_period": 500, "first_due": "2026-11-30", "total_pages": 3000},
            format="json",
        )
        .json()["id"]
    )
    documents.production_create(
        request=linked.request, actor=linked.staff, date=D(2026, 11, 25), pages_processed=300, schedule=schedule
    )
    documents.production_create(
        request=linked.request, actor=linked.staff, date=D(2026, 11, 28), pages_processed=100, schedule=schedule,
        privileged=True,
    )  # fmt: skip
    ours = api(linked.staff).get(f"{BASE}/productions/?case={linked.case.pk}").json()["results"]
    assert len(ours) == 2
    progress = ours[0]["schedule_progress"]
    # 2026-12-01: period 1 (2026-11-30) due, 500 expected; 400 processed; from 2026-10-30, 32 days: 2600 pages
    # left take ceil(2600 * 32 / 400) = 208 days -> 2027-06-27.
    assert (progress["expected"], progress["actual"], progress["shortfall"], progress["behind"]) == (
        500,
        400,
        100,
        True,
    )
    assert progress["projected_completion"] == "2027-06-27" and progress["next_due"] == "2026-12-30"
    assert ours[0]["case"] == linked.case.pk
    partner = api(linked.partner_staff)
    seen = partner.get(f"{BASE}/productions/").json()["results"]
    assert len(seen) == 1 and seen[0]["schedule_progress"]["actual"] == 300  # the privileged one stays ours
    assert partner.get(f"{BASE}/production-schedules/{schedule.pk}/").status_code == 200
    assert partner.post(f"{BASE}/production-schedules/{schedule.pk}/end/").status_code == 403
    outsider = api(linked.outsider_staff)
    assert outsider.get(f"{BASE}/productions/").json()["results"] == []
    assert outsider.get(f"{BASE}/production-schedules/{schedule.pk}/").status_code == 404
    assert outsider.get(f"{BASE}/productions/?schedule={schedule.pk}").status_code == 400  # named, not there
    assert outsider.post(f"{BASE}/production-schedules/{schedule.pk}/end/").status_code == 404
    body = {"case": linked.case.pk, "pages_per_period": 5, "first_due": "2026-12-30"}
    assert api(linked.viewer).post(f"{BASE}/production-schedules/", body, format="json").status_code == 403
    assert outsider.post(f"{BASE}/production-schedules/", body, format="json").status_code == 400


def test_a_production_counts_against_a_schedule_through_the_documents_api_refused_naming_the_field(linked):
    schedule = ProductionSchedule.objects.create(case=linked.private, pages_per_period=5, first_due=D(2026, 12, 30))
    client = api(linked.staff)
    body = {"request": linked.request.pk, "date": "2026-11-25", "pages_processed": 10, "schedule": schedule.pk}
    response = client.post("/api/v1/documents/productions/", body, format="json")
    assert response.status_code == 400 and "schedule" in response.json()  # that case does not enforce the request
    over = {**body, "pages_released_full": 11, "schedule": None}
    response = client.post("/api/v1/documents/productions/", over, format="json")
    assert response.status_code == 400 and "pages_processed" in response.json()
