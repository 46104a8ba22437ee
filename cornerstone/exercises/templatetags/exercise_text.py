"""``{{ text|govuk_paragraphs }}``: plain text as GOV.UK body paragraphs (blank lines between
paragraphs, line breaks kept), escaped."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def govuk_paragraphs(text: str) -> SafeString:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", str(text or "").replace("\r\n", "\n")) if p.strip()]
    html = "".join(f'<p class="govuk-body">{escape(p).replace(chr(10), "<br>")}</p>' for p in paragraphs)
    return mark_safe(html)  # noqa: S308 - every paragraph is escaped above
