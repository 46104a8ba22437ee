"""The equality monitoring questions (every one optional) and the baseline upload."""

from __future__ import annotations

from typing import Any

from django import forms

from cornerstone.equality.categories import ConditionRecorded, Religion, Sex, ethnicity_choices
from cornerstone.equality.services import EqualityAnswers

MAX_BASELINE_BYTES = 5 * 1024 * 1024


class EqualityForm(forms.Form):
    ethnicity = forms.ChoiceField(
        label="What is the person's ethnic group?",
        help_text="As the person describes it (ONS 2021 census categories). Leave as not answered if they were not asked.",
        required=False,
    )
    religion = forms.ChoiceField(
        label="What is the person's religion? (optional)",
        choices=[*Religion.choices, ("", "Not asked or not known")],
        widget=forms.RadioSelect,
        required=False,
    )
    sex = forms.ChoiceField(
        label="What is the person's sex?",
        choices=[*Sex.choices, ("", "Not asked or not known")],
        widget=forms.RadioSelect,
        required=False,
    )
    condition_recorded = forms.ChoiceField(
        label="Is a neurodivergent or mental health condition recorded for the person?",
        help_text="For example autism, ADHD, or a diagnosed mental health condition, as recorded by a professional.",
        choices=ConditionRecorded.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ethnicity"].choices = [("", "Not answered"), *ethnicity_choices()]  # type: ignore[attr-defined]

    def answers(self) -> EqualityAnswers:
        data = self.cleaned_data
        return EqualityAnswers(
            ethnicity=data.get("ethnicity") or "",
            religion=data.get("religion") or "",
            sex=data.get("sex") or "",
            condition_recorded=data.get("condition_recorded") or "",
        )


class BaselineUploadForm(forms.Form):
    file = forms.FileField(
        label="Population baseline (CSV file)",
        help_text="Columns: area_code, characteristic, group, count, source, year. Up to 5 MB.",
        error_messages={"required": "Choose a CSV file to load"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The file must be a CSV file (its name ends .csv)")
        if upload.size > MAX_BASELINE_BYTES:
            raise forms.ValidationError("The file must be smaller than 5 MB")
        return upload
