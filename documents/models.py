"""Released records: productions (what an agency released, when), the files in them and their pages' text.

Access follows the request: a production's `access_parent` is its request, a document's its production, a page's its
document (coalition.access), so sharing comes from the request and a privileged production hides everything under
it from partners. Stored bytes (`StoredFile`) are content-addressed and shared by every document with the same
SHA-256; they are reached only through a document the user may see.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from core.history import HistoricalRecords
from core.versioning import Versioned

from .choices import EXEMPTION_CODES, EXEMPTION_LABELS, EXEMPTION_ORDER, FileKind, FileStatus, exemption_labels

COUNT_FIELDS = ("pages_processed", "pages_released_full", "pages_released_part", "pages_withheld")


def validate_exemption_list(value) -> None:
    if not isinstance(value, list) or any(code not in EXEMPTION_CODES for code in value):
        raise ValidationError("Exemptions must be a list of codes such as b6 or b7C.")


def validate_exemption_counts(value) -> None:
    if not isinstance(value, dict):
        raise ValidationError("Exemptions cited must map codes to counts.")
    for code, count in value.items():
        if code not in EXEMPTION_CODES:
            raise ValidationError(f"{code} is not a FOIA exemption (b1-b9, b7A-b7F).")
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise ValidationError(f"The count of {code} must be a whole number of at least 1.")


class Production(Versioned):
    """One release by the agency for a request: the letter that came with it and the agency's own page counts."""

    request = models.ForeignKey(
        "foia.FoiaRequest", on_delete=models.PROTECT, related_name="productions", help_text="The request answered."
    )
    date = models.DateField(help_text="The date of the release (the cover letter's date when there is one).")
    label = models.CharField(max_length=200, blank=True, help_text='How the agency calls it ("Interim release 3").')
    cover_letter = models.ForeignKey(
        "foia.Communication",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="productions",
        help_text="The agency's letter that came with the release (a communication of the same request).",
    )
    pages_processed = models.PositiveIntegerField(null=True, blank=True, help_text="Pages the agency reviewed.")
    pages_released_full = models.PositiveIntegerField(null=True, blank=True, help_text="Pages released in full.")
    pages_released_part = models.PositiveIntegerField(null=True, blank=True, help_text="Pages released in part.")
    pages_withheld = models.PositiveIntegerField(null=True, blank=True, help_text="Pages withheld in full.")
    exemptions_cited = models.JSONField(
        default=dict,
        blank=True,
        validators=[validate_exemption_counts],
        help_text='Exemptions the letter cites, with how many times: {"b6": 12, "b7C": 4}.',
    )
    privileged = models.BooleanField(
        default=False, help_text="Kept from coalition partners (e.g. received under a protective order)."
    )
    schedule = models.ForeignKey(
        "litigation.ProductionSchedule",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="productions",
        help_text="The court-ordered production schedule it counts against (of a case enforcing the request).",
    )
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    access_parent = "request"  # access (and privilege) follow the request (coalition.access)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.label or f"Release of {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("documents:production-detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors = {}
        processed = self.pages_processed
        released = [v for v in (self.pages_released_full, self.pages_released_part, self.pages_withheld) if v]
        if processed is not None and sum(released) > processed:
            errors["pages_processed"] = (
                f"Released in full, in part and withheld add up to {sum(released)}, more than the "
                f"{processed} pages processed."
            )
        if self.cover_letter_id and self.request_id and self.cover_letter.request_id != self.request_id:
            errors["cover_letter"] = "The cover letter must be a communication of the same request."
        if errors:
            raise ValidationError(errors)

    @property
    def exemptions_cited_list(self) -> list[tuple[str, int]]:
        items = sorted(self.exemptions_cited.items(), key=lambda kv: EXEMPTION_ORDER.get(kv[0], 99))
        return [(EXEMPTION_LABELS.get(code, code), count) for code, count in items]


