"""Subject access requests for the tests and the shared matrices, made through the services by
the demo data protection officer."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld
from cornerstone.people.models import Person
from cornerstone.people.services import person_create
from cornerstone.people.types import PersonDetails
from cornerstone.subject_access import services
from cornerstone.subject_access.models import RedactionReason, RequesterKind, SubjectAccessRequest

_names = itertools.count(1)


def dpo(world: DemoWorld) -> Actor:
    return Actor.for_membership(world.memberships_by_role[Role.DATA_PROTECTION_OFFICER])


def person(given: str = "Robin", family: str = "Ashdown") -> Person:
    details = PersonDetails(given, family, date_of_birth=dt.date(2009, 4, 12), postcode="WA2 7AB")
    return person_create(actor=Actor.system("tests"), details=details, source="tests")


def details(reference: str, **overrides: Any) -> services.RequestDetails:
    values: dict[str, Any] = {
        "person_reference": reference,
        "requester_kind": RequesterKind.SUBJECT,
        "requester_name": "Robin Ashdown",
        "requester_contact": "12 Mersey Road, Warrington WA2 7AB",
        "identity_verified_how": "Passport seen in person",
        "received_on": timezone.localdate() - dt.timedelta(days=3),
    }
    values.update(overrides)
    return services.RequestDetails(**values)


def received(world: DemoWorld, subject: Person | None = None, **overrides: Any) -> SubjectAccessRequest:
    subject = subject or person(family=f"Ashdown{next(_names)}")
    return services.subject_access_request_create(
        actor=dpo(world), details=details(subject.reference or "", **overrides)
    )


def in_redaction(world: DemoWorld, subject: Person | None = None) -> SubjectAccessRequest:
    request = received(world, subject)
    services.subject_access_request_start(actor=dpo(world), request_id=request.pk)
    return services.subject_access_bundle_gather(actor=dpo(world), request_id=request.pk)


def confirmed(world: DemoWorld, subject: Person | None = None) -> SubjectAccessRequest:
    request = in_redaction(world, subject)
    first = request.bundle["sections"][0]["items"][0]  # type: ignore[index]
    services.redaction_add(
        actor=dpo(world),
        request_id=request.pk,
        item_id=first["id"],
        field=first["fields"][-1]["name"],
        reason=RedactionReason.THIRD_PARTY,
        note="Names a neighbour",
    )
    return services.redaction_confirm(actor=dpo(world), request_id=request.pk)


def shared(world: DemoWorld, kind: str) -> SubjectAccessRequest:
    """One request per stage per database, for the matrix (which visits pages many times)."""
    marker = f"matrix-{kind}"
    existing = SubjectAccessRequest.objects.filter(requester_name=marker).first()
    if existing is not None:
        return existing
    request = {"redaction": in_redaction, "confirmed": confirmed}[kind](world)
    SubjectAccessRequest.objects.filter(pk=request.pk).update(requester_name=marker)
    request.refresh_from_db()
    return request
