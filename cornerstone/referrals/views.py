"""Referral pages: the question flow, drafts, the screening queue and the referral lists.

Views parse and render; every record comes from a selector in ``selectors`` through
``get_visible_or_403``, and every change goes through ``services``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from cornerstone.accounts.access import get_visible_or_403
from cornerstone.accounts.actor import request_actor
from cornerstone.accounts.decorators import acting
from cornerstone.accounts.roles import Role
from cornerstone.audit.disclosures.permissions import can_record_disclosure
from cornerstone.audit.models import AccessKind
from cornerstone.audit.services import access_log_record
from cornerstone.channel.selectors import timeline_for
from cornerstone.govuk.form_errors import add_service_errors
from cornerstone.referrals import permissions, selectors, services, steps
from cornerstone.referrals.forms import AttachmentUploadForm, StartForm
from cornerstone.referrals.models import Referral
from cornerstone.referrals.transitions import refusal_message
from cornerstone.referrals.workflow import TransitionNotAllowed, referrer_status_label
from cornerstone.screening.case import screening_context

REFERRING = selectors.REFERRING_ROLES
SCREENING = selectors.SCREENING_ROLES
RETURN_TO_CHECK = "check"
# The longest list the queue shows at once (oldest first, so what waits longest is never hidden).
QUEUE_PAGE = 200


def waiting_time(since: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """How long something has waited, in plain English: "3 days", "1 hour", "less than an hour"."""
    if since is None:
        return ""
    seconds = max(0, int(((now or timezone.now()) - since).total_seconds()))
    days, hours = seconds // 86400, seconds // 3600
    if days >= 1:
        return f"{days} day{'s' if days != 1 else ''}"
    if hours >= 1:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return "less than an hour"


# Lists -----------------------------------------------------------------------------------


@acting(roles=REFERRING)
def index(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    return render(
        request,
        "referrals/index.html",
        {
            "drafts_count": selectors.drafts_for(actor).count(),
            "is_screening": actor.role in SCREENING,
            "is_lead": actor.role == Role.SAFEGUARDING_LEAD,
        },
    )


@acting(roles=REFERRING)
def drafts(request: HttpRequest) -> HttpResponse:
    rows = selectors.drafts_for(request_actor(request)).order_by("-updated_at")
    return render(request, "referrals/drafts.html", {"drafts": [_draft_row(referral) for referral in rows]})


def _draft_row(referral: Referral) -> dict[str, Any]:
    # From the stored input as typed, without validating: no queries per row.
    name = referral.step_answers("name") or {}
    words = [str((name.get(key) or [""])[0]).strip() for key in ("given_names", "family_name")]
    person = " ".join(word for word in words if word) or "Name not given yet"
    return {"referral": referral, "person": person, "resume": _resume_url(referral)}


def _resume_url(referral: Referral) -> str:
    """The first page not answered yet, or the check-your-answers page."""
    for page in steps.steps_for(referral):
        if referral.step_answers(page.slug) is None:
            return reverse("referrals:step", args=[referral.pk, page.slug])
    return reverse("referrals:check", args=[referral.pk])


def _status_rows(referrals: Any) -> list[dict[str, Any]]:
    return [
        {
            "reference": referral.reference,
            "submitted_at": referral.submitted_at,
            "status": referrer_status_label(referral.status),
        }
        for referral in referrals
    ]


@acting(roles=REFERRING)
def mine(request: HttpRequest) -> HttpResponse:
    rows = selectors.own_referrals_for(request_actor(request)).only("reference", "submitted_at", "status")
    return render(
        request,
        "referrals/status_list.html",
        {"title": "Your referrals", "rows": _status_rows(rows.order_by("-submitted_at", "-id"))},
    )


@acting(roles=[Role.SAFEGUARDING_LEAD])
def organisation_referrals(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    rows = selectors.organisation_referrals_for(actor).only("reference", "submitted_at", "status")
    return render(
        request,
        "referrals/status_list.html",
        {
            "title": f"Referrals from {actor.organisation}",
            "rows": _status_rows(rows.order_by("-submitted_at", "-id")),
            "organisation": True,
        },
    )


QUEUE_TABS = (
    ("new", "New referrals"),
    ("screening", "Being screened"),
    ("approval", "Waiting for approval"),
    ("managed", "Managed by police"),
)


@acting(roles=SCREENING)
def queue(request: HttpRequest) -> HttpResponse:
    """The unit's screening work: new referrals (oldest first, with time waiting), those being
    screened, decisions waiting for a supervisor's approval, and cases managed by police."""
    from cornerstone.screening import selectors as screening

    actor = request_actor(request)
    now = timezone.now()
    tab = request.GET.get("tab", "new")
    if tab not in dict(QUEUE_TABS):
        tab = "new"
    lists = {
        "new": (selectors.screening_queue_for(actor), "arrived_at"),
        "screening": (screening.being_screened_for(actor), "receipt_recorded_at"),
        "approval": (screening.awaiting_approval_for(actor), "updated_at"),
        "managed": (screening.police_managed_for(actor), "updated_at"),
    }
    counts = {key: rows.count() for key, (rows, _) in lists.items()}
    rows_qs, since = lists[tab]
    rows = [
        {
            "referral": referral,
            "since": getattr(referral, since),
            "waiting": waiting_time(getattr(referral, since), now),
        }
        for referral in rows_qs[:QUEUE_PAGE]
    ]
    tabs = [
        {"key": key, "label": label, "count": counts[key], "current": key == tab} for key, label in QUEUE_TABS
    ]
    return render(
        request,
        "referrals/queue.html",
        {
            "rows": rows,
            "tab": tab,
            "tabs": tabs,
            "tab_label": dict(QUEUE_TABS)[tab],
            "more": counts[tab] > QUEUE_PAGE,
            "total": counts[tab],
            "is_supervisor": actor.role == Role.POLICE_PREVENT_SUPERVISOR,
        },
    )


