from rest_framework.routers import SimpleRouter

from .api import CaseViewSet
from .api_docket import DocketEntryViewSet, NoteViewSet, ScheduleViewSet

router = SimpleRouter()
router.register("litigation/cases", CaseViewSet, basename="litigation-case")
router.register("litigation/docket-entries", DocketEntryViewSet, basename="docket-entry")
router.register("litigation/schedules", ScheduleViewSet, basename="schedule")
router.register("litigation/notes", NoteViewSet, basename="case-note")
urlpatterns = router.urls
