from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from cornerstone.geography.models import PoliceForceArea, PreventRegion
from cornerstone.govuk.fields import GovukDateField
from cornerstone.guidance.files import TYPES_IN_WORDS
from cornerstone.guidance.models import ContactRole, PreventContact
from cornerstone.partners.validation import check_email, check_phone


class ContactForm(forms.Form):
    role = forms.ChoiceField(
        label="Role", widget=forms.RadioSelect, error_messages={"required": "Select the contact's role"}
    )
    police_force_area = forms.ModelChoiceField(
        label="Police force area",
        queryset=PoliceForceArea.objects.none(),
        required=False,
        empty_label="Select a police force area",
        error_messages={"invalid_choice": "Select a police force area from the list"},
    )
    prevent_region = forms.ModelChoiceField(
        label="Prevent region",
        queryset=PreventRegion.objects.none(),
        required=False,
        empty_label="Select a Prevent region",
        error_messages={"invalid_choice": "Select a Prevent region from the list"},
    )
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the contact's name"}
    )
    email = forms.CharField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={"required": "Enter the contact's email address"},
    )
    phone = forms.CharField(
        label="Telephone number (optional)",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "class": "govuk-input--width-20"}),
    )
    govuk_conditional = {
        "role": {
            ContactRole.FORCE_PREVENT_LEAD: ["police_force_area"],
            ContactRole.REGIONAL_PREVENT_COORDINATOR: ["prevent_region"],
        }
    }

    def __init__(
        self,
        *args: Any,
        roles: list[str],
        forces: QuerySet[PoliceForceArea],
        regions: QuerySet[PreventRegion],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, ContactRole(role).label) for role in roles]  # type: ignore[attr-defined]
        self.fields["police_force_area"].queryset = forces  # type: ignore[attr-defined]
        self.fields["prevent_region"].queryset = regions  # type: ignore[attr-defined]

    def clean_email(self) -> str:
        return check_email(self.cleaned_data["email"])

    def clean_phone(self) -> str:
        return check_phone(self.cleaned_data["phone"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        role = cleaned.get("role")
        needs: dict[str, tuple[str, str]] = {
            ContactRole.FORCE_PREVENT_LEAD: ("police_force_area", "Select the police force area"),
            ContactRole.REGIONAL_PREVENT_COORDINATOR: ("prevent_region", "Select the Prevent region"),
        }
        needed = needs.get(str(role or ""))
        if needed and not cleaned.get(needed[0]) and needed[0] not in self.errors:
            self.add_error(needed[0], needed[1])
        return cleaned

    @staticmethod
    def initial_for(contact: PreventContact) -> dict[str, Any]:
        return {
            "role": contact.role,
            "police_force_area": contact.police_force_area,
            "prevent_region": contact.prevent_region,
            "name": contact.name,
            "email": contact.email,
            "phone": contact.phone,
        }


def _file_field() -> forms.FileField:
    return forms.FileField(
        label="Upload a file",
        help_text=f"A {TYPES_IN_WORDS} file, smaller than 10MB",
        error_messages={"required": "Select a file to upload", "empty": "The selected file is empty"},
    )


def _published_field() -> GovukDateField:
    return GovukDateField(label="Date published", help_text="For example, 27 3 2026")


class VersionForm(forms.Form):
    version = forms.CharField(
        label="Version",
        max_length=40,
        help_text="For example, 2.1",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the version, for example 1.0"},
    )
    published_on = _published_field()
    file = _file_field()


class DocumentForm(VersionForm):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the document's title"}
    )
    summary = forms.CharField(
        label="What it covers (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    field_order = ["title", "summary", "version", "published_on", "file"]


class RemoveContactForm(forms.Form):
    pass
