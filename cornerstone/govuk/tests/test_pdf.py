"""The PDF helper: a tagged PDF with the security classification on every page."""

from __future__ import annotations

import pytest

from cornerstone.govuk.pdf import html_to_pdf, inline_only_fetcher, rendered

HTML = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>A test report</title></head>
<body><h1>A test report</h1>{paragraphs}<img src="http://example.com/tracker.png" alt=""></body></html>"""


def _margin_text(page) -> str:  # type: ignore[no-untyped-def]
    texts = []
    for box in page._page_box.descendants():
        if type(box).__name__ == "MarginBox":
            texts.extend(child.text for child in box.descendants() if hasattr(child, "text"))
    return " ".join(texts)


@pytest.mark.parametrize("marking", ["OFFICIAL", "OFFICIAL-SENSITIVE"])
def test_every_page_carries_the_classification_top_and_bottom(marking: str) -> None:
    html = HTML.format(paragraphs="<p>Line of text.</p>" * 200)
    document = rendered(html, classification=marking)
    assert len(document.pages) > 1
    for number, page in enumerate(document.pages, start=1):
        text = _margin_text(page)
        assert text.count(marking) == 2, text
        assert f"Page {number} of {len(document.pages)}" in text


def test_the_pdf_is_tagged_and_fetches_nothing() -> None:
    assert html_to_pdf(HTML.format(paragraphs="<p>Hello.</p>")).startswith(b"%PDF")
    pdf = html_to_pdf(HTML.format(paragraphs="<p>Hello.</p>"), uncompressed=True)
    assert b"/StructTreeRoot" in pdf and b"/MarkInfo" in pdf and b"/Lang (en-GB)" in pdf
    fetcher = inline_only_fetcher()
    for url in ("http://example.com/tracker.png", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,hello") is not None


def test_an_unknown_classification_is_refused() -> None:
    with pytest.raises(ValueError, match="classification"):
        html_to_pdf("<p>x</p>", classification="SECRET")
