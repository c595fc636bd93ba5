"""Writes of the FOIA app. Views, forms, serializers and the demo call these; nothing else writes FOIA rows."""

from .appeals import appeal_file
from .bulk import BulkResult, foia_requests_assign, foia_requests_share, foia_requests_tag
from .communications import (
    ALLOWED_TYPES,
    attachment_add,
    attachment_max_bytes,
    attachment_validate,
    communication_log,
)
from .events import EventInput, request_event_delete, request_event_record, request_events_record, request_refresh
from .many import NewRequest, RequestChange, RowRefused, foia_requests_create_many, foia_requests_update_many
from .requests import (
    foia_request_create,
    foia_request_delete,
    foia_request_discard,
    foia_request_update,
    foia_requests_discard_many,
    tags_from_names,
    tracking_number_add,
)
from .saved_views import saved_view_create, saved_view_delete, saved_view_query_clean

__all__ = [
    "ALLOWED_TYPES",
    "BulkResult",
    "EventInput",
    "NewRequest",
    "RequestChange",
    "RowRefused",
    "appeal_file",
    "attachment_add",
    "attachment_max_bytes",
    "attachment_validate",
    "communication_log",
    "foia_request_create",
    "foia_request_delete",
    "foia_request_discard",
    "foia_request_update",
    "foia_requests_assign",
    "foia_requests_discard_many",
    "foia_requests_create_many",
    "foia_requests_share",
    "foia_requests_tag",
    "foia_requests_update_many",
    "request_event_delete",
    "request_event_record",
    "request_events_record",
    "request_refresh",
    "saved_view_create",
    "saved_view_delete",
    "saved_view_query_clean",
    "tags_from_names",
    "tracking_number_add",
]
