from django.urls import path

from core.views import FaviconView

from . import views

app_name = "web"
urlpatterns = [
    # Browsers ask for /favicon.ico on pages that name no icon (a downloaded file, a JSON answer).
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("search/", views.search_page, name="search"),
    path("history/<str:app_label>/<str:model_name>/<int:pk>/", views.object_history, name="object-history"),
]
