"""Security headers that Django's SecurityMiddleware and django-csp do not set."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), payment=(), usb=()"
)


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)  # absent if an error happened before authentication
    try:
        return bool(user is not None and user.is_authenticated)
    except Exception:
        # The session could not be read (say the database is down while an error page is sent):
        # assume the page is personal rather than let a cache keep it.
        return True


class SecurityHeadersMiddleware:
    """Turns off browser features Cornerstone never uses, and keeps signed-in pages out of caches."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Signed-in pages hold OFFICIAL-SENSITIVE data: never keep them in shared or browser caches.
        if _signed_in(request):
            response.setdefault("Cache-Control", "no-store")
        return response
