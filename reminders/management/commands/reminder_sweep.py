"""Run one reminder sweep now (what beat runs every minute): fire due steps, re-enqueue expired sends, digests."""

from django.core.management.base import BaseCommand

from reminders.services import reminder_digest_sweep, reminder_schedule_reconcile, reminder_sweep


class Command(BaseCommand):
    help = "Fire due reminders now (normally Celery beat does this every minute). Safe to run at any time, in parallel."

    def add_arguments(self, parser):
        parser.add_argument("--reconcile", action="store_true", help="First reschedule deadlines a lost signal missed.")
        parser.add_argument("--digests", action="store_true", help="Also start the daily digests that are due.")

    def handle(self, *args, reconcile=False, digests=False, **options):
        if reconcile:
            self.stdout.write(f"Reconciled {reminder_schedule_reconcile()} deadlines.")
        result = reminder_sweep()
        self.stdout.write(
            f"Fired {result.fired_steps} steps: {result.deliveries} deliveries claimed, "
            f"{result.notifications} notifications, {result.enqueued} emails enqueued, {result.requeued} re-enqueued."
        )
        if digests:
            self.stdout.write(f"Enqueued {reminder_digest_sweep()} digests.")
