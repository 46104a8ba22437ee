"""The onward-disclosure register's pages and services, for the shared role-by-page matrix and
the shared one-audit-event-per-service test in ``cornerstone/accounts/tests``. (The audit search
page itself is listed in the matrix directly.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from cornerstone.accounts.roles import Role
from cornerstone.audit.disclosures import services
from cornerstone.audit.disclosures.permissions import AGREEMENT_KEEPERS, DISCLOSING_ROLES, REGISTER_READERS
from cornerstone.audit.models import LawfulBasis
from cornerstone.audit.tests import disclosure_fixtures as fx
from cornerstone.demo.generator import DemoWorld

# (url name, path, roles allowed, note) for test_page_access_matrix.py. The demo data protection
# officer is at the force, a party to the test agreement, so may change it.
PAGES: tuple[tuple[str, Callable[[DemoWorld], str], frozenset[str], str], ...] = (
    ("disclosures:register", lambda w: "/disclosures/", REGISTER_READERS, ""),
    ("disclosures:register-export", lambda w: "/disclosures/export.csv", REGISTER_READERS, ""),
    ("disclosures:agreements", lambda w: "/disclosures/agreements/", AGREEMENT_KEEPERS, ""),
    ("disclosures:agreement-new", lambda w: "/disclosures/agreements/new/", AGREEMENT_KEEPERS, ""),
    (
        "disclosures:agreement-edit",
        lambda w: f"/disclosures/agreements/{fx.agreement(w).pk}/",
        AGREEMENT_KEEPERS,
        "",
    ),
    # A Warrington Channel case routed to the demo unit: both its police and its coordinator hold it.
    ("disclosures:record", lambda w: f"/disclosures/record/{fx.case(w).pk}/", DISCLOSING_ROLES, ""),
)
PUBLIC_PAGES: frozenset[str] = frozenset()
POST_ONLY: frozenset[str] = frozenset()


def _agreement_details(reference: str) -> services.AgreementDetails:
    return services.AgreementDetails(
        reference=reference,
        title="Test agreement",
        purpose="Safeguarding",
        lawful_basis=LawfulBasis.PUBLIC_TASK,
        starts_on=dt.date(2026, 1, 1),
        review_on=dt.date(2027, 1, 1),
        external_parties="Department for Work and Pensions\nHM Revenue and Customs",
    )


def _create(world: DemoWorld) -> Callable[[], Any]:
    return lambda: services.sharing_agreement_create(
        actor=fx.actor(world, Role.SYSTEM_ADMINISTRATOR), details=_agreement_details("ISA-MATRIX-NEW")
    )


def _update(world: DemoWorld) -> Callable[[], Any]:
    agreement = fx.agreement(world)
    return lambda: services.sharing_agreement_update(
        actor=fx.actor(world, Role.SYSTEM_ADMINISTRATOR),
        agreement_id=agreement.pk,
        details=_agreement_details("ISA-MATRIX-RENAMED"),
    )


def _record(world: DemoWorld) -> Callable[[], Any]:
    referral = fx.case(world)
    agreement = fx.agreement(world)
    return lambda: services.onward_disclosure_record(
        actor=fx.actor(world, Role.CHANNEL_COORDINATOR),
        referral_id=referral.pk,
        details=fx.details(agreement_id=agreement.pk),
    )


SCENARIOS: dict[str, Callable[[DemoWorld], Callable[[], Any]]] = {
    "cornerstone.audit.disclosures.services.sharing_agreement_create": _create,
    "cornerstone.audit.disclosures.services.sharing_agreement_update": _update,
    "cornerstone.audit.disclosures.services.onward_disclosure_record": _record,
}
EVENTS_PER_CALL: dict[str, int] = {}
