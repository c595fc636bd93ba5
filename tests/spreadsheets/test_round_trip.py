"""Spreadsheets out and back in: an organisation's requests exported (CSV and XLSX, exports app) and imported into
a fresh organisation (imports app) come back with the same data, and the engine derives the same deadlines."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from coalition.models import Membership, Role, Sharing
from deadlines.models import Deadline
from foia.choices import EventKind as E
from foia.choices import TrackingKind
from foia.models import FoiaRequest, TrackingNumber
from imports import services
from imports.models import BatchStatus
from tests.factories import OrganizationFactory, member
from tests.foia.factories import FoiaRequestFactory, agency, ensure_agencies, record_all

pytestmark = pytest.mark.django_db
D = dt.date


def snapshot(organization) -> list[tuple]:
    """What the spreadsheet carries for each request of `organization`, and the deadlines derived from it."""
    rows = []
    for r in FoiaRequest.objects.filter(organization=organization).order_by("subject"):
        numbers = sorted(TrackingNumber.objects.filter(request=r).values_list("kind", "number", "agency__slug"))
        due = sorted(
            Deadline.objects.filter(subject_id=r.pk, subject_type__model="foiarequest").values_list(
                "rule", "due_date", "status"
            )
        )
        rows.append((
            r.agency.slug, r.subject, r.request_text, r.submitted_on, r.received_on, r.status,
            r.assigned_to.email if r.assigned_to else None, r.fee_waiver_requested, r.expedited_requested,
            numbers, due,
        ))  # fmt: skip
    return rows


@pytest.fixture
def source():
    with time_machine.travel(dt.datetime(2026, 12, 2, 15, 0), tick=False):
        ensure_agencies()
        ours, fresh = OrganizationFactory(), OrganizationFactory()
        person = member(ours, Role.STAFF, username="round-trip", email="round.trip@example.org")
        Membership.objects.create(user=person, organization=fresh, role=Role.STAFF)
        first = FoiaRequestFactory(
            organization=ours, agency=agency("ice"), subject="ISAP check-in alert records",
            request_text="All SmartLINK check-in alert records, 2020–2026.", assigned_to=person,
            sharing=Sharing.COALITION,
        )  # fmt: skip
        record_all(first, person, (E.SUBMITTED, D(2026, 11, 2)), (E.RECEIVED, D(2026, 11, 3)))
        TrackingNumber.objects.create(
            request=first,
            kind=TrackingKind.REQUEST,
            number="2026-ICFO-23103",
            agency=agency("ice"),
            assigned_on=D(2026, 11, 3),
        )
        second = FoiaRequestFactory(
            organization=ours,
            agency=agency("ice"),
            subject="BI Inc. statement of work",
            request_text="The statement of work and its modifications.",
        )
        record_all(second, person, (E.SUBMITTED, D(2026, 11, 16)), (E.RECEIVED, D(2026, 11, 17)))
        yield ours, fresh, person


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_gives_identical_data(client, source, fmt):
    ours, fresh, person = source
    with time_machine.travel(dt.datetime(2026, 12, 2, 15, 0), tick=False):
        client.force_login(person)
        response = client.get(reverse("exports:list", args=["requests", fmt]) + f"?organization={ours.slug}")
        assert response.status_code == 200
        content = b"".join(response.streaming_content) if response.streaming else response.content
        batch = services.batch_upload_bytes(user=person, organization=fresh, name=f"requests.{fmt}", content=content)
        batch = services.batch_preview(user=person, batch=batch)
        assert batch.preview["counts"]["reject"] == 0, batch.preview["rows"]
        assert batch.preview["counts"]["create"] == 2
        batch = services.batch_confirm(user=person, batch=batch)
        assert batch.status == BatchStatus.APPLIED
        expected = snapshot(ours)
        assert len(expected) == 2 and all(row[-1] for row in expected)  # each has its derived deadline
        assert snapshot(fresh) == expected
