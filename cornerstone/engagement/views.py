"""The engagement log's pages. Views parse and render; services write; selectors decide what is seen."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cornerstone.accounts.access import get_visible_or_403
from cornerstone.accounts.actor import request_actor
from cornerstone.accounts.decorators import acting
from cornerstone.engagement import exports, permissions, selectors, services
from cornerstone.engagement.forms import (
    ActionForm,
    CompleteActionForm,
    DashboardForm,
    EngagementFilterForm,
    EngagementForm,
    PublishForm,
    UnpublishForm,
)
from cornerstone.engagement.models import DEMOGRAPHIC_FIELDS, Engagement, EngagementType
from cornerstone.engagement.roles import ENGAGEMENT_PUBLISHERS, ENGAGEMENT_READERS, ENGAGEMENT_RECORDERS
from cornerstone.govuk.charts import bar_chart
from cornerstone.govuk.exports import csv_response, ods_response
from cornerstone.govuk.form_errors import add_service_errors
from cornerstone.govuk.pagination import pagination_context

PAGE_SIZE = 20


# The log -----------------------------------------------------------------------------------


def _filtered(request: HttpRequest) -> tuple[EngagementFilterForm, QuerySet[Engagement], str]:
    """The filter form, the engagements it selects, and the filters in words (for the access log)."""
    actor = request_actor(request)
    query = request.GET.copy()
    query.pop("page", None)
    form = EngagementFilterForm(
        query or None, areas=selectors.engagement_areas_of(actor), themes=selectors.themes_for_choice()
    )
    visible = selectors.engagements_visible_to(actor)
    described = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        search = selectors.EngagementFilter(
            local_authority=data["area"],
            type=data["type"],
            theme=data["theme"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
        visible = selectors.engagements_matching(visible, search)
        words = [
            f"area {data['area'].name}" if data["area"] else "",
            f"type {EngagementType(data['type']).label}" if data["type"] else "",
            f"theme {data['theme'].name}" if data["theme"] else "",
            f"from {data['date_from']:%d/%m/%Y}" if data["date_from"] else "",
            f"to {data['date_to']:%d/%m/%Y}" if data["date_to"] else "",
        ]
        described = ", ".join(word for word in words if word)
    elif form.is_bound:
        visible = visible.none()
    return form, visible, described


@acting(roles=ENGAGEMENT_READERS)
@require_GET
def engagement_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form, visible, _ = _filtered(request)
    results = selectors.with_details(visible).order_by("-date", "-pk")
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "engagement/list.html",
        {
            "form": form,
            "engagements": page.object_list,
            "filtered": any(value for key, value in request.GET.items() if key != "page"),
            "query": query.urlencode(),
            "can_record": permissions.can_record_engagement(actor),
            **pagination_context(page, request.GET),
        },
    )


@acting(roles=ENGAGEMENT_READERS)
@require_GET
def engagement_export(request: HttpRequest, file_format: str) -> HttpResponse:
    actor = request_actor(request)
    form, visible, described = _filtered(request)
    if form.is_bound and not form.is_valid():
        return redirect(f"{reverse('engagement:list')}?{request.GET.urlencode()}")
    engagements = selectors.with_details(visible).order_by("-date", "-pk")
    rows = list(exports.engagement_rows(engagements))
    exports.export_logged(
        actor=actor, count=len(rows), file_format=file_format, filters=described, path=request.get_full_path()
    )
    name = f"engagement-log-{timezone.localdate():%Y-%m-%d}"
    if file_format == "ods":
        return ods_response(
            name, exports.HEADERS, rows, sheet="Engagement log", classification=exports.CLASSIFICATION
        )
    return csv_response(name, exports.HEADERS, rows, classification=exports.CLASSIFICATION)


@acting(roles=ENGAGEMENT_READERS)
@require_GET
def engagement_detail(request: HttpRequest, engagement_id: int) -> HttpResponse:
    actor = request_actor(request)
    engagement = get_visible_or_403(
        selectors.with_details(selectors.engagements_visible_to(actor)), pk=engagement_id
    )
    return render(
        request,
        "engagement/detail.html",
        {
            "engagement": engagement,
            "actions": list(engagement.actions.all()),
            "can_edit": permissions.can_edit_engagement(actor, engagement),
            "can_publish": permissions.can_publish_engagement(actor, engagement),
            "today": timezone.localdate(),
        },
    )


def _details(data: dict[str, Any]) -> services.EngagementDetails:
    return services.EngagementDetails(
        title=data["title"],
        type=data["type"],
        date=data["date"],
        venue=data["venue"],
        local_authority=data["local_authority"],
        headcount=data["headcount"],
        themes=list(data["themes"]),
        organisations=list(data["organisations"]),
        other_organisations=data["other_organisations"].splitlines(),
        demographics={name: data[name] for name in DEMOGRAPHIC_FIELDS},
        concerns=data["concerns"],
    )


@acting(roles=ENGAGEMENT_RECORDERS)
def engagement_form(request: HttpRequest, engagement_id: int | None = None) -> HttpResponse:
    actor = request_actor(request)
    engagement = None
    if engagement_id is not None:
        engagement = get_visible_or_403(selectors.engagements_visible_to(actor), pk=engagement_id)
    areas = selectors.engagement_areas_of(actor)
    form = EngagementForm(
        request.POST or None,
        initial=EngagementForm.initial_for(engagement) if engagement else None,
        areas=areas,
        organisations=selectors.organisations_for_choice(
            actor, also=engagement.organisations.all() if engagement else None
        ),
        themes=selectors.themes_for_choice(also=engagement.themes.all() if engagement else None),
    )
    if request.method == "POST" and form.is_valid():
        try:
            if engagement is None:
                engagement = services.engagement_record(actor=actor, details=_details(form.cleaned_data))
                messages.success(request, f"{engagement.title} recorded.")
            else:
                engagement = services.engagement_update(
                    actor=actor, engagement=engagement, details=_details(form.cleaned_data)
                )
                messages.success(request, f"{engagement.title} saved.")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("engagement:detail", engagement_id=engagement.pk)
    return render(request, "engagement/form.html", {"form": form, "engagement": engagement})


# Actions -----------------------------------------------------------------------------------


@acting(roles=ENGAGEMENT_RECORDERS)
def action_new(request: HttpRequest, engagement_id: int) -> HttpResponse:
    actor = request_actor(request)
    engagement = get_visible_or_403(selectors.engagements_visible_to(actor), pk=engagement_id)
    form = ActionForm(request.POST or None, owners=selectors.action_owners_for(actor))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = services.ActionDetails(
            you_said=data["you_said"],
            agreed_action=data["agreed_action"],
            owner_user=data["owner_user"],
            owner_name=data["owner_name"],
            due_on=data["due_on"],
        )
        try:
            services.action_add(actor=actor, engagement=engagement, details=details)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Action added.")
            return redirect("engagement:detail", engagement_id=engagement.pk)
    return render(request, "engagement/action_form.html", {"form": form, "engagement": engagement})


@acting(roles=ENGAGEMENT_RECORDERS)
def action_complete(request: HttpRequest, engagement_id: int, action_id: int) -> HttpResponse:
    actor = request_actor(request)
    action = get_visible_or_403(
        selectors.actions_visible_to(actor).filter(engagement_id=engagement_id, status="open"), pk=action_id
    )
    form = CompleteActionForm(request.POST or None, initial={"done_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.action_complete(
                actor=actor,
                action=action,
                we_did=form.cleaned_data["we_did"],
                done_on=form.cleaned_data["done_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Action marked as done.")
            return redirect("engagement:detail", engagement_id=engagement_id)
    return render(
        request,
        "engagement/action_complete.html",
        {"form": form, "action": action, "engagement": action.engagement},
    )


# Publishing --------------------------------------------------------------------------------


@acting(roles=ENGAGEMENT_PUBLISHERS)
def engagement_publish(request: HttpRequest, engagement_id: int) -> HttpResponse:
    actor = request_actor(request)
    engagement = get_visible_or_403(
        selectors.with_details(selectors.engagements_visible_to(actor)), pk=engagement_id
    )
    form = PublishForm(request.POST or None, initial={"summary": engagement.public_summary})
    if request.method == "POST" and form.is_valid():
        try:
            services.engagement_publish(
                actor=actor, engagement=engagement, summary=form.cleaned_data["summary"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Summary published on the public \u201cyou said, we did\u201d page.")
            return redirect("engagement:detail", engagement_id=engagement.pk)
    return render(
        request,
        "engagement/publish.html",
        {"form": form, "engagement": engagement, "actions": list(engagement.actions.all())},
    )


@acting(roles=ENGAGEMENT_PUBLISHERS)
@require_POST
def engagement_unpublish(request: HttpRequest, engagement_id: int) -> HttpResponse:
    actor = request_actor(request)
    engagement = get_visible_or_403(selectors.engagements_visible_to(actor), pk=engagement_id)
    form = UnpublishForm(request.POST)
    if form.is_valid():
        try:
            services.engagement_unpublish(
                actor=actor, engagement=engagement, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Summary removed from the public page.")
    else:
        messages.error(request, "Enter why the summary is being removed from the public page")
    return redirect("engagement:detail", engagement_id=engagement.pk)


@login_not_required
@require_GET
def public_summaries(request: HttpRequest) -> HttpResponse:
    """The public "you said, we did" page: published summaries by area. No sign-in needed."""
    areas = selectors.published_areas()
    chosen = None
    code = request.GET.get("area", "")
    if code:
        chosen = next((area for area in areas if area.code == code), None)
    engagements = selectors.published_engagements()
    if chosen is not None:
        engagements = engagements.filter(local_authority=chosen)
    groups: list[dict[str, Any]] = []
    for engagement in engagements:
        if not groups or groups[-1]["area"] != engagement.local_authority:
            groups.append({"area": engagement.local_authority, "engagements": []})
        groups[-1]["engagements"].append(engagement)
    return render(
        request,
        "engagement/public.html",
        {"areas": areas, "chosen": chosen, "groups": groups, "unknown_area": bool(code) and chosen is None},
    )


# Dashboard ---------------------------------------------------------------------------------


def _default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last twelve whole months and this month so far."""
    start = dt.date(today.year - 1, today.month, 1)
    return start, today


