"""Small PDFs made on the fly for bad-input tests (reportlab, a test-only dependency)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

SAMPLE_PDF = Path(__file__).resolve().parents[1] / "samples" / "sample_report.pdf"


def encrypted_pdf(path: Path) -> Path:
    """A PDF that needs a user password to open."""
    enc = pdfencrypt.StandardEncryption("secret", ownerPassword="owner", canPrint=0)
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=enc)
    c.drawString(72, 720, "Corporate Social Responsibility Report 2024")
    c.save()
    return path


def image_only_pdf(path: Path, pages: int = 3) -> Path:
    """A 'scan': every page is one picture and there is no text layer."""
    picture = path.with_suffix(".png")
    Image.new("RGB", (400, 560), (235, 235, 225)).save(picture)
    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        c.drawImage(str(picture), 20, 20, width=A4[0] - 40, height=A4[1] - 40)
        c.showPage()
    c.save()
    return path


def blank_pdf(path: Path, pages: int = 2) -> Path:
    """Pages with nothing on them."""
    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        c.showPage()
    c.save()
    return path


def truncated_pdf(path: Path, source: Path = SAMPLE_PDF) -> Path:
    """The first half of a real PDF, as an interrupted download leaves it."""
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path
