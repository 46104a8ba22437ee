"""Every scoped read of the onward-disclosure register.

``disclosures_about_person(person)`` returns every onward disclosure recorded about any referral
of the person (referrals are found by person, so a merge in the person index brings them along).
It is not scoped to a reader: it is for the subject access bundle, whose own permissions decide
who may produce it, and it must be complete.

The register (``disclosures_visible_to``) is scoped to the data protection officer's own
organisation: the disclosures made by people acting for it, as the audit search is. Nobody else
reads the register; system administrators keep agreements but not case content.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from cornerstone.accounts.actor import Actor
from cornerstone.audit.disclosures.permissions import (
    DISCLOSING_ROLES,
    can_keep_agreements,
    can_read_register,
)
from cornerstone.audit.models import InformationSharingAgreement, OnwardDisclosure
from cornerstone.channel.selectors import case_referrals_visible_to
from cornerstone.people.models import Person
from cornerstone.referrals.models import Referral


def sharing_agreements_visible_to(actor: Actor) -> QuerySet[InformationSharingAgreement]:
    """Every agreement, for the people who keep them (agreements hold no personal data)."""
    if not can_keep_agreements(actor):
        return InformationSharingAgreement.objects.none()
    return InformationSharingAgreement.objects.prefetch_related("organisations").order_by("reference")


def sharing_agreements_usable_by(actor: Actor) -> QuerySet[InformationSharingAgreement]:
    """The agreements a disclosure by this actor may be made under: active ones their own
    organisation is a party to."""
    if actor.user is None or actor.organisation is None or actor.role not in DISCLOSING_ROLES:
        return InformationSharingAgreement.objects.none()
    return InformationSharingAgreement.objects.filter(
        is_active=True, organisations=actor.organisation
    ).order_by("reference")


def disclosable_referrals_for(actor: Actor) -> QuerySet[Referral]:
    """Referrals this actor may record a disclosure about: the cases they hold and can open."""
    if actor.user is None or actor.membership is None or actor.role not in DISCLOSING_ROLES:
        return Referral.objects.none()
    return case_referrals_visible_to(actor)


def disclosures_visible_to(actor: Actor) -> QuerySet[OnwardDisclosure]:
    """The register: disclosures made by people acting for the data protection officer's own
    organisation, newest first."""
    if not can_read_register(actor) or actor.organisation is None:
        return OnwardDisclosure.objects.none()
    return (
        OnwardDisclosure.objects.filter(organisation_id=actor.organisation.pk)
        .select_related("referral", "agreement", "organisation")
        .order_by("-disclosed_on", "-id")
    )


def disclosures_filtered(
    queryset: QuerySet[OnwardDisclosure],
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    recipient: str = "",
) -> QuerySet[OnwardDisclosure]:
    """Narrow the register: dates shared (both ends included), part of the recipient's name."""
    if date_from is not None:
        queryset = queryset.filter(disclosed_on__gte=date_from)
    if date_to is not None:
        queryset = queryset.filter(disclosed_on__lte=date_to)
    if recipient:
        queryset = queryset.filter(recipient_organisation__icontains=recipient)
    return queryset


def disclosures_about_person(person: Person) -> QuerySet[OnwardDisclosure]:
    """Every onward disclosure about the person, over all their referrals, oldest first. For the
    subject access bundle: not scoped to a reader (see the module docstring)."""
    return (
        OnwardDisclosure.objects.filter(referral__person=person)
        .select_related("referral", "agreement", "organisation")
        .order_by("disclosed_on", "id")
    )
