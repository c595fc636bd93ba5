from rest_framework.routers import SimpleRouter

from .api import ExportJobViewSet

router = SimpleRouter()
router.register("exports", ExportJobViewSet, basename="export-job")
urlpatterns = router.urls
