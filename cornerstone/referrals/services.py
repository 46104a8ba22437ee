"""Every write to referrals: starting and answering a draft, attachments, submission, receipt,
and deleting abandoned drafts. Each runs in one transaction, locks the row it changes and
writes exactly one audit event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.audit.services import audit_event_record
from cornerstone.govuk.uploads import UploadRejected
from cornerstone.notifications.services import notify
from cornerstone.people.services import person_create
from cornerstone.people.types import OtherName, PersonDetails
from cornerstone.referrals import permissions, steps
from cornerstone.referrals.attachments import check_upload
from cornerstone.referrals.forms import NOT_SURE, IdentifiersForm, OtherNamesForm, StepForm
from cornerstone.referrals.models import (
    ConcernTaxonomy,
    ConcernType,
    ReferenceCounter,
    Referral,
    ReferralAttachment,
)
from cornerstone.referrals.routing import route_for, screening_staff_of
from cornerstone.referrals.transitions import referral_transition, timeline_add
from cornerstone.referrals.workflow import Status, next_status

PERSON_SOURCE = "referral"


class IncompleteReferral(ValidationError):
    """Some pages of the referral are not answered, or their answers no longer pass."""


class NoRoute(ValidationError):
    """No active counter-terrorism policing unit or police force covers the person's area."""


def _locked_draft(actor: Actor, referral_id: int) -> Referral:
    referral = Referral.objects.select_for_update().filter(pk=referral_id).first()
    if referral is None or not permissions.can_edit_draft(actor, referral):
        raise PermissionDenied
    return referral


def referral_start(*, actor: Actor, on_behalf: bool = False) -> Referral:
    """A new draft, made under the current type-of-concern taxonomy."""
    if not permissions.can_start_referral(actor) or actor.user is None or actor.membership is None:
        raise PermissionDenied
    if on_behalf and not permissions.can_record_on_behalf(actor):
        raise PermissionDenied
    with transaction.atomic():
        referral = Referral.objects.create(
            created_by=actor.user,
            created_by_membership=actor.membership,
            organisation=actor.membership.organisation,
            on_behalf=on_behalf,
            taxonomy=ConcernTaxonomy.objects.get(is_current=True),
        )
        audit_event_record(
            actor=actor, action="referral.draft_started", target=referral, changes={"on_behalf": on_behalf}
        )
        # Every draft will be deleted if abandoned: make sure a cleanup is queued.
        transaction.on_commit(_schedule_draft_cleanup, robust=True)
    return referral


def _schedule_draft_cleanup() -> None:
    from cornerstone.referrals.tasks import schedule_draft_cleanup

    schedule_draft_cleanup()


def referral_answer_save(*, actor: Actor, referral_id: int, slug: str, raw: dict[str, list[str]]) -> Referral:
    """Keep one page's answers on a draft, if they pass that page's form; raises
    ``ValidationError`` with the form's errors otherwise (nothing is kept)."""
    step = steps.STEPS_BY_SLUG.get(slug)
    if step is None:
        raise ValidationError("Unknown page")
    with transaction.atomic():
        referral = _locked_draft(actor, referral_id)
        if not step.applies(referral):
            raise ValidationError("That question is not part of this referral")
        form = steps.post_form(referral, step, raw)
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())  # type: ignore[arg-type]
        referral.answers = {**referral.answers, slug: raw}
        _copy_answer_columns(referral, slug, form.cleaned_data)
        referral.updated_at = timezone.now()
        referral.save()
        audit_event_record(
            actor=actor, action="referral.answers_saved", target=referral, changes={"page": slug}
        )
    return referral


def _copy_answer_columns(referral: Referral, slug: str, data: dict[str, Any]) -> None:
    if slug == "address":
        referral.local_authority = data.get("local_authority")
    elif slug in ("about-you", "how-received"):
        referral.sector = data.get("sector")
    elif slug == "concern-type":
        value = data.get("concern_type")
        referral.concern_type = (
            None
            if value in (None, "", NOT_SURE)
            else ConcernType.objects.filter(pk=value, taxonomy=referral.taxonomy).first()
        )


