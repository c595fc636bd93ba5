"""The API's root page (`/api/v1/`): every collection the apps' routers register, and the deadline calculator."""

from rest_framework.routers import APIRootView

from coalition.api_urls import router as coalition_router
from deadlines.api_urls import router as deadlines_router
from documents.api_urls import router as documents_router
from exports.api_urls import router as exports_router
from foia.api_urls import router as foia_router
from imports.api_urls import router as imports_router
from litigation.api_urls import router as litigation_router
from reminders.api_urls import router as reminders_router

ROUTERS = (
    coalition_router,
    foia_router,
    litigation_router,
    deadlines_router,
    reminders_router,
    documents_router,
    exports_router,
    imports_router,
)


class ApiRootView(APIRootView):
    """Every collection of the API. Each answers only with what the caller may see."""

    api_root_dict = {
        **{prefix: f"{basename}-list" for router in ROUTERS for prefix, _, basename in router.registry},
        "deadlines/calculate": "deadline-calculate",
    }
