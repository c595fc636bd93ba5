from django.apps import AppConfig


class CoalitionConfig(AppConfig):
    name = "coalition"
    verbose_name = "Coalition, organisations and access"
