"""Who is calling: the API client named by the bearer token, if it is current.

A refused credential is answered with a code saying why (unknown, revoked, expired), because a
partner's integration needs to know whether to retry or to ask for a new credential. Nothing
about another organisation's clients can be learnt from it: the key id must match a secret.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from cornerstone.api import credentials
from cornerstone.api.models import ApiClient


class CredentialRefused(exceptions.AuthenticationFailed):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(detail=message, code=code)


class ApiClientAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiClient] | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise CredentialRefused(
                "Send the credential as 'Authorization: Bearer <token>', with nothing else.",
                "credential_malformed",
            )
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise CredentialRefused(
                "The credential is not one Cornerstone issued.", "credential_unknown"
            ) from None
        parts = credentials.split_token(token)
        if parts is None:
            raise CredentialRefused("The credential is not one Cornerstone issued.", "credential_unknown")
        key_id, secret = parts
        request.api_key_id = key_id  # type: ignore[attr-defined]
        client = (
            ApiClient.objects.select_related("organisation", "membership__user", "membership__organisation")
            .filter(key_id=key_id)
            .first()
        )
        if client is None or not credentials.secret_matches(secret, client.secret_digest):
            raise CredentialRefused("The credential is not one Cornerstone issued.", "credential_unknown")
        if client.revoked_at is not None:
            raise CredentialRefused(
                "This credential was revoked. Ask your organisation administrator for a new one.",
                "credential_revoked",
            )
        if client.expires_at <= timezone.now():
            raise CredentialRefused(
                "This credential has expired. Ask your organisation administrator for a new one.",
                "credential_expired",
            )
        if not client.organisation.is_active:
            raise CredentialRefused(
                "Your organisation's access to Cornerstone has ended.", "organisation_inactive"
            )
        request.api_client = client  # type: ignore[attr-defined]
        return client.user, client

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="cornerstone"'


class ApiClientAuthenticationScheme(OpenApiAuthenticationExtension):
    """Describes the bearer credential in the OpenAPI schema."""

    target_class = ApiClientAuthentication
    name = "apiClientCredential"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "The credential your organisation administrator created (cs_<key id>_<secret>).",
        }
