"""Admin: productions and documents to look at and correct metadata; files and pages are written by the upload and
processing services only (read-only here)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Document, DocumentPage, Production, StoredFile


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    can_delete = False
    fields = ["original_name", "kind", "status", "page_count", "failure_reason"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Production)
class ProductionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "request", "date", "pages_processed", "privileged"]
    list_filter = ["privileged"]
    search_fields = ["label", "request__subject"]
    raw_id_fields = ["request", "cover_letter"]
    readonly_fields = ["version", "created_by", "created_at"]
    inlines = [DocumentInline]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "production", "kind", "status", "page_count", "attempts"]
    list_filter = ["status", "kind"]
    search_fields = ["original_name", "title", "sha256"]
    raw_id_fields = ["production"]
    readonly_fields = [
        "stored_file", "original_name", "sha256", "size", "kind", "page_count", "status", "failure_reason",
        "processing_started_at", "processing_token", "attempts", "processed_at", "uploaded_by", "created_at",
        "version",
    ]  # fmt: skip


@admin.register(DocumentPage)
class DocumentPageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "needs_ocr", "ocr_used"]
    list_filter = ["needs_ocr", "ocr_used"]
    raw_id_fields = ["document"]
    readonly_fields = ["document", "number", "text", "needs_ocr", "ocr_used", "exemptions"]


@admin.register(StoredFile)
class StoredFileAdmin(admin.ModelAdmin):
    list_display = ["sha256", "kind", "size", "created_at"]
    readonly_fields = ["sha256", "file", "size", "kind", "created_at"]

    def has_add_permission(self, request):
        return False
