from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import CountedProductionViewSet, DocumentViewSet, ProductionViewSet, ReleaseStatisticsView

router = SimpleRouter()
router.register("documents/productions", ProductionViewSet, basename="documents-production")
router.register("documents/files", DocumentViewSet, basename="documents-file")
# Mounted under litigation's path: the productions counted against court-ordered schedules are documents' rows.
router.register("litigation/productions", CountedProductionViewSet, basename="litigation-production")
urlpatterns = [
    path("documents/statistics/", ReleaseStatisticsView.as_view(), name="documents-statistics"),
    *router.urls,
]
