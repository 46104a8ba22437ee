"""Forms for assessments and framework versions. They parse what people type and give plain
messages; the services check the rules again and decide."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import BoundField

from cornerstone.assessments.models import Dimension, Factor, FactorRating
from cornerstone.assessments.structure import DimensionSpec, parse_scale, parse_structure


class FrameworkVersionForm(forms.Form):
    rating_scale = forms.CharField(
        label="Rating scale",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One rating on each line, in the order they are shown. Use words, like \u2018Some concern\u2019, "
        "not numbers: ratings are never added up.",
        error_messages={"required": "Enter the rating scale, one rating on each line"},
    )
    structure = forms.CharField(
        label="Dimensions and factors",
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "true"}),
        help_text="Start a line with # for a dimension and - for each of its factors. After a colon, add the "
        "dimension's description or the factor's guidance, for example: "
        "\u2018- Feeling under threat: believing their group is in danger\u2019.",
        error_messages={"required": "Enter at least one dimension and its factors"},
    )

    def clean_rating_scale(self) -> tuple[str, ...]:
        return parse_scale(self.cleaned_data["rating_scale"])

    def clean_structure(self) -> tuple[DimensionSpec, ...]:
        return parse_structure(self.cleaned_data["structure"])


class PublishForm(forms.Form):
    change_note = forms.CharField(
        label="What changed in this version",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Practitioners and auditors will see this next to the version",
        error_messages={"required": "Enter what changed in this version"},
    )


@dataclass(frozen=True)
class FactorFields:
    factor: Factor
    rating: BoundField
    narrative: BoundField


@dataclass(frozen=True)
class DimensionFields:
    dimension: Dimension
    factors: list[FactorFields]


class AssessmentForm(forms.Form):
    """One rating (radios of the version's scale) and a narrative per factor, then the summary,
    the management plan and what changed. Nothing on it is added up."""

    def __init__(
        self,
        *args: Any,
        dimensions: list[Dimension],
        scale: list[str],
        previous_summary: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.dimensions = dimensions
        for dimension in dimensions:
            for factor in dimension.factors.all():
                self.fields[f"factor_{factor.pk}"] = forms.ChoiceField(
                    label=factor.name,
                    help_text=factor.guidance,
                    choices=[(label, label) for label in scale],
                    widget=forms.RadioSelect,
                    required=False,
                    error_messages={
                        "invalid_choice": f"Choose one of the ratings shown for \u2018{factor.name}\u2019"
                    },
                )
                self.fields[f"narrative_{factor.pk}"] = forms.CharField(
                    label=f"Narrative: {factor.name} (optional)",
                    required=False,
                    max_length=10_000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    error_messages={"max_length": "The narrative must be 10,000 characters or fewer"},
                )
        self.fields["summary"] = forms.CharField(
            label="Summary",
            required=False,
            max_length=20_000,
            widget=forms.Textarea(attrs={"rows": 6}),
            help_text="Your overall professional judgement, in your own words. Needed to complete the assessment.",
        )
        self.fields["management_plan"] = forms.CharField(
            label="Management plan (optional)",
            required=False,
            max_length=20_000,
            widget=forms.Textarea(attrs={"rows": 5}),
            help_text="What will be done next, by whom",
        )
        self.fields["what_changed"] = forms.CharField(
            label="What changed since the last assessment (optional)",
            required=False,
            max_length=20_000,
            widget=forms.Textarea(attrs={"rows": 5}),
            help_text="Leave blank if this is the first assessment of this person",
        )

    @staticmethod
    def initial_for(assessment: Any, ratings: dict[int, FactorRating]) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "summary": assessment.summary,
            "management_plan": assessment.management_plan,
            "what_changed": assessment.what_changed,
        }
        for factor_id, rating in ratings.items():
            initial[f"factor_{factor_id}"] = rating.rating
            initial[f"narrative_{factor_id}"] = rating.narrative
        return initial

    def sections(self) -> list[DimensionFields]:
        return [
            DimensionFields(
                dimension,
                [
                    FactorFields(factor, self[f"factor_{factor.pk}"], self[f"narrative_{factor.pk}"])
                    for factor in dimension.factors.all()
                ],
            )
            for dimension in self.dimensions
        ]

    def ratings(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            factor.pk: (data.get(f"factor_{factor.pk}") or "", data.get(f"narrative_{factor.pk}") or "")
            for dimension in self.dimensions
            for factor in dimension.factors.all()
        }
