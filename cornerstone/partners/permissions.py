"""Who may see and keep the directory. Views and services both ask these."""

from __future__ import annotations

from cornerstone.accounts.actor import Actor
from cornerstone.partners.models import InterventionProvider, PartnerService
from cornerstone.partners.roles import DIRECTORY_EDITORS, DIRECTORY_READERS


def can_view_directory(actor: Actor) -> bool:
    return actor.user is not None and actor.membership is not None and actor.role in DIRECTORY_READERS


def can_edit_directory(actor: Actor) -> bool:
    """Channel coordinators and system administrators keep the directory current."""
    return actor.user is not None and actor.membership is not None and actor.role in DIRECTORY_EDITORS


def can_edit_service(actor: Actor, service: PartnerService) -> bool:
    # A coordinator in one area may correct an entry that also serves another: the directory is
    # shared across the partnership, and every change is audited.
    return can_edit_directory(actor)


def can_edit_provider(actor: Actor, provider: InterventionProvider | None = None) -> bool:
    return can_edit_directory(actor)
