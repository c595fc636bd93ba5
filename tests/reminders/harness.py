"""Real processes for reminder tests: a Celery worker subprocess and a private redis-server.

The worker runs `celery -A config worker` against the test database (pytest-django's, which must be committed data:
tests use `transactional_db`; on SQLite the test database is a file, see config/settings.py) and the given Redis.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)


def database_url() -> str:
    sd = connection.settings_dict
    if sd["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(sd['NAME']).resolve()}"
    auth = sd["USER"] + (f":{sd['PASSWORD']}" if sd.get("PASSWORD") else "")
    return f"postgres://{auth}@{sd['HOST'] or '127.0.0.1'}:{sd['PORT'] or 5432}/{sd['NAME']}"


def wait_for(predicate, *, timeout: float, interval: float = 0.1, what: str = "condition", log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    tail = f"\nworker log:\n{log.read_text()[-4000:]}" if log is not None and log.exists() else ""
    raise AssertionError(f"timed out after {timeout}s waiting for {what}{tail}")


# Variables of the test process that would change what the worker does (eager tasks, test-only settings).
_STRIPPED = {"PYTEST_VERSION", "PYTEST_CURRENT_TEST", "PYTEST_XDIST_WORKER", "CELERY_TASK_ALWAYS_EAGER"}


def process_env(*, redis_url: str, mailbox: Path, var_dir: Path, lease_seconds: int, **extra: str) -> dict:
    """The environment of a production-like worker (DEBUG off, real broker) on the test database."""
    env = {k: v for k, v in os.environ.items() if k not in _STRIPPED}
    env.update(
        SECRET_KEY="reminder-worker-tests-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        CELERY_TASK_ALWAYS_EAGER="false",
        DATABASE_URL=database_url(),
        REDIS_URL=redis_url,
        EMAIL_BACKEND="tests.reminders.mailbox.RecordingBackend",
        TEST_MAILBOX=str(mailbox),
        VAR_DIR=str(var_dir),
        PYTHONPATH=str(BASE_DIR),
        REMINDER_LEASE_SECONDS=str(lease_seconds),
        REMINDER_RETRY_BASE_SECONDS="1",
        SITE_URL="https://tracker.test",
    )
    env.update(extra)
    return env


class Worker:
    """`celery -A config worker` in its own process group, so SIGKILL takes the parent and its pool children."""

    def __init__(self, env: dict, log: Path, concurrency: int = 2):
        self.env, self.log, self.concurrency = env, log, concurrency
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 40) -> Worker:
        self.log.write_text("")
        cmd = [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=info", "--pool=prefork"]
        cmd += [f"--concurrency={self.concurrency}", "--without-gossip", "--without-mingle", "--without-heartbeat"]
        cmd += [f"--hostname=reminders-test-{uuid.uuid4().hex[:8]}@%h"]
        with open(self.log, "a") as out:
            self.proc = subprocess.Popen(
                cmd, cwd=BASE_DIR, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        wait_for(self._ready, timeout=timeout, what=f"the Celery worker to start (log: {self.log})")
        return self

    def _ready(self) -> bool:
        if self.proc.poll() is not None:
            raise AssertionError(f"worker exited with {self.proc.returncode}:\n{self.log.read_text()[-3000:]}")
        return " ready." in self.log.read_text()

    def signal(self, sig: int) -> None:
        os.killpg(self.proc.pid, sig)

    def kill(self) -> None:
        """SIGKILL the whole worker (parent and pool children) mid-whatever."""
        self.signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            self.signal(signal.SIGCONT)
            self.signal(signal.SIGTERM)
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.proc.wait(timeout=10)
        except ProcessLookupError:
            pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A private, non-persistent redis-server (tests restart it; never the shared one)."""

    def __init__(self, workdir: Path):
        self.port, self.workdir = free_port(), workdir
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        cmd = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        cmd += ["--dir", str(self.workdir)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self.ping, timeout=10, what="redis-server")
        return self

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.5)

    def ping(self) -> bool:
        try:
            return self.client().ping()
        except Exception:
            return False

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()  # no persistence configured: every queued message is gone
            self.proc.wait(timeout=10)

    def restart(self) -> None:
        self.stop()
        self.start()


def manage(*args: str, env: dict, timeout: float = 60) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stderr
    return done.stdout
