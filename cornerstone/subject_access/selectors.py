"""Every scoped read of subject access requests."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from cornerstone.accounts.actor import Actor
from cornerstone.people.models import Person
from cornerstone.subject_access.models import OPEN_STATUSES, SubjectAccessRequest
from cornerstone.subject_access.permissions import can_handle_requests


def subject_access_requests_visible_to(actor: Actor) -> QuerySet[SubjectAccessRequest]:
    """The requests of the data protection officer's own organisation, oldest due first."""
    if not can_handle_requests(actor) or actor.organisation is None:
        return SubjectAccessRequest.objects.none()
    return (
        SubjectAccessRequest.objects.filter(organisation_id=actor.organisation.pk)
        .select_related("person")
        .order_by("due_on", "id")
    )


def is_overdue(request: SubjectAccessRequest, today: dt.date) -> bool:
    return request.status in OPEN_STATUSES and request.current_due_on < today


def person_for_reference(reference: str) -> Person | None:
    """The person in the index with this reference; a merged record leads to the one it was
    merged into, which holds everything now."""
    person = Person.objects.filter(reference__iexact=reference.strip()).first()
    seen = set()
    while person is not None and person.merged_into_id is not None and person.pk not in seen:
        seen.add(person.pk)
        person = person.merged_into
    return person
