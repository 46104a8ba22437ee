"""The referral sector list and the two versions of the national type-of-concern list, as data.

The current list has been used in the Home Office statistics since May 2024; the earlier one
is kept (not current) so records made under it still read as they were made. Loaded by a
migration, and by ``load_reference_lists`` for tests that flush the database.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps as global_apps

SECTORS = [
    ("education", "Education"),
    ("police", "Police"),
    ("local_authority", "Local Authority"),
    ("health", "Health"),
    ("community", "Community"),
    ("family", "Family"),
    ("friend", "Friend"),
    ("prison", "Prison"),
    ("probation", "Probation"),
    ("other", "Other"),
    ("unknown", "Unknown"),
]

EARLIER = [
    ("islamist", "Islamist"),
    ("extreme_right_wing", "Extreme Right-Wing"),
    ("left_wing_anarchist_single_issue", "Left-wing, anarchist or single issue"),
    (
        "mixed_unclear_unstable",
        "Mixed, unclear or unstable (including school massacre and incel)",
    ),
    ("conflicted", "Conflicted"),
    ("vulnerability_no_ideology", "Vulnerability present but no ideology or CT risk"),
    ("other", "Other"),
]

CURRENT = [
    ("islamist", "Islamist Extremism"),
    ("extreme_right_wing", "Extreme Right Wing"),
    ("left_wing", "Left Wing Extremism"),
    ("anarchist", "Anarchist Extremism"),
    ("ni_dissident_republican", "Northern Ireland Related - Dissident Republican Extremism"),
    ("incel", "InCel"),
    (
        "extreme_violence_fascination",
        "Fascination with extreme violence or mass casualty attacks (where no other ideology)",
    ),
    ("multiple_ideologies", "Multiple ideologies (with no dominant ideology)"),
    ("no_ideology_susceptibility", "No ideology - other susceptibility to radicalisation identified"),
    ("no_ideology", "No ideology identified"),
    ("other", "Other"),
    ("unspecified", "Unspecified"),
]


def load_reference_lists(apps: Any = global_apps) -> None:
    ReferralSector = apps.get_model("referrals", "ReferralSector")
    ConcernTaxonomy = apps.get_model("referrals", "ConcernTaxonomy")
    ConcernType = apps.get_model("referrals", "ConcernType")
    for order, (code, label) in enumerate(SECTORS, start=1):
        ReferralSector.objects.update_or_create(code=code, defaults={"label": label, "order": order})
    versions = [
        ("2019-04", "Type of concern (before May 2024)", datetime.date(2019, 4, 1), False, EARLIER),
        (
            "2024-05",
            "Type of concern (national list from May 2024)",
            datetime.date(2024, 5, 1),
            True,
            CURRENT,
        ),
    ]
    for version, name, in_use_from, is_current, types in versions:
        taxonomy, _ = ConcernTaxonomy.objects.update_or_create(
            version=version, defaults={"name": name, "in_use_from": in_use_from, "is_current": is_current}
        )
        for order, (code, label) in enumerate(types, start=1):
            ConcernType.objects.update_or_create(
                taxonomy=taxonomy, code=code, defaults={"label": label, "order": order}
            )
