"""Reads of the FOIA app, scoped to the acting user through `coalition.access`."""

from .appeals import adverse_determination, appeal_can_file, appeal_prefill, appeal_refusal
from .dashboard import Dashboard, dashboard_for
from .duplicates import Duplicate, duplicate_candidates
from .requests import (
    appeals_visible,
    attachment_get,
    attachments_visible,
    communications_visible,
    events_visible,
    foia_request_get,
    foia_request_list,
    open_deadlines_of_requests,
    per_request,
    request_content_type,
    request_rows_decorate,
    tracking_numbers_visible,
    with_next_due,
)
from .timeline import (
    EXHAUSTION_TEXT,
    NextAction,
    Overview,
    constructive_exhaustion,
    current_toll,
    next_action,
    request_overview,
)

__all__ = [
    "EXHAUSTION_TEXT",
    "Dashboard",
    "Duplicate",
    "NextAction",
    "Overview",
    "adverse_determination",
    "appeal_can_file",
    "appeal_prefill",
    "appeal_refusal",
    "appeals_visible",
    "attachment_get",
    "attachments_visible",
    "communications_visible",
    "constructive_exhaustion",
    "current_toll",
    "dashboard_for",
    "duplicate_candidates",
    "events_visible",
    "foia_request_get",
    "foia_request_list",
    "per_request",
    "request_rows_decorate",
    "with_next_due",
    "next_action",
    "open_deadlines_of_requests",
    "request_content_type",
    "request_overview",
    "tracking_numbers_visible",
]
