from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from cornerstone.exercises.codes import CODE_LENGTH
from cornerstone.exercises.models import ScenarioVersion, Stage
from cornerstone.exercises.selectors import TRUST_SCALE, UNDERSTANDING_SCALE
from cornerstone.geography.models import LocalAuthority


class ScenarioForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the scenario's title"}
    )
    summary = forms.CharField(
        label="Summary (optional)",
        required=False,
        help_text="What the scenario is about and who it suits, for facilitators choosing one",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StageForm(forms.Form):
    title = forms.CharField(
        label="Stage title",
        max_length=200,
        help_text="For example, A search finds materials",
        error_messages={"required": "Enter a short title for the stage"},
    )
    narrative = forms.CharField(
        label="What happens",
        help_text="The part of the story the room hears at this stage. Keep it fictional and do not name a faith, ethnicity or ideology.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what happens at this stage"},
    )
    question = forms.CharField(
        label="The decision the room is asked to make",
        max_length=300,
        help_text="For example, Should the officers arrest the family members too?",
        error_messages={"required": "Enter the decision the room is asked to make"},
    )
    options = forms.CharField(
        label="Options",
        help_text="Between 2 and 6 options, one on each line",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter at least 2 options, one on each line"},
    )
    facilitator_notes = forms.CharField(
        label="Facilitator's notes: what the law and actual practice are",
        help_text="Shown to the room after voting closes",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter what the law and actual practice are"},
    )

    def clean_options(self) -> str:
        options = [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]
        if len(options) < 2:
            raise forms.ValidationError("Enter at least 2 options, one on each line")
        return "\n".join(options)

    @staticmethod
    def initial_for(stage: Stage) -> dict[str, Any]:
        return {
            "title": stage.title,
            "narrative": stage.narrative,
            "question": stage.question,
            "options": "\n".join(option.text for option in stage.options.all()),
            "facilitator_notes": stage.facilitator_notes,
        }


class PublishForm(forms.Form):
    ideology_neutral = forms.BooleanField(
        label="I confirm this scenario is fictional and ideology-neutral: it does not single out any faith, ethnicity, nationality or ideology",
        error_messages={
            "required": "Confirm the scenario does not single out any faith, ethnicity or ideology"
        },
    )


class SessionForm(forms.Form):
    version = forms.ModelChoiceField(
        label="Scenario",
        queryset=ScenarioVersion.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": "Select a scenario", "invalid_choice": "Select a scenario"},
    )
    local_authority = forms.ModelChoiceField(
        label="Area",
        help_text="The local authority area the session is held in, for the outcomes by area",
        queryset=LocalAuthority.objects.none(),
        empty_label="Select an area",
        error_messages={
            "required": "Select the area the session is held in",
            "invalid_choice": "Select the area the session is held in",
        },
    )
    venue = forms.CharField(
        label="Where it is held",
        max_length=200,
        help_text="For example, Orford Jubilee Hub, community room",
        error_messages={"required": "Enter where the session is held"},
    )

    def __init__(
        self,
        *args: Any,
        versions: QuerySet[ScenarioVersion],
        areas: QuerySet[LocalAuthority],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions  # type: ignore[attr-defined]
        self.fields["version"].label_from_instance = lambda v: f"{v.title} (version {v.number})"  # type: ignore[attr-defined]
        self.fields["local_authority"].queryset = areas  # type: ignore[attr-defined]


class NotesForm(forms.Form):
    notes = forms.CharField(
        label="Notes of the debate",
        required=False,
        help_text="What the room said. Do not write down anyone's name.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )


# Participants ---------------------------------------------------------------------------------


class JoinForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text=f"The {CODE_LENGTH} letters and numbers on the facilitator's screen",
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input--width-10 govuk-input--extra-letter-spacing",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": "Enter the code shown on the facilitator's screen"},
    )


def _scale(label: str, scale: tuple[tuple[int, str], ...], required: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[(value, f"{value}: {text}") for value, text in scale],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": required, "invalid_choice": required},
    )


class QuestionnaireForm(forms.Form):
    trust = _scale(
        "How much do you trust the police to make fair decisions about counter-terrorism?",
        TRUST_SCALE,
        "Select how much you trust the police",
    )
    understanding = _scale(
        "How well do you understand how counter-terrorism decisions are made?",
        UNDERSTANDING_SCALE,
        "Select how well you understand how the decisions are made",
    )


class AfterQuestionnaireForm(QuestionnaireForm):
    feedback = forms.CharField(
        label="Anything else you would like to tell us about the session? (optional)",
        help_text="Your feedback is anonymous. Do not include your name or anyone else's.",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class VoteForm(forms.Form):
    option = forms.TypedChoiceField(
        label="Your choice",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select one of the options",
            "invalid_choice": "Select one of the options",
        },
    )
    reason = forms.CharField(
        label="Why? (optional)",
        help_text="Do not include your name or anyone else's.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, stage: Stage, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["option"].label = stage.question
        self.fields["option"].choices = [(option.pk, option.text) for option in stage.options.all()]  # type: ignore[attr-defined]
