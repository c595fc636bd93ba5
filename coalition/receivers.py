"""Signal receivers of the coalition app (connected in `CoalitionConfig.ready`)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from . import login_throttle


@receiver(user_login_failed, dispatch_uid="coalition.count_failed_login")
def count_failed_login(sender, credentials, request=None, **kwargs):
    username = credentials.get("username") or credentials.get(get_user_model().USERNAME_FIELD) or ""
    login_throttle.record_failure(username, login_throttle.client_address(request))


@receiver(user_logged_in, dispatch_uid="coalition.clear_failed_logins")
def clear_failed_logins(sender, request, user, **kwargs):
    login_throttle.clear_account(user.get_username())
