"""The default assessment framework, as data: three dimensions (engagement, intent, capability)
and their factors, in our own words after the structure of the public Vulnerability Assessment
Framework. Loaded by a migration as version 1, published, and by ``load_default_framework`` for
tests that flush the database. Administrators publish later versions from the pages, not code.

Ratings are words a practitioner chooses for each factor. Nothing adds them up.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps
from django.db import transaction

DEFAULT_FRAMEWORK_CODE = "prevent-gateway"
DEFAULT_FRAMEWORK_NAME = "Engagement, intent and capability"

RATING_SCALE = ["Not present", "Some concern", "Significant concern", "Not known"]

# (dimension name, description, [(factor name, guidance), ...])
DIMENSIONS: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "Engagement with a group, cause or ideology",
        "What draws the person towards a group, cause or ideology, and what keeps them involved.",
        [
            (
                "Feelings of grievance and injustice",
                "A sense that they, or people they identify with, have been wronged, and anger about it.",
            ),
            (
                "Feeling under threat",
                "Believing that they, their group or their way of life is in danger and must be defended.",
            ),
            (
                "A need for identity, meaning and belonging",
                "Looking for a place to fit in, a purpose or a clear sense of who they are.",
            ),
            (
                "A desire for status",
                "Wanting recognition, respect or importance that they feel is missing from their life.",
            ),
            (
                "A desire for excitement and adventure",
                "Being drawn by thrill, risk or the idea of a heroic role.",
            ),
            (
                "A need to dominate and control others",
                "Wanting power over other people, or to intimidate them.",
            ),
            (
                "Susceptibility to indoctrination",
                "Readily accepting what they are told by a group or figure, without questioning it.",
            ),
            (
                "A desire for political or moral change",
                "Wanting to change society or right a perceived wrong, and seeing the cause as the way.",
            ),
            (
                "Opportunistic involvement",
                "Drifting into involvement through chance contacts, convenience or the people around them.",
            ),
            (
                "Family or friends support extremist offending",
                "People close to them hold, share or encourage the views or the behaviour of concern.",
            ),
            (
                "Being at a transitional time of life",
                "A change such as leaving school, moving home, loss or release from custody that leaves "
                "them unsettled.",
            ),
            (
                "Being influenced or controlled by a group",
                "Others in a group shape what they think and do, or pressure them to take part.",
            ),
            (
                "Relevant mental health issues",
                "Mental health needs that may affect their involvement. Record what is known and who is "
                "supporting them; do not guess at a diagnosis.",
            ),
        ],
    ),
    (
        "Intent to cause harm",
        "Whether the person's thinking has moved towards accepting or wanting harm to others.",
        [
            (
                "Over-identification with a group, cause or ideology",
                "The cause has become central to who they are, crowding out other parts of their life.",
            ),
            (
                "Us and them thinking",
                "Seeing the world as a contest between their group and an enemy, with no middle ground.",
            ),
            (
                "Dehumanisation of the enemy",
                "Talking about or treating other people as less than human, or as deserving harm.",
            ),
            (
                "Attitudes that justify offending",
                "Explaining away or excusing crime or violence done for the cause.",
            ),
            (
                "Harmful means to an end",
                "Believing that harm to others is an acceptable or necessary way to reach their aims.",
            ),
            (
                "Harmful end objectives",
                "Aims that are themselves harmful, such as wanting people hurt or killed.",
            ),
        ],
    ),
    (
        "Capability to cause harm",
        "Whether the person could cause harm, whatever they intend.",
        [
            (
                "Individual knowledge, skills and competencies",
                "Knowledge or skills that could be used to cause harm, such as weapons or online skills.",
            ),
            (
                "Access to networks, funding or equipment",
                "Contacts, money, materials or equipment that could help them cause harm.",
            ),
            (
                "Criminal history",
                "Past offending, especially violence, that shows what they have done before.",
            ),
        ],
    ),
]


def load_default_framework(apps: Any = global_apps) -> None:
    """Make the default framework and its version 1 (published) unless the framework exists.
    Idempotent: an existing framework, and any version an administrator has published since,
    are left as they are."""
    Framework = apps.get_model("assessments", "Framework")
    FrameworkVersion = apps.get_model("assessments", "FrameworkVersion")
    Dimension = apps.get_model("assessments", "Dimension")
    Factor = apps.get_model("assessments", "Factor")
    with transaction.atomic():
        framework, _ = Framework.objects.get_or_create(
            code=DEFAULT_FRAMEWORK_CODE, defaults={"name": DEFAULT_FRAMEWORK_NAME}
        )
        if FrameworkVersion.objects.filter(framework=framework).exists():
            return
        version = FrameworkVersion.objects.create(
            framework=framework,
            number=1,
            status="published",
            rating_scale=list(RATING_SCALE),
            change_note="The default framework: engagement, intent and capability.",
        )
        version.published_at = version.created_at
        version.save(update_fields=["published_at"])
        for order, (name, description, factors) in enumerate(DIMENSIONS, start=1):
            dimension = Dimension.objects.create(
                version=version, order=order, name=name, description=description
            )
            Factor.objects.bulk_create(
                Factor(dimension=dimension, order=index, name=factor, guidance=guidance)
                for index, (factor, guidance) in enumerate(factors, start=1)
            )
