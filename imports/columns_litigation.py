"""The columns of a cases spreadsheet and of a court-ordered deadlines spreadsheet, in the same shape as
`imports.columns.REQUEST_FIELDS`: field -> (label shown in the mapping step, canonical header, other headers)."""

from __future__ import annotations

CASE_FIELDS: dict[str, tuple[str, str | None, tuple[str, ...]]] = {
    "external_id": ("External ID (matches a case)", "External ID", ("ID", "Case ID", "Record ID")),
    "caption": ("Caption", "Caption", ("Case", "Case name", "Case caption", "Title", "Name")),
    "court": ("Court", "Court", ("District", "Forum", "Court code")),
    "docket_number": (
        "Docket number",
        "Docket number",
        ("Docket", "Docket #", "Case number", "Case #", "Civil action"),
    ),
    "judge": ("Judge", "Judge", ("District judge", "Assigned judge")),
    "magistrate_judge": ("Magistrate judge", "Magistrate judge", ("Magistrate",)),
    "filed_on": ("Date filed", "Filed on", ("Filed", "Date filed", "Filing date", "Complaint filed")),
    "status": ("Status", "Status", ("Stage", "Case status")),
    "requests": (
        "FOIA requests enforced (tracking numbers, separated by ;)",
        "FOIA requests",
        ("Requests", "Tracking numbers", "Tracking #", "Request #", "FOIA #"),
    ),
}
CASE_REQUIRED = ("caption",)

DEADLINE_FIELDS: dict[str, tuple[str, str | None, tuple[str, ...]]] = {
    "case": ("Case (docket number)", "Case", ("Docket", "Docket number", "Docket #", "Case number", "Case #")),
    "court": ("Court of the case", "Court", ("District", "Forum")),
    "title": ("What is due", "Title", ("Deadline", "Description", "What", "Item", "Due item")),
    "due_on": ("Due date", "Due date", ("Due", "Date due", "Deadline date", "Date")),
    "order": (
        "Source order (docket entry number)",
        "Source order",
        ("Order", "ECF No", "ECF", "Docket entry", "Order ECF No", "Ordered by"),
    ),
    "responsible": ("Responsible (member name or email)", "Responsible", ("Assigned to", "Owner", "Attorney")),
    "note": ("Note", "Note", ("Notes", "Comment", "Comments")),
}
DEADLINE_REQUIRED = ("case", "title", "due_on")
