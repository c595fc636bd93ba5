"""Processing: pages written in one transaction, failures recorded with their reason and nothing kept, and a worker
that dies mid-extraction never leaves a file stuck: the lease passes, the sweep hands it out again, pages are
replaced, never doubled."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from documents import samples, services
from documents.choices import FileStatus
from documents.models import Document, DocumentPage, StoredFile
from documents.services import processing
from documents.tasks import documents_sweep_task
from tests.documents.conftest import stored_files, upload

pytestmark = pytest.mark.django_db

PDF = samples.text_pdf(["Statement of work\nUnit price (b)(4)\nBI-ISAP-000001", "Staff: (b)(6)\nBI-ISAP-000002"])


def _queued(production, user, name="sow.pdf", data=PDF) -> Document:
    return services.documents_upload(production=production, files=[upload(name, data)], actor=user).documents[0]


def _process(document) -> Document:
    services.document_process(document_id=document.pk)
    return Document.objects.get(pk=document.pk)


def test_a_queued_pdf_is_processed_into_its_pages(world, production):
    document = _process(_queued(production, world.staff))
    assert document.status == FileStatus.DONE and document.page_count == 2
    assert document.exemptions == ["b4", "b6"]
    assert (document.bates_start, document.bates_end) == ("BI-ISAP-000001", "BI-ISAP-000002")
    assert list(document.pages.values_list("number", "exemptions")) == [(1, ["b4"]), (2, ["b6"])]
    assert document.processing_token == "" and document.attempts == 1


def test_the_upload_enqueues_processing_on_commit(world, production, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = _queued(production, world.staff)
    document.refresh_from_db()
    assert document.status == FileStatus.DONE and document.pages.count() == 2


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.7\nnot a pdf\n%%EOF\n", "The PDF is damaged and cannot be read"),
        (PDF[: len(PDF) // 2], "The PDF is truncated"),
        (samples.text_pdf(["x"], extra_catalog="/OpenAction << /S /JavaScript /JS (1) >> "), "active content"),
    ],
)
def test_a_file_that_cannot_be_used_is_marked_failed_and_nothing_of_it_is_kept(
    world, production, _media, data, reason, django_capture_on_commit_callbacks
):
    queued = _queued(production, world.staff, data=data)
    with django_capture_on_commit_callbacks(execute=True):  # the bytes are deleted once the failure is committed
        document = _process(queued)
    assert document.status == FileStatus.FAILED and reason in document.failure_reason
    assert document.stored_file is None and document.pages.count() == 0
    assert StoredFile.objects.count() == 0 and stored_files(_media) == []


def test_a_failed_file_keeps_bytes_another_document_uses(world, production, _media, settings):
    settings.DOCUMENTS_MAX_PAGES = 1
    other = production.request  # same request, a second production
    second = services.production_create(request=other, actor=world.staff, date=dt.date(2026, 11, 21))
    _queued(second, world.staff)  # the same bytes, not processed yet
    failed = _process(_queued(production, world.staff))
    assert failed.status == FileStatus.FAILED and "over the limit of 1" in failed.failure_reason
    assert StoredFile.objects.count() == 1 and len(stored_files(_media)) == 1


def test_processing_twice_replaces_nothing_and_a_repeated_message_does_nothing(world, production):
    document = _process(_queued(production, world.staff))
    assert services.document_process(document_id=document.pk) == FileStatus.DONE
    assert DocumentPage.objects.count() == 2 and Document.objects.get(pk=document.pk).attempts == 1


def test_a_worker_killed_mid_extraction_leaves_the_file_reprocessable(world, production, settings):
    settings.DOCUMENTS_PROCESSING_LEASE_SECONDS = 600
    document = _queued(production, world.staff)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token = processing._claim(document.pk)  # a worker took it ... and was killed before writing anything
    assert token and Document.objects.get(pk=document.pk).status == FileStatus.EXTRACTING
    with time_machine.travel(start + dt.timedelta(seconds=300), tick=False):
        assert processing.documents_stale() == []  # still within its lease: nobody else takes it
        assert services.document_process(document_id=document.pk) == FileStatus.EXTRACTING
    with time_machine.travel(start + dt.timedelta(seconds=601), tick=False):
        assert processing.documents_stale() == [document.pk]
        documents_sweep_task.delay()  # eager here: the sweep enqueues it and a worker processes it
        done = Document.objects.get(pk=document.pk)
        assert done.status == FileStatus.DONE and done.attempts == 2 and done.pages.count() == 2
        # The killed worker, had it come back, finds its claim gone and writes nothing.
        processing._finish(document.pk, token, processing.extract(PDF, "pdf", ocr=None))
    assert DocumentPage.objects.filter(document=document).count() == 2


def test_reprocessing_replaces_the_pages_in_one_go(world, production, django_capture_on_commit_callbacks):
    document = _process(_queued(production, world.staff))
    first_pages = set(document.pages.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        services.processing_reset(document=document, actor=world.staff)
    document.refresh_from_db()
    assert document.status == FileStatus.DONE and document.pages.count() == 2
    assert not first_pages & set(document.pages.values_list("pk", flat=True))


def test_a_file_that_keeps_killing_workers_is_given_up(world, production, settings):
    settings.DOCUMENTS_MAX_ATTEMPTS = 2
    document = _queued(production, world.staff)
    Document.objects.filter(pk=document.pk).update(
        status=FileStatus.EXTRACTING, attempts=2, processing_started_at=timezone.now() - dt.timedelta(days=1)
    )
    document = _process(document)
    assert document.status == FileStatus.FAILED and "giving up" in document.failure_reason


def test_a_lost_message_is_sent_again_by_the_sweep(world, production):
    document = _queued(production, world.staff)
    assert processing.documents_stale() == []
    Document.objects.filter(pk=document.pk).update(created_at=timezone.now() - dt.timedelta(minutes=11))
    documents_sweep_task.delay()
    assert Document.objects.get(pk=document.pk).status == FileStatus.DONE


def test_scans_without_tesseract_are_done_with_pages_marked_needs_ocr(world, production, no_ocr):
    document = _process(_queued(production, world.staff, "scan.pdf", samples.scanned_pdf(["Alert (b)(6)"])))
    assert document.status == FileStatus.DONE
    [page] = document.pages.all()
    assert page.needs_ocr and not page.ocr_used


def test_an_image_is_a_one_page_document(world, production):
    png = samples.image_bytes("Trust Stamp alert (b)(7)(C)")
    document = _process(_queued(production, world.staff, "alert.png", png))
    assert document.status == FileStatus.DONE and document.page_count == 1
    page = document.pages.get()
    if processing.ocr_engine() is not None:
        assert page.ocr_used and page.exemptions == ["b7C"] and document.exemptions == ["b7C"]
    else:
        assert page.needs_ocr
