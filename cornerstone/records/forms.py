"""The reviewer's decision and the retention rule editor."""

from __future__ import annotations

from typing import Any

from django import forms

from cornerstone.govuk.fields import GovukDateField

DELETE, KEEP = "delete", "keep"


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="What should happen to this person's records?",
        choices=[
            (DELETE, "Delete them: erase the personal data and keep only anonymised statistics"),
            (KEEP, "Keep them longer: record why and when to review again"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to delete the records or keep them longer"},
    )
    reason = forms.CharField(
        label="Why must they be kept longer?",
        help_text="Only if keeping them. For example, an open investigation or a legal hold. Do not write the person's name.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )
    review_again_on = GovukDateField(
        label="Date to review again",
        help_text="Only if keeping them. For example, 27 3 2028",
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == KEEP:
            if not (cleaned.get("reason") or "").strip():
                self.add_error("reason", "Enter why the records must be kept longer")
            if not cleaned.get("review_again_on") and "review_again_on" not in self.errors:
                self.add_error("review_again_on", "Enter the date to review again")
        return cleaned


class RuleForm(forms.Form):
    years = forms.IntegerField(
        label="Years to keep",
        min_value=1,
        max_value=100,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the number of years to keep",
            "invalid": "Enter the number of years as a whole number, like 3",
            "min_value": "Enter at least 1 year",
            "max_value": "Enter 100 years or fewer",
        },
    )
