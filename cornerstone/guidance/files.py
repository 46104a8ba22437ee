"""Checking an uploaded guidance document: the extension must be on the allow-list AND the
content must look like that type (magic bytes; DOCX and ODT are zip files, opened to check what
they hold), and it must be small enough. The browser's content type is never trusted."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

ALLOWED: dict[str, str] = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}
TYPES_IN_WORDS = "PDF, DOCX or ODT"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


class FileRejected(ValueError):
    """The upload is refused; the message is shown to the person as it is."""


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    size: int


def _looks_like(extension: str, stream: IO[bytes]) -> bool:
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if extension == ".pdf":
        return head.startswith(b"%PDF-")
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return False
    finally:
        stream.seek(0)
    if extension == ".docx":
        return "[Content_Types].xml" in names and "word/document.xml" in names
    return mimetype.strip() == ODT_MIMETYPE and "content.xml" in names


def display_name(name: str) -> str:
    base = PurePath(name.replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?/\\;')
    return cleaned.strip()[:150] or "document"


def check_upload(upload: Any, *, max_bytes: int) -> CheckedFile:
    name = display_name(str(getattr(upload, "name", "") or ""))
    extension = PurePath(name).suffix.lower()
    if extension not in ALLOWED:
        raise FileRejected(f"The selected file must be a {TYPES_IN_WORDS}")
    size = int(getattr(upload, "size", 0) or 0)
    if size == 0:
        raise FileRejected("The selected file is empty")
    if size > max_bytes:
        raise FileRejected(f"The selected file must be smaller than {max(1, max_bytes // (1024 * 1024))}MB")
    stream = upload.file if hasattr(upload, "file") else upload
    if not _looks_like(extension, stream):
        raise FileRejected(
            f"The selected file is not a real {extension[1:].upper()} file. Upload a {TYPES_IN_WORDS}"
        )
    return CheckedFile(name=name, content_type=ALLOWED[extension], size=size)
