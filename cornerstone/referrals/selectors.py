"""Every scoped read of referrals. Views, downloads and services all start from these, so the
rules of who sees what live in one place (and are tested as a matrix)."""

from __future__ import annotations

from django.db.models import QuerySet

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.referrals.models import Referral, ReferralAttachment
from cornerstone.referrals.workflow import Status

SCREENING_ROLES = frozenset({Role.POLICE_PREVENT_OFFICER, Role.POLICE_PREVENT_SUPERVISOR})
# Who may write a referral: any partner practitioner, and police Prevent staff on someone's behalf.
REFERRING_ROLES = frozenset({Role.REFERRER, Role.SAFEGUARDING_LEAD}) | SCREENING_ROLES


def _signed_in(actor: Actor) -> bool:
    return actor.user is not None and actor.membership is not None


def referrals_visible_to(actor: Actor) -> QuerySet[Referral]:
    """Submitted referrals police Prevent staff may read in full: those routed to their unit."""
    if not _signed_in(actor) or actor.role not in SCREENING_ROLES or actor.organisation is None:
        return Referral.objects.none()
    return Referral.objects.filter(routed_to=actor.organisation).exclude(status=Status.DRAFT)


def screening_queue_for(actor: Actor) -> QuerySet[Referral]:
    """Submitted referrals waiting for receipt to be recorded, oldest first."""
    return (
        referrals_visible_to(actor)
        .filter(status=Status.SUBMITTED)
        .select_related("local_authority", "organisation", "concern_type")
        .order_by("arrived_at", "id")
    )


def own_referrals_for(actor: Actor) -> QuerySet[Referral]:
    """The referrals this person has submitted (status only is shown for these)."""
    if not _signed_in(actor):
        return Referral.objects.none()
    return Referral.objects.filter(created_by=actor.user).exclude(status=Status.DRAFT)


def organisation_referrals_for(actor: Actor) -> QuerySet[Referral]:
    """A safeguarding lead's view: the referrals submitted from their organisation."""
    if not _signed_in(actor) or actor.role != Role.SAFEGUARDING_LEAD or actor.organisation is None:
        return Referral.objects.none()
    return Referral.objects.filter(organisation=actor.organisation).exclude(status=Status.DRAFT)


def drafts_for(actor: Actor) -> QuerySet[Referral]:
    """A draft is visible only to the person who wrote it, in the role they wrote it in."""
    if not _signed_in(actor) or actor.role not in REFERRING_ROLES:
        return Referral.objects.none()
    return Referral.objects.filter(
        status=Status.DRAFT, created_by=actor.user, created_by_membership=actor.membership
    )


def attachments_visible_to(actor: Actor) -> QuerySet[ReferralAttachment]:
    """Attachments of the writer's own drafts, and of referrals routed to the reader's unit."""
    return ReferralAttachment.objects.filter(
        referral__in=drafts_for(actor)
    ) | ReferralAttachment.objects.filter(referral__in=referrals_visible_to(actor))


def earlier_referrals_of_person(referral: Referral) -> QuerySet[Referral]:
    """The submitted referrals about the same person made before this one, oldest first: the
    history the next decision must see. Queried by person, so records merged by the person
    index bring their referrals with them."""
    if referral.person_id is None or referral.submitted_at is None:
        return Referral.objects.none()
    return (
        Referral.objects.filter(person_id=referral.person_id, submitted_at__lte=referral.submitted_at)
        .exclude(pk=referral.pk)
        .exclude(status=Status.DRAFT)
        .select_related("routed_to")
        .order_by("submitted_at", "id")
    )
