"""The Django admin with the sign-in throttle (`coalition.login_throttle`) on its login and password-change forms.

Installed in place of "django.contrib.admin" (`coalition.admin_config.TrackerAdminConfig`), the documented way to
replace the default site: Django's own site hard-codes its password-change form.
"""

from django.contrib import admin
from django.contrib.auth.views import PasswordChangeView
from django.urls import reverse

from .forms import AdminLoginForm, AdminThrottledPasswordChangeForm


class TrackerAdminSite(admin.AdminSite):
    login_form = AdminLoginForm  # says why sign-in is paused after repeated failures

    def password_change(self, request, extra_context=None):
        """As Django's, with the throttled form: guessing the current password counts like failed sign-ins."""
        defaults = {
            "form_class": AdminThrottledPasswordChangeForm,
            "success_url": reverse("admin:password_change_done", current_app=self.name),
            "extra_context": {**self.each_context(request), **(extra_context or {})},
        }
        if self.password_change_template is not None:
            defaults["template_name"] = self.password_change_template
        request.current_app = self.name
        return PasswordChangeView.as_view(**defaults)(request)
