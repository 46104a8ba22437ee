"""The auditor's search of the audit trail and the access log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.decorators import acting
from cornerstone.accounts.roles import Role
from cornerstone.audit import chain, permissions, selectors
from cornerstone.audit.forms import CHANGES, AuditSearchForm
from cornerstone.audit.models import AccessKind, AccessLogEntry, AuditEvent
from cornerstone.audit.services import access_log_record
from cornerstone.govuk.pagination import pagination_context

PAGE_SIZE = 50


@dataclass(frozen=True)
class ResultRow:
    """One line of the results table, the same shape for both logs."""

    when: dt.datetime
    who: str
    role: str
    organisation: str
    action: str
    record: str
    record_type: str
    person_ref: str
    reason: str
    changes: dict[str, Any] = field(default_factory=dict)


def _role_label(role: str) -> str:
    if not role:
        return ""
    try:
        return str(Role(role).label)
    except ValueError:  # a role since retired: show what was recorded
        return role


def _event_row(event: AuditEvent) -> ResultRow:
    return ResultRow(
        when=event.occurred_at,
        who=event.actor_label,
        role=_role_label(event.role),
        organisation=event.organisation.name if event.organisation else "",
        action=event.action,
        record=event.object_repr,
        record_type=event.object_type,
        person_ref=event.person_ref,
        reason=event.reason,
        changes=event.changes if isinstance(event.changes, dict) else {"value": event.changes},
    )


def _access_row(entry: AccessLogEntry) -> ResultRow:
    return ResultRow(
        when=entry.occurred_at,
        who=entry.user_label,
        role=_role_label(entry.role),
        organisation=entry.organisation.name if entry.organisation else "",
        action=entry.get_kind_display(),
        record=entry.object_repr,
        record_type=entry.object_type,
        person_ref=entry.person_ref,
        reason=entry.description,
    )


def _is_search(query: QueryDict) -> bool:
    return any(name in query for name in AuditSearchForm.base_fields)


@acting(roles=sorted(permissions.AUDITOR_ROLES))
def search(request: HttpRequest) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    if not permissions.can_search_audit(actor):
        raise PermissionDenied
    organisations = selectors.audit_organisations_visible_to(actor)
    context: dict[str, Any] = {"chain_status": [chain.status(model) for model in chain.CHAINED_MODELS]}
    if not _is_search(request.GET):
        context["form"] = AuditSearchForm(organisations=organisations)
        return render(request, "audit/search.html", context)

    data = request.GET.copy()
    data.setdefault("log", CHANGES)
    form = AuditSearchForm(data, organisations=organisations)
    context["form"] = form
    if not form.is_valid():
        return render(request, "audit/search.html", context)

    # Looking through the logs is itself a consultation of personal data: record it before
    # anything is read from them (so a search of the access log also lists itself).
    requested_page = request.GET.get("page", "")
    description = form.describe()
    if requested_page.isdigit() and int(requested_page) > 1:
        description += f", page {int(requested_page)}"
    access_log_record(
        actor=actor,
        kind=AccessKind.SEARCH,
        person_ref=form.criteria()["person_ref"],
        description=description,
        path=request.get_full_path(),
    )

    changes = form.cleaned_data["log"] == CHANGES
    paginator: Paginator[Any]
    if changes:
        events: QuerySet[AuditEvent] = selectors.log_filtered(
            selectors.audit_events_visible_to(actor), **form.criteria()
        )
        paginator = Paginator(events, PAGE_SIZE)
    else:
        entries: QuerySet[AccessLogEntry] = selectors.log_filtered(
            selectors.access_log_visible_to(actor), **form.criteria()
        )
        paginator = Paginator(entries, PAGE_SIZE)
    page = paginator.get_page(requested_page)

    make_row = _event_row if changes else _access_row
    context.update(
        searched=True,
        changes=changes,
        rows=[make_row(row) for row in page.object_list],
        **pagination_context(page, request.GET),
    )
    return render(request, "audit/search.html", context)
