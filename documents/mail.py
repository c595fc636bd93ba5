"""Emails (.eml), read with the standard library's `email` package (policy.default), as data.

The text of an email is one page: its From, To, Cc, Date and Subject headers, then the body (the plain-text
alternative when there is one, else the HTML one reduced to its text: tags dropped, scripts and styles with their
content, nothing fetched). Its attachments are taken at upload as documents of their own in the same production,
as a ZIP's members are (documents.services.uploads), each checked on its own.
"""

from __future__ import annotations

import email
import tempfile
from email import policy
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import PurePosixPath

from django.core.files import File

from . import conf
from .archives import Member

HEADERS = ("From", "To", "Cc", "Date", "Subject")
_BLOCKS = frozenset({"p", "br", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "hr"})
_HIDDEN = frozenset({"script", "style", "head", "title", "template"})


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def parse(data: bytes) -> EmailMessage:
    return email.message_from_bytes(data, policy=policy.default)


def _content(part) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeError, ValueError, AssertionError):  # an unknown or lying charset
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", "replace")


def _header(message, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:  # noqa: BLE001 (a malformed header: its raw text)
        value = next((v for k, v in message.raw_items() if k.lower() == name.lower()), "")
    return " ".join(str(value or "").split())


def email_text(data: bytes) -> str:
    """Headers and body of an email as one page of text."""
    message = parse(data)
    lines = [f"{name}: {value}" for name in HEADERS if (value := _header(message, name))]
    body = message.get_body(preferencelist=("plain", "html"))
    if body is not None:
        text = _content(body)
        if body.get_content_type() == "text/html":
            text = html_text(text)
        lines += ["", text.strip()]
    return "\n".join(lines).replace("\x00", "").strip()


def _attachments(part):
    """Attached parts in order; an attached email is one attachment (its own parts are its business)."""
    if part.get_content_type() == "message/rfc822":
        yield part
    elif part.is_multipart():
        for inner in part.iter_parts():
            yield from _attachments(inner)
    elif part.get_content_disposition() == "attachment" or (
        part.get_filename() and part.get_content_disposition() != "inline"
    ):
        yield part


def _payload(part) -> bytes:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        return inner.as_bytes() if hasattr(inner, "as_bytes") else b""
    return part.get_payload(decode=True) or b""


def mail_attachments(upload, *, mail_name: str) -> list[Member]:
    """The email's attachments, each in a temporary file (closed by the caller); too many or too big are refused."""
    upload.seek(0)
    message = parse(upload.read())
    upload.seek(0)
    members: list[Member] = []
    parts = message.iter_parts() if message.is_multipart() else ()
    for index, part in enumerate((found for top in parts for found in _attachments(top)), 1):
        raw = str(part.get_filename() or "").replace("\\", "/")
        name = PurePosixPath(raw).name.replace("\x00", "")[:200] or f"attachment-{index}"
        if part.get_content_type() == "message/rfc822" and not name.lower().endswith(".eml"):
            name = f"{name}.eml" if raw else f"attachment-{index}.eml"
        if index > conf.zip_max_members():
            members.append(Member(name, None, f"{mail_name}: more than {conf.zip_max_members()} attachments."))
            break
        data = _payload(part)
        out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (the caller closes it)
        out.write(data)
        out.seek(0)
        file = File(out, name=name)
        file.size = len(data)
        members.append(Member(name, file))
    return members
