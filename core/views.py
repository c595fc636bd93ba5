from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import RedirectView
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularRedocView

from .selectors import HEARTBEAT_STALE_AFTER, health_check
from .templatetags.components import BADGE_TONES


@require_GET
@never_cache
@transaction.non_atomic_requests
def healthz(request):
    """For load balancers and people: 200 while the database answers, 503 when it does not.

    `worker` tells whether a Celery worker processed beat's heartbeat recently (it does not fail the check: the web
    tier can serve while workers restart).
    """
    health = health_check()
    body = {
        "status": "ok" if health.database_ok else "error",
        "database": "ok" if health.database_ok else "unavailable",
        "worker": "ok" if health.worker_ok else "stale",
        "last_heartbeat": health.last_heartbeat.isoformat() if health.last_heartbeat else None,
        "stale_after_seconds": int(HEARTBEAT_STALE_AFTER.total_seconds()),
    }
    return JsonResponse(body, status=200 if health.database_ok else 503)


@login_required
def coming_soon(request, *, section: str):
    """An honest placeholder for a section that is not built yet, so the navigation never leads to a 404."""
    return render(request, "core/coming_soon.html", {"section": section})


@login_required
def design_system(request):
    """The design system's components, live, with the template code that makes each (docs/design-system.md)."""
    return render(request, "core/design_system.html", {"tones": sorted(BADGE_TONES)})


# Redoc's bundle injects its styles at run time (styled-components) and runs a web worker from a blob: URL; scripts
# still come only from the site (the page starts Redoc from static/js/redoc-init.js).
REDOC_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:"
)


class RedocView(SpectacularRedocView):
    """The API reference (Redoc, vendored from the sidecar package without its online logo: static/vendor/redoc-2.5.4).
    This page's Content-Security-Policy keeps the browser from fetching anything outside the site all the same."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Content-Security-Policy"] = REDOC_CONTENT_SECURITY_POLICY
        return response


def page_not_found(request, exception):
    """A URL that matches no route: JSON under /api/ (what the API's clients and its schema expect), the site's
    page everywhere else."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


class FaviconView(RedirectView):
    """/favicon.ico -> the site's icon, resolved per request (its hashed name exists only after collectstatic)."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")
