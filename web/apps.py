from django.apps import AppConfig


class WebConfig(AppConfig):
    """The composition layer: pages that combine several apps (dashboard, history) and the demo loader."""

    name = "web"
