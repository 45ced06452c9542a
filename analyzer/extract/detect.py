"""Decide a file's type from its content (magic bytes), never from its extension alone."""

from __future__ import annotations

import codecs
import re
import zipfile
from pathlib import Path

from analyzer.document import SourceFormat
from analyzer.errors import CorruptReport, EmptyReport, EncryptedReport, UnsupportedFormat

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_MD_HEADING = re.compile(rb"^#{1,6} \S", re.M)
_TEXT_ENCODINGS = ("utf-8-sig", "utf-16", "gb18030")


def detect_format(path: Path, name: str | None = None) -> SourceFormat:
    """The format of ``path`` judged by its bytes; raises an InputError for what we cannot read."""
    name = name or path.name
    with path.open("rb") as fh:
        head = fh.read(4096)
    if not head:
        raise EmptyReport(name=name)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_ZIP_MAGIC):
        return _zip_kind(path, name)
    if head.startswith(_OLE_MAGIC):
        return _ole_kind(path, name)
    if head.startswith((b"{\\rtf", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")):
        raise UnsupportedFormat(kind=_describe(head), name=name)
    if decode_text(head, partial=True) is not None:
        return "md" if path.suffix.lower() in {".md", ".markdown"} or len(_MD_HEADING.findall(head)) >= 2 else "txt"
    raise UnsupportedFormat(kind="binary", name=name)


def decode_text(data: bytes, partial: bool = False) -> str | None:
    """Decode report text in UTF-8, UTF-16 (with BOM) or GB18030; None when it is not text."""
    encodings = _TEXT_ENCODINGS if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            # A prefix (partial) may end inside a multi-byte character: the incremental decoder holds it back.
            text = codecs.getincrementaldecoder(encoding)().decode(data, final=not partial)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for c in text if ord(c) < 32 and c not in "\r\n\t\f")
        if controls <= max(2, len(text) // 200):
            return text
    return None


def _zip_kind(path: Path, name: str) -> SourceFormat:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile as exc:
        raise CorruptReport(name=name, detail=f"zip: {exc}") from exc
    if "word/document.xml" in names:
        return "docx"
    kind = "Excel" if "xl/workbook.xml" in names else "PowerPoint" if "ppt/presentation.xml" in names else "zip"
    raise UnsupportedFormat(kind=kind, name=name)


def _ole_kind(path: Path, name: str) -> SourceFormat:
    data = path.read_bytes()
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise EncryptedReport(name=name)  # an Office file saved with a password is an OLE container
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    raise UnsupportedFormat(kind="OLE (Excel / PowerPoint 97-2003?)", name=name)


def _describe(head: bytes) -> str:
    if head.startswith(b"{\\rtf"):
        return "RTF"
    return "image"
