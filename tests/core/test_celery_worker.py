"""A real Celery worker process round-trips a task through the broker: the embedded filesystem broker when
REDIS_URL is unset, Redis when it is set. The worker announces itself with a heartbeat task on start; the heartbeat
must land in the database the web process reads (/healthz)."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Variables of this test process that would change what the child processes do.
_STRIPPED = {"PYTEST_VERSION", "PYTEST_CURRENT_TEST", "DATABASE_URL", "REDIS_URL", "CELERY_TASK_ALWAYS_EAGER"}

pytestmark = pytest.mark.slow


def _env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _STRIPPED}
    env.update(DEBUG="true", VAR_DIR=str(var_dir), **extra)
    return env


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory) -> Path:
    """A migrated SQLite database of its own: the worker is a separate process and cannot see pytest's test database."""
    var = tmp_path_factory.mktemp("var")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=_env(var), check=True, timeout=300
    )
    return var


def _heartbeats(var_dir: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(var_dir / "db.sqlite3") as db:
        return db.execute("SELECT name, hostname FROM core_heartbeat").fetchall()


def _worker_round_trip(var_dir: Path, env: dict[str, str], name: str) -> str:
    with sqlite3.connect(var_dir / "db.sqlite3") as db:
        db.execute("DELETE FROM core_heartbeat")
    log = var_dir / f"{name}.log"
    with log.open("w") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-n", f"{name}@%h", "-l", "info"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 90
            while not _heartbeats(var_dir) and worker.poll() is None and time.monotonic() < deadline:
                time.sleep(0.5)
            rows = _heartbeats(var_dir)
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
    output = log.read_text()
    assert rows, f"no heartbeat reached the database; worker output:\n{output}"
    assert rows[0][0] == "celery" and rows[0][1].startswith(f"{name}@")
    assert "Task core.tasks.heartbeat[" in output and "succeeded" in output
    return output


def test_a_task_round_trips_through_the_embedded_filesystem_broker(var_dir):
    output = _worker_round_trip(var_dir, _env(var_dir), "fs")
    assert "transport:   filesystem://" in output
    # Messages live in the project's var/ folder, not in the working directory.
    assert (var_dir / "celery-broker" / "queue").is_dir() and (var_dir / "celery-broker" / "control").is_dir()
    assert not (ROOT / "control").exists()


@pytest.mark.redis
def test_a_task_round_trips_through_redis_when_redis_url_is_set(var_dir):
    output = _worker_round_trip(var_dir, _env(var_dir, REDIS_URL=settings.REDIS_URL), "redis")
    assert "transport:   redis://" in output
