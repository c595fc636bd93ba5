"""The rule in tests/conftest.py: service-backed tests are skipped (and named) on a bare machine, but fail under CI."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
BROWSER_TEST = "tests/e2e/test_login.py::test_api_docs_render_from_local_assets"


def _pytest(**env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"CI", "PYTEST_VERSION", "PYTEST_CURRENT_TEST"}}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", BROWSER_TEST],
        cwd=ROOT,
        env={**base, "CHROMIUM_PATH": "/nonexistent/chromium", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_missing_service_is_a_named_skip_on_a_bare_machine():
    result = _pytest()
    assert result.returncode == 0, result.stdout
    assert "SKIPPED [1] tests/e2e/test_login.py:" in result.stdout
    assert "service-backed test skipped: needs Chromium at /nonexistent/chromium" in result.stdout


def test_ci_refuses_to_run_without_postgresql_and_redis():
    result = _pytest(CI="true", DATABASE_URL="", REDIS_URL="")
    assert result.returncode != 0
    assert "CI=true: the suite must run with DATABASE_URL on PostgreSQL and REDIS_URL set." in result.stderr


@pytest.mark.postgres
@pytest.mark.redis
def test_ci_fails_a_test_whose_service_is_missing():
    database = settings.DATABASES["default"]
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}_markers"
    result = _pytest(CI="true", DATABASE_URL=url, REDIS_URL=settings.REDIS_URL)
    assert result.returncode == 1, result.stdout
    assert "CI must run service-backed tests, but this one needs Chromium" in result.stdout
    assert "1 error" in result.stdout  # failed in setup, before the test body ran