def referral_attachment_add(*, actor: Actor, referral_id: int, upload: UploadedFile) -> ReferralAttachment:
    """Keep an uploaded file on a draft, after checking its type (by name and content) and size."""
    try:
        checked = check_upload(upload, max_bytes=settings.CORNERSTONE_REFERRAL_ATTACHMENT_MAX_BYTES)
    except UploadRejected as error:
        raise ValidationError({"file": [str(error)]}) from None
    if actor.user is None:
        raise PermissionDenied
    with transaction.atomic():
        referral = _locked_draft(actor, referral_id)
        upload.seek(0)
        attachment = ReferralAttachment(
            referral=referral,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=actor.user,
        )
        attachment.file.save("upload", upload, save=False)
        try:
            attachment.save()
            referral.updated_at = timezone.now()
            referral.save(update_fields=["updated_at"])
            audit_event_record(
                actor=actor,
                action="referral.attachment_added",
                target=referral,
                changes={"attachment": attachment.pk, "size": checked.size, "type": checked.content_type},
            )
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment


def referral_attachment_remove(*, actor: Actor, attachment_id: int) -> None:
    with transaction.atomic():
        attachment = ReferralAttachment.objects.filter(pk=attachment_id).first()
        if attachment is None:
            raise PermissionDenied
        referral = _locked_draft(actor, attachment.referral_id)
        name = str(attachment.file.name)
        attachment.delete()
        referral.updated_at = timezone.now()
        referral.save(update_fields=["updated_at"])
        audit_event_record(
            actor=actor,
            action="referral.attachment_removed",
            target=referral,
            changes={"attachment": attachment_id},
        )
        storage = ReferralAttachment._meta.get_field("file").storage  # type: ignore[attr-defined]
        transaction.on_commit(lambda: storage.delete(name))


def _next_reference(year: int) -> str:
    """The next number of the year. The single UPDATE takes the counter row's lock until the
    submitting transaction ends, so concurrent submissions wait and never share a number."""
    updated = ReferenceCounter.objects.filter(year=year).update(last_number=F("last_number") + 1)
    if not updated:
        try:
            with transaction.atomic():
                ReferenceCounter.objects.create(year=year, last_number=1)
        except IntegrityError:
            # Another submission created the year's row first: take the next number after it.
            ReferenceCounter.objects.filter(year=year).update(last_number=F("last_number") + 1)
    number = ReferenceCounter.objects.get(year=year).last_number
    return f"PRV-{year}-{number:06d}"


def _person_details(forms_by_slug: dict[str, StepForm | None]) -> PersonDetails:
    """What the person index is told about the person referred, from the validated pages."""

    def page(slug: str) -> dict[str, Any]:
        form = forms_by_slug.get(slug)
        return form.cleaned_data if form is not None and form.is_valid() else {}

    other_form = forms_by_slug.get("other-names")
    other_names: tuple[OtherName, ...] = ()
    if isinstance(other_form, OtherNamesForm) and other_form.is_valid():
        other_names = tuple(
            OtherName(kind=kind, given_names=given, family_name=family)
            for kind, given, family in other_form.other_names()
        )
    identifiers_form = forms_by_slug.get("identifiers")
    identifiers: tuple[tuple[str, str], ...] = ()
    if isinstance(identifiers_form, IdentifiersForm) and identifiers_form.is_valid():
        identifiers = tuple(identifiers_form.identifiers())
    name, born, address = page("name"), page("date-of-birth"), page("address")
    return PersonDetails(
        given_names=name.get("given_names", ""),
        family_name=name.get("family_name", ""),
        other_names=other_names,
        date_of_birth=born.get("date_of_birth"),
        approximate_age=born.get("approximate_age"),
        gender=page("gender").get("gender", ""),
        address_lines=address.get("address_lines", ""),
        postcode=address.get("postcode", ""),
        address_from=address.get("address_from"),
        school_or_employer=page("school-or-employer").get("school_or_employer", ""),
        identifiers=identifiers,
    )


@dataclass(frozen=True)
class Submission:
    referral: Referral
    # False when the referral had already been submitted (a double click, a retry).
    newly_submitted: bool


