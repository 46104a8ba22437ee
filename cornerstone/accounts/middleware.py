"""Which membership a signed-in user is acting in, and the second-factor gate."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.selectors import active_memberships_of

ACTING_MEMBERSHIP_SESSION_KEY = "cornerstone_acting_membership"

# Pages a signed-in user can reach before completing the second factor.
_OPEN_BEFORE_SECOND_FACTOR = (
    "/sign-in/",
    "/sign-out/",
    "/second-factor/",
    "/static/",
    "/accessibility/",
    "/privacy/",
    "/cookies/",
    "/about-prevent/",
    "/password-reset/",
    "/set-password/",
    "/exercises/join/",
    "/engagement/you-said-we-did/",
)


class ActingMembershipMiddleware:
    """Puts ``request.actor`` on every request: the user and the membership they act in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = self._actor(request)  # type: ignore[attr-defined]
        return self.get_response(request)

    @staticmethod
    def _actor(request: HttpRequest) -> Actor | None:
        user = request.user
        if not user.is_authenticated:
            return None
        memberships = list(active_memberships_of(user))  # type: ignore[arg-type]
        chosen_id = request.session.get(ACTING_MEMBERSHIP_SESSION_KEY)
        chosen = next((m for m in memberships if m.pk == chosen_id), None)
        if chosen is None and len(memberships) == 1:
            chosen = memberships[0]
        return Actor(user=user, membership=chosen)  # type: ignore[arg-type]


class RequireSecondFactorMiddleware:
    """Every role can see personal data or manage those who can, so every signed-in page needs
    the second factor: set one up first, then prove it at each sign-in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[union-attr,attr-defined]
            and not request.path.startswith(_OPEN_BEFORE_SECOND_FACTOR)
        ):
            return redirect(reverse("accounts:second-factor"))
        return self.get_response(request)
