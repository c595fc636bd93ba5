"""Load the demo coalition: idempotent, so `make run` can call it every time.

Each app contributes its own part through a `demo.load(stdout=...)` function, run in dependency order.
"""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_MODULES = [
    "coalition.demo",
    "foia.demo",
    "litigation.demo",
    "deadlines.demo",
    "reminders.demo",
    "documents.demo",
]


class Command(BaseCommand):
    help = "Create (or refresh) the demo organisations, users and data. Safe to run repeatedly."

    def handle(self, *args, **options):
        with transaction.atomic():
            for name in DEMO_MODULES:
                try:
                    module = import_module(name)
                except ModuleNotFoundError as exc:
                    if exc.name != name:
                        raise
                    continue
                module.load(stdout=self.stdout)
