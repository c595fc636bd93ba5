"""Template helpers of the documents pages, and the productions card other apps' pages include
(`{% load documents %}{% request_productions request %}` on the request page: foia cannot import documents)."""

from django import template
from django.utils import timezone

from coalition.access import can_edit

from .. import selectors
from ..choices import FileStatus

register = template.Library()

TONES = {
    FileStatus.QUEUED: "neutral",
    FileStatus.EXTRACTING: "info",
    FileStatus.OCR: "info",
    FileStatus.DONE: "success",
    FileStatus.FAILED: "danger",
}


@register.filter
def status_tone(status: str) -> str:
    return TONES.get(status, "neutral")


@register.inclusion_tag("documents/partials/request_productions.html", takes_context=True)
def request_productions(context, request_obj):
    user = context["request"].user
    productions = list(selectors.productions_of_request(user=user, request=request_obj))
    statistics, totals = (None, {})
    if productions:
        statistics, totals = selectors.request_release_statistics(user=user, request=request_obj)
    return {
        "object": request_obj,
        "productions": productions,
        "statistics": statistics,
        "totals": totals,
        "can_edit": can_edit(user, request_obj),
    }


@register.inclusion_tag("documents/partials/case_release_statistics.html", takes_context=True)
def case_release_statistics(context, case):
    """Released records of the requests a case enforces (the productions the viewer may see), for the case page
    (`{% load documents %}{% case_release_statistics object %}`: litigation cannot import documents)."""
    user = context["request"].user
    productions = selectors.productions_counted(user=user, case=case)
    figures = selectors.release_figures(user=user, productions=productions)
    agencies = selectors.release_figures_by_agency(user=user, productions=productions) if figures.productions else []
    return {"figures": figures, "statistics": figures.statistics, "agencies": agencies}


@register.inclusion_tag("documents/partials/case_production_schedules.html", takes_context=True)
def case_production_schedules(context, case):
    """The case page's Production schedules card (`{% load documents %}{% case_production_schedules object %}`:
    litigation cannot import documents, whose productions count against the schedules)."""
    user = context["request"].user
    return {
        "object": case,
        "rows": selectors.case_schedule_progress(user=user, case=case, today=timezone.localdate()),
        "can_edit": context.get("can_edit", False),
    }
