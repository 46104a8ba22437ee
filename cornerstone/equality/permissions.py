"""Who may see and change equality monitoring data.

The decision, and why:

- **Record and change** a referral's equality record: the police Prevent officers and
  supervisors of the unit screening the referral (``screening.selectors.can_screen``). They hold
  the first conversation with the referrer and see the referral anyway; asking here, on a page
  of its own, keeps the answers off every screen where a decision about the person is made.
- **Nobody else reads an individual record**: not referrers, safeguarding leads, Channel
  coordinators, panel chairs or members, intervention providers, administrators, data protection
  officers (a subject access request is answered by the police unit), nor analysts. Case,
  screening, assessment and panel pages never show it.
- **Analysts, Force Prevent Leads and Regional Prevent Coordinators** see the characteristics only
  as disclosure-controlled aggregates: the national return's ethnicity table and the
  disproportionality page, for the areas ``statistics.selectors.areas_allowed_for`` allows them.
- **Loading population baselines** (census-style counts, no personal data): analysts only.

Protected characteristics are used for these statistics and nothing else: never to search for,
match or prioritise people (the tests in ``tests/test_apart.py`` check no other app's selectors
refer to the model and that person matching does not read it).
"""

from __future__ import annotations

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.referrals.models import Referral
from cornerstone.referrals.workflow import Status
from cornerstone.screening.selectors import can_screen
from cornerstone.statistics.permissions import STATISTICS_READERS, can_view_statistics

RECORDERS = frozenset({Role.POLICE_PREVENT_OFFICER, Role.POLICE_PREVENT_SUPERVISOR})
DISPROPORTIONALITY_READERS = STATISTICS_READERS
BASELINE_LOADERS = frozenset({Role.ANALYST})


def can_record_equality(actor: Actor, referral: Referral) -> bool:
    """A screener of the referral's unit, once the referral has been made."""
    return actor.role in RECORDERS and referral.status != Status.DRAFT and can_screen(actor, referral)


def can_view_disproportionality(actor: Actor) -> bool:
    return can_view_statistics(actor)


def can_load_baseline(actor: Actor) -> bool:
    if actor.user is None and actor.membership is None:
        return True  # the system itself: the load_population_baseline command on the server
    return actor.membership is not None and actor.role in BASELINE_LOADERS
