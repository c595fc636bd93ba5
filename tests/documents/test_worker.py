"""A real `celery worker` on the real Redis broker, SIGKILLed in the middle of OCR: the file is left "ocr" with its
claim's timestamp, never finished and never stuck; once the lease has passed the sweep hands it to the restarted
worker, which writes every page once."""

import time

import pytest

from config.celery import app as celery_app
from documents import samples, services
from documents.choices import FileStatus
from documents.extraction import ocr_engine
from documents.models import Document, DocumentPage
from documents.services import processing
from documents.tasks import documents_sweep_task
from tests.documents.conftest import upload
from tests.reminders.harness import Worker, process_env, wait_for

pytestmark = [
    pytest.mark.redis,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(ocr_engine() is None, reason="needs the tesseract binary (Debian tesseract-ocr)"),
]
LEASE = 4
PAGES = 12


@pytest.fixture
def worker(settings, tmp_path):
    settings.DOCUMENTS_PROCESSING_LEASE_SECONDS = LEASE
    settings.MEDIA_ROOT = tmp_path / "media"
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False  # this process publishes to Redis; the worker runs the tasks
    env = process_env(
        redis_url=settings.REDIS_URL,
        mailbox=tmp_path,
        var_dir=tmp_path / "var",
        lease_seconds=LEASE,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        DOCUMENTS_PROCESSING_LEASE_SECONDS=str(LEASE),
    )
    celery_app.control.purge()
    w = Worker(env, tmp_path / "worker.log", concurrency=1).start()
    yield w
    w.stop()
    celery_app.conf.task_always_eager = eager


def test_a_worker_killed_mid_ocr_leaves_the_file_to_the_next_worker(world, production, worker):
    scan = samples.scanned_pdf([f"Scanned page {n} of the check-in log (b)(6)" for n in range(1, PAGES + 1)])
    [document] = services.documents_upload(
        production=production, files=[upload("scan.pdf", scan)], actor=world.staff
    ).documents

    def status():
        return Document.objects.values_list("status", flat=True).get(pk=document.pk)

    wait_for(lambda: status() == FileStatus.OCR, timeout=60, what="OCR to start", log=worker.log)
    worker.kill()  # SIGKILL parent and pool child mid-OCR: nothing written, the message not acknowledged
    killed = Document.objects.get(pk=document.pk)
    assert killed.status == FileStatus.OCR and killed.attempts == 1 and killed.pages.count() == 0
    assert processing.documents_stale() == []  # within the lease: it may still be running somewhere
    worker.start()
    time.sleep(LEASE + 0.5)
    assert processing.documents_stale() == [document.pk]
    documents_sweep_task.delay()  # what beat does every five minutes: the restarted worker takes it over
    wait_for(lambda: status() == FileStatus.DONE, timeout=120, what="the file to be processed again", log=worker.log)
    done = Document.objects.get(pk=document.pk)
    assert done.attempts >= 2 and done.page_count == PAGES and done.exemptions == ["b6"]
    assert DocumentPage.objects.filter(document=document).count() == PAGES
    assert sorted(done.pages.values_list("number", flat=True)) == list(range(1, PAGES + 1))
