"""Retention pages and services, for the shared role-by-page matrix and the shared
one-audit-event-per-service test in ``cornerstone/accounts/tests``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld
from cornerstone.people.models import Person
from cornerstone.records import services
from cornerstone.records.models import DeletionCertificate, RetentionReview, RetentionRule
from cornerstone.records.permissions import RETENTION_ROLES
from cornerstone.records.retention import load_default_rules


def _dpo(world: DemoWorld) -> Actor:
    return Actor.for_membership(world.memberships_by_role[Role.DATA_PROTECTION_OFFICER])


def _review(world: DemoWorld) -> RetentionReview:
    """A pending review (the same one however many times a test asks)."""
    person, _ = Person.objects.get_or_create(reference="PER-RETAIN", defaults={"gender": "female"})
    return RetentionReview.objects.get_or_create(
        person=person,
        state="pending",
        defaults={"person_reference": "PER-RETAIN", "due_on": dt.date(2026, 1, 1)},
    )[0]


def _rule(world: DemoWorld) -> RetentionRule:
    load_default_rules()
    return RetentionRule.objects.order_by("pk").first()  # type: ignore[return-value]


def _certificate(world: DemoWorld) -> DeletionCertificate:
    return DeletionCertificate.objects.get_or_create(
        number="DC-2026-999999",
        defaults={
            "confirmed_by": world.users_by_role[Role.DATA_PROTECTION_OFFICER],
            "former_reference": "PER-X",
        },
    )[0]


# (url name, path, roles allowed, note) for cornerstone/accounts/tests/test_page_access_matrix.py
PAGES: tuple[tuple[str, Callable[[DemoWorld], str], frozenset[str], str], ...] = (
    ("records:reviews", lambda w: "/records/", RETENTION_ROLES, ""),
    ("records:review", lambda w: f"/records/reviews/{_review(w).pk}/", RETENTION_ROLES, ""),
    ("records:rules", lambda w: "/records/rules/", RETENTION_ROLES, ""),
    ("records:rule-edit", lambda w: f"/records/rules/{_rule(w).pk}/", RETENTION_ROLES, ""),
    (
        "records:certificate",
        lambda w: f"/records/certificates/{_certificate(w).number}/",
        RETENTION_ROLES,
        "",
    ),
)

# service path: scenario, for cornerstone/accounts/tests/test_services_audit.py
SCENARIOS: dict[str, Callable[[DemoWorld], Callable[[], Any]]] = {
    "cornerstone.records.services.retention_rule_update": lambda w: (
        lambda rule: lambda: services.retention_rule_update(actor=_dpo(w), rule_id=rule.pk, years=4)
    )(_rule(w)),
    "cornerstone.records.services.retention_reviews_list_due": lambda w: (
        lambda: services.retention_reviews_list_due(actor=Actor.system("test"), today=dt.date(2026, 1, 1))
    ),
    "cornerstone.records.services.retention_review_keep": lambda w: (
        lambda review: (
            lambda: services.retention_review_keep(
                actor=_dpo(w), review_id=review.pk, reason="Legal hold", review_again_on=dt.date(2099, 1, 1)
            )
        )
    )(_review(w)),
    "cornerstone.records.services.retention_review_confirm": lambda w: (
        lambda review: lambda: services.retention_review_confirm(actor=_dpo(w), review_id=review.pk)
    )(_review(w)),
}
EVENTS_PER_CALL: dict[str, int] = {}
