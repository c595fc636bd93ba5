import logging

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm, AdminPasswordChangeForm
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm

from core.emails import email_send

from . import login_throttle
from .models import Role

logger = logging.getLogger(__name__)


class ThrottledLoginMixin:
    """Say why sign-in is refused while it is paused, instead of "wrong password" (the backend refuses anyway)."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username:
            wait = login_throttle.retry_after(username, login_throttle.client_address(self.request))
            if wait:
                raise forms.ValidationError(login_throttle.paused_message(wait), code="login_paused")
        return super().clean()


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class ThrottledOldPasswordMixin:
    """The current-password check of a password change is a sign-in attempt too: without this, a stolen session could
    guess the password (and then change it) without limit."""

    def clean_old_password(self):
        name = self.user.get_username()
        wait = login_throttle.attempt_begin(name, "")
        if wait:
            raise forms.ValidationError(login_throttle.paused_message(wait), code="login_paused")
        old_password = super().clean_old_password()
        login_throttle.attempt_succeeded(name, "")
        return old_password


class ThrottledPasswordChangeForm(ThrottledOldPasswordMixin, PasswordChangeForm):
    pass


class AdminThrottledPasswordChangeForm(ThrottledOldPasswordMixin, AdminPasswordChangeForm):
    pass


class TemplatedPasswordResetForm(PasswordResetForm):
    """Password reset emails go through `core.emails.email_send` like every other email (plain-text subject and
    body, escaped HTML part); the three template names share the stem `registration/password_reset_email`."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        try:
            email_send(template=email_template_name.removesuffix(".txt"), context=context, to=[to_email])
        except Exception:  # as Django's form does: the page must not reveal whether the address has an account
            logger.exception("Failed to send password reset email to %s", context["user"].pk)


class MemberAddForm(forms.Form):
    identifier = forms.CharField(
        label="Username or email",
        max_length=254,
        help_text="An existing account's username or email address. A new email address receives an invitation.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(choices=Role.choices, initial=Role.STAFF)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
    # The membership's version when the page was shown (core.versioning): another admin's change since is refused.
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
