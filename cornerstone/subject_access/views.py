"""Pages of the subject access register: the register with overdue requests flagged, recording
a request, its page (extend, refuse, start, gather), the redaction review of the bundle, and the
response downloads once the redaction is confirmed. Data protection officers only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cornerstone.accounts.access import get_visible_or_403
from cornerstone.accounts.actor import Actor, request_actor
from cornerstone.accounts.decorators import acting
from cornerstone.audit.models import AccessKind
from cornerstone.audit.services import access_log_record
from cornerstone.govuk.form_errors import add_service_errors
from cornerstone.referrals.transitions import refusal_message
from cornerstone.subject_access import selectors, services
from cornerstone.subject_access.bundle import SECTION_TITLES
from cornerstone.subject_access.forms import ExtendForm, RedactionForm, RefuseForm, RequestForm, SentForm
from cornerstone.subject_access.models import RequestStatus, SubjectAccessRequest
from cornerstone.subject_access.permissions import HANDLERS

ROLES = sorted(HANDLERS)


def _request(actor: Actor, request_id: int) -> SubjectAccessRequest:
    return get_visible_or_403(selectors.subject_access_requests_visible_to(actor), pk=request_id)


def _log_view(request: HttpRequest, actor: Actor, sar: SubjectAccessRequest, description: str) -> None:
    access_log_record(
        actor=actor,
        kind=AccessKind.VIEW,
        target=sar,
        person_ref=str(sar.person),
        description=description,
        path=request.get_full_path(),
    )


@acting(roles=ROLES)
def register(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    today = timezone.localdate()
    requests = list(selectors.subject_access_requests_visible_to(actor))
    access_log_record(
        actor=actor,
        kind=AccessKind.SEARCH,
        description="Viewed the subject access register",
        path=request.get_full_path(),
    )
    rows: list[dict[str, Any]] = [
        {"sar": sar, "overdue": selectors.is_overdue(sar, today)} for sar in requests
    ]
    open_rows = [row for row in rows if row["sar"].is_open]
    return render(
        request,
        "subject_access/register.html",
        {
            "open_rows": open_rows,
            "closed_rows": [row for row in rows if not row["sar"].is_open],
            "overdue_count": sum(1 for row in open_rows if row["overdue"]),
        },
    )


@acting(roles=ROLES)
def request_new(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sar = services.subject_access_request_create(actor=actor, details=form.details())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Request {sar.reference} recorded: due {sar.due_on.day} {sar.due_on:%B %Y}"
            )
            return redirect("subject_access:request", request_id=sar.pk)
    return render(request, "subject_access/request_form.html", {"form": form})


@acting(roles=ROLES)
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = request_actor(request)
    sar = _request(actor, request_id)
    _log_view(request, actor, sar, "Viewed a subject access request")
    return render(
        request,
        "subject_access/request.html",
        {
            "sar": sar,
            "overdue": selectors.is_overdue(sar, timezone.localdate()),
            "redactions": sar.redactions.all(),
            "statuses": RequestStatus,
        },
    )


def _post_action(
    request: HttpRequest, request_id: int, action: Any, done: str, *, to: str = "request"
) -> HttpResponse:
    actor = request_actor(request)
    sar = _request(actor, request_id)
    try:
        action(actor=actor, request_id=sar.pk)
    except ValidationError as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(request, done)
    return redirect(f"subject_access:{to}", request_id=sar.pk)


@require_POST
@acting(roles=ROLES)
def request_start(request: HttpRequest, request_id: int) -> HttpResponse:
    return _post_action(
        request, request_id, services.subject_access_request_start, "You are handling this request"
    )


@require_POST
@acting(roles=ROLES)
def request_gather(request: HttpRequest, request_id: int) -> HttpResponse:
    return _post_action(
        request,
        request_id,
        services.subject_access_bundle_gather,
        "Records gathered. Review them for redaction",
        to="redaction",
    )


@require_POST
@acting(roles=ROLES)
def redaction_confirm(request: HttpRequest, request_id: int) -> HttpResponse:
    return _post_action(
        request,
        request_id,
        services.redaction_confirm,
        "Redaction confirmed. The response can now be downloaded",
    )


def _simple_form(
    request: HttpRequest, request_id: int, form_class: Any, template: str, save: Any, done: str
) -> HttpResponse:
    actor = request_actor(request)
    sar = _request(actor, request_id)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save(actor, sar, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("subject_access:request", request_id=sar.pk)
    return render(request, template, {"form": form, "sar": sar})


@acting(roles=ROLES)
def request_extend(request: HttpRequest, request_id: int) -> HttpResponse:
    return _simple_form(
        request,
        request_id,
        ExtendForm,
        "subject_access/extend.html",
        lambda actor, sar, data: services.subject_access_request_extend(
            actor=actor, request_id=sar.pk, extra_months=data["extra_months"], reason=data["reason"]
        ),
        "Due date extended",
    )


@acting(roles=ROLES)
def request_refuse(request: HttpRequest, request_id: int) -> HttpResponse:
    return _simple_form(
        request,
        request_id,
        RefuseForm,
        "subject_access/refuse.html",
        lambda actor, sar, data: services.subject_access_request_refuse(
            actor=actor, request_id=sar.pk, reason=data["reason"]
        ),
        "Request refused",
    )


@acting(roles=ROLES)
def request_sent(request: HttpRequest, request_id: int) -> HttpResponse:
    return _simple_form(
        request,
        request_id,
        SentForm,
        "subject_access/sent.html",
        lambda actor, sar, data: services.subject_access_request_send(
            actor=actor, request_id=sar.pk, sent_on=data["sent_on"]
        ),
        "Response recorded as sent",
    )


def _review_sections(sar: SubjectAccessRequest) -> list[dict[str, Any]]:
    """The bundle with each item's and field's redaction (if any) alongside, for the review page."""
    marks = {(r.item_id, r.field): r for r in sar.redactions.all()}
    sections = []
    for section in (sar.bundle or {}).get("sections", []):
        items = [
            {
                **item,
                "redaction": marks.get((item["id"], "")),
                "fields": [
                    {**field, "redaction": marks.get((item["id"], field["name"]))} for field in item["fields"]
                ],
            }
            for item in section["items"]
        ]
        sections.append(
            {
                "key": section["key"],
                "title": SECTION_TITLES.get(section["key"], section["title"]),
                "items": items,
            }
        )
    return sections


@acting(roles=ROLES)
def redaction(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = request_actor(request)
    sar = _request(actor, request_id)
    _log_view(request, actor, sar, "Reviewed the subject access bundle for redaction")
    return render(
        request,
        "subject_access/redaction.html",
        {
            "sar": sar,
            "sections": _review_sections(sar),
            "editable": sar.status == RequestStatus.REDACTION and sar.redaction_confirmed_at is None,
        },
    )


def _place(
    sar: SubjectAccessRequest, item_id: str, field: str
) -> tuple[dict[str, Any], dict[str, Any] | None] | None:
    for section in (sar.bundle or {}).get("sections", []):
        for item in section["items"]:
            if item["id"] == item_id:
                match = next((f for f in item["fields"] if f["name"] == field), None)
                if field and match is None:
                    return None
                return item, match
    return None


@acting(roles=ROLES)
def redact(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = request_actor(request)
    sar = _request(actor, request_id)
    source = request.POST if request.method == "POST" else request.GET
    item_id, field_name = source.get("item", ""), source.get("field", "")
    place = _place(sar, item_id, field_name)
    if place is None:
        messages.error(request, "That part of the bundle was not found")
        return redirect("subject_access:redaction", request_id=sar.pk)
    item, field = place
    form = RedactionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.redaction_add(
                actor=actor,
                request_id=sar.pk,
                item_id=item_id,
                field=field_name,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Redaction recorded")
            return redirect(f"/subject-access/{sar.pk}/redaction/#{item_id.replace(':', '')}")
    _log_view(request, actor, sar, "Opened part of the subject access bundle to redact it")
    return render(
        request,
        "subject_access/redact.html",
        {
            "form": form,
            "sar": sar,
            "item": item,
            "field": field,
            "item_id": item_id,
            "field_name": field_name,
        },
    )


@require_POST
@acting(roles=ROLES)
def redaction_remove(request: HttpRequest, request_id: int, redaction_id: int) -> HttpResponse:
    actor = request_actor(request)
    sar = _request(actor, request_id)
    mark = get_visible_or_403(sar.redactions.all(), pk=redaction_id)
    try:
        services.redaction_remove(actor=actor, redaction_id=mark.pk)
    except ValidationError as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(request, "Redaction removed")
    return redirect("subject_access:redaction", request_id=sar.pk)


def _download(request: HttpRequest, request_id: int, file_format: str, content_type: str) -> HttpResponse:
    actor = request_actor(request)
    sar = _request(actor, request_id)
    try:
        data = services.subject_access_export(
            actor=actor, request_id=sar.pk, file_format=file_format, path=request.get_full_path()
        )
    except ValidationError as error:
        messages.error(request, refusal_message(error))
        return redirect("subject_access:request", request_id=sar.pk)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="subject-access-{sar.reference}.{file_format}"'
    response["Cache-Control"] = "no-store"
    return response


@acting(roles=ROLES)
def response_json(request: HttpRequest, request_id: int) -> HttpResponse:
    return _download(request, request_id, "json", "application/json")


@acting(roles=ROLES)
def response_pdf(request: HttpRequest, request_id: int) -> HttpResponse:
    return _download(request, request_id, "pdf", "application/pdf")
