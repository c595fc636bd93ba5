from rest_framework.routers import SimpleRouter

from .api import CaseViewSet

router = SimpleRouter()
router.register("litigation/cases", CaseViewSet, basename="litigation-case")
urlpatterns = router.urls
