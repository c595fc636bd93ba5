from django.urls import path

from . import views
from .choices import Direction

app_name = "foia"
urlpatterns = [
    path("", views.request_list, name="request-list"),
    path("export.csv", views.request_export, name="request-export"),
    path("bulk/", views.request_bulk, name="request-bulk"),
    path("views/", views.saved_view_create, name="saved-view-create"),
    path("views/<int:pk>/delete/", views.saved_view_delete, name="saved-view-delete"),
    path("new/", views.request_create, name="request-create"),
    path("duplicates/", views.request_duplicates, name="request-duplicates"),
    path("<int:pk>/", views.request_detail, name="request-detail"),
    path("<int:pk>/chronology/", views.request_chronology, name="request-chronology"),
    path("<int:pk>/chronology.docx", views.request_chronology_docx, name="request-chronology-docx"),
    path("<int:pk>/chronology.pdf", views.request_chronology_pdf, name="request-chronology-pdf"),
    path("<int:pk>/edit/", views.request_edit, name="request-edit"),
    path("<int:pk>/delete/", views.request_delete, name="request-delete"),
    path("<int:pk>/events/new/", views.event_create, name="event-create"),
    path("<int:pk>/events/<int:event_pk>/delete/", views.event_delete, name="event-delete"),
    path(
        "<int:pk>/responses/new/",
        views.communication_create,
        {"direction": Direction.FROM_AGENCY},
        name="response-create",
    ),
    path(
        "<int:pk>/letters/new/",
        views.communication_create,
        {"direction": Direction.TO_AGENCY},
        name="letter-create",
    ),
    path(
        "<int:pk>/responses/sections/",
        views.communication_sections,
        {"direction": Direction.FROM_AGENCY},
        name="response-sections",
    ),
    path(
        "<int:pk>/letters/sections/",
        views.communication_sections,
        {"direction": Direction.TO_AGENCY},
        name="letter-sections",
    ),
    path("<int:pk>/appeals/new/", views.appeal_create, name="appeal-create"),
    path("<int:pk>/tracking-numbers/new/", views.tracking_number_create, name="tracking-create"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
]
