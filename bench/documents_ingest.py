"""Benchmark: ingestion of generated PDF pages, pages per second, against pypdf's own extraction of the same files.

    .venv/bin/python bench/documents_ingest.py [--pages 2000] [--per-file 50]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/foia .venv/bin/python bench/documents_ingest.py

It builds a throwaway database (Django's test-database machinery) and a temporary MEDIA_ROOT, generates text PDFs
(`documents.samples.text_pdf`, a few redaction labels and a Bates stamp per page), then in the same run:
1. pypdf alone: `PdfReader(...).pages[i].extract_text()` over every file (the floor);
2. the pipeline: `documents_upload` (type sniffing, SHA-256, storage, records) and `document_process` (the claim,
   the same extraction plus active-content checks, exemptions and Bates, the pages written in one transaction).
It prints pages per second of each and their ratio (the goal is at least 0.8x). OCR is not involved (text pages).
"""

import argparse
import datetime as dt
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from coalition.models import Membership, Organization, Role  # noqa: E402
from directory.models import Agency  # noqa: E402
from directory.seeds import agencies_seed  # noqa: E402
from documents import samples, services  # noqa: E402
from documents.models import DocumentPage  # noqa: E402
from foia.models import FoiaRequest  # noqa: E402

PAGE = (
    "U.S. Immigration and Customs Enforcement - ISAP check-in record {n}\n"
    "Participant: (b)(6), (b)(7)(C)   Officer: (b)(6)\n"
    "SmartLINK facial verification result: match; unit price (b)(4)\n"
    + "Routine case management narrative line for the participant's supervision plan.\n" * 30
    + "ICE-ISAP-{n:06d}"
)


def _files(pages: int, per_file: int) -> list[bytes]:
    files, n = [], 1
    while n <= pages:
        count = min(per_file, pages - n + 1)
        files.append(samples.text_pdf([PAGE.format(n=i) for i in range(n, n + count)]))
        n += count
    return files


def _pypdf(files: list[bytes]) -> tuple[float, int]:
    start, pages = time.perf_counter(), 0
    for data in files:
        reader = PdfReader(io.BytesIO(data))
        for page in reader.pages:
            page.extract_text()
            pages += 1
    return time.perf_counter() - start, pages


def _pipeline(files: list[bytes], production, user) -> tuple[float, int]:
    start = time.perf_counter()
    uploads = [SimpleUploadedFile(f"release-{i}.pdf", data) for i, data in enumerate(files)]
    result = services.documents_upload(production=production, files=uploads, actor=user)
    for document in result.documents:
        services.document_process(document_id=document.pk)
    return time.perf_counter() - start, DocumentPage.objects.count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--per-file", type=int, default=50)
    args = parser.parse_args()
    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(settings.VAR_DIR) / "bench_documents.sqlite3")
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    settings.TESSERACT_CMD = ""  # text pages only: OCR is not what is measured
    try:
        with tempfile.TemporaryDirectory() as media:
            settings.MEDIA_ROOT = media
            agencies_seed(agency_model=Agency)
            org = Organization.objects.create(name="Bench", slug="bench")
            user = get_user_model().objects.create(username="bench-staff")
            Membership.objects.create(user=user, organization=org, role=Role.STAFF)
            request = FoiaRequest.objects.create(
                organization=org, agency=Agency.objects.get(slug="ice"), subject="Bench", request_text="Bench"
            )
            production = services.production_create(request=request, actor=user, date=dt.date(2026, 11, 20))
            files = _files(args.pages, args.per_file)
            floor_s, floor_pages = _pypdf(files)
            pipe_s, pipe_pages = _pipeline(files, production, user)
            assert floor_pages == pipe_pages == args.pages, (floor_pages, pipe_pages)
            floor_rate, pipe_rate = floor_pages / floor_s, pipe_pages / pipe_s
            print(f"database: {connection.vendor}; {args.pages:,} pages in {len(files)} PDFs")
            print(f"pypdf alone : {floor_s:6.2f} s  {floor_rate:7.1f} pages/s")
            print(f"pipeline    : {pipe_s:6.2f} s  {pipe_rate:7.1f} pages/s  ({pipe_rate / floor_rate:.2f}x pypdf)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