@acting(roles=ENGAGEMENT_READERS)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    today = timezone.localdate()
    date_from, date_to = _default_period(today)
    by = "month"
    form = DashboardForm(request.GET or None, initial={"date_from": date_from, "date_to": date_to, "by": by})
    numbers = None
    if not form.is_bound or form.is_valid():
        if form.is_bound:
            date_from = form.cleaned_data["date_from"] or date_from
            date_to = form.cleaned_data["date_to"] or date_to
            by = form.cleaned_data["by"] or by
        numbers = selectors.dashboard_numbers(
            selectors.engagements_visible_to(actor), date_from=date_from, date_to=date_to, by=by
        )
    sections = []
    if numbers is not None:
        for key, title, heading, tallies in (
            ("area", "Engagements by area", "Area", numbers.by_area),
            ("type", "Engagements by type", "Type of engagement", numbers.by_type),
            ("theme", "Engagements by theme raised", "Theme", numbers.by_theme),
            (
                "time",
                f"Engagements by {'quarter' if by == 'quarter' else 'month'}",
                "Quarter" if by == "quarter" else "Month",
                numbers.over_time,
            ),
        ):
            sections.append(
                {
                    "key": key,
                    "title": title,
                    "heading": heading,
                    "rows": tallies,
                    "chart": bar_chart(
                        title, [t.label for t in tallies], [("Engagements", [t.count for t in tallies])]
                    )
                    if tallies
                    else None,
                }
            )
    return render(
        request,
        "engagement/dashboard.html",
        {"form": form, "numbers": numbers, "sections": sections, "by": by},
    )
