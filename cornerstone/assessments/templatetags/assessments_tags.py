from __future__ import annotations

from django import template

from cornerstone.assessments.models import AssessmentKind

register = template.Library()


@register.filter
def assessment_kind_label(kind: str) -> str:
    """'gateway' -> 'Gateway assessment'."""
    return str(AssessmentKind(kind).label) if kind in AssessmentKind.values else ""


PHRASES: dict[str, str] = {
    AssessmentKind.GATEWAY: "gateway assessment",
    AssessmentKind.PRELIMINARY: "Channel preliminary assessment",
    AssessmentKind.REVIEW: "review assessment",
}


@register.filter
def assessment_kind_phrase(kind: str) -> str:
    """'gateway' -> 'gateway assessment', for the middle of a sentence."""
    return PHRASES.get(kind, "")
