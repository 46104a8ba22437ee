"""Forms for the Channel pages: they turn what people type into values and give plain-English
messages. The services check the rules again and decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from cornerstone.accounts.models import Organisation
from cornerstone.channel.models import ConsentDecision, ConsentMethod
from cornerstone.channel.services import MAX_ANSWER, MAX_QUESTION
from cornerstone.govuk.fields import GovukDateField


class InformationRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Partner organisation",
        queryset=Organisation.objects.none(),
        empty_label="Select an organisation",
        help_text="Its safeguarding leads and panel members are told a request is waiting",
        error_messages={
            "required": "Select the partner organisation to ask",
            "invalid_choice": "Select a partner organisation from the list",
        },
    )
    question = forms.CharField(
        label="Question",
        max_length=MAX_QUESTION,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Ask only what the panel needs. The partner sees this question, the case reference, "
        "and the person's name, date of birth and area: nothing else of the case.",
        error_messages={
            "required": "Enter the question for the partner",
            "max_length": f"The question must be {MAX_QUESTION:,} characters or fewer",
        },
    )
    due_on = GovukDateField(
        label="Answer by",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date to answer by"},
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def clean_due_on(self) -> dt.date:
        due_on: dt.date = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError("The date to answer by must be today or in the future")
        return due_on


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="Your answer",
        max_length=MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Answer only the question asked. You cannot change the answer once it is sent.",
        error_messages={
            "required": "Enter your answer",
            "max_length": f"The answer must be {MAX_ANSWER:,} characters or fewer",
        },
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing the request?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you are withdrawing the request"},
    )


class ListForPanelForm(forms.Form):
    reason = forms.CharField(
        label="Note for the panel (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the audit trail, not shown on the timeline",
    )


YES_NO = (("yes", "Yes"), ("no", "No"))


class ConsentForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        choices=(),
        error_messages={"required": "Select the decision"},
    )
    decided_on = GovukDateField(
        label="Date of the decision",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date of the decision"},
    )
    method = forms.ChoiceField(
        label="How the decision was obtained",
        widget=forms.RadioSelect,
        choices=ConsentMethod.choices,
        error_messages={"required": "Select how the decision was obtained"},
    )
    method_detail = forms.CharField(
        label="Give details",
        required=False,
        max_length=300,
    )
    is_child = forms.ChoiceField(
        label="Was the person under 18 when they decided?",
        help_text="Their date of birth is not known",
        widget=forms.RadioSelect,
        choices=YES_NO,
        required=False,
    )
    capacity_considered = forms.CharField(
        label="How their capacity to decide was considered",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    parent_name = forms.CharField(
        label="Name of the person with parental responsibility", required=False, max_length=200
    )
    parent_relationship = forms.CharField(
        label="Their relationship to the child", required=False, max_length=100
    )
    child_view = forms.CharField(
        label="The child's own view",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    govuk_conditional = {"method": {ConsentMethod.OTHER.value: ["method_detail"]}}

    def clean_decided_on(self) -> dt.date:
        decided_on: dt.date = self.cleaned_data["decided_on"]
        if decided_on > timezone.localdate():
            raise forms.ValidationError("The date of the decision must be today or in the past")
        return decided_on

    def __init__(self, *args: Any, decisions: list[str], is_child: bool | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in ConsentDecision.choices if value in decisions
        ]
        if is_child is None:
            self.fields["is_child"].required = True
            self.fields["is_child"].error_messages["required"] = "Select whether the person was under 18"
            self.govuk_conditional = {
                **self.govuk_conditional,
                "is_child": {
                    "no": ["capacity_considered"],
                    "yes": ["parent_name", "parent_relationship", "child_view"],
                },
            }
        else:
            del self.fields["is_child"]
            for name in (
                ("parent_name", "parent_relationship", "child_view")
                if not is_child
                else ("capacity_considered",)
            ):
                del self.fields[name]
