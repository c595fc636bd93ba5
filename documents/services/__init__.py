"""Writes of the documents app: productions, uploads and the processing of uploaded files."""

from .processing import document_process, documents_stale, processing_reset
from .productions import document_update, production_create, production_update, require_edit
from .uploads import Refusal, UploadResult, documents_upload

__all__ = [
    "Refusal",
    "UploadResult",
    "document_process",
    "document_update",
    "documents_stale",
    "documents_upload",
    "processing_reset",
    "production_create",
    "production_update",
    "require_edit",
]
