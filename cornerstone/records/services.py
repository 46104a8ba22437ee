"""Every write of retention: rules, the list of what is due, the reviewer's decisions, erasure."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.audit.services import audit_event_record
from cornerstone.people.models import Person
from cornerstone.records import erasure as erasing
from cornerstone.records.models import (
    DeletionCertificate,
    ErasedReferral,
    RetentionReview,
    RetentionRule,
    ReviewState,
)
from cornerstone.records.permissions import can_manage_retention
from cornerstone.records.selectors import people_due


def _require(actor: Actor) -> None:
    if not can_manage_retention(actor):
        raise PermissionDenied("Only a data protection officer or system administrator can do this.")


def retention_rule_update(*, actor: Actor, rule_id: int, years: int) -> RetentionRule:
    _require(actor)
    if not 1 <= years <= 100:
        raise ValidationError("Enter a number of years between 1 and 100")
    with transaction.atomic():
        rule = RetentionRule.objects.select_for_update().get(pk=rule_id)
        before = rule.years
        rule.years = years
        rule.updated_at = timezone.now()
        rule.updated_by = actor.user
        rule.save(update_fields=["years", "updated_at", "updated_by"])
        audit_event_record(
            actor=actor, action="retention_rule.update", target=rule, changes={"years": [before, years]}
        )
    return rule


def retention_reviews_list_due(*, actor: Actor, today: dt.date | None = None) -> list[RetentionReview]:
    """Open a pending review for every person now due (the nightly task and the command)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        created = [
            RetentionReview.objects.create(
                person=person, person_reference=person.reference or "", due_on=due_on, referral_count=count
            )
            for person, due_on, count in people_due(today=today)
        ]
        audit_event_record(
            actor=actor,
            action="retention_review.list_due",
            changes={"on": today.isoformat(), "opened": len(created)},
        )
    return created


def _pending(review_id: int) -> RetentionReview:
    review = RetentionReview.objects.select_for_update().get(pk=review_id)
    if review.state != ReviewState.PENDING:
        raise ValidationError("This review has already been decided")
    return review


def retention_review_keep(
    *, actor: Actor, review_id: int, reason: str, review_again_on: dt.date
) -> RetentionReview:
    """Keep the person's records longer, with the reason, until a new review date."""
    _require(actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError("Enter why the records must be kept longer")
    if review_again_on <= timezone.localdate():
        raise ValidationError("The date to review again must be in the future")
    with transaction.atomic():
        review = _pending(review_id)
        review.state = ReviewState.KEPT
        review.keep_reason = reason
        review.review_again_on = review_again_on
        review.decided_by = actor.user
        review.decided_at = timezone.now()
        review.save()
        audit_event_record(
            actor=actor,
            action="retention_review.keep",
            target=review,
            person_ref=review.person_reference,
            reason=reason,
            changes={"review_again_on": review_again_on.isoformat()},
        )
    return review


def retention_review_confirm(*, actor: Actor, review_id: int) -> DeletionCertificate:
    """Erase the person's records (keeping anonymised statistical stubs) and issue a
    deletion certificate. All or nothing; files go after the commit."""
    _require(actor)
    user = actor.user
    if user is None:  # _require refuses system actors; narrows the type
        raise PermissionDenied
    with transaction.atomic():
        review = _pending(review_id)
        if review.person_id is None:
            raise ValidationError("This person is no longer in the index")
        person = Person.objects.select_for_update().get(pk=review.person_id)
        people = erasing.identities(person)
        needles = [
            value
            for record in people
            for value in (
                *(n.given_names for n in record.names.all()),
                *(n.family_name for n in record.names.all()),
                *(i.value for i in record.identifiers.all()),
            )
        ]
        references = [record.reference for record in people if record.reference]
        in_logs = erasing.log_rows_mentioning(references, needles)
        done = erasing.erase(person)
        removed = {**dict(done.removed), **{f"{k} (free text emptied)": v for k, v in done.blanked.items()}}
        certificate = DeletionCertificate.objects.create(
            number="",
            confirmed_by=user,
            confirmed_by_label=actor.label,
            former_reference=review.person_reference,
            removed={**dict(sorted(removed.items())), "Log rows holding the person's details": in_logs},
            stubs_kept=done.stubs,
            files_removed=len(done.files),
        )
        certificate.number = f"DC-{certificate.issued_at:%Y}-{certificate.pk:06d}"
        certificate.save(update_fields=["number"])
        ErasedReferral.objects.bulk_create(
            ErasedReferral(referral_id=referral_id, certificate=certificate)
            for referral_id in done.stub_referral_ids
        )
        review.refresh_from_db()
        review.state = ReviewState.DELETED
        review.certificate = certificate
        review.decided_by = actor.user
        review.decided_at = timezone.now()
        review.save()
        audit_event_record(
            actor=actor,
            action="retention_review.confirm_deletion",
            target=certificate,
            person_ref=review.person_reference,
            changes={"stubs_kept": done.stubs, "files_removed": len(done.files)},
        )
    return certificate
