"""``{% equality_link referral %}``: the link from the screening section of a referral to its
equality monitoring page, for the people who may record it only. It shows whether answers are
recorded, never what they are."""

from __future__ import annotations

from typing import Any

from django import template

from cornerstone.accounts.actor import request_actor
from cornerstone.equality.models import EqualityRecord
from cornerstone.equality.permissions import can_record_equality
from cornerstone.referrals.models import Referral

register = template.Library()


@register.inclusion_tag("equality/_link.html", takes_context=True)
def equality_link(context: template.Context, referral: Referral) -> dict[str, Any]:
    request = context.get("request")
    if request is None or not can_record_equality(request_actor(request), referral):
        return {"show": False}
    return {
        "show": True,
        "referral": referral,
        "recorded": EqualityRecord.objects.filter(referral_id=referral.pk).exists(),
    }
