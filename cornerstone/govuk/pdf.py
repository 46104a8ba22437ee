"""Render a Django template to a PDF with WeasyPrint, carrying its security classification.

    pdf_bytes = render_pdf("myapp/report_pdf.html", {"report": report}, title="Report",
                           classification="OFFICIAL-SENSITIVE")

The template is a whole HTML document with its own simple styles. This helper adds the page
set-up: A4, the classification at the top and bottom of every page (CSS paged media, so no
script), and page numbers; the template also gets ``classification`` and ``pdf_title``. The PDF
is tagged (PDF/UA-1) so that screen readers can follow its headings and tables, and rendering
fetches nothing: only inline ``data:`` resources are allowed, never the network or the disk.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

CLASSIFICATIONS = ("OFFICIAL", "OFFICIAL-SENSITIVE")

PAGE_CSS = """
@page {
  size: A4;
  margin: 22mm 16mm;
  @top-center { content: "%(marking)s"; font: bold 10pt sans-serif; color: #0b0c0c; }
  @bottom-center { content: "%(marking)s"; font: bold 10pt sans-serif; color: #0b0c0c; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 9pt sans-serif; }
}
"""


def inline_only_fetcher() -> Any:
    """WeasyPrint's fetcher, allowed only inline ``data:`` resources: never the network or disk."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=("data",), allow_redirects=False, timeout=1)


def rendered(html: str, *, classification: str = "OFFICIAL") -> Any:
    """The laid-out WeasyPrint document (pages and boxes), before it is written as a PDF."""
    if classification not in CLASSIFICATIONS:
        raise ValueError(f"Unknown security classification {classification!r}")
    from weasyprint import CSS, HTML

    fetcher = inline_only_fetcher()
    page = CSS(string=PAGE_CSS % {"marking": classification}, url_fetcher=fetcher)
    document = HTML(string=html, base_url="about:blank", url_fetcher=fetcher)
    return document.render(stylesheets=[page], pdf_tags=True)


def html_to_pdf(html: str, *, classification: str = "OFFICIAL", uncompressed: bool = False) -> bytes:
    """A tagged PDF/UA-1 document. ``uncompressed`` leaves its structure readable, for tests."""
    return rendered(html, classification=classification).write_pdf(  # type: ignore[no-any-return]
        pdf_variant="pdf/ua-1", pdf_tags=True, uncompressed_pdf=uncompressed
    )


def render_pdf(
    template_name: str,
    context: dict[str, Any] | None = None,
    *,
    title: str,
    classification: str = "OFFICIAL",
) -> bytes:
    html = render_to_string(
        template_name, {**(context or {}), "classification": classification, "pdf_title": title}
    )
    return html_to_pdf(html, classification=classification)
