"""The columns of a requests spreadsheet: the canonical header strings (the requests export writes exactly these,
and the round-trip test proves the two agree), the fields they map to, and the other headers people use for them.

A header is recognised after `header_key` (case, spacing, punctuation and a trailing colon ignored), so
"Tracking #", "TRACKING NO." and "tracking number" all land on the tracking number.
"""

from __future__ import annotations

import re

# The canonical request columns, in the order the export writes them.
EXTERNAL_ID = "External ID"
AGENCY = "Agency"
COMPONENT = "Component"
TRACKING = "Tracking #"
SUBJECT = "Subject"
REQUEST_TEXT = "Request text"
DATE_SUBMITTED = "Date Submitted"
DATE_RECEIVED = "Date Received"
STATUS = "Status"
ASSIGNED_TO = "Assigned To"
FEE_WAIVER = "Fee waiver requested"
EXPEDITED = "Expedited requested"

REQUEST_COLUMNS = (
    EXTERNAL_ID,
    AGENCY,
    COMPONENT,
    TRACKING,
    SUBJECT,
    REQUEST_TEXT,
    DATE_SUBMITTED,
    DATE_RECEIVED,
    STATUS,
    ASSIGNED_TO,
    FEE_WAIVER,
    EXPEDITED,
)

# field -> (label shown in the mapping step, canonical header or None, other headers recognised)
REQUEST_FIELDS: dict[str, tuple[str, str | None, tuple[str, ...]]] = {
    "external_id": ("External ID (matches a request)", EXTERNAL_ID, ("ID", "Request ID", "Record ID")),
    "agency": ("Agency", AGENCY, ("Agency name", "Department")),
    "component": ("Component", COMPONENT, ("Sub-agency", "Office", "FOIA office")),
    "tracking_number": (
        "Tracking number",
        TRACKING,
        ("Tracking number", "Tracking no", "Request #", "Request number", "Request no", "FOIA #", "FOIA number"),
    ),
    "subject": ("Subject", SUBJECT, ("Title", "Topic")),
    "request_text": ("Request text", REQUEST_TEXT, ("Records requested", "Description", "Full request text")),
    "submitted_on": ("Date submitted", DATE_SUBMITTED, ("Submitted", "Date sent", "Sent", "Submission date")),
    "received_on": ("Date received", DATE_RECEIVED, ("Received", "Received date", "Date perfected")),
    "status": ("Status", STATUS, ("Stage", "Request status")),
    "responded_on": (
        "Date of response or closure",
        None,
        ("Date responded", "Response date", "Date closed", "Closed", "Final response date", "Date of response"),
    ),
    "due_on": ("Due date (compared, never imported)", None, ("Due", "Due date", "Date due", "Response due")),
    "assigned_to": ("Assigned to (email)", ASSIGNED_TO, ("Assignee", "Assigned", "Owner", "Staff")),
    "fee_waiver_requested": ("Fee waiver requested", FEE_WAIVER, ("Fee waiver",)),
    "expedited_requested": ("Expedited requested", EXPEDITED, ("Expedited", "Expedited processing")),
}
FIELD_LABELS = {field: label for field, (label, _, _) in REQUEST_FIELDS.items()}
REQUIRED_FIELDS = ("subject",)


def header_key(text) -> str:
    """A header as compared: lower case, '#' read as 'number', other punctuation and repeated spaces dropped."""
    words = re.sub(r"[^a-z0-9#]+", " ", str(text or "").lower().replace("&", " and "))
    words = re.sub(r"\s*#\s*", " number ", words)
    words = re.sub(r"\bno\b", "number", words)
    return " ".join(words.split())


RECOGNISED: dict[str, str] = {}
for _field, (_label, _canonical, _others) in REQUEST_FIELDS.items():
    for _header in (_canonical, *_others) if _canonical else _others:
        RECOGNISED.setdefault(header_key(_header), _field)


def field_for_header(header) -> str:
    """The field a header is recognised as, or "" (the column is ignored unless a person maps it)."""
    return RECOGNISED.get(header_key(header), "")
