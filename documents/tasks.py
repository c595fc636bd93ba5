"""Workers: thin tasks that take primary keys and call the processing service (documents/services/processing.py)."""

from celery import shared_task

from .services import processing

# OCR of a long scan takes a while; the lease (DOCUMENTS_PROCESSING_LEASE_SECONDS) stays longer than this limit.
TIME_LIMIT = 1800


@shared_task(
    name="documents.document_process",
    ignore_result=True,
    acks_late=True,
    time_limit=TIME_LIMIT,
    soft_time_limit=TIME_LIMIT - 60,
)
def document_process_task(document_id: int) -> None:
    processing.document_process(document_id=document_id)


@shared_task(name="documents.documents_sweep", ignore_result=True, time_limit=120, soft_time_limit=100)
def documents_sweep_task() -> None:
    """Re-enqueue documents whose worker died or whose message was lost (the claim makes copies harmless)."""
    for pk in processing.documents_stale():
        document_process_task.delay(pk)
