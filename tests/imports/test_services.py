"""Preview, confirm and undo: what each writes (and that the preview writes nothing), the lifecycle events and the
deadlines the engine derives (hand-checked), atomicity, double confirms, undo refusals and permissions."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from coalition.models import Role
from deadlines.models import Deadline
from foia.choices import EventKind, RequestStatus
from foia.models import FoiaRequest, RequestEvent, TrackingNumber
from imports import selectors, services
from imports.models import BatchStatus, ImportBatch, ImportMapping
from tests.factories import OrganizationFactory, member

from .conftest import previewed, request_row, request_sheet


def rows_by_action(batch, action):
    return [r for r in batch.preview["rows"] if r["action"] == action]


def table_counts():
    return (
        FoiaRequest.objects.count(),
        RequestEvent.objects.count(),
        TrackingNumber.objects.count(),
        Deadline.objects.count(),
        FoiaRequest.history.count(),
    )


def test_preview_lists_creates_and_rejections_and_writes_nothing(org, staff):
    before = table_counts()
    batch = previewed(
        staff,
        org,
        request_sheet(
            request_row(tracking="2026-ICFO-00001", assigned="STAFF@example.org"),
            request_row(tracking="2026-ICFO-00001", subject="Same number again"),
            request_row(agency="Immigration Customs Enforcment", subject="Typo"),
            request_row(submitted="2026-02-30", subject="Impossible"),
            request_row(assigned="someone@elsewhere.org", subject="Outsider"),
        ),
    )
    assert table_counts() == before
    assert batch.status == BatchStatus.PREVIEWED
    assert batch.preview["counts"] == {"create": 1, "update": 0, "unchanged": 0, "reject": 4}
    rejected = {r["row"]: r for r in rows_by_action(batch, "reject")}
    assert rejected[3]["reasons"] == ["Tracking number: 2026-ICFO-00001 is already on row 2 of this file"]
    assert rejected[4]["suggestions"] == ["U.S. Immigration and Customs Enforcement (ICE)"]
    assert rejected[5]["reasons"] == ["Date submitted: “2026-02-30” is not a real date (no such day in that month)"]
    assert rejected[6]["reasons"] == ["Assigned to: someone@elsewhere.org is not a member of this organisation"]


def test_confirm_records_events_and_the_engine_derives_the_deadline(org, staff):
    batch = previewed(staff, org, request_sheet(request_row(tracking="2026-ICFO-00001", assigned="staff@example.org")))
    # Received Tue 2026-11-03; 20 working days, skipping Veterans Day (11-11) and Thanksgiving (11-26): Thu 12-03.
    assert batch.preview["rows"][0]["due"] == {"title": "Agency's determination due", "on": "2026-12-03"}
    services.batch_confirm(user=staff, batch=batch)
    request = FoiaRequest.objects.get()
    assert (request.status, request.submitted_on, request.received_on) == (
        RequestStatus.PROCESSING,
        dt.date(2026, 11, 2),
        dt.date(2026, 11, 3),
    )
    assert request.assigned_to == staff and request.organization == org and request.agency.slug == "ice"
    assert list(request.events.values_list("kind", flat=True)) == [EventKind.SUBMITTED, EventKind.RECEIVED]
    assert list(request.tracking_numbers.values_list("number", flat=True)) == ["2026-ICFO-00001"]
    assert list(request.deadlines.values_list("key", "due_date")) == [("initial-response", dt.date(2026, 12, 3))]


def test_a_due_column_is_compared_never_imported(org, staff):
    content = request_sheet(
        request_row() + ["12/01/2026"], request_row(subject="Agrees") + ["12/03/2026"], extra_headers=["Due"]
    )
    batch = previewed(staff, org, content)
    assert batch.mapping[-1] == "due_on"
    assert batch.preview["due_disagreements"] == 1
    assert batch.preview["rows"][0]["due_disagrees"] == {"sheet": "2026-12-01", "computed": "2026-12-03"}
    services.batch_confirm(user=staff, batch=batch)
    assert set(Deadline.objects.values_list("due_date", flat=True)) == {dt.date(2026, 12, 3)}


def test_responded_and_closed_statuses(org, staff):
    content = request_sheet(
        request_row(status="Denied", subject="Denied one") + ["11/20/2026"],
        request_row(status="Closed - Full grant", subject="Granted one") + ["11/20/2026"],
        extra_headers=["Date Closed"],
    )
    batch = previewed(staff, org, content)
    assert batch.preview["counts"]["create"] == 2, batch.preview["rows"]
    services.batch_confirm(user=staff, batch=batch)
    denied = FoiaRequest.objects.get(subject="Denied one")
    assert denied.status == RequestStatus.RESPONDED
    # DHS components allow 90 working days to appeal from the denial of Fri 2026-11-20 (6 C.F.R. 5.8(a)(1))
    appeal = denied.deadlines.get(key="appeal-filing")
    assert appeal.status == "open" and appeal.trigger_date == dt.date(2026, 11, 20)
    assert FoiaRequest.objects.get(subject="Granted one").status == RequestStatus.CLOSED


def test_a_second_import_updates_matched_rows_and_leaves_the_rest(org, staff):
    services.batch_confirm(user=staff, batch=previewed(staff, org, request_sheet(request_row(tracking="T-1"))))
    request = FoiaRequest.objects.get()
    batch = previewed(
        staff,
        org,
        request_sheet(
            request_row(tracking="t-1", subject="Renamed", assigned="staff@example.org"),
            request_row(external_id=str(request.pk), tracking="T-1", subject="Renamed"),
        ),
    )
    # the second row matches the same request by external id; its tracking number is the first row's
    assert [r["action"] for r in batch.preview["rows"]] == ["update", "reject"]
    assert batch.preview["rows"][0]["changes"] == {
        "subject": ["ISAP records", "Renamed"],
        "assigned_to": ["", "staff@example.org"],
    }
    services.batch_confirm(user=staff, batch=batch)
    request.refresh_from_db()
    assert (request.subject, request.assigned_to) == ("Renamed", staff)
    services.batch_undo(user=staff, batch=batch)
    request.refresh_from_db()
    assert (request.subject, request.assigned_to) == ("ISAP records", None)


def test_confirm_is_one_transaction(org, staff, monkeypatch):
    """A failure after the requests, events and numbers were written (here: while writing their deadlines) leaves
    nothing behind: no request, event, number, deadline, history row or imported record."""
    from foia.services import many

    batch = previewed(staff, org, request_sheet(*[request_row(tracking=f"T-{n}", subject=f"R{n}") for n in range(3)]))
    real = many.derived_deadlines_create

    def failing(**kwargs):
        real(**kwargs)
        raise ValidationError("The disk is on fire.")

    monkeypatch.setattr(many, "derived_deadlines_create", failing)
    before = table_counts()
    with pytest.raises(ValidationError, match="The disk is on fire. Nothing was imported."):
        services.batch_confirm(user=staff, batch=batch)
    assert table_counts() == before
    assert ImportBatch.objects.get(pk=batch.pk).status == BatchStatus.PREVIEWED


def test_a_row_refused_at_confirm_is_named_and_nothing_is_written(org, staff, monkeypatch):
    """A refusal the preview could not foresee (the row's third item fails the services' checks) names the sheet's
    row and rolls the batch back."""
    from foia.services import many

    batch = previewed(staff, org, request_sheet(*[request_row(tracking=f"T-{n}", subject=f"R{n}") for n in range(3)]))
    real = many._check_justifications

    def third_refused(request):
        if request.subject == "R2":
            raise ValidationError("The justification is missing.")
        return real(request)

    monkeypatch.setattr(many, "_check_justifications", third_refused)
    before = table_counts()
    with pytest.raises(ValidationError, match="Row 4: The justification is missing. Nothing was imported."):
        services.batch_confirm(user=staff, batch=batch)
    assert table_counts() == before


def test_confirming_twice_applies_once(org, staff):
    batch = previewed(staff, org, request_sheet(request_row()))
    services.batch_confirm(user=staff, batch=batch)
    with pytest.raises(ValidationError) as refused:
        services.batch_confirm(user=staff, batch=batch)  # the stale copy of a second tab
    assert refused.value.code == "applied"
    assert FoiaRequest.objects.count() == 1


def test_confirm_refuses_when_the_tracker_changed_since_the_preview(org, staff):
    batch = previewed(staff, org, request_sheet(request_row(tracking="T-1")))
    services.batch_confirm(user=staff, batch=previewed(staff, org, request_sheet(request_row(tracking="T-1"))))
    with pytest.raises(ValidationError, match="The tracker changed since this preview"):
        services.batch_confirm(user=staff, batch=batch)
    assert FoiaRequest.objects.count() == 1


def test_undo_removes_what_the_batch_created(org, staff):
    before = (FoiaRequest.objects.count(), RequestEvent.objects.count(), Deadline.objects.count())
    batch = services.batch_confirm(user=staff, batch=previewed(staff, org, request_sheet(request_row(tracking="T-1"))))
    batch = services.batch_undo(user=staff, batch=batch)
    assert batch.status == BatchStatus.UNDONE
    assert (FoiaRequest.objects.count(), RequestEvent.objects.count(), Deadline.objects.count()) == before
    with pytest.raises(ValidationError, match="already undone"):
        services.batch_undo(user=staff, batch=batch)


def test_undo_refuses_naming_the_request_edited_since(org, staff):
    from foia import services as foia_services

    batch = services.batch_confirm(
        user=staff, batch=previewed(staff, org, request_sheet(request_row(), request_row(subject="Edited later")))
    )
    edited = FoiaRequest.objects.get(subject="Edited later")
    foia_services.foia_request_update(request=edited, user=staff, subject="Edited by a person")
    with pytest.raises(ValidationError) as refused:
        services.batch_undo(user=staff, batch=batch)
    assert refused.value.messages == [
        f"Nothing was undone: Request {edited.pk} “Edited later” (row 3) was edited since the import."
    ]
    assert FoiaRequest.objects.count() == 2


def test_the_mapping_is_remembered_per_organisation(org, staff):
    content = b"Agency,What,When sent,Notes\r\nICE,ISAP records,11/02/2026,keep\r\n"
    batch = services.batch_upload_bytes(user=staff, organization=org, name="a.csv", content=content)
    assert batch.mapping == ["agency", "", "", ""]
    batch = services.batch_preview(user=staff, batch=batch, mapping=["agency", "subject", "submitted_on", ""])
    services.batch_confirm(user=staff, batch=batch)
    assert ImportMapping.objects.get(organization=org).by_header["when sent"] == "submitted_on"
    again = services.batch_upload_bytes(user=staff, organization=org, name="b.csv", content=content)
    assert again.mapping == ["agency", "subject", "submitted_on", ""]
    other = OrganizationFactory()
    theirs = services.batch_upload_bytes(
        user=member(other, Role.STAFF), organization=other, name="c.csv", content=content
    )
    assert theirs.mapping == ["agency", "", "", ""]


def test_mapping_must_name_the_subject_and_agency_once(org, staff):
    batch = services.batch_upload_bytes(
        user=staff, organization=org, name="a.csv", content=request_sheet(request_row())
    )
    with pytest.raises(ValidationError) as refused:
        services.batch_preview(user=staff, batch=batch, mapping=["subject", "subject"])
    assert refused.value.message_dict["mapping"] == [
        "Subject is chosen for more than one column.",
        "Choose the column holding the agency (or the component).",
    ]


@pytest.mark.parametrize("role", [Role.VIEWER])
def test_viewers_cannot_import(org, role):
    with pytest.raises(PermissionDenied):
        services.batch_upload_bytes(user=member(org, role), organization=org, name="a.csv", content=b"Agency\r\n")


def test_another_organisation_sees_no_batch_and_partners_are_refused(world, frozen, staff, org):
    from tests.foia.factories import ensure_agencies

    ensure_agencies()
    ours_staff = member(world.ours, Role.STAFF)
    batch = previewed(ours_staff, world.ours, request_sheet(request_row()))
    partner = member(world.partner, Role.ADMIN)
    with pytest.raises(Http404):
        selectors.batch_get(user=partner, pk=batch.pk)
    with pytest.raises(PermissionDenied):
        services.batch_confirm(user=partner, batch=batch)
    with pytest.raises(PermissionDenied):
        services.batch_upload_bytes(user=partner, organization=world.ours, name="a.csv", content=b"Agency\r\n")
    viewer = member(world.ours, Role.VIEWER)
    with pytest.raises(PermissionDenied):
        services.batch_confirm(user=viewer, batch=batch)
    assert FoiaRequest.objects.count() == 0


def test_size_and_row_limits_are_refused_naming_the_limit(org, staff, settings):
    settings.IMPORTS_MAX_FILE_BYTES = 1024
    with pytest.raises(
        ValidationError, match=r"The file is 1 KB; the largest import taken is 1 KB \(IMPORTS_MAX_FILE_BYTES\)"
    ):
        services.batch_upload_bytes(user=staff, organization=org, name="big.csv", content=b"x" * 2000)
    settings.IMPORTS_MAX_FILE_BYTES = 10 * 1024 * 1024
    settings.IMPORTS_MAX_ROWS = 5
    batch = services.batch_upload_bytes(
        user=staff,
        organization=org,
        name="many.csv",
        content=request_sheet(*[request_row(subject=f"R{n}") for n in range(6)]),
    )
    with pytest.raises(ValidationError, match=r"more than 5 rows, the most one import takes \(IMPORTS_MAX_ROWS\)"):
        services.batch_preview(user=staff, batch=batch)
    assert ImportBatch.objects.get(pk=batch.pk).status == BatchStatus.UPLOADED


def _confirm_statements(user, org, rows: list) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    batch = previewed(user, org, request_sheet(*rows))
    with CaptureQueriesContext(connection) as queries:
        services.batch_confirm(user=user, batch=batch)
    return len(queries)


@pytest.mark.postgres  # on SQLite the bulk INSERTs split into batches of a few dozen rows (its parameter limit)
def test_confirm_sends_as_many_statements_for_forty_rows_as_for_four(org, staff):
    def rows(prefix, n, subject="ISAP records"):
        return [request_row(tracking=f"{prefix}-{i}", subject=f"{subject} {i}") for i in range(n)]

    _confirm_statements(staff, org, rows("W", 1))  # warms the per-request caches (memberships, content types)
    created = (_confirm_statements(staff, org, rows("A", 4)), _confirm_statements(staff, org, rows("B", 40)))
    assert created[0] == created[1]
    # The same sheets again, with new subjects: every row an update.
    updated = (
        _confirm_statements(staff, org, rows("A", 4, "New")),
        _confirm_statements(staff, org, rows("B", 40, "New")),
    )
    assert updated[0] == updated[1]
    assert FoiaRequest.objects.filter(subject__startswith="New").count() == 44
