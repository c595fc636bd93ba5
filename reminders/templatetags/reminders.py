"""Template tags other pages use: follow / mute buttons for any object."""

from django import template
from django.contrib.contenttypes.models import ContentType

from reminders.models import DeadlineMute, Watch

register = template.Library()


@register.inclusion_tag("reminders/partials/watch_button.html", takes_context=True)
def watch_button(context, obj, watching=None):
    """A follow/unfollow button for any request, case or deadline (`watching` may be precomputed to save a query)."""
    request = context["request"]
    content_type = ContentType.objects.get_for_model(obj)
    if watching is None:
        watching = Watch.objects.filter(user_id=request.user.pk, subject_type=content_type, subject_id=obj.pk).exists()
    return {"obj": obj, "content_type": content_type, "watching": watching, "request": request}


@register.inclusion_tag("reminders/partials/mute_button.html", takes_context=True)
def mute_button(context, deadline, muted=None):
    request = context["request"]
    if muted is None:
        muted = DeadlineMute.objects.filter(user_id=request.user.pk, deadline_id=deadline.pk).exists()
    return {"deadline": deadline, "muted": muted, "request": request}
