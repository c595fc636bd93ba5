from django.urls import path, register_converter

from . import views

app_name = "exports"


class _Format:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(_Format, "export_format")

urlpatterns = [
    path("<slug:kind>.<export_format:fmt>", views.export_list, name="list"),
]
