"""The list, the dashboard, the API list and the detail page use a fixed number of queries, whatever the rows."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalition.models import Sharing
from foia.choices import EventKind as E
from foia.services import communication_log, tags_from_names, tracking_number_add
from tests.foia.factories import FoiaRequestFactory, agency, record, record_all

pytestmark = pytest.mark.django_db
D = dt.date


def grow(world, n, start=0):
    """n requests, half shared from the partner, each with events, a tracking number, tags and an agency letter."""
    tags = {
        org.pk: tags_from_names(["ISAP", "SmartLINK"], organization_id=org.pk) for org in (world.ours, world.partner)
    }
    for i in range(start, start + n):
        org = world.ours if i % 2 else world.partner
        req = FoiaRequestFactory(organization=org, sharing=Sharing.COALITION, assigned_to=None)
        req.tags.set(tags[org.pk])
        user = world.staff if org == world.ours else world.partner_staff
        record_all(req, user, (E.SUBMITTED, D(2026, 11, 2)), (E.RECEIVED, D(2026, 11, 3)))
        tracking_number_add(
            request=req, user=user, number=f"2026-ICFO-{i:05d}", agency=agency(), assigned_on=D(2026, 11, 4)
        )
        communication_log(
            request=req,
            user=user,
            direction="from_agency",
            channel="email",
            date=D(2026, 11, 5),
            kind="acknowledgment",
            subject="Ack",
            events=[],
        )


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    "url",
    [
        reverse("foia:request-list"),
        reverse("foia:request-list") + "?sort=due&overdue=true&q=ISAP",
        reverse("dashboard"),
        "/api/v1/foia/requests/",
        "/api/v1/foia/requests/?overdue=true&due_within=30&sort=-due",
        reverse("foia:request-export") + "?overdue=false&due_within=30&sort=due",
        "/api/v1/foia/events/",
        "/api/v1/foia/communications/",
    ],
)
def test_constant_queries_whatever_the_number_of_rows(client, world, today, django_assert_max_num_queries, url):
    today(D(2026, 12, 30))
    client.force_login(world.staff)
    grow(world, 2)
    queries(client, url)  # warm the per-process caches (content types)
    small = queries(client, url)
    grow(world, 10, start=2)
    large = queries(client, url)
    assert small == large
    # The request list page also lists the user's saved views and the bulk form's people (one query each), and
    # reads its page in two steps (core.pagination.page_of: the page's ids, then those rows): one more.
    # The dashboard also reads the litigation figures (open cases, overdue court deadlines, the next one): three;
    # and the released records by agency (one query with no release, as here; three with some).
    limit = {reverse("foia:request-list"): 19, reverse("dashboard"): 20}.get(url.split("?")[0], 16)
    with django_assert_max_num_queries(limit):
        client.get(url)


def test_the_detail_page_does_not_grow_with_its_timeline(client, world, today):
    today(D(2026, 12, 30))
    client.force_login(world.staff)
    req = FoiaRequestFactory(organization=world.ours)
    record_all(req, world.staff, (E.SUBMITTED, D(2026, 11, 2)), (E.RECEIVED, D(2026, 11, 3)))
    url = req.get_absolute_url()

    def letter(day):
        communication_log(
            request=req,
            user=world.staff,
            direction="from_agency",
            channel="email",
            date=day,
            kind="other",
            subject="Letter",
            files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")],
        )

    letter(D(2026, 11, 4))
    small = queries(client, url)
    for day in range(5, 15):
        letter(D(2026, 11, day))
    record(req, world.staff, E.ACKNOWLEDGED, D(2026, 11, 16))
    tracking_number_add(request=req, user=world.staff, number="X-1", agency=agency(), assigned_on=D(2026, 11, 16))
    assert queries(client, url) == small
