"""The referral pages and services, for the shared role-by-page matrix and the shared
one-audit-event-per-service test in ``cornerstone/accounts/tests``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld
from cornerstone.referrals import services
from cornerstone.referrals.models import Referral, ReferralAttachment
from cornerstone.referrals.reference_data import load_reference_lists
from cornerstone.referrals.tests.helpers import complete_answers, draft, submitted
from cornerstone.referrals.workflow import Status

WRITERS = frozenset(
    {Role.REFERRER, Role.SAFEGUARDING_LEAD, Role.POLICE_PREVENT_OFFICER, Role.POLICE_PREVENT_SUPERVISOR}
)
SCREENING = frozenset({Role.POLICE_PREVENT_OFFICER, Role.POLICE_PREVENT_SUPERVISOR})
REFERRER_ONLY = frozenset({Role.REFERRER})


def _referrer(world: DemoWorld) -> Any:
    return world.memberships_by_role[Role.REFERRER]


def referrers_draft(world: DemoWorld) -> Referral:
    """A draft of the demo referrer (made once per database)."""
    load_reference_lists()
    found = Referral.objects.filter(status=Status.DRAFT, created_by=_referrer(world).user).first()
    return found or draft(_referrer(world), complete=False)


def referrers_submission(world: DemoWorld) -> Referral:
    """A referral the demo referrer has submitted, routed to the demo CT policing unit, with a file."""
    load_reference_lists()
    found = Referral.objects.filter(status=Status.SUBMITTED, created_by=_referrer(world).user).first()
    if found is not None:
        return found
    referral = draft(_referrer(world))
    services.referral_attachment_add(
        actor=Actor.for_membership(_referrer(world)),
        referral_id=referral.pk,
        upload=SimpleUploadedFile("note.txt", b"notes"),
    )
    return services.referral_submit(
        actor=Actor.for_membership(_referrer(world)), referral_id=referral.pk
    ).referral


def _case_at(world: DemoWorld, status: str) -> Referral:
    from cornerstone.screening.tests.shared_matrices import referral_in

    return referral_in(world, status)


def _attachment(world: DemoWorld) -> ReferralAttachment:
    return referrers_submission(world).attachments.get()


# (url name, path, roles allowed, note) for cornerstone/accounts/tests/test_page_access_matrix.py
PAGES: tuple[tuple[str, Callable[[DemoWorld], str], frozenset[str], str], ...] = (
    ("referrals:index", lambda w: "/referrals/", WRITERS, ""),
    ("referrals:start", lambda w: "/referrals/start/", WRITERS, ""),
    ("referrals:drafts", lambda w: "/referrals/drafts/", WRITERS, ""),
    ("referrals:mine", lambda w: "/referrals/yours/", WRITERS, ""),
    ("referrals:organisation", lambda w: "/referrals/organisation/", frozenset({Role.SAFEGUARDING_LEAD}), ""),
    ("referrals:queue", lambda w: "/referrals/screening/", SCREENING, ""),
    ("referrals:queue", lambda w: "/referrals/screening/?tab=screening", SCREENING, "being screened"),
    ("referrals:queue", lambda w: "/referrals/screening/?tab=approval", SCREENING, "waiting for approval"),
    ("referrals:queue", lambda w: "/referrals/screening/?tab=managed", SCREENING, "managed by police"),
    ("referrals:detail", lambda w: f"/referrals/{referrers_submission(w).pk}/", SCREENING, ""),
    (
        "referrals:detail",
        lambda w: f"/referrals/{_case_at(w, Status.AWAITING_APPROVAL).pk}/",
        SCREENING,
        "the screening case page, waiting for approval",
    ),
    (
        "referrals:detail",
        lambda w: f"/referrals/{_case_at(w, Status.POLICE_MANAGED).pk}/",
        SCREENING,
        "the screening case page, managed by police",
    ),
    ("referrals:receipt", lambda w: f"/referrals/{referrers_submission(w).pk}/receipt/", SCREENING, ""),
    ("referrals:attachment", lambda w: f"/referrals/attachments/{_attachment(w).pk}/", SCREENING, ""),
    (
        "referrals:confirmation",
        lambda w: f"/referrals/{referrers_submission(w).pk}/confirmation/",
        REFERRER_ONLY,
        "the referrer's own submission",
    ),
    (
        "referrals:check",
        lambda w: f"/referrals/{referrers_draft(w).pk}/check/",
        REFERRER_ONLY,
        "a draft is its writer's",
    ),
    (
        "referrals:step",
        lambda w: f"/referrals/{referrers_draft(w).pk}/name/",
        REFERRER_ONLY,
        "a draft is its writer's",
    ),
    (
        "referrals:delete-draft",
        lambda w: f"/referrals/{referrers_draft(w).pk}/delete/",
        REFERRER_ONLY,
        "a draft is its writer's",
    ),
)


def _officer(world: DemoWorld) -> Actor:
    return Actor.for_membership(world.memberships_by_role[Role.POLICE_PREVENT_OFFICER])


def _answers(world: DemoWorld) -> Callable[[], Any]:
    referral = referrers_draft(world)
    return lambda: services.referral_answer_save(
        actor=Actor.for_membership(_referrer(world)),
        referral_id=referral.pk,
        slug="name",
        raw={"given_names": ["Sam"], "family_name": ["Taylor"]},
    )


def _remove(world: DemoWorld) -> Callable[[], Any]:
    referral = referrers_draft(world)
    attachment = services.referral_attachment_add(
        actor=Actor.for_membership(_referrer(world)),
        referral_id=referral.pk,
        upload=SimpleUploadedFile("a.txt", b"a"),
    )
    return lambda: services.referral_attachment_remove(
        actor=Actor.for_membership(_referrer(world)), attachment_id=attachment.pk
    )


def _in_screening(world: DemoWorld) -> Referral:
    referral = submitted(_referrer(world))
    return services.referral_receipt_record(actor=_officer(world), referral_id=referral.pk)


def _abandoned(world: DemoWorld) -> Callable[[], Any]:
    referral = referrers_draft(world)
    Referral.objects.filter(pk=referral.pk).update(updated_at=timezone.now() - dt.timedelta(days=31))
    return lambda: services.drafts_abandoned_delete()


def _submit(world: DemoWorld) -> Callable[[], Any]:
    load_reference_lists()
    referral = draft(_referrer(world))
    return lambda: services.referral_submit(
        actor=Actor.for_membership(_referrer(world)), referral_id=referral.pk
    )


def _close(world: DemoWorld) -> Callable[[], Any]:
    # Closing is for cases police manage outside Channel (screening decisions close the rest).
    from cornerstone.referrals.tests.stages import referral_at

    referral = referral_at(world, Status.POLICE_MANAGED)
    return lambda: services.referral_close(actor=_officer(world), referral_id=referral.pk, reason="Test")


# service path: scenario, for cornerstone/accounts/tests/test_services_audit.py
def _submit_complete(world: DemoWorld) -> Callable[[], Any]:
    load_reference_lists()
    answers = {slug: raw for slug, raw in complete_answers().items() if slug != "how-received"}
    return lambda: services.referral_submit_complete(
        actor=Actor.for_membership(_referrer(world)), answers=answers
    )


SCENARIOS: dict[str, Callable[[DemoWorld], Callable[[], Any]]] = {
    "cornerstone.referrals.services.referral_start": lambda w: (
        lambda: (load_reference_lists(), services.referral_start(actor=Actor.for_membership(_referrer(w))))
    ),
    "cornerstone.referrals.services.referral_answer_save": _answers,
    "cornerstone.referrals.services.referral_attachment_add": lambda w: (
        lambda referral: (
            lambda: services.referral_attachment_add(
                actor=Actor.for_membership(_referrer(w)),
                referral_id=referral.pk,
                upload=SimpleUploadedFile("a.txt", b"a"),
            )
        )
    )(referrers_draft(w)),
    "cornerstone.referrals.services.referral_attachment_remove": _remove,
    "cornerstone.referrals.services.referral_submit": _submit,
    "cornerstone.referrals.services.referral_submit_complete": _submit_complete,
    "cornerstone.referrals.services.referral_receipt_record": lambda w: (
        lambda referral: lambda: services.referral_receipt_record(actor=_officer(w), referral_id=referral.pk)
    )(referrers_submission(w)),
    "cornerstone.referrals.services.referral_close": _close,
    "cornerstone.referrals.services.referral_draft_delete": lambda w: (
        lambda referral: (
            lambda: services.referral_draft_delete(
                actor=Actor.for_membership(_referrer(w)), referral_id=referral.pk
            )
        )
    )(referrers_draft(w)),
    "cornerstone.referrals.services.drafts_abandoned_delete": _abandoned,
}

# Services that call another audited service: submission creates the person index record
# (``person_create``, audited by the person index) as well as submitting the referral.
# The person index's own event and the referral's.
EVENTS_PER_CALL: dict[str, int] = {
    "cornerstone.referrals.services.referral_submit": 2,
    "cornerstone.referrals.services.referral_submit_complete": 2,
}
