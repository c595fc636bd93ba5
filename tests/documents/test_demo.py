"""The documents demo: the Trust Stamp request's release, generated, uploaded and processed; idempotent."""

import io

import pytest
from django.core.management import call_command

from documents.choices import FileStatus
from documents.models import Document, Production

pytestmark = pytest.mark.django_db


def test_the_demo_release_is_processed_and_loading_again_adds_nothing():
    call_command("load_demo", stdout=io.StringIO())
    production = Production.objects.get(schedule__isnull=True)  # the others: the ISAP suit's interim releases
    interim = Production.objects.filter(schedule__isnull=False).count()
    assert interim >= 1
    assert production.request.subject.startswith("Trust Stamp") and production.cover_letter is not None
    documents = {d.original_name: d for d in Document.objects.all()}
    assert set(documents) == {
        "BI-ISAP-IV-statement-of-work.pdf",
        "Trust-Stamp-check-in-alerts.pdf",
        "check-in-log-scan.pdf",
    }
    assert all(d.status == FileStatus.DONE for d in documents.values())
    assert "b4" in documents["BI-ISAP-IV-statement-of-work.pdf"].exemptions
    assert {"b6", "b7C"} <= set(documents["Trust-Stamp-check-in-alerts.pdf"].exemptions)
    scan = documents["check-in-log-scan.pdf"].pages.get()
    assert scan.ocr_used or scan.needs_ocr  # read by Tesseract where it is installed, flagged where it is not
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Documents demo: already present." in out.getvalue()
    assert Production.objects.count() == 1 + interim and Document.objects.count() == 3
