from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def history_url(obj) -> str:
    """URL of `obj`'s audit trail page: `{% load history %}<a href="{% history_url obj %}">History</a>`."""
    meta = obj._meta
    return reverse("web:object-history", args=[meta.app_label, meta.model_name, obj.pk])
