"""The requests export's leading columns: exactly the headers the importer recognises (imports/columns.py holds its
own copy; a round-trip test proves the two agree). More columns may follow them, never come before or between."""

REQUEST_COLUMNS = (
    "External ID",  # the request's pk
    "Agency",  # the department (DHS for a request to ICE), or the agency itself when it has no parent
    "Component",  # the request's agency when it is a component of another (ICE), else empty
    "Tracking #",  # the request's first tracking number of the kind "request"
    "Subject",
    "Request text",
    "Date Submitted",
    "Date Received",
    "Status",  # the status's label, as the list shows it
    "Assigned To",  # the assigned staff member's email
    "Fee waiver requested",  # Yes / No
    "Expedited requested",  # Yes / No
)
