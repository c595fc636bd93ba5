from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("history/<str:app_label>/<str:model_name>/<int:pk>/", views.object_history, name="object-history"),
]
