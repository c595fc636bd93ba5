from django.apps import AppConfig


class LitigationConfig(AppConfig):
    name = "litigation"
