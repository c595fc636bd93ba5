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
    path("", views.job_list, name="job-list"),
    path("jobs/", views.job_create, name="job-create"),
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
    path("jobs/<int:pk>/progress/", views.job_progress, name="job-progress"),
    path("jobs/<int:pk>/download/", views.job_download, name="job-download"),
    path("<slug:kind>.<export_format:fmt>", views.export_list, name="list"),
]
