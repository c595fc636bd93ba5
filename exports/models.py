"""A large export, built by a worker: who asked, what list with which filters, how far it got, and its file."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ExportJob(models.Model):
    """One export run in the background. Only its owner sees it (anyone else gets a 404); the worker reads the list
    as the owner, with the owner's access at the time it runs."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs", help_text="Who asked for it."
    )
    organization = models.ForeignKey(
        "coalition.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="The organisation the owner was working in when they asked (empty when they have none).",
    )
    kind = models.CharField(max_length=32, help_text="The list exported: requests, deadlines, cases, documents...")
    format = models.CharField(max_length=8, choices=ExportFormat.choices, help_text="csv or xlsx.")
    filters = models.JSONField(
        default=dict, blank=True, help_text="The list's filters, as query parameters (each name to its values)."
    )
    status = models.CharField(
        max_length=16, choices=ExportStatus.choices, default=ExportStatus.QUEUED, help_text="Where the job stands."
    )
    rows_done = models.PositiveIntegerField(default=0, help_text="Rows written so far.")
    rows_total = models.PositiveIntegerField(null=True, blank=True, help_text="Rows to write (known once counted).")
    file = models.FileField(upload_to="exports/", blank=True, help_text="The finished file (Django storage).")
    filename = models.CharField(max_length=120, blank=True, help_text="The name the download is offered under.")
    error = models.CharField(max_length=300, blank=True, help_text="Why it failed, when it did.")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="After this the file is deleted.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="export_job_owner_created")]

    def __str__(self) -> str:
        return f"{self.kind} ({self.format}) #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("exports:job-detail", args=[self.pk])

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 100 if self.status == ExportStatus.DONE else 0
        return min(100, round(100 * self.rows_done / self.rows_total))

    @property
    def finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)

    @property
    def tone(self) -> str:
        return {"running": "info", "done": "success", "failed": "danger"}.get(self.status, "neutral")
