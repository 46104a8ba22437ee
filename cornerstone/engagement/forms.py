"""Forms for the engagement log: they parse what people type and give plain-English messages.
The services check the rules again (and decide): these only turn text into values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from cornerstone.accounts.models import Organisation, User
from cornerstone.engagement.models import AGE_BANDS, SEX_COUNTS, Engagement, EngagementType, Theme
from cornerstone.geography.models import LocalAuthority
from cornerstone.govuk.fields import GovukDateField

MAX_COUNT = 100_000


def _count_field(label: str, *, required: bool = False, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=MAX_COUNT,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={
            "required": "Enter how many people came",
            "invalid": f"{label} must be a whole number, like 25",
            "min_value": f"{label} must be 0 or more",
            "max_value": f"{label} must be {MAX_COUNT:,} or fewer",
        },
    )


class EngagementForm(forms.Form):
    title = forms.CharField(
        label="Name of the engagement",
        max_length=200,
        help_text="For example, Westside residents' meeting",
        error_messages={"required": "Enter a name for the engagement"},
    )
    type = forms.ChoiceField(
        label="Type of engagement",
        choices=EngagementType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of engagement"},
    )
    date = GovukDateField(
        label="Date of the engagement",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date of the engagement"},
    )
    venue = forms.CharField(
        label="Where it took place",
        max_length=200,
        help_text="The venue, for example, Westside Community Centre",
        error_messages={"required": "Enter where the engagement took place"},
    )
    local_authority = forms.ModelChoiceField(
        label="Area",
        queryset=LocalAuthority.objects.none(),
        empty_label="Select an area",
        help_text="The local authority area the engagement took place in",
        error_messages={
            "required": "Select the area the engagement took place in",
            "invalid_choice": "Select an area from the list",
        },
    )
    organisations = forms.ModelMultipleChoiceField(
        label="Partner organisations present (optional)",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select organisations from the list"},
    )
    other_organisations = forms.CharField(
        label="Other organisations or groups present (optional)",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Community groups and others not listed above. Put each on its own line. Do not name people.",
    )
    headcount = _count_field("Number of people who came", required=True)
    age_under_18 = _count_field("Under 18 (optional)")
    age_18_to_34 = _count_field("18 to 34 (optional)")
    age_35_to_64 = _count_field("35 to 64 (optional)")
    age_65_and_over = _count_field("65 and over (optional)")
    count_women = _count_field("Women and girls (optional)")
    count_men = _count_field("Men and boys (optional)")
    themes = forms.ModelMultipleChoiceField(
        label="Themes raised",
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={
            "required": "Select at least one theme that was raised",
            "invalid_choice": "Select themes from the list",
        },
    )
    concerns = forms.CharField(
        label="Concerns raised (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What people were worried about, in general terms. Do not name or describe individuals.",
    )

    AGE_FIELDS = tuple(name for name, _ in AGE_BANDS)
    SEX_FIELDS = tuple(name for name, _ in SEX_COUNTS)

    def __init__(
        self,
        *args: Any,
        areas: QuerySet[LocalAuthority],
        organisations: QuerySet[Organisation],
        themes: QuerySet[Theme],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].queryset = areas  # type: ignore[attr-defined]
        self.fields["organisations"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["themes"].queryset = themes  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(engagement: Engagement) -> dict[str, Any]:
        initial = {
            name: getattr(engagement, name)
            for name in (
                "title",
                "type",
                "date",
                "venue",
                "local_authority",
                "other_organisations",
                "headcount",
                "concerns",
                *(name for name, _ in AGE_BANDS + SEX_COUNTS),
            )
        }
        initial["organisations"] = list(engagement.organisations.all())
        initial["themes"] = list(engagement.themes.all())
        return initial


class ActionForm(forms.Form):
    you_said = forms.CharField(
        label="What people said or asked for",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This is the \u201cyou said\u201d. It may be published, so do not name anyone.",
        error_messages={"required": "Enter what people said or asked for"},
    )
    agreed_action = forms.CharField(
        label="What was agreed",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what was agreed"},
    )
    owner_user = forms.ModelChoiceField(
        label="Who owns the action",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not a member of staff in your organisation",
        help_text="Select a member of staff, or enter a role or organisation below",
        error_messages={"invalid_choice": "Select a member of staff from the list"},
    )
    owner_name = forms.CharField(
        label="Role or organisation that owns the action",
        required=False,
        max_length=200,
        help_text="For example, Westside Housing Association, or the neighbourhood inspector",
    )
    due_on = GovukDateField(
        label="Due date",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date the action is due"},
    )

    def __init__(self, *args: Any, owners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = owners  # type: ignore[attr-defined]
        self.fields["owner_user"].label_from_instance = lambda user: user.full_name or user.email  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        user, name = cleaned.get("owner_user"), (cleaned.get("owner_name") or "").strip()
        if "owner_user" not in self.errors and user is None and not name:
            self.add_error("owner_user", "Select who owns the action, or enter a role or organisation")
        elif user is not None and name:
            self.add_error("owner_name", "Select a member of staff or enter a role or organisation, not both")
        return cleaned


class CompleteActionForm(forms.Form):
    we_did = forms.CharField(
        label="What was done",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="This is the \u201cwe did\u201d. It may be published, so do not name anyone.",
        error_messages={"required": "Enter what was done"},
    )
    done_on = GovukDateField(
        label="Date it was done",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date it was done"},
    )


class PublishForm(forms.Form):
    summary = forms.CharField(
        label="Public summary",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What the engagement was about and what people raised, in plain English. Do not name or describe individuals.",
        error_messages={
            "required": "Enter the summary to publish",
            "max_length": "Summary must be 5000 characters or fewer",
        },
    )


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        label="Why is the summary being removed from the public page?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the summary is being removed from the public page"},
    )


class _PeriodForm(forms.Form):
    date_from = GovukDateField(label="From", required=False, help_text="For example, 1 4 2026")
    date_to = GovukDateField(label="To", required=False, help_text="For example, 31 3 2027")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error(
                "date_to", "The \u2018to\u2019 date must be the same as or after the \u2018from\u2019 date"
            )
        return cleaned


class EngagementFilterForm(_PeriodForm):
    area = forms.ModelChoiceField(
        label="Area",
        queryset=LocalAuthority.objects.none(),
        required=False,
        empty_label="Any area",
        to_field_name="code",
        error_messages={"invalid_choice": "Select an area from the list"},
    )
    type = forms.ChoiceField(
        label="Type of engagement",
        required=False,
        choices=[("", "Any type"), *EngagementType.choices],
        error_messages={"invalid_choice": "Select a type from the list"},
    )
    theme = forms.ModelChoiceField(
        label="Theme",
        queryset=Theme.objects.none(),
        required=False,
        empty_label="Any theme",
        error_messages={"invalid_choice": "Select a theme from the list"},
    )

    field_order = ["area", "type", "theme", "date_from", "date_to"]

    def __init__(
        self, *args: Any, areas: QuerySet[LocalAuthority], themes: QuerySet[Theme], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        self.fields["theme"].queryset = themes  # type: ignore[attr-defined]


class DashboardForm(_PeriodForm):
    by = forms.ChoiceField(
        label="Show engagement over time by",
        required=False,
        choices=[("month", "Month"), ("quarter", "Quarter")],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select month or quarter"},
    )
