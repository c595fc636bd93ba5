from django.apps import AppConfig


class FoiaConfig(AppConfig):
    name = "foia"
