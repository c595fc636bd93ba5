"""An import batch (one uploaded spreadsheet, its column mapping and its dry-run preview), what it created or
changed, and the column mapping each organisation used last."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from coalition.models import OrganizationOwned
from core.versioning import Versioned


class ImportKind(models.TextChoices):
    REQUESTS = "requests", "FOIA requests"
    CASES = "cases", "Cases"
    COURT_DEADLINES = "court_deadlines", "Court-ordered deadlines"


class BatchStatus(models.TextChoices):
    UPLOADED = "uploaded", "Uploaded"
    PREVIEWED = "previewed", "Previewed"
    APPLIED = "applied", "Applied"
    UNDONE = "undone", "Undone"


class ImportBatch(Versioned, OrganizationOwned):
    """One spreadsheet imported into one organisation. Its state only moves forward: uploaded -> previewed (and
    previewed again after a new mapping) -> applied -> undone; confirm and undo lock the row, so a second click
    finds it already applied (or undone) and changes nothing."""

    kind = models.CharField(max_length=16, choices=ImportKind.choices, default=ImportKind.REQUESTS)
    status = models.CharField(
        max_length=16, choices=BatchStatus.choices, default=BatchStatus.UPLOADED, help_text="Where the import stands."
    )
    file = models.FileField(upload_to="imports/%Y/%m/", help_text="The uploaded spreadsheet, as uploaded.")
    file_name = models.CharField(max_length=255, help_text="The file's name on the uploader's computer.")
    file_size = models.PositiveBigIntegerField(default=0, help_text="Size of the upload in bytes.")
    headers = models.JSONField(default=list, blank=True, help_text="The header row's cells, in column order.")
    samples = models.JSONField(
        default=list, blank=True, help_text="The first values under each column, shown in the mapping step."
    )
    header_row = models.PositiveIntegerField(default=1, help_text="Row number of the header in the sheet.")
    mapping = models.JSONField(
        default=list, blank=True, help_text="The field each column is read as, in column order ('' = ignored)."
    )
    preview = models.JSONField(default=dict, blank=True, help_text="The dry run: counts and every row's outcome.")
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "import batch"
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"Import {self.pk}: {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("imports:batch-detail", args=[self.pk])

    def count(self, action: str) -> int:
        return int((self.preview or {}).get("counts", {}).get(action, 0))


class ImportedRecord(models.Model):
    """A request, case or court-ordered deadline the batch created or changed (one of `request`, `case`,
    `deadline`, by the batch's kind): what undo removes or puts back. `version` is its version right after the
    import; undo refuses while any has moved past it (someone edited it since)."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="records")
    request = models.ForeignKey("foia.FoiaRequest", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    case = models.ForeignKey("litigation.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    deadline = models.ForeignKey(
        "deadlines.Deadline", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    request_label = models.CharField(max_length=320, help_text="What was imported, as it was named then.")
    row = models.PositiveIntegerField(help_text="The spreadsheet row it came from.")
    action = models.CharField(max_length=16, choices=Action.choices)
    version = models.PositiveIntegerField(help_text="Its version right after the import.")
    before = models.JSONField(
        default=dict, blank=True, help_text="An updated object's fields before the import (and what it linked)."
    )
    event_count = models.PositiveIntegerField(default=0, help_text="Events on the request right after the import.")

    class Meta:
        ordering = ["row", "pk"]

    def __str__(self) -> str:
        return f"Row {self.row}: {self.get_action_display().lower()} {self.request_label}"

    @property
    def target(self):
        """The page the record links to: its request, its case, or its deadline's case (None once removed)."""
        if self.deadline_id:
            return self.deadline.subject
        return self.request or self.case


class ImportMapping(models.Model):
    """The column mapping an organisation last confirmed, by header, so its next sheet is mapped the same way."""

    organization = models.ForeignKey("coalition.Organization", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=ImportKind.choices, default=ImportKind.REQUESTS)
    by_header = models.JSONField(default=dict, help_text="Normalised header -> field ('' = ignored).")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "kind"], name="import_mapping_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} columns of organisation {self.organization_id}"
