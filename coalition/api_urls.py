from rest_framework.routers import SimpleRouter

from .api import MembershipViewSet, OrganizationViewSet

router = SimpleRouter()  # the API root lists every app's collections (config/api.py)
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("memberships", MembershipViewSet, basename="membership")
urlpatterns = router.urls
