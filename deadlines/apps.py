from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "deadlines"

    def ready(self):
        from .reminders import receivers  # noqa: F401  (connects the deadlines_changed receiver)
