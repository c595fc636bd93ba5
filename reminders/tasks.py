"""Celery tasks: take primary keys, call a service. Reminders are swept from the database by beat, never scheduled
as far-future broker messages (see reminders/services/sweep.py)."""

from celery import shared_task

from . import services


@shared_task(name="deadlines.reminder_sweep", ignore_result=True)
def reminder_sweep() -> dict:
    result = services.reminder_sweep()
    return {"fired_steps": result.fired_steps, "enqueued": result.enqueued, "requeued": result.requeued}


@shared_task(name="deadlines.reminder_deliveries_send", ignore_result=True)
def reminder_deliveries_send(delivery_ids: list[int]) -> None:
    """Send a batch of claimed email reminders; failed ones come back after their back-off delay."""
    for countdown, ids in services.reminder_deliveries_send(delivery_ids=delivery_ids).items():
        reminder_deliveries_send.apply_async(args=[ids], countdown=countdown)


@shared_task(name="deadlines.reminder_digest_sweep", ignore_result=True)
def reminder_digest_sweep() -> int:
    return services.reminder_digest_sweep()


@shared_task(name="deadlines.reminder_digest_send", bind=True, max_retries=None, ignore_result=True)
def reminder_digest_send(self, digest_id: int) -> str:
    try:
        return services.reminder_digest_send(digest_id=digest_id)
    except services.RetryLater as exc:
        raise self.retry(countdown=exc.countdown) from exc


@shared_task(name="deadlines.reminder_schedule_reconcile", ignore_result=True)
def reminder_schedule_reconcile() -> int:
    return services.reminder_schedule_reconcile()
