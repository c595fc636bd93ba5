"""Litigation's template tags: case status tones, and the cases enforcing a request (shown on foia's request page,
which loads this library: a template may include a higher app's partial; foia's code never imports litigation)."""

from django import template

from ..selectors import case_row_next_deadline, request_cases

register = template.Library()

STATUS_TONES = {
    "pre_filing": "neutral",
    "filed": "info",
    "answered": "info",
    "briefing": "accent",
    "stayed": "warning",
    "settled": "success",
    "judgment": "success",
    "on_appeal": "accent",
    "fees": "accent",
    "closed": "neutral",
}


@register.filter
def case_status_tone(status: str) -> str:
    return STATUS_TONES.get(status, "neutral")


@register.inclusion_tag("litigation/partials/request_cases.html", takes_context=True)
def request_lawsuits(context, foia_request):
    """The cases enforcing `foia_request` that the signed-in user may see, each with its next court deadline."""
    cases = request_cases(user=context["request"].user, request=foia_request)
    for case in cases:
        case.next_deadline = case_row_next_deadline(case)
    return {"cases": cases, "today": context.get("today"), "foia_request": foia_request}
