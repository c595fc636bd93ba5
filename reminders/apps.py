from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"

    def ready(self):
        # Reminders sit above deadlines: deadlines only sends `deadlines_changed`, reminders listens.
        from . import receivers  # noqa: F401
