"""The directory's pages. Views parse and render; services write; selectors decide what is seen."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cornerstone.accounts.access import get_visible_or_403
from cornerstone.accounts.actor import Actor, request_actor
from cornerstone.accounts.decorators import acting
from cornerstone.accounts.models import Organisation
from cornerstone.accounts.roles import OrganisationType, Role
from cornerstone.geography.models import LocalAuthority
from cornerstone.govuk.form_errors import add_service_errors
from cornerstone.govuk.pagination import pagination_context
from cornerstone.partners import selectors, services
from cornerstone.partners.forms import ProviderForm, ServiceForm, ServiceSearchForm, WithdrawForm
from cornerstone.partners.models import InterventionProvider, PartnerService
from cornerstone.partners.permissions import DIRECTORY_EDITORS, DIRECTORY_READERS, can_edit_directory

PAGE_SIZE = 20


def _with_areas(services_qs: QuerySet[PartnerService]) -> QuerySet[PartnerService]:
    return services_qs.prefetch_related(
        Prefetch("local_authorities", queryset=LocalAuthority.objects.order_by("name"))
    )


def _area_choices(actor: Actor, *also: QuerySet[LocalAuthority]) -> QuerySet[LocalAuthority]:
    """A coordinator chooses from their own organisation's area (and any area the entry already
    has); a system administrator from every local authority."""
    if actor.role == Role.SYSTEM_ADMINISTRATOR:
        return LocalAuthority.objects.order_by("name")
    ids = set(selectors.actor_local_authorities(actor).values_list("pk", flat=True))
    for extra in also:
        ids |= set(extra.values_list("pk", flat=True))
    return LocalAuthority.objects.filter(pk__in=ids).order_by("name")


# The directory -----------------------------------------------------------------------------


@acting(roles=DIRECTORY_READERS)
def service_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    editor = can_edit_directory(actor)
    form = ServiceSearchForm(
        request.GET or None,
        types=selectors.service_types(),
        areas=selectors.directory_areas_for(actor),
        editor=editor,
    )
    visible = selectors.current_services_visible_to(actor)
    search = selectors.ServiceSearch()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        search = selectors.ServiceSearch(
            text=data["q"],
            type_codes=tuple(data["type"]),
            local_authority=data["area"],
            age=data["age"],
            stale_only=bool(data.get("stale")),
        )
    elif form.is_bound:
        visible = visible.none()
    results = _with_areas(selectors.services_matching(visible, search)).order_by("name", "pk")
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    threshold = selectors.stale_before()
    rows = [
        {"service": service, "stale": service.last_confirmed_at < threshold} for service in page.object_list
    ]
    # Offered whenever a filter was entered, including one that was not valid.
    filtered = any(value for key, value in request.GET.items() if key != "page")
    return render(
        request,
        "partners/service_list.html",
        {
            "form": form,
            "rows": rows,
            "filtered": filtered,
            "can_edit": editor,
            "stale_count": selectors.stale_services_for(actor).count() if editor else 0,
            **pagination_context(page, request.GET),
        },
    )


@acting(roles=DIRECTORY_READERS)
def service_detail(request: HttpRequest, service_id: int) -> HttpResponse:
    actor = request_actor(request)
    service = get_visible_or_403(_with_areas(selectors.services_visible_to(actor)), pk=service_id)
    return render(
        request,
        "partners/service_detail.html",
        {"service": service, "stale": selectors.is_stale(service), "can_edit": can_edit_directory(actor)},
    )


def _details(data: dict[str, Any]) -> services.ServiceDetails:
    return services.ServiceDetails(
        name=data["name"],
        organisation_name=data["organisation_name"],
        service_type=data["service_type"],
        description=data["description"],
        eligibility=data["eligibility"],
        min_age=data["min_age"],
        max_age=data["max_age"],
        local_authorities=list(data["local_authorities"]),
        how_to_refer=data["how_to_refer"],
        capacity=data["capacity"],
        contact_name=data["contact_name"],
        contact_email=data["contact_email"],
        contact_phone=data["contact_phone"],
        website=data["website"],
    )


@acting(roles=DIRECTORY_EDITORS)
def service_form(request: HttpRequest, service_id: int | None = None) -> HttpResponse:
    actor = request_actor(request)
    service = None
    if service_id is not None:
        service = get_visible_or_403(
            selectors.services_visible_to(actor).filter(withdrawn_at__isnull=True), pk=service_id
        )
    areas = _area_choices(actor, *([service.local_authorities.all()] if service else []))
    form = ServiceForm(
        request.POST or None,
        initial=ServiceForm.initial_for(service) if service else None,
        types=selectors.service_types(),
        areas=areas,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if service is None:
                service = services.service_create(actor=actor, details=_details(form.cleaned_data))
                messages.success(request, f"{service.name} added to the directory.")
            else:
                service = services.service_update(
                    actor=actor, service=service, details=_details(form.cleaned_data)
                )
                messages.success(request, f"{service.name} saved and confirmed as current.")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("partners:service", service_id=service.pk)
    return render(request, "partners/service_form.html", {"form": form, "service": service})


@acting(roles=DIRECTORY_EDITORS)
@require_http_methods(["GET", "POST"])
def service_confirm(request: HttpRequest, service_id: int) -> HttpResponse:
    actor = request_actor(request)
    service = get_visible_or_403(
        _with_areas(selectors.services_visible_to(actor).filter(withdrawn_at__isnull=True)), pk=service_id
    )
    if request.method == "POST":
        services.service_confirm_current(actor=actor, service=service)
        messages.success(request, f"{service.name} confirmed as current.")
        return redirect("partners:service", service_id=service.pk)
    return render(request, "partners/service_confirm.html", {"service": service})


@acting(roles=DIRECTORY_EDITORS)
def service_withdraw(request: HttpRequest, service_id: int) -> HttpResponse:
    actor = request_actor(request)
    service = get_visible_or_403(
        selectors.services_visible_to(actor).filter(withdrawn_at__isnull=True), pk=service_id
    )
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_withdraw(actor=actor, service=service, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{service.name} withdrawn from the directory.")
            return redirect("partners:services")
    return render(request, "partners/service_withdraw.html", {"form": form, "service": service})


# Intervention providers --------------------------------------------------------------------


@acting(roles=DIRECTORY_READERS)
def provider_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    providers = selectors.providers_visible_to(actor).prefetch_related(
        Prefetch("local_authorities", queryset=LocalAuthority.objects.order_by("name"))
    )
    can_edit = can_edit_directory(actor)
    unrecorded = (
        Organisation.objects.filter(
            type=OrganisationType.INTERVENTION_PROVIDER, is_active=True, intervention_provider__isnull=True
        ).exists()
        if can_edit
        else False
    )
    return render(
        request,
        "partners/provider_list.html",
        {"providers": providers, "can_edit": can_edit, "can_add": unrecorded},
    )


@acting(roles=DIRECTORY_READERS)
def provider_detail(request: HttpRequest, provider_id: int) -> HttpResponse:
    actor = request_actor(request)
    provider = get_visible_or_403(
        selectors.providers_visible_to(actor).prefetch_related("local_authorities"), pk=provider_id
    )
    return render(
        request,
        "partners/provider_detail.html",
        {"provider": provider, "can_edit": can_edit_directory(actor)},
    )


@acting(roles=DIRECTORY_EDITORS)
def provider_form(request: HttpRequest, provider_id: int | None = None) -> HttpResponse:
    actor = request_actor(request)
    provider: InterventionProvider | None = None
    organisations = None
    if provider_id is not None:
        provider = get_visible_or_403(selectors.providers_visible_to(actor), pk=provider_id)
    else:
        organisations = Organisation.objects.filter(
            type=OrganisationType.INTERVENTION_PROVIDER, is_active=True, intervention_provider__isnull=True
        ).order_by("name")
    areas = _area_choices(actor, *([provider.local_authorities.all()] if provider else []))
    form = ProviderForm(
        request.POST or None,
        initial=ProviderForm.initial_for(provider) if provider else None,
        organisations=organisations,
        areas=areas,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = provider.organisation if provider else data["organisation"]
        details = services.ProviderDetails(
            approval_status=data["approval_status"],
            approved_on=data["approved_on"],
            review_due_on=data["review_due_on"],
            specialisms=data["specialisms"].splitlines(),
            local_authorities=list(data["local_authorities"]),
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
        )
        try:
            provider = services.provider_save(actor=actor, organisation=organisation, details=details)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{provider.organisation.name} saved.")
            return redirect("partners:provider", provider_id=provider.pk)
    return render(request, "partners/provider_form.html", {"form": form, "provider": provider})
