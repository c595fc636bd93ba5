from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from coalition import views as coalition_views

api_v1 = [
    path("", include("coalition.api_urls")),
    path("", include("deadlines.api_urls")),
    path("", include("deadlines.reminders.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]

urlpatterns = [
    path("", coalition_views.dashboard, name="dashboard"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("organizations/", include("coalition.urls")),
    path("deadlines/", include("deadlines.urls")),
    path("deadlines/", include("deadlines.reminders.urls")),
    path("api/v1/", include(api_v1)),
    path("api-auth/", include("rest_framework.urls")),
    path("admin/", admin.site.urls),
]
