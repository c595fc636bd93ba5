from rest_framework.routers import SimpleRouter

from .api import (
    AppealViewSet,
    AttachmentViewSet,
    CommunicationViewSet,
    FoiaRequestViewSet,
    RequestEventViewSet,
    TrackingNumberViewSet,
)

router = SimpleRouter()
router.register("foia/requests", FoiaRequestViewSet, basename="foia-request")
router.register("foia/events", RequestEventViewSet, basename="foia-event")
router.register("foia/communications", CommunicationViewSet, basename="foia-communication")
router.register("foia/attachments", AttachmentViewSet, basename="foia-attachment")
router.register("foia/appeals", AppealViewSet, basename="foia-appeal")
router.register("foia/tracking-numbers", TrackingNumberViewSet, basename="foia-tracking-number")
urlpatterns = router.urls
