"""Every read of the person index that needs scoping goes through these."""

from __future__ import annotations

from django.db.models import QuerySet

from cornerstone.accounts.actor import Actor
from cornerstone.people.models import MatchProposal, Person, ProposalStatus
from cornerstone.people.permissions import can_use_index


def people_visible_to(actor: Actor) -> QuerySet[Person]:
    if not can_use_index(actor):
        return Person.objects.none()
    return Person.objects.all()


def proposals_to_review_for(actor: Actor) -> QuerySet[MatchProposal]:
    """Open and "not sure" proposals whose two records are both still unmerged, oldest first."""
    if not can_use_index(actor):
        return MatchProposal.objects.none()
    return (
        MatchProposal.objects.filter(
            status__in=(ProposalStatus.OPEN, ProposalStatus.NOT_SURE),
            person__merged_into__isnull=True,
            candidate__merged_into__isnull=True,
        )
        .select_related("person", "candidate")
        .order_by("created_at", "pk")
    )
