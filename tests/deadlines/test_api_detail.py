"""/api/v1/deadlines/<id>/ answers one's own deadline whatever its status: the list's default filter is the list's."""

import datetime as dt

import pytest

from coalition.models import Role
from deadlines import services
from deadlines.models import DeadlineStatus
from tests.deadlines.factories import subject_for
from tests.factories import OrganizationFactory, editor, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 1, 15, tzinfo=dt.UTC), tick=False)
    return OrganizationFactory()


@pytest.mark.parametrize("status", [DeadlineStatus.MET, DeadlineStatus.MISSED, DeadlineStatus.WAIVED])
def test_a_closed_deadline_is_answered_by_its_detail_route(client, org, status):
    subject = subject_for(org)
    deadline = services.deadline_sync(
        actor=editor(subject),
        subject=subject,
        key="initial-response",
        title="Due",
        rule="foia-initial-response",
        trigger=dt.date(2026, 11, 20),
    )
    deadline.status = status
    deadline.save(update_fields=["status"])
    client.force_login(member(org, Role.STAFF))
    response = client.get(f"/api/v1/deadlines/{deadline.pk}/")
    assert response.status_code == 200 and response.json()["status"] == status
    assert [d["id"] for d in client.get("/api/v1/deadlines/").json()["results"]] == []  # the list: open ones
    assert client.get("/api/v1/deadlines/", {"status": status}).json()["count"] == 1
