"""Every write to the person index. Each checks its permission where a person acts, changes the
data and records one audit event, in one transaction. Nothing here merges automatically: a
merge happens only when a member of police Prevent staff decides two records are one person."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import User
from cornerstone.audit.services import audit_event_record
from cornerstone.people import matching, permissions
from cornerstone.people.models import (
    Decision,
    MatchBand,
    MatchDecision,
    MatchKey,
    MatchProposal,
    NameKind,
    Person,
    PersonAddress,
    PersonIdentifier,
    PersonMerge,
    PersonName,
    ProposalStatus,
    person_reference,
)
from cornerstone.people.types import PersonDetails

# Records that describe the index itself rather than belong to the person: a merge never moves
# them (it would rewrite the history of the decision it records).
_NOT_MOVED = {"people.matchproposal", "people.matchdecision", "people.personmerge", "people.person"}
# Proposals below this band are not worth a person's time: a weak candidate is shown in a search,
# never queued for review.
_PROPOSED_BANDS = (MatchBand.STRONG, MatchBand.POSSIBLE)


def person_create(*, actor: Actor, details: PersonDetails, source: str) -> Person:
    """Add a person to the index and queue the possible matches for a person to decide."""
    with transaction.atomic():
        today = timezone.localdate()
        person = Person.objects.create(
            date_of_birth=details.date_of_birth,
            approximate_age=details.approximate_age if details.date_of_birth is None else None,
            approximate_age_on=today
            if details.date_of_birth is None and details.approximate_age is not None
            else None,
            gender=details.gender,
            school_or_employer=details.school_or_employer.strip(),
        )
        person.reference = person_reference(person.pk)
        person.save(update_fields=["reference"])
        PersonName.objects.create(
            person=person,
            kind=NameKind.PRIMARY,
            given_names=details.given_names.strip(),
            family_name=details.family_name.strip(),
        )
        PersonName.objects.bulk_create(
            PersonName(
                person=person,
                kind=o.kind,
                given_names=o.given_names.strip(),
                family_name=o.family_name.strip(),
            )
            for o in details.other_names
            if o.given_names.strip() or o.family_name.strip()
        )
        if details.address_lines.strip() or details.postcode:
            PersonAddress.objects.create(
                person=person,
                lines=details.address_lines.strip(),
                postcode=details.postcode,
                date_from=details.address_from,
            )
        PersonIdentifier.objects.bulk_create(
            PersonIdentifier(person=person, kind=kind, value=value)
            for kind, value in details.identifiers
            if value
        )
        candidates = matching.find_candidates(details, exclude=person, today=today)
        MatchKey.objects.bulk_create(matching.key_rows(person, matching.details_keys(details)))
        proposals = MatchProposal.objects.bulk_create(
            MatchProposal(person=person, candidate=c.person, band=c.band, explanations=c.explanations())
            for c in candidates
            if c.band in _PROPOSED_BANDS
        )
        audit_event_record(
            actor=actor,
            action="person.create",
            target=person,
            person_ref=person.reference,
            changes={"source": source, "possible_matches": [str(p.candidate) for p in proposals]},
        )
    return person


def _user(actor: Actor) -> User:
    if actor.user is None:
        raise PermissionDenied("A decision about a person is made by a person, not by the system.")
    return actor.user


def _ordered(a: Person, b: Person) -> tuple[Person, Person]:
    return (a, b) if a.pk < b.pk else (b, a)


def match_decide(*, actor: Actor, proposal: MatchProposal, decision: str, reason: str) -> MatchDecision:
    """Record a person's decision on a proposed match. "Same" merges the new record into the one
    already known; "different" is remembered so the pair is not proposed again; "not sure" keeps
    the proposal open for later."""
    if not permissions.can_decide_matches(actor):
        raise PermissionDenied("Only police Prevent staff decide whether two records are one person.")
    if decision not in Decision.values:
        raise ValidationError({"decision": "Select whether these are the same person"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for your decision"})
    with transaction.atomic():
        proposal = MatchProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status == ProposalStatus.DECIDED:
            raise ValidationError("Someone has already decided this possible match")
        low, high = _ordered(proposal.person, proposal.candidate)
        recorded = MatchDecision.objects.create(
            person_low=low,
            person_high=high,
            decision=decision,
            reason=reason.strip(),
            decided_by=_user(actor),
        )
        proposal.status = ProposalStatus.NOT_SURE if decision == Decision.NOT_SURE else ProposalStatus.DECIDED
        proposal.save(update_fields=["status"])
        changes: dict[str, object] = {"candidate": str(proposal.candidate), "band": proposal.band}
        if decision == Decision.SAME:
            # One decision, one audit event: the merge it causes is recorded in the same event.
            merge = _merge(
                actor=actor,
                source=proposal.person,
                target=proposal.candidate,
                reason=reason.strip(),
                audit=False,
            )
            changes |= {"merged_into": str(merge.target), "records_moved": len(merge.moved)}
        audit_event_record(
            actor=actor,
            action=f"person.match_{decision}",
            target=proposal.person,
            person_ref=proposal.person.reference or "",
            reason=reason.strip(),
            changes=changes,
        )
    return recorded


def person_merge(*, actor: Actor, source: Person, target: Person, reason: str) -> PersonMerge:
    """Move every record about ``source`` to ``target``; ``source`` stays, marked as merged."""
    if not permissions.can_decide_matches(actor):
        raise PermissionDenied("Only police Prevent staff merge records.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for merging these records"})
    with transaction.atomic():
        return _merge(actor=actor, source=source, target=target, reason=reason.strip())


def _person_foreign_keys() -> list[tuple[type[models.Model], str]]:
    """Every (model, field) that points at a Person, in every installed app, so that records
    added by later parts of the service (cases, reviews) move with a merge too."""
    found = []
    for model in apps.get_models():
        if model._meta.label_lower in _NOT_MOVED:
            continue
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.ForeignKey) and model_field.related_model is Person:
                found.append((model, model_field.name))
    return found


def _merge(*, actor: Actor, source: Person, target: Person, reason: str, audit: bool = True) -> PersonMerge:
    source, target = (Person.objects.select_for_update().get(pk=p.pk) for p in (source, target))
    if source.pk == target.pk:
        raise ValidationError("A record cannot be merged into itself")
    if source.merged_into_id is not None or target.merged_into_id is not None:
        raise ValidationError("One of these records has already been merged into another")
    moved: list[list[object]] = []
    for model, field_name in _person_foreign_keys():
        rows = model._default_manager.filter(**{field_name: source})
        pks = list(rows.values_list("pk", flat=True))
        if pks:
            model._default_manager.filter(pk__in=pks).update(**{field_name: target})
            moved += [[model._meta.label_lower, pk, field_name] for pk in pks]
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    merge = PersonMerge.objects.create(
        source=source, target=target, moved=moved, reason=reason, merged_by=_user(actor)
    )
    if not audit:
        return merge
    audit_event_record(
        actor=actor,
        action="person.merge",
        target=target,
        person_ref=target.reference or "",
        reason=reason,
        changes={"merged": str(source), "into": str(target), "records_moved": len(moved)},
    )
    return merge


def person_unmerge(*, actor: Actor, merge: PersonMerge, reason: str) -> PersonMerge:
    """Undo a merge: every record it moved goes back to the person it came from."""
    if not permissions.can_decide_matches(actor):
        raise PermissionDenied("Only police Prevent staff undo a merge.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for undoing this merge"})
    with transaction.atomic():
        merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
        if merge.undone_at is not None:
            raise ValidationError("This merge has already been undone")
        for label, pk, field_name in merge.moved:
            model = apps.get_model(str(label))
            model._default_manager.filter(pk=pk).update(**{str(field_name): merge.source_id})
        Person.objects.filter(pk=merge.source_id).update(merged_into=None)
        merge.undone_at = timezone.now()
        merge.undone_by = actor.user
        merge.undo_reason = reason.strip()
        merge.save(update_fields=["undone_at", "undone_by", "undo_reason"])
        # The pair was judged to be different after all: remember it.
        low, high = _ordered(merge.source, merge.target)
        MatchDecision.objects.create(
            person_low=low,
            person_high=high,
            decision=Decision.DIFFERENT,
            reason=reason.strip(),
            decided_by=_user(actor),
        )
        audit_event_record(
            actor=actor,
            action="person.unmerge",
            target=merge.source,
            person_ref=merge.source.reference or "",
            reason=reason.strip(),
            changes={"separated_from": str(merge.target), "records_returned": len(merge.moved)},
        )
    return merge
