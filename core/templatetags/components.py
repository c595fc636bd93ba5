"""The design system's template tags (docs/design-system.md; every component is shown on /design/).

`{% component "card" title="Open deadlines" %}…{% endcomponent %}` renders templates/components/card.html with the
keyword arguments and the enclosed markup as `slot`, so a page states *what* it shows and the component owns the
markup and classes. `{% badge "Overdue" "danger" %}` is the one inline component.
"""

from datetime import date, datetime

from django import template
from django.template.base import Node, TemplateSyntaxError, token_kwargs
from django.utils.html import format_html

register = template.Library()

# Colour meaning is fixed here so that a status means the same colour on every page.
BADGE_TONES = frozenset({"neutral", "info", "success", "warning", "danger", "accent"})


class ComponentNode(Node):
    def __init__(self, name, kwargs, nodelist):
        self.name, self.kwargs, self.nodelist = name, kwargs, nodelist

    def render(self, context):
        name = self.name.resolve(context)
        values = {key: value.resolve(context) for key, value in self.kwargs.items()}
        values["slot"] = self.nodelist.render(context)
        component = context.template.engine.get_template(f"components/{name}.html")
        with context.push(**values):
            return component.render(context)


@register.tag("component")
def do_component(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise TemplateSyntaxError('{% component "name" key=value … %} needs the component\'s name.')
    name = parser.compile_filter(bits[1])
    kwargs = token_kwargs(bits[2:], parser)
    if len(kwargs) != len(bits) - 2:
        raise TemplateSyntaxError("{% component %} takes only key=value arguments after the name.")
    nodelist = parser.parse(("endcomponent",))
    parser.delete_first_token()
    return ComponentNode(name, kwargs, nodelist)


@register.simple_tag
def badge(label, tone="neutral", extra_class=""):
    """A short status label that never wraps. Unknown tones fall back to neutral rather than an unstyled span."""
    tone = tone if tone in BADGE_TONES else "neutral"
    classes = f"badge badge-{tone} {extra_class}".strip()
    return format_html('<span class="{}">{}</span>', classes, label)


@register.filter(expects_localtime=True, is_safe=True)
def ymd(value) -> str:
    """A date (or a datetime, in the current time zone) as 2026-12-03: what `|date:"Y-m-d"` prints, without the
    format machinery's cost (a list page prints hundreds of dates)."""
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat() if isinstance(value, date) else ""  # None or a non-date: nothing, as |date prints
