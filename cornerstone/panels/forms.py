"""Forms for panels: they parse what people type and give plain-English messages. The services
check the rules again (and decide)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from cornerstone.accounts.models import Membership, Organisation, User
from cornerstone.channel.models import ExitReason
from cornerstone.govuk.fields import GovukDateField
from cornerstone.panels.models import AttendanceRole
from cornerstone.panels.services import NOT_ADOPT_DETAILS
from cornerstone.referrals.models import Referral

TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.user.full_name}, {obj.organisation.name} ({obj.get_role_display()})"


class PanelForm(forms.Form):
    name = forms.CharField(
        label="Name of the panel",
        max_length=200,
        help_text="For example, Warrington Channel panel",
        error_messages={"required": "Enter a name for the panel"},
    )


class MemberForm(forms.Form):
    membership = MembershipChoiceField(
        label="Who to add",
        queryset=Membership.objects.none(),
        empty_label="Select a person",
        help_text="Anyone with an active role in a partner organisation: their name, organisation and role",
        error_messages={"required": "Select who to add", "invalid_choice": "Select a person from the list"},
    )

    def __init__(self, *args: Any, memberships: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships  # type: ignore[attr-defined]


class ChairForm(MemberForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["membership"]
        field.label = "Who chairs the panel"
        field.help_text = "A Channel panel chair of your local authority"
        field.widget = forms.RadioSelect(choices=field.choices)  # type: ignore[attr-defined]
        field.error_messages["required"] = "Select the chair"


class MeetingForm(forms.Form):
    day = GovukDateField(
        label="Date of the meeting",
        help_text="For example, 14 1 2027",
        error_messages={"required": "Enter the date of the meeting"},
    )
    time = forms.CharField(
        label="Start time",
        max_length=5,
        help_text="Use the 24-hour clock, for example, 14:30",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the start time"},
    )
    location = forms.CharField(
        label="Where",
        max_length=200,
        required=False,
        help_text="For example, Town Hall, committee room 2, or online",
    )

    def clean_time(self) -> dt.time:
        match = TIME.match(self.cleaned_data["time"])
        if match is None or int(match[1]) > 23 or int(match[2]) > 59:
            raise forms.ValidationError("Enter the start time as hours and minutes, like 14:30")
        return dt.time(int(match[1]), int(match[2]))

    def starts_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"]))


class AgendaAddForm(forms.Form):
    referral = forms.ModelChoiceField(
        label="Case to add",
        queryset=Referral.objects.none(),
        empty_label="Select a case",
        error_messages={"required": "Select a case to add", "invalid_choice": "Select a case from the list"},
    )

    def __init__(self, *args: Any, referrals: QuerySet[Referral], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["referral"]
        field.queryset = referrals  # type: ignore[attr-defined]
        field.label_from_instance = lambda r: f"{r.reference} ({r.get_status_display()})"  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    member = forms.ModelChoiceField(
        label="Panel member (optional)",
        queryset=Membership.objects.none(),
        required=False,
        empty_label="Someone else (type their name below)",
        help_text="Pick a panel member, or type the name and organisation of someone else",
        error_messages={"invalid_choice": "Select a panel member from the list"},
    )
    name = forms.CharField(label="Name (if not a panel member)", max_length=200, required=False)
    organisation = forms.ModelChoiceField(
        label="Organisation (if not a panel member)",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Select an organisation",
        error_messages={"invalid_choice": "Select an organisation from the list"},
    )
    role = forms.ChoiceField(
        label="Attending as",
        choices=AttendanceRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the role they attend in"},
    )
    present = forms.ChoiceField(
        label="Attendance",
        choices=[("yes", "Present"), ("no", "Sent apologies")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select present or apologies"},
    )

    def __init__(self, *args: Any, members: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member = self.fields["member"]
        member.queryset = members  # type: ignore[attr-defined]
        member.label_from_instance = (  # type: ignore[attr-defined]
            lambda m: f"{m.user.full_name}, {m.organisation.name} ({m.get_role_display()})"
        )
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True).order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("member"):
            if not (data.get("name") or "").strip():
                self.add_error("name", "Select a panel member, or enter the name of the person attending")
            if not data.get("organisation"):
                self.add_error("organisation", "Select the organisation of the person attending")
        return data

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data
        member: Membership | None = data.get("member")
        return {
            "organisation": member.organisation if member else data["organisation"],
            "name": member.user.full_name if member else data["name"],
            "user": member.user if member else None,
            "role": data["role"],
            "present": data["present"] == "yes",
        }


class NotesForm(forms.Form):
    notes = forms.CharField(
        label="Notes of the discussion",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        label="The panel's decision",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the panel's decision",
            "invalid_choice": "Select a decision from the list",
        },
    )
    detail = forms.ChoiceField(
        label="Not adopted: what happens instead",
        choices=list(NOT_ADOPT_DETAILS.items()),
        widget=forms.RadioSelect,
        required=False,
    )
    exit_reason = forms.ChoiceField(
        label="Reason for exit", choices=ExitReason.choices, widget=forms.RadioSelect, required=False
    )
    exit_note = forms.CharField(
        label="More about the exit (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    outcome = forms.CharField(
        label="Outcome of the review",
        required=False,
        max_length=200,
        help_text="For example, no further concerns",
    )
    extend = forms.BooleanField(label="Extend post-closure reviews to 24 months", required=False)
    reasons = forms.CharField(
        label="Reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
        error_messages={"required": "Enter the reasons for the decision"},
    )
    govuk_conditional = {
        "action": {
            "not_adopt": ["detail"],
            "exit": ["exit_reason", "exit_note"],
            "post_closure_review": ["outcome", "extend"],
            "finish_post_closure": ["outcome"],
        }
    }

    def __init__(self, *args: Any, actions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = actions  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        action = data.get("action")
        if action == "not_adopt" and not data.get("detail"):
            self.add_error("detail", "Select no further action or signpost")
        if action == "exit" and not data.get("exit_reason"):
            self.add_error("exit_reason", "Select the reason for exit")
        return data


class ActionForm(forms.Form):
    description = forms.CharField(
        label="What needs to be done",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Enter what needs to be done"},
    )
    owner = forms.ModelChoiceField(
        label="Who owns the action",
        queryset=User.objects.none(),
        empty_label="Select a person",
        error_messages={
            "required": "Select who owns the action",
            "invalid_choice": "Select a person from the list",
        },
    )
    due_on = GovukDateField(
        label="Due date",
        help_text="For example, 28 2 2027",
        error_messages={"required": "Enter the due date"},
    )

    def __init__(self, *args: Any, owners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        self.fields["owner"].label_from_instance = lambda u: u.full_name  # type: ignore[attr-defined]
