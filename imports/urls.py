from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.batch_list, name="batch-list"),
    path("new/", views.batch_upload, name="batch-upload"),
    path("<int:pk>/", views.batch_detail, name="batch-detail"),
    path("<int:pk>/columns/", views.batch_map, name="batch-map"),
    path("<int:pk>/confirm/", views.batch_confirm, name="batch-confirm"),
    path("<int:pk>/undo/", views.batch_undo, name="batch-undo"),
]
