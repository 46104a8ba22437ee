"""Who may keep information sharing agreements, record a disclosure and read the register."""

from __future__ import annotations

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.audit.models import InformationSharingAgreement
from cornerstone.referrals.models import Referral

# Agreements are kept by data protection officers for their own organisation's agreements and by
# system administrators (the service operator) for all.
AGREEMENT_KEEPERS = frozenset({Role.DATA_PROTECTION_OFFICER, Role.SYSTEM_ADMINISTRATOR})
# The register names people's cases and says what was shared about them: it is for data
# protection officers only. System administrators keep agreements but do not see case content.
REGISTER_READERS = frozenset({Role.DATA_PROTECTION_OFFICER})
# The roles that hold a case and so may record sharing it: police Prevent staff on the screening
# case page, the Channel coordinator on the Channel case page.
DISCLOSING_ROLES = frozenset(
    {Role.POLICE_PREVENT_OFFICER, Role.POLICE_PREVENT_SUPERVISOR, Role.CHANNEL_COORDINATOR}
)


def _acting(actor: Actor | None) -> bool:
    return actor is not None and actor.user is not None and actor.membership is not None


def can_keep_agreements(actor: Actor | None) -> bool:
    return _acting(actor) and actor is not None and actor.role in AGREEMENT_KEEPERS


def can_edit_agreement(actor: Actor, agreement: InformationSharingAgreement) -> bool:
    """A system administrator any agreement; a data protection officer those their own
    organisation is a party to."""
    if not can_keep_agreements(actor):
        return False
    if actor.role == Role.SYSTEM_ADMINISTRATOR:
        return True
    return (
        actor.organisation is not None and agreement.organisations.filter(pk=actor.organisation.pk).exists()
    )


def can_read_register(actor: Actor | None) -> bool:
    return (
        _acting(actor)
        and actor is not None
        and actor.role in REGISTER_READERS
        and actor.organisation is not None
    )


def can_record_disclosure(actor: Actor, referral: Referral) -> bool:
    """Someone in a case-holding role who can open this referral's case."""
    from cornerstone.audit.disclosures.selectors import disclosable_referrals_for

    return disclosable_referrals_for(actor).filter(pk=referral.pk).exists()
