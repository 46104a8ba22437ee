"""Records for the onward-disclosure register's tests (and the shared matrices): an agreement
the demo case holders' organisations are parties to, a Channel case, and a recorded disclosure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.audit.disclosures import services
from cornerstone.audit.models import InformationSharingAgreement, LawfulBasis, OnwardDisclosure
from cornerstone.demo.generator import DemoWorld
from cornerstone.referrals.models import Referral
from cornerstone.referrals.workflow import Status

AGREEMENT_REFERENCE = "ISA-TEST-001"


def agreement(
    world: DemoWorld, reference: str = AGREEMENT_REFERENCE, **fields: Any
) -> InformationSharingAgreement:
    """An agreement in force between the demo CT policing unit, Warrington and the force (and an
    outside party), made once per database."""
    existing = InformationSharingAgreement.objects.filter(reference=reference).first()
    if existing is not None:
        return existing
    values: dict[str, Any] = {
        "title": "Prevent partnership and Department for Work and Pensions",
        "external_parties": "Department for Work and Pensions",
        "purpose": "Safeguarding people referred to Prevent",
        "lawful_basis": LawfulBasis.PUBLIC_TASK,
        "starts_on": dt.date(2025, 4, 1),
        "review_on": dt.date(2027, 3, 31),
        **fields,
    }
    made = InformationSharingAgreement.objects.create(reference=reference, **values)
    made.organisations.set([world.organisations[key] for key in ("ctp", "warrington", "force")])
    return made


def case(world: DemoWorld, status: str = Status.INFORMATION_GATHERING) -> Referral:
    """A Warrington Channel case (routed to the demo CT policing unit), the same one each time."""
    from cornerstone.referrals.tests.stages import referral_at

    existing = (
        Referral.objects.filter(status=status, channel_case__local_authority__code="WRT")
        .order_by("pk")
        .first()
    )
    return existing if existing is not None else referral_at(world, status)


def actor(world: DemoWorld, role: str) -> Actor:
    return Actor.for_membership(world.memberships_by_role[role])


def details(**overrides: Any) -> services.DisclosureDetails:
    values: dict[str, Any] = {
        "recipient_organisation": "Department for Work and Pensions",
        "recipient_contact": "Jo Bloggs, safeguarding team, 01632 960 123",
        "lawful_basis": LawfulBasis.PUBLIC_TASK,
        "shared_description": "Name, date of birth and the housing concern",
        "shared_records": "The referral form",
        "disclosed_on": timezone.localdate(),
        "decided_by": "Casey Coordinator, Channel coordinator",
        "reason": "To arrange emergency housing support",
        "agreement_id": None,
        "no_agreement_reason": "",
    }
    values.update(overrides)
    return services.DisclosureDetails(**values)


def record(world: DemoWorld, role: str = Role.CHANNEL_COORDINATOR, **overrides: Any) -> OnwardDisclosure:
    referral = overrides.pop("referral", None) or case(world)
    overrides.setdefault("agreement_id", agreement(world).pk)
    return services.onward_disclosure_record(
        actor=actor(world, role), referral_id=referral.pk, details=details(**overrides)
    )
