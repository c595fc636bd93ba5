import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents import services
from tests.foia.conftest import _media, stored_files, world  # noqa: F401 (the same media folder and world)
from tests.foia.factories import FoiaRequestFactory, ensure_agencies


@pytest.fixture
def no_ocr(settings):
    """The Tesseract binary is absent (by configuration): pages without text are marked "needs OCR"."""
    settings.TESSERACT_CMD = "/nonexistent/tesseract"


@pytest.fixture
def production(world):  # noqa: F811 (the imported fixture)
    ensure_agencies()  # the real-worker test is transactional: it may run after a flush emptied the seeded agencies
    request = FoiaRequestFactory(organization=world.ours)
    return services.production_create(request=request, actor=world.staff, date=dt.date(2026, 11, 20), label="Interim 1")


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def zip_of(members: dict[str, bytes], *, compression=None) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compression or zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()
