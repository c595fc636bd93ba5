from django.apps import AppConfig


class CoalitionConfig(AppConfig):
    name = "coalition"
    verbose_name = "Coalition, organisations and access"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the sign-in throttle's receivers)
