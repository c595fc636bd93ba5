from rest_framework.routers import SimpleRouter

from .api import DocumentViewSet, ProductionViewSet

router = SimpleRouter()
router.register("documents/productions", ProductionViewSet, basename="documents-production")
router.register("documents/files", DocumentViewSet, basename="documents-file")
urlpatterns = router.urls
