"""`{% load deadline_steps %}{% step_text step %}`: a computation step, with each closure it names linked to the
closures page, so a person can see which closure moved a deadline and why."""

import re

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from ..selectors import closure_dates

register = template.Library()
_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_CACHE_KEY = "deadline_steps_closure_dates"


@register.simple_tag(takes_context=True)
def step_text(context, step: str) -> str:
    # One query per page, whatever the number of steps (the closure table is small reference data). Kept on the
    # request when there is one: each `{% include %}` of a deadline partial gets its own render context.
    request = context.get("request")
    closed = getattr(request, "_" + _CACHE_KEY, None)
    if closed is None:
        render = context.render_context
        if _CACHE_KEY not in render:
            render[_CACHE_KEY] = {day.isoformat() for day in closure_dates()}
        closed = render[_CACHE_KEY]
        if request is not None:
            setattr(request, "_" + _CACHE_KEY, closed)
    page = reverse("deadlines:closures")

    def link(match: re.Match) -> str:
        day = match.group(1)
        if day not in closed:
            return day
        return format_html('<a href="{}#closure-{}" title="A closure: see the closures page">{}</a>', page, day, day)

    return mark_safe(_DATE.sub(link, escape(step)))  # the step is escaped first; only our links are added
