"""Workers: thin tasks that take primary keys and call the exports services."""

from celery import shared_task

from . import services

# 20,000 requests take a few seconds (bench/exports.py); the limit leaves room for far larger lists.
TIME_LIMIT = 1800


@shared_task(
    name="exports.export_job_run", ignore_result=True, acks_late=True, time_limit=TIME_LIMIT, soft_time_limit=1740
)
def export_job_run_task(job_id: int) -> None:
    services.export_job_run(job_id=job_id)


@shared_task(name="exports.export_jobs_purge", ignore_result=True, time_limit=300, soft_time_limit=240)
def export_jobs_purge_task() -> None:
    services.export_jobs_purge()