def _submit(
    actor: Actor, referral: Referral, forms_by_slug: dict[str, StepForm | None], when: dt.datetime
) -> None:
    """Route a complete referral, number it, link the person and tell the screening team: the
    same for a referral typed into the form and one sent whole through the API."""
    assert referral.local_authority is not None  # the address page requires it  # noqa: S101
    routed_to = route_for(referral.local_authority)
    if routed_to is None:
        # Nobody would see it: keep the draft, and tell the referrer who to contact instead.
        raise NoRoute(
            f"Referrals about people living in {referral.local_authority.name} cannot be sent "
            "through Cornerstone yet. Your draft is kept. Call 101 and ask for the Prevent team, "
            "or call 999 if anyone is in immediate danger."
        )
    referral.status = next_status(referral.status, "submit")
    referral.reference = _next_reference(timezone.localtime(when).year)
    referral.submitted_at = when
    referral.arrived_at = when
    referral.updated_at = when
    referral.routed_to = routed_to
    referral.person = person_create(actor=actor, details=_person_details(forms_by_slug), source=PERSON_SOURCE)
    referral.save()
    audit_event_record(
        actor=actor,
        action="referral.submitted",
        target=referral,
        person_ref=str(referral.person),
        changes={
            "reference": referral.reference,
            "routed_to": routed_to.pk if routed_to else None,
            "taxonomy": referral.taxonomy.version,
        },
    )
    timeline_add(
        actor=actor,
        referral=referral,
        kind="submit",
        title="Referral submitted" + (" on the person's behalf" if referral.on_behalf else ""),
        detail=f"From {referral.organisation.name}",
    )
    notify(
        recipients=screening_staff_of(routed_to),
        kind="referral_arrived",
        reference=referral.reference,
        path=reverse("referrals:queue"),
    )


def referral_submit(*, actor: Actor, referral_id: int, now: dt.datetime | None = None) -> Submission:
    """Submit a draft: exactly once, however many times it is asked.

    The draft row is locked first, so a second request waits for the first to commit and then
    finds it already submitted, and gets the same referral back."""
    with transaction.atomic():
        if connection.vendor == "sqlite":
            # SQLite ignores FOR UPDATE: writing first takes the database's write lock before
            # the status is read, so a second request waits here instead of failing later.
            Referral.objects.filter(pk=referral_id).update(updated_at=F("updated_at"))
        referral = Referral.objects.select_for_update().filter(pk=referral_id).first()
        if referral is None or actor.user is None or referral.created_by_id != actor.user.pk:
            raise PermissionDenied
        if referral.status != Status.DRAFT:
            return Submission(referral, newly_submitted=False)
        if not permissions.can_edit_draft(actor, referral):
            raise PermissionDenied
        forms_by_slug = steps.validated_forms(referral)
        missing = steps.incomplete_steps(referral, forms_by_slug)
        if missing:
            raise IncompleteReferral([f"Answer the questions on '{step.title}'" for step in missing])
        _submit(actor, referral, forms_by_slug, now or timezone.now())
    return Submission(referral, newly_submitted=True)


class InvalidAnswers(ValidationError):
    """Answers to a whole referral that do not pass its pages: ``page_errors`` holds each page's
    form errors by field (``"__all__"`` for a page not answered at all)."""

    def __init__(self, page_errors: dict[str, dict[str, list[str]]]) -> None:
        self.page_errors = page_errors
        super().__init__([f"Correct the answers on '{slug}'" for slug in page_errors])


