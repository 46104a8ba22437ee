"""Forms of police screening: they turn what people type into values, with plain-English
messages. The services check the rules again and decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from cornerstone.partners.models import PartnerService
from cornerstone.screening.models import DeconflictionOutcome, ScreeningOutcome

MAX_TEXT = 10_000


def _text(label: str, required: str = "", *, help_text: str = "", rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=bool(required),
        max_length=MAX_TEXT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": required,
            "max_length": f"{label} must be {MAX_TEXT:,} characters or fewer",
        },
    )


class DeconflictionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome of deconfliction",
        choices=DeconflictionOutcome.choices,
        widget=forms.RadioSelect,
        help_text="Only counter-terrorism policing roles will see the outcome. Everyone else sees only that deconfliction was done.",
        error_messages={"required": "Select the outcome of deconfliction"},
    )
    outcome_note = _text(
        "Note (optional)",
        help_text="Do not copy detail from police systems: record only what screening needs",
        rows=3,
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Decision",
        choices=ScreeningOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    signposted_service = forms.ModelChoiceField(
        label="Service from the directory (optional)",
        queryset=PartnerService.objects.none(),
        required=False,
        empty_label="Select a service",
        help_text="Or type the name of the service below",
        error_messages={"invalid_choice": "Select a service from the list"},
    )
    signposted_to = forms.CharField(
        label="Name of the service, if it is not in the directory",
        required=False,
        max_length=200,
        help_text="For example, Warrington Early Help",
        error_messages={"max_length": "The name of the service must be 200 characters or fewer"},
    )
    passed_on = _text(
        "What was passed on to the service",
        help_text="What you told the service about the person and the concern",
        rows=3,
    )
    rationale = _text(
        "Rationale",
        "Enter the rationale for the decision",
        help_text="Why this is the right decision, in a way someone reading it later will understand",
    )

    govuk_conditional = {
        "outcome": {ScreeningOutcome.SIGNPOSTED.value: ["signposted_service", "signposted_to", "passed_on"]}
    }

    def __init__(self, *args: Any, services: QuerySet[PartnerService], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["signposted_service"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = services.order_by("name")
        field.label_from_instance = lambda service: f"{service.name} ({service.organisation_name})"  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == ScreeningOutcome.SIGNPOSTED:
            named = data.get("signposted_service") or (data.get("signposted_to") or "").strip()
            if not named and "signposted_service" not in self.errors:
                self.add_error("signposted_to", "Select a service from the directory, or type its name")
            if not (data.get("passed_on") or "").strip():
                self.add_error("passed_on", "Enter what was passed on to the service")
        return data


APPROVE, RETURN = "approve", "return"


class ApprovalForm(forms.Form):
    choice = forms.ChoiceField(
        label="Do you approve the proposed decision?",
        choices=[(APPROVE, "Yes, approve the decision"), (RETURN, "No, return it to be screened again")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you approve the decision"},
    )
    reason = _text("Why the decision is returned", rows=3)

    govuk_conditional = {"choice": {RETURN: ["reason"]}}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("choice") == RETURN and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter why the decision is returned")
        return data


class ReasonForm(forms.Form):
    """One required reason (closing a police-managed case, referring it to Channel)."""

    reason = _text("Reason", "Enter the reason")

    def __init__(self, *args: Any, label: str, required: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = required


class PolicyForm(forms.Form):
    supervisor_approval_required = forms.TypedChoiceField(
        label="Must a supervisor approve each screening decision?",
        choices=[("yes", "Yes, a supervisor who did not propose it must approve it"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if a supervisor must approve each screening decision"},
    )
