from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

ViewFunc = Callable[..., HttpResponse]


def acting(roles: Iterable[str] | None = None) -> Callable[[ViewFunc], ViewFunc]:
    """The view needs the user to be acting in a membership, optionally one of these roles.

    Sign-in and the second factor are already enforced by middleware; this decides which role
    the request is made in (asking the user to choose if they hold several) and refuses others.
    """
    allowed = frozenset(roles) if roles is not None else None

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            actor = request.actor  # type: ignore[attr-defined]
            if actor.membership is None:
                if request.user.memberships.filter(is_active=True, organisation__is_active=True).exists():  # type: ignore[union-attr]
                    return redirect(f"/choose-role/?next={request.path}")
                return render(request, "accounts/no_role.html", status=403)
            if allowed is not None and actor.role not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
