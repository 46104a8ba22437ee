"""What the guidance library accepts: documents only."""

from __future__ import annotations

from typing import Any

from cornerstone.govuk import uploads

EXTENSIONS = frozenset({".pdf", ".docx", ".odt"})
TYPES_IN_WORDS = "PDF, DOCX or ODT"


def check_upload(upload: Any, *, max_bytes: int) -> uploads.CheckedFile:
    return uploads.check_upload(
        upload,
        max_bytes=max_bytes,
        extensions=EXTENSIONS,
        types_in_words=TYPES_IN_WORDS,
        fallback_name="document",
    )
