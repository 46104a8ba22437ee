"""Demo information sharing agreements and one recorded onward disclosure, made through the real
services, for ``seed_demo``. Running it again adds nothing. Every name is made up."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.audit.disclosures import services
from cornerstone.audit.disclosures.selectors import disclosable_referrals_for
from cornerstone.audit.models import InformationSharingAgreement, LawfulBasis, OnwardDisclosure
from cornerstone.demo.generator import DemoWorld
from cornerstone.referrals.workflow import Status

HOUSING_AGREEMENT = "ISA-DEMO-001"
WORK_AGREEMENT = "ISA-DEMO-002"


def seed_demo_disclosures(world: DemoWorld, *, seed: int) -> list[OnwardDisclosure]:
    """Two agreements the demo force, unit and Warrington are parties to, and one disclosure by
    the Warrington Channel coordinator on a case under support. ``seed`` is accepted for the same
    call shape as the other apps; nothing here is random."""
    del seed
    if InformationSharingAgreement.objects.filter(reference=HOUSING_AGREEMENT).exists():
        return list(OnwardDisclosure.objects.filter(agreement__reference=HOUSING_AGREEMENT))
    operator = Actor.for_membership(world.memberships_by_role[Role.SYSTEM_ADMINISTRATOR])
    parties = [world.organisations[key] for key in ("force", "ctp", "warrington")]
    start = dt.date(timezone.localdate().year - 1, 4, 1)
    housing = services.sharing_agreement_create(
        actor=operator,
        details=services.AgreementDetails(
            reference=HOUSING_AGREEMENT,
            title="Prevent partnership and registered housing providers (demo)",
            organisations=parties,
            external_parties="Mersey Valley Housing Trust (demo)",
            purpose="Finding safe accommodation for people supported through Channel.",
            lawful_basis=LawfulBasis.PUBLIC_TASK,
            starts_on=start,
            review_on=start.replace(year=start.year + 2) - dt.timedelta(days=1),
        ),
    )
    services.sharing_agreement_create(
        actor=operator,
        details=services.AgreementDetails(
            reference=WORK_AGREEMENT,
            title="Prevent partnership and Jobcentre Plus (demo)",
            organisations=parties,
            external_parties="Jobcentre Plus, Warrington (demo)",
            purpose="Arranging employment support agreed in a support plan.",
            lawful_basis=LawfulBasis.PUBLIC_TASK,
            starts_on=start,
            review_on=start.replace(year=start.year + 1) - dt.timedelta(days=1),
        ),
    )
    coordinator = Actor.for_membership(world.memberships_by_role[Role.CHANNEL_COORDINATOR])
    referral = disclosable_referrals_for(coordinator).filter(status=Status.SUPPORT).order_by("pk").first()
    if referral is None:
        return []
    disclosure = services.onward_disclosure_record(
        actor=coordinator,
        referral_id=referral.pk,
        details=services.DisclosureDetails(
            recipient_organisation="Mersey Valley Housing Trust (demo)",
            recipient_contact="Housing options team, 01632 960 777",
            lawful_basis=LawfulBasis.PUBLIC_TASK,
            agreement_id=housing.pk,
            shared_description="Name, date of birth and that the person needs a move away from the area.",
            shared_records="Support plan: housing intervention",
            disclosed_on=timezone.localdate() - dt.timedelta(days=3),
            decided_by=f"{coordinator.user.full_name if coordinator.user else 'Coordinator'}, Channel coordinator",
            reason="The support plan's housing intervention needs a placement; the person agreed.",
        ),
    )
    return [disclosure]
