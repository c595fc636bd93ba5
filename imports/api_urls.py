from rest_framework.routers import SimpleRouter

from .api import ImportBatchViewSet

router = SimpleRouter()
router.register("imports", ImportBatchViewSet, basename="import-batch")
urlpatterns = router.urls
