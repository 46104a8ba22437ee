"""The engagement log as a table, for the CSV and ODS downloads (``cornerstone.govuk.exports``).

An export is a disclosure of the log, so each is written to the access log: who, in which role,
how many records, with which filters. Demographic counts are included as the anonymous totals
they are; no column names a person.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.db.models import QuerySet

from cornerstone.accounts.actor import Actor
from cornerstone.audit.models import AccessKind
from cornerstone.audit.services import access_log_record
from cornerstone.engagement.models import AGE_BANDS, SEX_COUNTS, Engagement
from cornerstone.govuk.exports import Cell

CLASSIFICATION = "OFFICIAL"

HEADERS: tuple[str, ...] = (
    "Reference",
    "Name",
    "Type",
    "Date",
    "Venue",
    "Area",
    "Partner organisations present",
    "Other organisations present",
    "Number of people",
    *(f"Age {label.lower()}" for _, label in AGE_BANDS),
    *(label for _, label in SEX_COUNTS),
    "Themes",
    "Theme list version",
    "Concerns",
    "Actions agreed",
    "Actions done",
    "Published",
    "Recorded by organisation",
)


def engagement_rows(engagements: QuerySet[Engagement]) -> Iterator[Sequence[Cell]]:
    """One row per engagement. ``engagements`` should come through ``selectors.with_details``."""
    for engagement in engagements:
        themes = list(engagement.themes.all())
        actions = list(engagement.actions.all())
        yield (
            engagement.pk,
            engagement.title,
            engagement.get_type_display(),
            engagement.date,
            engagement.venue,
            engagement.local_authority.name,
            "; ".join(o.name for o in engagement.organisations.all()),
            "; ".join(engagement.other_organisation_list),
            engagement.headcount,
            *(getattr(engagement, name) for name, _ in AGE_BANDS),
            *(getattr(engagement, name) for name, _ in SEX_COUNTS),
            "; ".join(t.name for t in themes),
            "; ".join(sorted({t.version for t in themes})),
            engagement.concerns,
            len(actions),
            sum(1 for a in actions if a.is_done),
            engagement.published_at.date() if engagement.published_at else None,
            engagement.recorded_by_organisation.name,
        )


def export_logged(*, actor: Actor, count: int, file_format: str, filters: str, path: str) -> None:
    access_log_record(
        actor=actor,
        kind=AccessKind.EXPORT,
        description=f"Engagement log, {count} record{'s' if count != 1 else ''}, {file_format.upper()}"
        + (f", filtered by {filters}" if filters else ""),
        path=path,
    )
