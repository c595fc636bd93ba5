"""Signal receivers of the coalition app (connected in `CoalitionConfig.ready`)."""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver


@receiver(user_logged_out, dispatch_uid="coalition.say_logged_out")
def say_logged_out(sender, request, user, **kwargs):
    """Confirm it on the login page the user lands on (a shared office computer: was I really logged out?)."""
    if request is not None and hasattr(request, "_messages"):
        messages.info(request, "You have been logged out.")
