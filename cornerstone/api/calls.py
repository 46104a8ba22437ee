"""The log of every API call. Part of the audit machinery, not a domain write: it is written
after the response is decided, whatever the outcome, so refused calls are kept too."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.response import Response

from cornerstone.api.models import ApiCall


def api_call_record(request: Request, response: Response) -> None:
    client = getattr(request, "api_client", None)
    data: Any = getattr(response, "data", None)
    error = data.get("error") if isinstance(data, dict) else None
    ApiCall.objects.create(
        client=client,
        key_id=getattr(request, "api_key_id", "")[:24],
        method=request.method or "",
        path=request.get_full_path()[:500],
        status_code=response.status_code,
        error_code=str(error.get("code", ""))[:40] if isinstance(error, dict) else "",
        referral_reference=str(getattr(response, "referral_reference", ""))[:20],
    )
