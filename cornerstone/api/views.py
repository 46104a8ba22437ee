"""The pages of the API: its documentation (public) and, for organisation administrators,
issuing and revoking client credentials."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView

from cornerstone.accounts.access import get_visible_or_403
from cornerstone.accounts.actor import request_actor
from cornerstone.accounts.decorators import acting
from cornerstone.accounts.roles import Role
from cornerstone.api import permissions, selectors, services
from cornerstone.api.forms import ApiClientForm, RevokeForm
from cornerstone.api.models import Scope
from cornerstone.govuk.form_errors import add_service_errors

ADMINISTRATOR = [Role.ORGANISATION_ADMINISTRATOR]


class SchemaView(SpectacularAPIView):
    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []
    throttle_classes: list[Any] = []


@login_not_required
def documentation(request: HttpRequest) -> HttpResponse:
    """The schema, rendered as a page: each operation with its parameters and responses."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": operation.get("operationId", ""),
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "scope": _scope_of(operation.get("operationId", "")),
                    "parameters": operation.get("parameters", []),
                    "responses": sorted(operation.get("responses", {}).items()),
                }
            )
    return render(
        request,
        "api/docs.html",
        {"operations": operations, "info": schema.get("info", {}), "scopes": Scope.choices},
    )


def _scope_of(operation_id: str) -> str:
    return {
        "referrals_submit": Scope.SUBMIT_REFERRALS,
        "referrals_list": Scope.READ_REFERRAL_STATUS,
        "referrals_status": Scope.READ_REFERRAL_STATUS,
        "statistics_national_return": Scope.READ_STATISTICS,
    }.get(operation_id, "")


@acting(roles=ADMINISTRATOR)
def clients(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    return render(
        request,
        "api/clients.html",
        {
            "clients": selectors.api_clients_visible_to(actor).order_by("revoked_at", "name"),
            "organisation": actor.organisation,
        },
    )


@acting(roles=ADMINISTRATOR)
def client_new(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    organisation = actor.organisation
    if organisation is None or not permissions.can_manage_api_clients(actor, organisation):
        raise PermissionDenied
    form = ApiClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.api_client_create(actor=actor, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # The token is rendered in this response only; it is never stored or shown again.
            response = render(
                request, "api/client_created.html", {"client": issued.client, "token": issued.token}
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "api/client_new.html", {"form": form, "organisation": organisation})


@acting(roles=ADMINISTRATOR)
def client_detail(request: HttpRequest, client_id: int) -> HttpResponse:
    actor = request_actor(request)
    client = get_visible_or_403(selectors.api_clients_visible_to(actor), pk=client_id)
    return render(
        request,
        "api/client_detail.html",
        {
            "client": client,
            "calls": selectors.recent_calls_of(client),
            "can_revoke": permissions.can_revoke_api_client(actor, client),
            "scope_labels": [label for value, label in Scope.choices if value in client.scopes],
        },
    )


@acting(roles=ADMINISTRATOR)
def client_revoke(request: HttpRequest, client_id: int) -> HttpResponse:
    actor = request_actor(request)
    client = get_visible_or_403(selectors.api_clients_visible_to(actor), pk=client_id)
    if not permissions.can_revoke_api_client(actor, client):
        raise PermissionDenied
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.api_client_revoke(actor=actor, client_id=client.pk, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"The credential for {client.name} is revoked. It can no longer be used."
            )
            return redirect("api_clients:client", client_id=client.pk)
    return render(request, "api/client_revoke.html", {"form": form, "client": client})
