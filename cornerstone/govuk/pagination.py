"""GOV.UK pagination for a list page: the context ``govuk/pagination.html`` draws."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page
from django.http import QueryDict


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None for the ellipsis between page numbers
    url: str = ""
    current: bool = False


def page_url(query: QueryDict, number: int) -> str:
    """The same search (every filter kept) on another page."""
    params = query.copy()
    params["page"] = str(number)
    return f"?{params.urlencode()}"


def pagination_context(page: Page[Any], query: QueryDict) -> dict[str, Any]:
    links = [
        PageLink(number, page_url(query, number), number == page.number)
        if isinstance(number, int)
        else PageLink(None)
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
    return {
        "page": page,
        "page_links": links,
        "previous_url": page_url(query, page.previous_page_number()) if page.has_previous() else "",
        "next_url": page_url(query, page.next_page_number()) if page.has_next() else "",
    }
