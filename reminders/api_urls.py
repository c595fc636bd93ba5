from rest_framework.routers import SimpleRouter

from .api import FeedTokenViewSet, NotificationViewSet, ReminderPolicyViewSet

router = SimpleRouter()
router.register("notifications", NotificationViewSet, basename="notification")
router.register("reminder-policies", ReminderPolicyViewSet, basename="reminder-policy")
router.register("feeds", FeedTokenViewSet, basename="feed")
urlpatterns = router.urls