def referral_submit_complete(
    *, actor: Actor, answers: dict[str, dict[str, list[str]]], now: dt.datetime | None = None
) -> Referral:
    """A whole referral given at once by a partner's own case system: every page is checked by
    the same form as on screen, and the referral is submitted in the same transaction. Nothing
    is kept if any page fails (``InvalidAnswers`` lists every error, not only the first)."""
    if not permissions.can_start_referral(actor) or actor.user is None or actor.membership is None:
        raise PermissionDenied
    with transaction.atomic():
        referral = Referral(
            created_by=actor.user,
            created_by_membership=actor.membership,
            organisation=actor.membership.organisation,
            taxonomy=ConcernTaxonomy.objects.get(is_current=True),
            answers=dict(answers),
        )
        pages = steps.steps_for(referral)
        forms_by_slug = steps.validated_forms(referral)
        page_errors: dict[str, dict[str, list[str]]] = {}
        for step in pages:
            form = forms_by_slug.get(step.slug)
            if form is None:
                page_errors[step.slug] = {"__all__": [f"Answer the questions on '{step.title}'"]}
            elif not form.is_valid():
                page_errors[step.slug] = {
                    name: [str(message) for message in messages] for name, messages in form.errors.items()
                }
        for slug in set(answers) - {step.slug for step in pages}:
            page_errors[slug] = {"__all__": ["That question is not part of this referral"]}
        if page_errors:
            raise InvalidAnswers(page_errors)
        for slug, form in forms_by_slug.items():
            assert form is not None  # every page was answered  # noqa: S101
            _copy_answer_columns(referral, slug, form.cleaned_data)
        referral.save()
        _submit(actor, referral, forms_by_slug, now or timezone.now())
    return referral


def referral_receipt_record(*, actor: Actor, referral_id: int) -> Referral:
    """Police Prevent staff of the receiving unit record that they have the referral: it moves
    from submitted to being screened."""
    return referral_transition(
        actor=actor,
        referral_id=referral_id,
        action="record_receipt",
        record=lambda referral: _stamp_receipt(referral),
        timeline_title="Receipt recorded",
    )


def _stamp_receipt(referral: Referral) -> None:
    referral.receipt_recorded_at = timezone.now()
    referral.save(update_fields=["receipt_recorded_at"])


def referral_close(*, actor: Actor, referral_id: int, reason: str, seen_status: str = "") -> Referral:
    """Close a case police have been managing outside Channel, with the reason."""
    if not reason.strip():
        raise ValidationError({"reason": ["Enter why the case is being closed"]})
    return referral_transition(
        actor=actor,
        seen_status=seen_status,
        referral_id=referral_id,
        action="close",
        reason=reason,
        timeline_title="Police-managed case closed",
        timeline_detail=reason.strip(),
    )


def referral_draft_delete(*, actor: Actor, referral_id: int, reason: str = "") -> None:
    """Delete a draft with its attachments: by its writer, or by the system once abandoned."""
    with transaction.atomic():
        referral = Referral.objects.select_for_update().filter(pk=referral_id, status=Status.DRAFT).first()
        if referral is None:
            raise PermissionDenied
        if actor.user is not None and not permissions.can_edit_draft(actor, referral):
            raise PermissionDenied
        names = [str(attachment.file.name) for attachment in referral.attachments.all()]
        storage = ReferralAttachment._meta.get_field("file").storage  # type: ignore[attr-defined]
        audit_event_record(
            actor=actor,
            action="referral.draft_deleted",
            target=referral,
            reason=reason,
            changes={"attachments": len(names), "last_changed": referral.updated_at.isoformat()},
        )
        referral.delete()

        def remove_files() -> None:
            for name in names:
                storage.delete(name)

        transaction.on_commit(remove_files)


def drafts_abandoned_delete(*, now: dt.datetime | None = None) -> int:
    """Delete every draft nobody has changed for the configured number of days (30)."""
    days = settings.CORNERSTONE_REFERRAL_DRAFT_DAYS
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    actor = Actor.system("delete_abandoned_drafts")
    stale = list(
        Referral.objects.filter(status=Status.DRAFT, updated_at__lt=cutoff).values_list("pk", flat=True)
    )
    deleted = 0
    for referral_id in stale:
        with transaction.atomic():
            # Changed since the list was made? Then it is no longer abandoned.
            if not Referral.objects.filter(
                pk=referral_id, status=Status.DRAFT, updated_at__lt=cutoff
            ).exists():
                continue
            referral_draft_delete(
                actor=actor, referral_id=referral_id, reason=f"Draft not changed for {days} days"
            )
            deleted += 1
    return deleted
