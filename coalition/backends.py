"""Authentication backend: Django's model backend, refusing every password while sign-in is paused (see
`coalition.login_throttle`), so no way in (login page, admin, API token, browsable API) can be used to keep guessing."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from . import login_throttle


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        name = username if username is not None else kwargs.get(get_user_model().USERNAME_FIELD)
        if name is not None and login_throttle.retry_after(name, login_throttle.client_address(request)):
            return None  # Django then signals a failed login, which the throttle counts like any other
        return super().authenticate(request, username=username, password=password, **kwargs)
