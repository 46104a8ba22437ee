"""Error pages (400, 403, 404, 500), the CSRF failure page and the public information pages.

Errors can happen anywhere, even in middleware before ``request.user`` or ``request.actor`` is
set, or while the database is down. So the error views never rely on the request having those
attributes, the 500 page is rendered without context processors, and if a page cannot be rendered
with its full context it is rendered plainly instead. No error page shows technical detail.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.generic import TemplateView

logger = logging.getLogger(__name__)

# The last resort, if even the plain template cannot be rendered.
BARE_500 = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    "<title>Sorry, there is a problem with the service \N{EN DASH} Cornerstone</title></head>"
    "<body><main><h1>Sorry, there is a problem with the service</h1><p>Try again later.</p>"
    "<p>If someone is in immediate danger, call 999.</p></main></body></html>"
)


def _support_context() -> dict[str, Any]:
    return {"support_email": settings.CORNERSTONE_SUPPORT_EMAIL}


def _render_plainly(request: HttpRequest, template_name: str, status: int) -> HttpResponse:
    """The template with no context processors: only the request (for the CSP nonce)."""
    try:
        html = loader.get_template(template_name).render({"request": request, **_support_context()})
    except Exception:
        logger.exception("Could not render %s; sending the bare error page", template_name)
        html = BARE_500
    return HttpResponse(html, status=status)


def _error_page(request: HttpRequest, template_name: str, status: int) -> HttpResponse:
    try:
        return render(request, template_name, _support_context(), status=status)
    except Exception:
        logger.exception("Could not render %s with its full context; rendering it plainly", template_name)
        return _render_plainly(request, template_name, status)


@login_not_required
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "400.html", 400)


@login_not_required
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "403.html", 403)


def _api_error(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse | None:
    """Machines calling the partner API get its JSON error shape, not an HTML page."""
    if not request.path.startswith("/api/"):
        return None
    from cornerstone.api.errors import error_body

    return JsonResponse(error_body(code, message), status=status)


@login_not_required
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _api_error(
        request, 404, "not_found", "There is nothing at this address: see /api/v1/docs/."
    ) or _error_page(request, "404.html", 404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    api = _api_error(
        request, 500, "server_error", "Sorry, there is a problem with the service. Try again later."
    )
    # Something is already broken (perhaps the database): do not run the context processors.
    return api or _render_plainly(request, "500.html", 500)


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error_page(request, "403_csrf.html", 403)


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def cookie_expiry(seconds: int | None) -> str:
    """How long a cookie lasts, in words: "After 52 weeks"."""
    if seconds is None:
        return "When you close your browser"
    days, rest = divmod(int(seconds), 24 * 60 * 60)
    if days and not rest and days % 7 == 0:
        return f"After {_plural(days // 7, 'week')}"
    if days:
        return f"After {_plural(days, 'day')}"
    return f"After {_plural(max(1, round(rest / 60)), 'minute')}"


class InformationPage(TemplateView):
    """The accessibility statement, privacy notice and cookies page (open to everyone)."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(_support_context())
        context["session_cookie_name"] = settings.SESSION_COOKIE_NAME
        context["csrf_cookie_name"] = settings.CSRF_COOKIE_NAME
        context["csrf_cookie_expiry"] = cookie_expiry(settings.CSRF_COOKIE_AGE)
        context["idle_timeout_minutes"] = settings.SESSION_COOKIE_AGE // 60
        return context
