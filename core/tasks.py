"""The heartbeat: beat sends it every minute and each worker sends one when it starts, so `/healthz` can tell whether
tasks really travel broker -> worker -> database (embedded filesystem broker or Redis alike)."""

from celery import shared_task
from celery.signals import worker_ready

from .services import heartbeat_record


@shared_task(name="core.tasks.heartbeat", bind=True, ignore_result=True, time_limit=30, soft_time_limit=20)
def heartbeat(self) -> None:
    heartbeat_record(hostname=self.request.hostname or "")


@worker_ready.connect
def _announce_worker(sender=None, **kwargs) -> None:
    heartbeat.delay()
