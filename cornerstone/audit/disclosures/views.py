"""Pages of the onward-disclosure register: the data protection officer's register (with its
CSV export), the list and forms of information sharing agreements, and the "record information
shared outside the partnership" form reached from a case page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cornerstone.accounts.access import get_visible_or_403
from cornerstone.accounts.actor import Actor, request_actor
from cornerstone.accounts.decorators import acting
from cornerstone.accounts.models import Organisation
from cornerstone.accounts.roles import Role
from cornerstone.audit.disclosures import selectors, services
from cornerstone.audit.disclosures.forms import AgreementForm, DisclosureForm, RegisterFilterForm
from cornerstone.audit.disclosures.permissions import (
    AGREEMENT_KEEPERS,
    DISCLOSING_ROLES,
    REGISTER_READERS,
    can_edit_agreement,
)
from cornerstone.audit.models import AccessKind, InformationSharingAgreement, OnwardDisclosure
from cornerstone.audit.services import access_log_record
from cornerstone.govuk.exports import Cell, csv_response
from cornerstone.govuk.form_errors import add_service_errors
from cornerstone.govuk.pagination import pagination_context
from cornerstone.referrals.models import Referral

PAGE_SIZE = 50
CLASSIFICATION = "OFFICIAL-SENSITIVE"
EXPORT_HEADERS = (
    "Date shared",
    "Referral",
    "Person reference",
    "Recipient organisation",
    "Recipient contact",
    "Lawful basis",
    "Information sharing agreement",
    "Why no agreement",
    "What was shared",
    "Which records",
    "Who decided",
    "Why",
    "Recorded by",
    "Recorded at",
)


# The register ---------------------------------------------------------------------------------


def _register_rows(
    actor: Actor, request: HttpRequest
) -> tuple[RegisterFilterForm, QuerySet[OnwardDisclosure] | None]:
    form = RegisterFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return form, None
    criteria = form.criteria() if request.GET else {}
    return form, selectors.disclosures_filtered(selectors.disclosures_visible_to(actor), **criteria)


@acting(roles=sorted(REGISTER_READERS))
def register(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form, disclosures = _register_rows(actor, request)
    context: dict[str, Any] = {"form": form, "export_query": request.GET.urlencode()}
    if disclosures is None:
        return render(request, "audit/disclosures/register.html", context, status=400)
    # Reading the register is a consultation of records about people: logged before reading.
    access_log_record(
        actor=actor,
        kind=AccessKind.SEARCH,
        description=form.describe() if form.is_bound else "Viewed the onward-disclosure register",
        path=request.get_full_path(),
    )
    page = Paginator(disclosures.select_related("referral__person"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context.update(shown=True, disclosures=page.object_list, **pagination_context(page, request.GET))
    return render(request, "audit/disclosures/register.html", context)


def _export_row(disclosure: OnwardDisclosure) -> list[Cell]:
    return [
        disclosure.disclosed_on,
        disclosure.referral.reference or "",
        disclosure.referral.person_ref,
        disclosure.recipient_organisation,
        disclosure.recipient_contact,
        disclosure.get_lawful_basis_display(),
        disclosure.agreement.reference if disclosure.agreement else "",
        disclosure.no_agreement_reason,
        disclosure.shared_description,
        disclosure.shared_records,
        disclosure.decided_by,
        disclosure.reason,
        disclosure.recorded_by_label,
        timezone.localtime(disclosure.recorded_at),
    ]


@acting(roles=sorted(REGISTER_READERS))
def register_export(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form, disclosures = _register_rows(actor, request)
    if disclosures is None:
        return render(
            request,
            "audit/disclosures/register.html",
            {"form": form, "export_query": request.GET.urlencode()},
            status=400,
        )
    description = (form.describe() if form.is_bound else "Viewed the onward-disclosure register").replace(
        "Viewed", "Exported", 1
    )
    access_log_record(
        actor=actor, kind=AccessKind.EXPORT, description=description, path=request.get_full_path()
    )
    rows = [_export_row(d) for d in disclosures.select_related("referral__person").iterator(chunk_size=500)]
    stamp = timezone.localdate().isoformat()
    return csv_response(f"onward-disclosures-{stamp}", EXPORT_HEADERS, rows, classification=CLASSIFICATION)


# Information sharing agreements ------------------------------------------------------------------


@acting(roles=sorted(AGREEMENT_KEEPERS))
def agreements(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    rows = [
        {"agreement": agreement, "can_edit": can_edit_agreement(actor, agreement)}
        for agreement in selectors.sharing_agreements_visible_to(actor)
    ]
    return render(
        request,
        "audit/disclosures/agreements.html",
        {"rows": rows, "today": timezone.localdate()},
    )


def _organisation_choices(agreement: InformationSharingAgreement | None) -> QuerySet[Organisation]:
    chosen = Q(pk__in=agreement.organisations.values("pk")) if agreement is not None else Q(pk__in=[])
    return Organisation.objects.filter(Q(is_active=True) | chosen).order_by("name")


@acting(roles=sorted(AGREEMENT_KEEPERS))
def agreement_form(request: HttpRequest, agreement_id: int | None = None) -> HttpResponse:
    actor = request_actor(request)
    agreement = None
    if agreement_id is not None:
        agreement = get_visible_or_403(selectors.sharing_agreements_visible_to(actor), pk=agreement_id)
        if not can_edit_agreement(actor, agreement):
            raise PermissionDenied
    initial: dict[str, Any] = {"is_active": True}
    if agreement is not None:
        initial = AgreementForm.initial_for(agreement)
    elif actor.role == Role.DATA_PROTECTION_OFFICER and actor.organisation is not None:
        initial["organisations"] = [actor.organisation]
    form = AgreementForm(
        request.POST or None, initial=initial, organisations=_organisation_choices(agreement)
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            if agreement is None:
                saved = services.sharing_agreement_create(actor=actor, details=form.details())
                messages.success(request, f"Information sharing agreement {saved.reference} added")
            else:
                saved = services.sharing_agreement_update(
                    actor=actor, agreement_id=agreement.pk, details=form.details()
                )
                messages.success(request, f"Information sharing agreement {saved.reference} saved")
        except ValidationError as error:
            add_service_errors(form, error)
            status = 400
        else:
            return redirect("disclosures:agreements")
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "audit/disclosures/agreement_form.html",
        {"form": form, "agreement": agreement},
        status=status,
    )


# Recording a disclosure ----------------------------------------------------------------------------


def case_page_url_name(actor: Actor) -> str:
    """Where the actor holds the case: the Channel case page or the screening case page."""
    return "channel:case" if actor.role == Role.CHANNEL_COORDINATOR else "referrals:detail"


@acting(roles=sorted(DISCLOSING_ROLES))
def record(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = request_actor(request)
    referral: Referral = get_visible_or_403(selectors.disclosable_referrals_for(actor), pk=referral_id)
    agreements_usable = selectors.sharing_agreements_usable_by(actor)
    initial = {"decided_by": actor.user.full_name if actor.user is not None else ""}
    form = DisclosureForm(request.POST or None, initial=initial, agreements=agreements_usable)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.onward_disclosure_record(actor=actor, referral_id=referral.pk, details=form.details())
        except ValidationError as error:
            add_service_errors(form, error)
            status = 400
        else:
            messages.success(
                request,
                f"Disclosure to {form.cleaned_data['recipient_organisation'].strip()} recorded: "
                "it is on the person's timeline",
            )
            return redirect(case_page_url_name(actor), referral.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "audit/disclosures/record.html",
        {
            "form": form,
            "referral": referral,
            "back_url_name": case_page_url_name(actor),
            "has_agreements": agreements_usable.exists(),
        },
        status=status,
    )
