from rest_framework.routers import SimpleRouter

from .api import CaseViewSet
from .api_docket import (
    DocketEntryViewSet,
    NoteViewSet,
    ProductionScheduleViewSet,
    ScheduleViewSet,
    StayViewSet,
    VaughnEntryViewSet,
)

router = SimpleRouter()
router.register("litigation/cases", CaseViewSet, basename="litigation-case")
router.register("litigation/docket-entries", DocketEntryViewSet, basename="docket-entry")
router.register("litigation/schedules", ScheduleViewSet, basename="schedule")
router.register("litigation/production-schedules", ProductionScheduleViewSet, basename="production-schedule")
router.register("litigation/vaughn-entries", VaughnEntryViewSet, basename="vaughn-entry")
router.register("litigation/stays", StayViewSet, basename="stay")
router.register("litigation/notes", NoteViewSet, basename="case-note")
urlpatterns = router.urls
