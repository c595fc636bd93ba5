"""Shared fixtures, and the rule for service-backed tests.

Tests marked `postgres`, `redis` or `browser` need that real service. On a bare machine they are skipped with the reason
shown in the summary; under CI (CI=true) a missing service fails the test instead, so CI can never pass without them.
"""

import os
import shutil

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _missing(marker: str) -> str | None:
    if marker == "postgres" and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://..."
    if marker == "redis" and not settings.REDIS_URL:
        return "needs Redis: set REDIS_URL=redis://..."
    if marker == "browser" and not shutil.which(CHROMIUM):
        return f"needs Chromium at {CHROMIUM}"
    return None


SERVICE_MARKERS = ("postgres", "redis", "browser")


def _missing_service(item) -> str | None:
    for marker in SERVICE_MARKERS:
        if item.get_closest_marker(marker) is not None and (reason := _missing(marker)):
            return reason
    return None


def pytest_collection_modifyitems(config, items):
    # A skip marker (rather than a skip inside setup) makes `-ra` name each skipped test, not this file.
    if IN_CI:
        return
    for item in items:
        if reason := _missing_service(item):
            item.add_marker(pytest.mark.skip(reason=f"service-backed test skipped: {reason}"))


def pytest_runtest_setup(item):
    if IN_CI and (reason := _missing_service(item)):
        pytest.fail(f"CI must run service-backed tests, but this one {reason}", pytrace=False)


def pytest_report_header(config):
    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {db}; redis: {'yes' if settings.REDIS_URL else 'no'}; CI: {IN_CI}"


def pytest_sessionstart(session):
    if IN_CI and (settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql" or not settings.REDIS_URL):
        raise pytest.UsageError("CI=true: the suite must run with DATABASE_URL on PostgreSQL and REDIS_URL set.")


@pytest.fixture
def world(db):
    from tests.factories import coalition_world

    return coalition_world()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: sign-in counters must not leak from one test to the next. Only the
    in-memory cache is cleared: clearing a Redis cache empties its whole database (tests on Redis delete their keys)."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()
    yield
