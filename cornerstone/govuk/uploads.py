"""Checking an uploaded file before it is kept: its name's extension must be on the caller's
allow-list AND its content must look like that type (magic bytes; the zip-based formats are
opened to check what they hold), and it must be small enough. Nothing here trusts the browser's
content type. Each kind of upload (referral attachments, guidance documents) names its list."""

from __future__ import annotations

import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

# extension: (content type we serve it as, kind we sniff for); callers allow a subset.
KNOWN_TYPES: dict[str, tuple[str, str]] = {
    ".pdf": ("application/pdf", "pdf"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    ".odt": ("application/vnd.oasis.opendocument.text", "odt"),
    ".png": ("image/png", "png"),
    ".jpg": ("image/jpeg", "jpeg"),
    ".jpeg": ("image/jpeg", "jpeg"),
    ".txt": ("text/plain", "txt"),
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


class UploadRejected(ValueError):
    """The upload is refused; the message is shown to the person as it is."""


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    size: int


def _head(stream: IO[bytes], length: int) -> bytes:
    stream.seek(0)
    data = stream.read(length)
    stream.seek(0)
    return data


def _zip_names(stream: IO[bytes]) -> tuple[set[str], bytes]:
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return set(), b""
    finally:
        stream.seek(0)
    return names, mimetype


def content_matches(kind: str, stream: IO[bytes]) -> bool:
    head = _head(stream, 8192)
    if kind == "pdf":
        return head.startswith(b"%PDF-")
    if kind == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if kind == "jpeg":
        return head.startswith(b"\xff\xd8\xff")
    if kind in ("docx", "odt"):
        if not head.startswith(b"PK\x03\x04"):
            return False
        names, mimetype = _zip_names(stream)
        if kind == "docx":
            return "[Content_Types].xml" in names and "word/document.xml" in names
        return mimetype.strip() == ODT_MIMETYPE and "content.xml" in names
    if kind == "txt":
        if b"\x00" in head:
            return False
        try:
            # A multi-byte character may be cut at the end of the sample.
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            if error.start < len(head) - 4:
                try:
                    head.decode("cp1252")
                except UnicodeDecodeError:
                    return False
        return True
    return False


def safe_name(name: str, *, fallback: str) -> str:
    """The uploaded name without any folder, control characters or quotes (kept for display and
    the download's file name only; the stored file has a random name)."""
    base = PurePath(name.replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?/\\;')
    return cleaned.strip()[:150] or fallback


def check_upload(
    upload: Any, *, max_bytes: int, extensions: Collection[str], types_in_words: str, fallback_name: str
) -> CheckedFile:
    name = safe_name(str(upload.name or ""), fallback=fallback_name)
    extension = PurePath(name).suffix.lower()
    if extension not in extensions or extension not in KNOWN_TYPES:
        raise UploadRejected(f"The selected file must be a {types_in_words}")
    size = int(upload.size or 0)
    if size == 0:
        raise UploadRejected("The selected file is empty")
    if size > max_bytes:
        megabytes = max(1, max_bytes // (1024 * 1024))
        raise UploadRejected(f"The selected file must be smaller than {megabytes}MB")
    content_type, kind = KNOWN_TYPES[extension]
    stream = upload.file if hasattr(upload, "file") else upload
    if not content_matches(kind, stream):
        raise UploadRejected(
            f"The selected file is not a real {extension[1:].upper()} file. Upload a {types_in_words}"
        )
    return CheckedFile(name=name, content_type=content_type, size=size)
