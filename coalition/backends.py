"""Authentication backend: Django's model backend behind the sign-in throttle (`coalition.login_throttle`), so no way
in (login page, admin, API token, browsable API) can be used to keep guessing."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from . import login_throttle


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        name = username if username is not None else kwargs.get(get_user_model().USERNAME_FIELD)
        if name is None or password is None:
            return None  # not a password sign-in: nothing to check, nothing to count
        address = login_throttle.client_address(request)
        # Counted before the password is checked, so parallel guesses cannot all pass on a stale count.
        if login_throttle.attempt_begin(name, address):
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:
            login_throttle.attempt_succeeded(name, address)
        return user
