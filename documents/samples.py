"""Small release files generated on the spot, for the demo and the tests: PDFs with a text layer, scanned (image-only)
PDFs and images of text. Written by hand (text PDFs) and by Pillow (images), so no PDF library is needed to make them.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont


def _escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_pdf(pages: list[str], *, extra_catalog: str = "", trailer_extra: str = "") -> bytes:
    """A PDF whose pages carry `pages` as their text layer (Helvetica, one line per line of text).

    `extra_catalog` adds raw entries to the catalog (e.g. an /OpenAction, to make hostile files in tests)."""
    objects: list[bytes] = []
    n = len(pages)
    font_id = 3 + 2 * n
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    objects.append(f"<< /Type /Catalog /Pages 2 0 R {extra_catalog}>>".encode())
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    for i, text in enumerate(pages):
        lines = ["BT /F1 11 Tf 14 TL 56 760 Td"]
        lines += [f"({_escape(line)}) Tj T*" for line in text.splitlines()]
        lines.append("ET")
        stream = "\n".join(lines).encode("latin-1", "replace")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 {font_id} 0 R >> >> "
            f"/Contents {4 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {trailer_extra}>>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def text_image(text: str, *, size=(1275, 1650), font_size=34) -> Image.Image:
    """A white page (150 dpi letter by default) with `text` in black, as a scanner would see it."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=font_size)
    y = 90
    for line in text.splitlines():
        draw.text((90, y), line, fill=0, font=font)
        y += int(font_size * 1.5)
    return image


def image_bytes(text: str, fmt: str = "PNG", **kwargs) -> bytes:
    out = io.BytesIO()
    text_image(text, **kwargs).save(out, fmt)
    return out.getvalue()


def scanned_pdf(pages: list[str]) -> bytes:
    """An image-only PDF (no text layer): each page a picture of its text."""
    images = [text_image(text).convert("RGB") for text in pages]
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=150, save_all=True, append_images=images[1:])
    return out.getvalue()
