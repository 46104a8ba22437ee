"""Forms for the directory: they parse what people type and give plain-English messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from cornerstone.accounts.models import Organisation
from cornerstone.geography.models import LocalAuthority
from cornerstone.govuk.fields import GovukDateField
from cornerstone.partners.models import (
    MAX_AGE,
    ApprovalStatus,
    Capacity,
    InterventionProvider,
    PartnerService,
    ServiceType,
)
from cornerstone.partners.validation import check_age_range, check_email, check_phone, check_website


def _age_field(label: str, help_text: str, *, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=MAX_AGE,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": f"{label} must be a whole number, like 16",
            "min_value": f"{label} must be 0 or more",
            "max_value": f"{label} must be {MAX_AGE} or less",
        },
    )


def _area_field(label: str, help_text: str) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=LocalAuthority.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        error_messages={"required": "Select at least one area"},
    )


class ServiceSearchForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="For example, a service or organisation name",
    )
    type = forms.MultipleChoiceField(
        label="Type of service", required=False, widget=forms.CheckboxSelectMultiple
    )
    area = forms.ModelChoiceField(
        label="Area served",
        queryset=LocalAuthority.objects.none(),
        required=False,
        empty_label="Any area",
        to_field_name="code",
        error_messages={"invalid_choice": "Select an area from the list"},
    )
    age = _age_field("Age of the person", "Shows services open to someone of this age")
    stale = forms.BooleanField(label="Only entries that need checking", required=False)

    def __init__(
        self, *args: Any, types: QuerySet[Any], areas: QuerySet[LocalAuthority], editor: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [(t.code, t.name) for t in types]  # type: ignore[attr-defined]
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        if not editor:
            del self.fields["stale"]


class ServiceForm(forms.Form):
    name = forms.CharField(
        label="Name of the service",
        max_length=200,
        error_messages={"required": "Enter the name of the service"},
    )
    organisation_name = forms.CharField(
        label="Organisation that runs it",
        max_length=200,
        error_messages={"required": "Enter the organisation that runs the service"},
    )
    service_type = forms.ModelChoiceField(
        label="Type of service",
        queryset=ServiceType.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the type of service"},
    )
    description = forms.CharField(
        label="What the service offers",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what the service offers"},
    )
    eligibility = forms.CharField(
        label="Who it is for (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, young people not in education, employment or training",
    )
    min_age = _age_field("Minimum age (optional)", "Leave empty if there is no minimum age")
    max_age = _age_field("Maximum age (optional)", "Leave empty if there is no maximum age")
    local_authorities = _area_field(
        "Areas the service covers", "Select every local authority area it takes referrals from"
    )
    how_to_refer = forms.CharField(
        label="How to refer",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter how to refer someone to the service"},
    )
    capacity = forms.ChoiceField(
        label="Is it taking referrals?",
        choices=Capacity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the service is open, has a waiting list or is full"},
    )
    contact_name = forms.CharField(label="Contact name (optional)", required=False, max_length=200)
    contact_email = forms.CharField(
        label="Contact email address (optional)",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    contact_phone = forms.CharField(
        label="Contact telephone number (optional)",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "class": "govuk-input--width-20"}),
    )
    website = forms.CharField(
        label="Website (optional)",
        required=False,
        max_length=500,
        help_text="For example, https://www.example.org",
        widget=forms.URLInput(attrs={"spellcheck": "false"}),
    )

    def __init__(
        self, *args: Any, types: QuerySet[Any], areas: QuerySet[LocalAuthority], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_type"].queryset = types  # type: ignore[attr-defined]
        self.fields["local_authorities"].queryset = areas  # type: ignore[attr-defined]

    def clean_contact_email(self) -> str:
        return check_email(self.cleaned_data["contact_email"])

    def clean_contact_phone(self) -> str:
        return check_phone(self.cleaned_data["contact_phone"])

    def clean_website(self) -> str:
        return check_website(self.cleaned_data["website"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            check_age_range(cleaned.get("min_age"), cleaned.get("max_age"))
        except forms.ValidationError as error:
            self.add_error(None, error)
        return cleaned

    @staticmethod
    def initial_for(service: PartnerService) -> dict[str, Any]:
        initial = {
            name: getattr(service, name)
            for name in (
                "name",
                "organisation_name",
                "service_type",
                "description",
                "eligibility",
                "min_age",
                "max_age",
                "how_to_refer",
                "capacity",
                "contact_name",
                "contact_email",
                "contact_phone",
                "website",
            )
        }
        initial["local_authorities"] = list(service.local_authorities.all())
        return initial


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is the service being withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text="For example, the service has closed or lost its funding",
        error_messages={"required": "Enter why the service is being withdrawn"},
    )


class ProviderForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),
        empty_label="Select an organisation",
        error_messages={
            "required": "Select the organisation",
            "invalid_choice": "Select an organisation from the list",
        },
    )
    approval_status = forms.ChoiceField(
        label="Approval status",
        choices=ApprovalStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the provider's approval status"},
    )
    approved_on = GovukDateField(label="Date approved", required=False, help_text="For example, 27 3 2026")
    review_due_on = GovukDateField(
        label="Review or expiry date",
        required=False,
        help_text="When the approval must be reviewed, for example, 27 3 2027",
    )
    specialisms = forms.CharField(
        label="Specialisms (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Put each specialism on its own line",
    )
    local_authorities = _area_field(
        "Areas covered", "Select every local authority area the provider works in"
    )
    contact_name = forms.CharField(label="Contact name (optional)", required=False, max_length=200)
    contact_email = forms.CharField(
        label="Contact email address (optional)",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    contact_phone = forms.CharField(
        label="Contact telephone number (optional)",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "class": "govuk-input--width-20"}),
    )

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation] | None,
        areas: QuerySet[LocalAuthority],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["local_authorities"].queryset = areas  # type: ignore[attr-defined]

    def clean_contact_email(self) -> str:
        return check_email(self.cleaned_data["contact_email"])

    def clean_contact_phone(self) -> str:
        return check_phone(self.cleaned_data["contact_phone"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("approval_status") == ApprovalStatus.APPROVED
            and not cleaned.get("approved_on")
            and "approved_on" not in self.errors
        ):
            self.add_error("approved_on", "Enter the date the provider was approved")
        approved, review = cleaned.get("approved_on"), cleaned.get("review_due_on")
        if approved and review and review <= approved:
            self.add_error("review_due_on", "Review or expiry date must be after the date approved")
        return cleaned

    @staticmethod
    def initial_for(provider: InterventionProvider) -> dict[str, Any]:
        return {
            "approval_status": provider.approval_status,
            "approved_on": provider.approved_on,
            "review_due_on": provider.review_due_on,
            "specialisms": provider.specialisms,
            "local_authorities": list(provider.local_authorities.all()),
            "contact_name": provider.contact_name,
            "contact_email": provider.contact_email,
            "contact_phone": provider.contact_phone,
        }
