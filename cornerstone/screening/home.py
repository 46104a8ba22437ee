"""What police screening adds to the home pages of police Prevent officers and supervisors
(``cornerstone.accounts.home`` calls these; each returns (text, url) pairs)."""

from __future__ import annotations

from django.urls import reverse

from cornerstone.accounts.actor import Actor


def _queue(tab: str) -> str:
    return f"{reverse('referrals:queue')}?tab={tab}"


def decisions_waiting_for_approval(actor: Actor) -> list[tuple[str, str]]:
    """ "N decisions waiting for your approval": for a supervisor, proposals by someone else."""
    from cornerstone.screening.selectors import approvals_waiting_for

    count = approvals_waiting_for(actor).count()
    if not count:
        return []
    noun = "screening decision is" if count == 1 else "screening decisions are"
    return [(f"{count} {noun} waiting for your approval", _queue("approval"))]


def referrals_being_screened(actor: Actor) -> list[tuple[str, str]]:
    """ "N referrals are being screened by your unit"."""
    from cornerstone.screening.selectors import being_screened_for

    count = being_screened_for(actor).count()
    if not count:
        return []
    noun = "referral is" if count == 1 else "referrals are"
    return [(f"{count} {noun} being screened by your unit", _queue("screening"))]


def police_managed_cases(actor: Actor) -> list[tuple[str, str]]:
    """ "N cases are managed by police outside Channel"."""
    from cornerstone.screening.selectors import police_managed_for

    count = police_managed_for(actor).count()
    if not count:
        return []
    noun = "case is" if count == 1 else "cases are"
    return [(f"{count} {noun} managed by police outside Channel", _queue("managed"))]
