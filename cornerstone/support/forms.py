"""Forms for support plans: they parse what people type; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from cornerstone.accounts.models import Organisation, User
from cornerstone.govuk.fields import GovukDateField
from cornerstone.partners.models import PartnerService
from cornerstone.support.models import InterventionType, SessionStatus
from cornerstone.support.services import MAX_FREQUENCY_DAYS, MAX_TEXT


class ProviderForm(forms.Form):
    """First step of adding an intervention: its type and who provides it."""

    type = forms.ChoiceField(
        label="Type of intervention",
        choices=InterventionType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of intervention"},
    )
    provider = forms.ModelChoiceField(
        label="Provider organisation",
        queryset=Organisation.objects.none(),
        empty_label="Select an organisation",
        help_text="Ideological or theological mentoring must be given by an approved intervention provider",
        error_messages={
            "required": "Select the organisation that provides the intervention",
            "invalid_choice": "Select an organisation from the list",
        },
    )
    provider_service = forms.ModelChoiceField(
        label="Service in the directory (optional)",
        queryset=PartnerService.objects.none(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Select a service from the list"},
    )

    def __init__(self, *args: Any, providers: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]
        self.fields["provider_service"].queryset = services  # type: ignore[attr-defined]


class PlanForm(forms.Form):
    owner = forms.ModelChoiceField(
        label="Owner",
        queryset=User.objects.none(),
        empty_label="Select who owns the intervention",
        help_text="A member of the provider organisation, or a Channel coordinator",
        error_messages={
            "required": "Select who owns the intervention",
            "invalid_choice": "Select an owner from the list",
        },
    )
    frequency_days = forms.IntegerField(
        label="Planned frequency, in days",
        min_value=1,
        max_value=MAX_FREQUENCY_DAYS,
        help_text="How many days apart sessions should be. For example, 7 for weekly",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter how many days apart sessions should be",
            "invalid": "The planned frequency must be a whole number of days, like 7",
            "min_value": "The planned frequency must be at least 1 day",
            "max_value": f"The planned frequency must be {MAX_FREQUENCY_DAYS} days or fewer",
        },
    )
    starts_on = GovukDateField(
        label="Start date",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the start date"},
    )
    ends_on = GovukDateField(
        label="Planned end date (optional)", required=False, help_text="For example, 27 9 2026"
    )
    description = forms.CharField(
        label="What the intervention is for (optional)",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, owners: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        field.queryset = User.objects.filter(pk__in=[user.pk for user in owners])  # type: ignore[attr-defined]
        field.label_from_instance = lambda user: user.full_name or user.email  # type: ignore[attr-defined]


class ChangeForm(PlanForm):
    def __init__(self, *args: Any, owners: list[User], **kwargs: Any) -> None:
        super().__init__(*args, owners=owners, **kwargs)
        del self.fields["starts_on"]
        self.order_fields(["owner", "frequency_days", "ends_on", "description"])


class SessionForm(forms.Form):
    held_on = GovukDateField(
        label="Date of the session",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date of the session"},
    )
    status = forms.ChoiceField(
        label="What happened",
        choices=SessionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the session was delivered, missed or cancelled"},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only people working on the case can read this. It is not shown on the timeline",
    )


class EndForm(forms.Form):
    reason = forms.CharField(
        label="Why is the intervention ending?",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the intervention is ending"},
    )
