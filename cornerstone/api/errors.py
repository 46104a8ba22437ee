"""Every error the API gives, in one JSON shape::

    {"error": {"code": "<machine-readable>", "message": "<plain English>",
               "fields": [{"field": "answers.name.given_names", "message": "..."}]}}

``fields`` is present (possibly empty) on every error, so clients can read it unconditionally.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler


class ApiError(exceptions.APIException):
    """An error with our own code and message (and, for bad input, messages per field)."""

    def __init__(
        self, *, status_code: int, code: str, message: str, fields: list[dict[str, str]] | None = None
    ) -> None:
        self.status_code = status_code
        self.error_code = code
        self.fields = fields or []
        super().__init__(detail=message, code=code)


# DRF's own exceptions, in plain English with a stable code.
_MESSAGES: dict[type[exceptions.APIException], tuple[str, str]] = {
    exceptions.NotAuthenticated: (
        "not_authenticated",
        "Send your API credential in the Authorization header: 'Authorization: Bearer <token>'.",
    ),
    exceptions.MethodNotAllowed: ("method_not_allowed", "This address does not accept that method."),
    exceptions.UnsupportedMediaType: (
        "unsupported_media_type",
        "Send the request body as JSON (application/json).",
    ),
    exceptions.NotAcceptable: ("not_acceptable", "Responses are given only as JSON (application/json)."),
    exceptions.ParseError: ("malformed_json", "The request body is not valid JSON."),
    exceptions.NotFound: ("not_found", "There is nothing at this address that your credential can see."),
    exceptions.PermissionDenied: ("permission_denied", "Your credential does not allow this."),
}


def error_body(code: str, message: str, fields: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or []}}


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF validation detail (nested dicts and lists) as a flat list of field messages."""
    if isinstance(detail, dict):
        out: list[dict[str, str]] = []
        for key, value in detail.items():
            name = prefix if key == "non_field_errors" else (f"{prefix}.{key}" if prefix else str(key))
            out.extend(_flatten(value, name))
        return out
    if isinstance(detail, list):
        return [item for value in detail for item in _flatten(value, prefix)]
    return [{"field": prefix, "message": str(detail)}]


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's 500 handler answers, in this shape for /api/
    if isinstance(exc, ApiError):
        code, message, fields = exc.error_code, str(exc.detail), exc.fields
    elif isinstance(exc, exceptions.AuthenticationFailed):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "authentication_failed"
        message, fields = str(exc.detail), []
    elif isinstance(exc, exceptions.Throttled):
        seconds = int(getattr(exc, "wait", None) or 1)
        code = "rate_limited"
        message = f"Too many requests from this credential. Try again in {seconds} seconds."
        fields = []
        response["Retry-After"] = str(seconds)
    elif isinstance(exc, exceptions.ValidationError):
        code, message = "invalid_request", "The request was not accepted: correct the fields listed."
        fields = _flatten(exc.detail)
    else:
        assert isinstance(exc, exceptions.APIException)  # DRF answered it  # noqa: S101
        code, message = _MESSAGES.get(type(exc), ("error", str(exc.detail)))
        fields = []
    response.data = error_body(str(code), message, fields)
    return response
