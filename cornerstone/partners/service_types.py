"""The service types the directory starts with. The data migration and the demo both use this."""

from __future__ import annotations

SERVICE_TYPES: tuple[tuple[str, str], ...] = (
    ("education", "Education"),
    ("careers", "Careers advice"),
    ("employment", "Employment and training"),
    ("housing", "Housing"),
    ("mental-health", "Mental health"),
    ("substance-misuse", "Substance misuse"),
    ("family-support", "Family support"),
    ("mentoring", "Mentoring"),
    ("diversionary-activity", "Diversionary activity (sport, youth work)"),
    ("other", "Other"),
)


def ensure_service_types() -> None:
    """Create any missing service type (tests that flush the database need them back)."""
    from cornerstone.partners.models import ServiceType

    for order, (code, name) in enumerate(SERVICE_TYPES):
        ServiceType.objects.get_or_create(code=code, defaults={"name": name, "order": order})
