from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from cornerstone.accounts.navigation import navigation_for


def service_navigation(request: HttpRequest) -> dict[str, Any]:
    actor = getattr(request, "actor", None)
    if actor is None or not getattr(request.user, "is_verified", lambda: False)():
        return {"service_navigation": [], "acting_membership": None}
    return {
        "service_navigation": navigation_for(actor, request.path),
        "acting_membership": actor.membership,
    }
