import pytest

from config.celery import app as celery_app


@pytest.fixture
def eager_celery():
    """Run enqueued tasks in-process (unit tests); worker tests use a real worker instead."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous
