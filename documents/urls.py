from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.document_index, name="index"),
    path("productions/new/", views.production_create, name="production-create"),
    path("productions/<int:pk>/", views.production_detail, name="production-detail"),
    path("productions/<int:pk>/upload/", views.production_upload, name="production-upload"),
    path("productions/<int:pk>/progress/", views.production_progress, name="production-progress"),
    path("<int:pk>/", views.document_detail, name="document-detail"),
    path("<int:pk>/edit/", views.document_edit, name="document-edit"),
    path("<int:pk>/file/", views.document_download, name="document-download"),
    path("<int:pk>/reprocess/", views.document_reprocess, name="document-reprocess"),
]
