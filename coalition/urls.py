from django.urls import path

from . import views

app_name = "coalition"
urlpatterns = [
    path("switch/", views.organization_switch, name="organization-switch"),
]
