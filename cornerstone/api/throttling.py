"""Rate limiting per API client, counted in a cache every app process shares (the database
cache by default), so the limit holds however many processes serve the API."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class ApiClientRateThrottle(SimpleRateThrottle):
    scope = "api_client"

    def __init__(self) -> None:
        self.cache = caches[settings.CORNERSTONE_API_THROTTLE_CACHE]
        super().__init__()

    def get_rate(self) -> str:
        return str(settings.CORNERSTONE_API_RATE)

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        client = getattr(request, "api_client", None)
        if client is None:
            return None  # refused before this point; nothing to count
        return f"api-throttle:{client.pk}"
