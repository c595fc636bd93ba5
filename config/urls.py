from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from coalition.api import ThrottledObtainAuthToken
from coalition.forms import LoginForm
from config.api import ApiRootView
from core import views as core_views
from web import views as web_views

api_v1 = [
    path("", ApiRootView.as_view(), name="api-root"),
    path("", include("coalition.api_urls")),
    path("", include("deadlines.api_urls")),
    path("", include("reminders.api_urls")),
    path("auth/token/", ThrottledObtainAuthToken.as_view(), name="api-token"),
    path("", include("foia.api_urls")),
    path("", include("litigation.api_urls")),
    path("", include("documents.api_urls")),
    path("", include("exports.api_urls")),
    path("", include("imports.api_urls")),
    path("", include("web.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", core_views.RedocView.as_view(url_name="api-schema"), name="api-redoc"),
]

urlpatterns = [
    path("", web_views.dashboard, name="dashboard"),
    path("accounts/", include("coalition.auth_urls")),
    path("organizations/", include("coalition.urls")),
    path("deadlines/", include("deadlines.urls")),
    path("deadlines/", include("reminders.urls")),  # reminder pages keep their /deadlines/... URLs
    path("requests/", include("foia.urls")),
    path("litigation/", include("litigation.urls")),
    path("documents/", include("documents.urls")),
    path("exports/", include("exports.urls")),
    path("imports/", include("imports.urls")),
    path("", include("web.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("design/", core_views.design_system, name="design-system"),
    # Placeholders until these sections are built (their owners replace these lines with their app's urls).
    path("api/v1/", include(api_v1)),
    # The browsable API's login, with the throttled form (the rest of DRF's auth URLs as shipped).
    path(
        "api-auth/login/",
        auth_views.LoginView.as_view(template_name="rest_framework/login.html", authentication_form=LoginForm),
    ),
    path("api-auth/", include("rest_framework.urls")),
    path("admin/", admin.site.urls),
]

# A URL under /api/ that matches no route answers JSON, like every other API error.
handler404 = "core.views.page_not_found"
