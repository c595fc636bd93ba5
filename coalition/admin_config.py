"""Django's admin app with our site (`coalition.admin_site.TrackerAdminSite`); a module of its own because it is
loaded with the settings, before any model may be imported."""

from django.contrib.admin.apps import AdminConfig


class TrackerAdminConfig(AdminConfig):
    default_site = "coalition.admin_site.TrackerAdminSite"
