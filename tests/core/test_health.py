"""/healthz and the Celery heartbeat behind it."""

from datetime import timedelta

import pytest
import time_machine
from django.db import OperationalError, connection
from django.utils import timezone

from core.models import Heartbeat
from core.selectors import HEARTBEAT_STALE_AFTER
from core.tasks import heartbeat

pytestmark = pytest.mark.django_db


def test_healthz_reports_a_stale_worker_until_a_heartbeat_arrives(client):
    body = client.get("/healthz").json()
    assert body == {
        "status": "ok",
        "database": "ok",
        "worker": "stale",
        "last_heartbeat": None,
        "stale_after_seconds": 180,
    }


def test_the_heartbeat_task_marks_the_worker_alive_then_it_goes_stale(client):
    with time_machine.travel("2026-02-02 09:00:00+00:00", tick=False):
        heartbeat.delay()  # eager in tests: runs the real task body
        (beat,) = Heartbeat.objects.all()
        assert beat.seen_at == timezone.now()
        response = client.get("/healthz")
        assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
        assert response.json()["worker"] == "ok"
        assert response.json()["last_heartbeat"] == "2026-02-02T09:00:00+00:00"
    with time_machine.travel("2026-02-02 09:02:59+00:00", tick=False):
        assert client.get("/healthz").json()["worker"] == "ok"
    with time_machine.travel("2026-02-02 09:03:01+00:00", tick=False):
        assert client.get("/healthz").json()["worker"] == "stale"
        heartbeat.delay()
        assert Heartbeat.objects.count() == 1  # one row, updated in place
        assert client.get("/healthz").json()["worker"] == "ok"


def test_healthz_answers_503_when_the_database_fails(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("database is down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error" and response.json()["database"] == "unavailable"


def test_healthz_needs_no_login_and_reveals_nothing_else(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert set(response.json()) == {"status", "database", "worker", "last_heartbeat", "stale_after_seconds"}
    assert client.post("/healthz").status_code == 405


def test_beat_schedules_the_heartbeat_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["core-heartbeat"]
    assert entry["task"] == heartbeat.name and entry["schedule"] == 60.0
    # A single late or lost heartbeat must not report the worker as down.
    assert 2 * timedelta(seconds=entry["schedule"]) <= HEARTBEAT_STALE_AFTER


def test_healthz_is_reachable_over_plain_http_when_https_is_enforced(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/accounts/login/").status_code == 301  # everything else moves to HTTPS
    assert client.get("/healthz").status_code == 200
