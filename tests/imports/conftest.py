import datetime as dt

import pytest
import time_machine

from coalition.models import Role
from tests.factories import OrganizationFactory, member
from tests.foia.factories import ensure_agencies

# A fixed "today" (a Wednesday): every date in these tests is hand-checked against it.
TODAY = dt.date(2026, 12, 2)


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2026, 12, 2, 15, 0), tick=False):
        yield TODAY


@pytest.fixture
def org(db, frozen):
    ensure_agencies()
    return OrganizationFactory()


@pytest.fixture
def staff(org):
    return member(org, Role.STAFF, username="imp-staff", email="staff@example.org")


def csv_bytes(rows, *, delimiter=",", encoding="utf-8") -> bytes:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def request_row(**values) -> list:
    """One row under the canonical header (imports.columns.REQUEST_COLUMNS), by field-like keyword."""
    from imports import columns

    by_header = {
        columns.EXTERNAL_ID: values.get("external_id", ""),
        columns.AGENCY: values.get("agency", "ICE"),
        columns.COMPONENT: values.get("component", ""),
        columns.TRACKING: values.get("tracking", ""),
        columns.SUBJECT: values.get("subject", "ISAP records"),
        columns.REQUEST_TEXT: values.get("text", "All ISAP records."),
        columns.DATE_SUBMITTED: values.get("submitted", "11/02/2026"),
        columns.DATE_RECEIVED: values.get("received", "11/03/2026"),
        columns.STATUS: values.get("status", "In process"),
        columns.ASSIGNED_TO: values.get("assigned", ""),
        columns.FEE_WAIVER: values.get("fee_waiver", "no"),
        columns.EXPEDITED: values.get("expedited", "no"),
    }
    return [by_header[h] for h in columns.REQUEST_COLUMNS]


def request_sheet(*rows, extra_headers=(), delimiter=",") -> bytes:
    from imports.columns import REQUEST_COLUMNS

    return csv_bytes([[*REQUEST_COLUMNS, *extra_headers], *rows], delimiter=delimiter)


def previewed(user, org, content: bytes, name="requests.csv"):
    from imports import services

    batch = services.batch_upload_bytes(user=user, organization=org, name=name, content=content)
    return services.batch_preview(user=user, batch=batch)