# Starting and answering ------------------------------------------------------------------


@acting(roles=REFERRING)
def start(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    on_behalf_allowed = permissions.can_record_on_behalf(actor)
    form = StartForm(request.POST or None) if on_behalf_allowed else None
    if request.method == "POST":
        if form is not None and not form.is_valid():
            return render(request, "referrals/start.html", {"form": form}, status=400)
        on_behalf = form is not None and form.cleaned_data["who"] == "on_behalf"
        referral = services.referral_start(actor=actor, on_behalf=on_behalf)
        return redirect("referrals:step", referral.pk, steps.STEPS[0].slug)
    return render(request, "referrals/start.html", {"form": form})


def _draft(request: HttpRequest, referral_id: int) -> Referral:
    return get_visible_or_403(selectors.drafts_for(request_actor(request)), pk=referral_id)


def _already_sent(request: HttpRequest, referral_id: int) -> HttpResponse | None:
    """The back button or a retry after sending: show the confirmation again, not an error."""
    if selectors.own_referrals_for(request_actor(request)).filter(pk=referral_id).exists():
        return redirect("referrals:confirmation", referral_id)
    return None


def _step_context(referral: Referral, step: steps.Step, returning: bool) -> dict[str, Any]:
    previous = steps.previous_step(referral, step.slug)
    if returning:
        back = reverse("referrals:check", args=[referral.pk])
    elif previous is not None:
        back = reverse("referrals:step", args=[referral.pk, previous.slug])
    else:
        back = reverse("referrals:drafts")
    return {"referral": referral, "step": step, "back_url": back, "returning": returning}


@acting(roles=REFERRING)
def step(request: HttpRequest, referral_id: int, slug: str) -> HttpResponse:
    if (sent := _already_sent(request, referral_id)) is not None:
        return sent
    referral = _draft(request, referral_id)
    page = steps.STEPS_BY_SLUG.get(slug)
    if page is None or not page.applies(referral):
        raise PermissionDenied
    returning = request.GET.get("return") == RETURN_TO_CHECK
    if page.slug == "attachments":
        return _attachments(request, referral, page, returning)
    if request.method == "POST":
        raw = steps.raw_from_post(request.POST, steps.blank_form(referral, page))
        try:
            services.referral_answer_save(
                actor=request_actor(request), referral_id=referral.pk, slug=slug, raw=raw
            )
        except ValidationError:
            form = steps.post_form(referral, page, raw)
            form.is_valid()
            context = {**_step_context(referral, page, returning), "form": form}
            return render(request, "referrals/step.html", context, status=400)
        return _after_step(referral, page, returning)
    form = steps.bound_form(referral, page) or steps.blank_form(
        referral, page, initial=_initial(request, page)
    )
    if form.is_bound:
        form.is_valid()
    return render(request, "referrals/step.html", {**_step_context(referral, page, returning), "form": form})


def _initial(request: HttpRequest, page: steps.Step) -> dict[str, Any]:
    actor = request_actor(request)
    if page.slug == "about-you" and actor.organisation is not None:
        return {
            "organisation_name": actor.organisation.name,
            "job_role": getattr(actor.user, "job_title", ""),
        }
    return {}


def _after_step(referral: Referral, page: steps.Step, returning: bool) -> HttpResponse:
    referral.refresh_from_db()
    following = steps.next_step(referral, page.slug)
    if returning:
        # A changed answer may bring in a question not asked before (a date of birth under 18
        # asks about the parents): ask it before going back to check the answers.
        missing = steps.incomplete_steps(referral)
        if missing:
            url = reverse("referrals:step", args=[referral.pk, missing[0].slug])
            return redirect(f"{url}?return={RETURN_TO_CHECK}")
        return redirect("referrals:check", referral.pk)
    if following is None:
        return redirect("referrals:check", referral.pk)
    return redirect("referrals:step", referral.pk, following.slug)


def _attachments(request: HttpRequest, referral: Referral, page: steps.Step, returning: bool) -> HttpResponse:
    actor = request_actor(request)
    upload_form = AttachmentUploadForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "upload":
            upload_form = AttachmentUploadForm(request.POST, request.FILES)
            if upload_form.is_valid():
                try:
                    attachment = services.referral_attachment_add(
                        actor=actor, referral_id=referral.pk, upload=upload_form.cleaned_data["file"]
                    )
                except ValidationError as error:
                    add_service_errors(upload_form, error)
                    status = 400
                else:
                    messages.success(request, f"{attachment.original_name} has been added")
                    return redirect(request.get_full_path())
            else:
                status = 400
        elif action.startswith("remove-") and action[7:].isdigit():
            attachment = get_visible_or_403(
                selectors.attachments_visible_to(actor), pk=int(action[7:]), referral=referral
            )
            name = attachment.original_name
            services.referral_attachment_remove(actor=actor, attachment_id=attachment.pk)
            messages.success(request, f"{name} has been removed")
            return redirect(request.get_full_path())
        else:
            services.referral_answer_save(actor=actor, referral_id=referral.pk, slug=page.slug, raw={})
            return _after_step(referral, page, returning)
    context = {
        **_step_context(referral, page, returning),
        "form": upload_form,
        "attachments": referral.attachments.all(),
    }
    return render(request, "referrals/attachments.html", context, status=status)


# Checking and submitting -----------------------------------------------------------------


def _sections(referral: Referral, *, change_links: bool) -> list[dict[str, Any]]:
    sections: dict[str, list[dict[str, Any]]] = {section: [] for section in steps.SECTIONS}
    for page in steps.steps_for(referral):
        form = steps.bound_form(referral, page)
        change = reverse("referrals:step", args=[referral.pk, page.slug]) + f"?return={RETURN_TO_CHECK}"
        if page.slug == "attachments":
            names = [attachment.original_name for attachment in referral.attachments.all()]
            rows = [{"key": "Attachments", "value": ", ".join(names) or "None", "field": ""}]
        elif form is None or not form.is_valid():
            rows = [{"key": page.title, "value": "Not answered yet", "field": "", "missing": "yes"}]
        else:
            rows = [row.__dict__ for row in steps.answer_rows(form)]
        for row in rows:
            row["change_url"] = change if change_links else ""
            row["page"] = page.title
        sections[page.section].extend(rows)
    return [{"title": title, "rows": rows} for title, rows in sections.items() if rows]


@acting(roles=REFERRING)
def check(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = request_actor(request)
    # Already submitted (a second click, the back button, a retry): show its confirmation.
    if (sent := _already_sent(request, referral_id)) is not None:
        return sent
    referral = _draft(request, referral_id)
    errors: list[str] = []
    if request.method == "POST":
        try:
            submission = services.referral_submit(actor=actor, referral_id=referral.pk)
        except (services.IncompleteReferral, services.NoRoute) as error:
            errors = list(error.messages)
        else:
            return redirect("referrals:confirmation", submission.referral.pk)
    missing = steps.incomplete_steps(referral)
    context = {
        "referral": referral,
        "sections": _sections(referral, change_links=True),
        "missing": missing,
        "errors": errors,
    }
    return render(request, "referrals/check.html", context, status=400 if errors else 200)


@acting(roles=REFERRING)
def confirmation(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = get_visible_or_403(selectors.own_referrals_for(request_actor(request)), pk=referral_id)
    return render(request, "referrals/confirmation.html", {"referral": referral})


@acting(roles=REFERRING)
def delete_draft(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _draft(request, referral_id)
    if request.method == "POST":
        services.referral_draft_delete(
            actor=request_actor(request), referral_id=referral.pk, reason="Deleted by its writer"
        )
        messages.success(request, "The draft referral has been deleted")
        return redirect("referrals:drafts")
    return render(request, "referrals/delete_draft.html", {"referral": referral, "row": _draft_row(referral)})


# Police Prevent staff ---------------------------------------------------------------------


@acting(roles=SCREENING)
def detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = request_actor(request)
    referral = get_visible_or_403(
        selectors.referrals_visible_to(actor).select_related(
            "person", "routed_to", "organisation", "local_authority", "concern_type", "sector", "taxonomy"
        ),
        pk=referral_id,
    )
    person_ref = referral.person_ref
    access_log_record(
        actor=actor,
        kind=AccessKind.VIEW,
        target=referral,
        person_ref=person_ref,
        description="Viewed the screening case",
        path=request.path,
    )
    visible_ids = set(
        selectors.referrals_visible_to(actor).filter(person=referral.person).values_list("pk", flat=True)
    )
    history = [
        {
            "referral": earlier,
            "status": earlier.get_status_display(),
            "visible": earlier.pk in visible_ids,
        }
        for earlier in selectors.earlier_referrals_of_person(referral)
    ]
    context = {
        "referral": referral,
        "person_ref": person_ref,
        "history": history,
        "sections": _sections(referral, change_links=False),
        "attachments": referral.attachments.all(),
        "can_record_receipt": permissions.can_record_receipt(actor, referral),
        "waiting": waiting_time(referral.arrived_at),
        **screening_context(actor, referral),
        "timeline": timeline_for(actor, referral),
        "current": referral,
        "can_record_disclosure": can_record_disclosure(actor, referral),
    }
    return render(request, "referrals/detail.html", context)


@acting(roles=SCREENING)
def record_receipt(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = request_actor(request)
    referral = get_visible_or_403(selectors.referrals_visible_to(actor), pk=referral_id)
    if request.method != "POST":
        return render(
            request,
            "referrals/record_receipt.html",
            {"referral": referral, "can_record_receipt": permissions.can_record_receipt(actor, referral)},
        )
    try:
        services.referral_receipt_record(actor=actor, referral_id=referral.pk)
    except (ValidationError, TransitionNotAllowed) as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(request, f"Receipt of {referral.reference} recorded: it is now being screened")
    return redirect("referrals:detail", referral.pk)


@acting(roles=REFERRING)
def attachment_download(request: HttpRequest, attachment_id: int) -> HttpResponse:
    actor = request_actor(request)
    attachment = get_visible_or_403(
        selectors.attachments_visible_to(actor).select_related("referral__person"), pk=attachment_id
    )
    referral = attachment.referral
    access_log_record(
        actor=actor,
        kind=AccessKind.VIEW,
        target=referral,
        person_ref=referral.person_ref,
        description=f"Downloaded attachment {attachment.pk}",
        path=request.path,
    )
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response  # type: ignore[return-value]  # a streaming response, which @acting passes through
