"""Who is acting: the user, and the organisation and role they act in. Every service takes an
``Actor`` so that the audit trail records all three."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest

    from cornerstone.accounts.models import Membership, Organisation, User


@dataclass(frozen=True)
class Actor:
    user: User | None
    membership: Membership | None = None
    # Set for work the system does by itself (seeding, scheduled tasks), never for a person.
    system_label: str = ""

    @classmethod
    def system(cls, label: str) -> Actor:
        return cls(user=None, membership=None, system_label=label)

    @classmethod
    def for_membership(cls, membership: Membership) -> Actor:
        return cls(user=membership.user, membership=membership)

    @property
    def organisation(self) -> Organisation | None:
        return self.membership.organisation if self.membership else None

    @property
    def role(self) -> str:
        return self.membership.role if self.membership else ""

    @property
    def label(self) -> str:
        if self.user is not None:
            return f"{self.user.full_name} <{self.user.email}>"
        return f"system: {self.system_label}"


def request_actor(request: HttpRequest) -> Actor:
    """The actor ``ActingMembershipMiddleware`` put on a signed-in request."""
    return request.actor  # type: ignore[attr-defined,no-any-return]
