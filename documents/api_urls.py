from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import DocumentViewSet, ProductionViewSet, ReleaseStatisticsView

router = SimpleRouter()
router.register("documents/productions", ProductionViewSet, basename="documents-production")
router.register("documents/files", DocumentViewSet, basename="documents-file")
urlpatterns = [
    path("documents/statistics/", ReleaseStatisticsView.as_view(), name="documents-statistics"),
    *router.urls,
]
