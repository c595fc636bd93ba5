from django.urls import path

from . import views

app_name = "coalition"
urlpatterns = [
    path("switch/", views.organization_switch, name="organization-switch"),
    path("<slug:slug>/members/", views.membership_list, name="membership-list"),
    path("<slug:slug>/members/<int:membership_id>/role/", views.membership_role, name="membership-role"),
    path("<slug:slug>/members/<int:membership_id>/remove/", views.membership_delete, name="membership-remove"),
    path("<slug:slug>/members/<int:membership_id>/invite/", views.membership_invite_resend, name="membership-invite"),
]
