"""The themes an engagement can record, as versioned data. The data migration, the demo and
tests that flush the database all use this list.

A theme belongs to a version of the list. When the list changes, add a new version and mark the
old themes not current: engagements keep the themes (and so the version) they were recorded with,
and reports say which version they count.
"""

from __future__ import annotations

THEME_VERSION = "2026"

THEMES: tuple[tuple[str, str], ...] = (
    ("community-cohesion", "Community tension and cohesion"),
    ("hate-crime", "Hate crime and hate incidents"),
    ("online-harms", "Online harms and misinformation"),
    ("local-extremist-activity", "Extremist activity, stickers or leaflets locally"),
    ("trust-in-police", "Trust and confidence in the police"),
    ("understanding-prevent", "Understanding of Prevent"),
    ("young-people", "Young people, schools and colleges"),
    ("places-of-worship", "Safety of places of worship"),
    ("protests-and-events", "Protests and public events"),
    ("world-events", "Local impact of events elsewhere in the world"),
    ("support-services", "Support and safeguarding services"),
    ("other", "Other"),
)


def ensure_themes() -> None:
    """Create any missing theme of the current version (tests that flush the database need them)."""
    from cornerstone.engagement.models import Theme

    for order, (code, name) in enumerate(THEMES):
        Theme.objects.get_or_create(
            version=THEME_VERSION, code=code, defaults={"name": name, "order": order, "is_current": True}
        )
