from django.urls import re_path
from rest_framework.routers import SimpleRouter

from .api import CalculateView, DeadlineViewSet

router = SimpleRouter()
router.register("deadlines", DeadlineViewSet, basename="deadline")
urlpatterns = [
    # Before the router, so "calculate" is never read as a deadline id.
    re_path(r"^deadlines/calculate/?$", CalculateView.as_view(), name="deadline-calculate"),
    *router.urls,
]
