from django.apps import AppConfig


class CoalitionConfig(AppConfig):
    name = "coalition"
    verbose_name = "Coalition, organisations and access"

    def ready(self):
        from . import checks, receivers  # noqa: F401  (registers the deployment checks and signal receivers)
