from __future__ import annotations

import io
import zipfile

import pytest

from cornerstone.demo.generator import DemoWorld
from cornerstone.guidance.demo import seed_demo_guidance


@pytest.fixture
def guidance(world: DemoWorld) -> None:
    seed_demo_guidance(world, seed=1)


def docx_bytes(*, with_document: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if with_document:
            archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()
