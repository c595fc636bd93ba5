from .activity import (
    appeal_create,
    attachment_download,
    communication_create,
    communication_sections,
    event_create,
    event_delete,
    tracking_number_create,
)
from .chronology import request_chronology, request_chronology_docx, request_chronology_pdf
from .lists import request_bulk, saved_view_create, saved_view_delete
from .requests import (
    request_create,
    request_delete,
    request_detail,
    request_duplicates,
    request_edit,
    request_export,
    request_list,
)

__all__ = [
    "appeal_create",
    "attachment_download",
    "communication_create",
    "communication_sections",
    "event_create",
    "event_delete",
    "request_bulk",
    "request_chronology",
    "request_chronology_docx",
    "request_chronology_pdf",
    "request_create",
    "request_delete",
    "request_detail",
    "request_duplicates",
    "request_edit",
    "request_export",
    "request_list",
    "saved_view_create",
    "saved_view_delete",
    "tracking_number_create",
]
