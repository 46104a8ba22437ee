"""Searching the person index, a person's record, and deciding possible matches."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cornerstone.accounts.access import get_visible_or_403
from cornerstone.accounts.actor import request_actor
from cornerstone.accounts.decorators import acting
from cornerstone.audit.models import AccessKind
from cornerstone.audit.services import access_log_record
from cornerstone.people import matching, selectors, services
from cornerstone.people.forms import MatchDecisionForm, PersonSearchForm, UnmergeForm
from cornerstone.people.models import Decision, Person, PersonMerge
from cornerstone.people.permissions import INDEX_ROLES

SEARCH_RESULTS = 10


@dataclass(frozen=True)
class LinkedRecord:
    kind: str
    label: str
    url: str


def linked_records(person: Person) -> list[LinkedRecord]:
    """Records elsewhere in the service about this person (referrals, and later cases), found
    from the relations themselves so each part of the service shows up without being listed."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label == "people":
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model is Person:
                for record in model._default_manager.filter(**{field.name: person}).order_by("pk"):
                    url = record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
                    found.append(LinkedRecord(str(model._meta.verbose_name).capitalize(), str(record), url))
    return found


@acting(roles=INDEX_ROLES)
def search(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    # Reaching the queryset decides access before anything is read.
    visible = selectors.people_visible_to(actor)
    form = PersonSearchForm(request.GET or None)
    candidates = None
    if form.is_valid():
        found = matching.find_candidates(form.details(), limit=SEARCH_RESULTS)
        allowed = set(visible.filter(pk__in=[c.person.pk for c in found]).values_list("pk", flat=True))
        candidates = [c for c in found if c.person.pk in allowed]
        access_log_record(actor=actor, kind=AccessKind.SEARCH, description=form.describe(), path=request.path)
    return render(
        request, "people/search.html", {"form": form, "candidates": candidates, "searched": form.is_bound}
    )


@acting(roles=INDEX_ROLES)
def person(request: HttpRequest, reference: str) -> HttpResponse:
    actor = request_actor(request)
    record = get_visible_or_403(
        selectors.people_visible_to(actor).prefetch_related("names", "addresses", "identifiers"),
        reference=reference,
    )
    access_log_record(
        actor=actor, kind=AccessKind.VIEW, target=record, person_ref=record.reference or "", path=request.path
    )
    merges = PersonMerge.objects.filter(models.Q(source=record) | models.Q(target=record)).select_related(
        "source", "target", "merged_by", "undone_by"
    )
    return render(
        request,
        "people/person.html",
        {"person": record, "linked": linked_records(record), "merges": merges, "unmerge_form": UnmergeForm()},
    )


@acting(roles=INDEX_ROLES)
def reviews(request: HttpRequest) -> HttpResponse:
    proposals = list(selectors.proposals_to_review_for(request_actor(request))[:200])
    return render(request, "people/reviews.html", {"proposals": proposals})


@acting(roles=INDEX_ROLES)
def review(request: HttpRequest, proposal_id: int) -> HttpResponse:
    actor = request_actor(request)
    proposal = get_visible_or_403(selectors.proposals_to_review_for(actor), pk=proposal_id)
    form = MatchDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.match_decide(
                actor=actor,
                proposal=proposal,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _DECIDED[form.cleaned_data["decision"]])
            return redirect("people:reviews")
    pair = [
        Person.objects.prefetch_related("names", "addresses", "identifiers").get(pk=pk)
        for pk in (proposal.person_id, proposal.candidate_id)
    ]
    for record in pair:
        access_log_record(
            actor=actor,
            kind=AccessKind.VIEW,
            target=record,
            person_ref=record.reference or "",
            path=request.path,
        )
    return render(
        request,
        "people/review.html",
        {"proposal": proposal, "new": pair[0], "known": pair[1], "form": form},
    )


_DECIDED = {
    Decision.SAME: "Linked: the new record is now part of the record already known",
    Decision.DIFFERENT: "Recorded as different people. This pair will not be suggested again",
    Decision.NOT_SURE: "Kept to decide later",
}


@require_POST
@acting(roles=INDEX_ROLES)
def unmerge(request: HttpRequest, merge_id: int) -> HttpResponse:
    actor = request_actor(request)
    visible = selectors.people_visible_to(actor)
    merge = get_visible_or_403(PersonMerge.objects.filter(source__in=visible), pk=merge_id)
    form = UnmergeForm(request.POST)
    if form.is_valid():
        try:
            services.person_unmerge(actor=actor, merge=merge, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"Merge undone: {merge.source} and {merge.target} are separate records again"
            )
    else:
        messages.error(request, "Enter the reason for undoing this merge")
    return redirect("people:person", reference=merge.target.reference)