def stored_file_path(instance: StoredFile, filename: str) -> str:
    """Content-addressed: the same bytes always land at the same name, so they are written once."""
    digest = instance.sha256
    return f"documents/sha256/{digest[:2]}/{digest[2:4]}/{digest}"


class StoredFile(models.Model):
    """Bytes as stored (through Django's storage API), once per SHA-256 whatever the number of documents using them."""

    sha256 = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the bytes (hex).")
    file = models.FileField(upload_to=stored_file_path, max_length=200)
    size = models.PositiveBigIntegerField(help_text="Bytes.")
    kind = models.CharField(max_length=8, choices=FileKind.choices, help_text="Decided from the content.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.sha256


class Document(Versioned):
    """One file of a production, its metadata and where its processing stands."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="documents")
    stored_file = models.ForeignKey(
        StoredFile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        help_text="The bytes; cleared when processing failed (nothing is kept of a refused file).",
    )
    original_name = models.CharField(max_length=255, help_text="The name it was uploaded with (inside a ZIP: path).")
    sha256 = models.CharField(max_length=64, db_index=True, help_text="SHA-256 of the file as uploaded.")
    size = models.PositiveBigIntegerField(help_text="Bytes.")
    kind = models.CharField(max_length=8, choices=FileKind.choices, help_text="Decided from the content, not the name.")
    page_count = models.PositiveIntegerField(null=True, blank=True, help_text="Known once processed.")
    bates_start = models.CharField(max_length=60, blank=True, help_text="First Bates number, when stamped.")
    bates_end = models.CharField(max_length=60, blank=True, help_text="Last Bates number, when stamped.")
    title = models.CharField(max_length=300, blank=True)
    date = models.DateField(null=True, blank=True, help_text="The document's own date, when known.")
    description = models.TextField(blank=True)
    exemptions = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_exemption_list],
        help_text="Exemption codes cited anywhere in the document (its pages' and any added by hand).",
    )
    status = models.CharField(max_length=12, choices=FileStatus.choices, default=FileStatus.QUEUED)
    failure_reason = models.CharField(max_length=500, blank=True, help_text="Why processing failed, for people.")
    processing_started_at = models.DateTimeField(
        null=True, blank=True, help_text="When a worker claimed it: past the lease, the sweep gives it to another."
    )
    processing_token = models.CharField(max_length=32, blank=True, help_text="The claim of the worker processing it.")
    attempts = models.PositiveSmallIntegerField(default=0)
    processed_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["processing_token", "processing_started_at"])
    access_parent = "production"  # access (and privilege) follow the production and its request

    class Meta:
        ordering = ["production", "pk"]
        indexes = [models.Index(fields=["status", "processing_started_at"], name="document_status_started")]

    def __str__(self) -> str:
        return self.title or self.original_name

    def get_absolute_url(self) -> str:
        return reverse("documents:document-detail", args=[self.pk])

    @property
    def exemption_labels(self) -> list[str]:
        return exemption_labels(self.exemptions)

    @property
    def bates_range(self) -> str:
        if self.bates_start and self.bates_end and self.bates_start != self.bates_end:
            return f"{self.bates_start}–{self.bates_end}"
        return self.bates_start or self.bates_end


class DocumentPage(models.Model):
    """One page's text (from the PDF's text layer, or OCR), the unit a search indexes."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField(help_text="1-based page number within the document.")
    text = models.TextField(blank=True)
    needs_ocr = models.BooleanField(default=False, help_text="No text layer, and OCR was not available.")
    ocr_used = models.BooleanField(default=False, help_text="The text comes from OCR (may contain errors).")
    exemptions = models.JSONField(
        default=list, blank=True, validators=[validate_exemption_list], help_text="Exemption codes cited on the page."
    )
    access_parent = "document"

    class Meta:
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_page_unique_number")]

    def __str__(self) -> str:
        return f"{self.document} p. {self.number}"

    @property
    def exemption_labels(self) -> list[str]:
        return exemption_labels(self.exemptions)
