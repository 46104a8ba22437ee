"""Contacts, advice before referring, the guidance library and the public information pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cornerstone.accounts.access import get_visible_or_403
from cornerstone.accounts.actor import Actor, request_actor
from cornerstone.accounts.decorators import acting
from cornerstone.accounts.roles import Role
from cornerstone.geography.models import PoliceForceArea, PreventRegion
from cornerstone.govuk.form_errors import add_service_errors
from cornerstone.guidance import permissions, selectors, services
from cornerstone.guidance.forms import ContactForm, DocumentForm, VersionForm
from cornerstone.guidance.models import ContactRole
from cornerstone.guidance.roles import CONTACT_KEEPERS, GUIDANCE_UPLOADERS


@acting()
def library(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    documents = [
        {"document": document, "current": selectors.current_version(document)}
        for document in selectors.documents_visible_to(actor)
    ]
    return render(
        request,
        "guidance/library.html",
        {"documents": documents, "can_upload": permissions.can_upload_guidance(actor)},
    )


@acting()
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    actor = request_actor(request)
    document = get_visible_or_403(selectors.documents_visible_to(actor), pk=document_id)
    return render(
        request,
        "guidance/document.html",
        {
            "document": document,
            "current": selectors.current_version(document),
            "can_upload": permissions.can_upload_guidance(actor),
        },
    )


@acting()
def download(request: HttpRequest, version_id: int) -> HttpResponse:
    actor = request_actor(request)
    version = get_visible_or_403(selectors.versions_visible_to(actor), pk=version_id)
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.original_name,
        content_type=version.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response  # type: ignore[return-value]


@acting(roles=GUIDANCE_UPLOADERS)
def document_new(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = services.guidance_document_create(
                actor=actor,
                title=data["title"],
                summary=data["summary"],
                version=data["version"],
                published_on=data["published_on"],
                upload=data["file"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{row.document.title} added to the guidance library.")
            return redirect("guidance:document", document_id=row.document_id)
    return render(request, "guidance/upload.html", {"form": form, "document": None})


@acting(roles=GUIDANCE_UPLOADERS)
def version_new(request: HttpRequest, document_id: int) -> HttpResponse:
    actor = request_actor(request)
    document = get_visible_or_403(selectors.documents_visible_to(actor), pk=document_id)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.guidance_version_add(
                actor=actor,
                document=document,
                version=data["version"],
                published_on=data["published_on"],
                upload=data["file"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Version {data['version']} of {document.title} is now the current one."
            )
            return redirect("guidance:document", document_id=document.pk)
    return render(request, "guidance/upload.html", {"form": form, "document": document})


# Contacts ----------------------------------------------------------------------------------


@acting()
def advice(request: HttpRequest) -> HttpResponse:
    """How to get advice before referring, with the contacts for the actor's own area."""
    actor = request_actor(request)
    return render(request, "guidance/advice.html", {"contacts": selectors.contacts_for_area_of(actor)})


@acting()
def contacts(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    # One query for which contacts this actor keeps, rather than a check per contact.
    managed = set(selectors.contacts_managed_by(actor).values_list("pk", flat=True))
    rows = [
        {"contact": contact, "can_manage": contact.pk in managed}
        for contact in selectors.contacts_visible_to(actor).order_by(
            "role", "police_force_area__name", "prevent_region__name", "name"
        )
    ]
    return render(
        request,
        "guidance/contacts.html",
        {"rows": rows, "can_add": permissions.can_keep_contacts(actor)},
    )


def _contact_choices(actor: Actor) -> tuple[list[str], QuerySet[PoliceForceArea], QuerySet[PreventRegion]]:
    if actor.role == Role.SYSTEM_ADMINISTRATOR:
        return list(ContactRole.values), PoliceForceArea.objects.all(), PreventRegion.objects.all()
    organisation = actor.organisation
    assert organisation is not None  # noqa: S101 - @acting guarantees a membership
    if actor.role == Role.FORCE_PREVENT_LEAD:
        return (
            [ContactRole.FORCE_PREVENT_LEAD],
            organisation.police_force_areas.all(),
            PreventRegion.objects.none(),
        )
    return (
        [ContactRole.REGIONAL_PREVENT_COORDINATOR],
        PoliceForceArea.objects.none(),
        organisation.prevent_regions.all(),
    )


@acting(roles=CONTACT_KEEPERS)
def contact_form(request: HttpRequest, contact_id: int | None = None) -> HttpResponse:
    actor = request_actor(request)
    contact = None
    if contact_id is not None:
        contact = get_visible_or_403(selectors.contacts_managed_by(actor), pk=contact_id)
    roles, forces, regions = _contact_choices(actor)
    form = ContactForm(
        request.POST or None,
        initial=ContactForm.initial_for(contact)
        if contact
        else {"role": roles[0] if len(roles) == 1 else None},
        roles=roles,
        forces=forces,
        regions=regions,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = services.ContactDetails(
            role=data["role"],
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            police_force_area=data["police_force_area"],
            prevent_region=data["prevent_region"],
        )
        try:
            if contact is None:
                contact = services.contact_create(actor=actor, details=details)
            else:
                contact = services.contact_update(actor=actor, contact=contact, details=details)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{contact.name} saved.")
            return redirect("guidance:contacts")
    return render(request, "guidance/contact_form.html", {"form": form, "contact": contact})


@acting(roles=CONTACT_KEEPERS)
def contact_remove(request: HttpRequest, contact_id: int) -> HttpResponse:
    actor = request_actor(request)
    contact = get_visible_or_403(selectors.contacts_managed_by(actor), pk=contact_id)
    if request.method == "POST":
        services.contact_remove(actor=actor, contact=contact)
        messages.success(request, f"{contact.name} removed from the contact list.")
        return redirect("guidance:contacts")
    return render(request, "guidance/contact_remove.html", {"contact": contact})


# Public pages ------------------------------------------------------------------------------

PUBLIC_PAGES = {
    "index": "guidance/public/index.html",
    "what-prevent-is": "guidance/public/what_prevent_is.html",
    "after-a-referral": "guidance/public/after_a_referral.html",
    "support-is-voluntary": "guidance/public/support_is_voluntary.html",
    "your-data": "guidance/public/your_data.html",
}


@login_not_required
def public_page(request: HttpRequest, page: str = "index") -> HttpResponse:
    return render(request, PUBLIC_PAGES[page], {"pages": PUBLIC_PAGES})
