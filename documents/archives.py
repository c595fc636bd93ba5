"""Taking the files out of an uploaded ZIP without trusting it.

Refused whole (nothing taken from it): a member path that would land outside the ZIP's folder (absolute, a drive
letter, `..`), more members than allowed, or a ZIP bomb: a member that expands more than `DOCUMENTS_ZIP_MAX_RATIO`
times its compressed size, or members adding up to more than `DOCUMENTS_ZIP_MAX_TOTAL_BYTES`. The sizes in the
ZIP's headers are not trusted: every member is read with a bounded budget, and one that yields more bytes than its
header said is a bomb too. Folders are skipped; a member that is itself a ZIP, or encrypted, is refused on its own.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat

from . import conf

_CHUNK = 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
# Below this, a high ratio is no threat (a page of text compresses well).
RATIO_MIN_BYTES = 1024 * 1024


@dataclass
class Member:
    name: str
    file: File | None  # None when refused
    refused: str = ""


def _unsafe(name: str) -> bool:
    if name.startswith(("/", "\\")) or _DRIVE.match(name) or "\\" in name or "\x00" in name:
        return True
    return ".." in PurePosixPath(name).parts


def _too_big(name: str, size: int) -> str:
    limit = conf.max_file_bytes()
    return f"{name}: {filesizeformat(size)} is over the {filesizeformat(limit)} limit per file."


def check_limits(infos, *, name: str, outcome: str) -> None:
    """Refuse a ZIP (or a Word or Excel file, which are ZIPs) whose headers say it expands past the limits.

    Python's zipfile never yields more than a member's declared size (it stops there and fails its CRC), so
    the declared sizes bound what reading it can cost."""
    total_limit, ratio = conf.zip_max_total_bytes(), conf.zip_max_ratio()
    if len(infos) > conf.zip_max_members():
        limit = conf.zip_max_members()
        raise ValidationError(f"{name}: {len(infos)} files inside, over the limit of {limit}; {outcome}.")
    declared = sum(i.file_size for i in infos)
    if declared > total_limit:
        raise ValidationError(
            f"{name}: would expand to {filesizeformat(declared)}, over the {filesizeformat(total_limit)} limit "
            f"(a ZIP bomb?); {outcome}."
        )
    for info in infos:
        if info.file_size > RATIO_MIN_BYTES and info.file_size > ratio * max(info.compress_size, 1):
            raise ValidationError(
                f"{name}: {info.filename} expands {info.file_size // max(info.compress_size, 1)} times its "
                f"compressed size, over the limit of {ratio} (a ZIP bomb?); {outcome}."
            )


def zip_members(upload, *, zip_name: str) -> list[Member]:
    """The ZIP's files, each in a temporary file (closed by the caller), or a ValidationError refusing the ZIP."""
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationError(f"{zip_name}: not a readable ZIP archive ({exc}).") from None
    for info in infos:
        if _unsafe(info.filename):
            raise ValidationError(
                f"{zip_name}: the path {info.filename!r} would land outside the ZIP's folder; nothing was taken "
                "from this ZIP."
            )
    check_limits(infos, name=zip_name, outcome="nothing was taken from this ZIP")
    total_limit, ratio = conf.zip_max_total_bytes(), conf.zip_max_ratio()
    members: list[Member] = []
    budget = total_limit
    try:
        for info in infos:
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                members.append(Member(info.filename, None, f"{zip_name}: {info.filename} is encrypted."))
                continue
            if info.file_size > conf.max_file_bytes():
                members.append(Member(info.filename, None, _too_big(f"{zip_name}: {info.filename}", info.file_size)))
                continue
            file, budget = _extract(archive, info, zip_name=zip_name, budget=budget, ratio=ratio)
            members.append(Member(info.filename, file))
    except BaseException:
        for m in members:
            if m.file is not None:
                m.file.close()
        raise
    return members


def _extract(archive, info, *, zip_name: str, budget: int, ratio: int) -> tuple[File, int]:
    limit = info.file_size
    out = tempfile.SpooledTemporaryFile(max_size=8 * _CHUNK)  # noqa: SIM115 (handed to the caller, who closes it)
    size = 0
    try:
        with archive.open(info) as source:
            while chunk := source.read(_CHUNK):
                size += len(chunk)
                budget -= len(chunk)
                if size > limit or budget < 0:
                    raise ValidationError(
                        f"{zip_name}: {info.filename} expands past what its header says or the size limits "
                        "(a ZIP bomb?); nothing was taken from this ZIP."
                    )
                out.write(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        out.close()
        raise ValidationError(f"{zip_name}: {info.filename} could not be read ({exc}).") from None
    except BaseException:
        out.close()
        raise
    if size > RATIO_MIN_BYTES and size > ratio * max(info.compress_size, 1):
        out.close()
        raise ValidationError(f"{zip_name}: {info.filename} expands over {ratio} times (a ZIP bomb?).")
    out.seek(0)
    file = File(out, name=PurePosixPath(info.filename).name)
    file.size = size
    return file, budget
