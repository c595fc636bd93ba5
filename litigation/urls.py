from django.urls import path

from . import views
from .urls_docket import urlpatterns as docket_urlpatterns

app_name = "litigation"
urlpatterns = [
    path("", views.case_list, name="case-list"),
    path("new/", views.case_create, name="case-create"),
    path("<int:pk>/", views.case_detail, name="case-detail"),
    path("<int:pk>/edit/", views.case_edit, name="case-edit"),
    path("<int:pk>/service/", views.case_service, name="case-service"),
    path("<int:pk>/parties/new/", views.party_add, name="party-add"),
    path("<int:pk>/parties/<int:party_pk>/delete/", views.party_remove, name="party-remove"),
    path("<int:pk>/counsel/new/", views.counsel_add, name="counsel-add"),
    path("<int:pk>/counsel/<int:counsel_pk>/delete/", views.counsel_remove, name="counsel-remove"),
    path("<int:pk>/requests/link/", views.request_link, name="request-link"),
    path("<int:pk>/requests/<int:request_pk>/unlink/", views.request_unlink, name="request-unlink"),
    *docket_urlpatterns,
]
