"""Forms for searching the index and deciding possible matches."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from cornerstone.govuk.fields import GovukDateField
from cornerstone.people.models import Decision, IdentifierKind
from cornerstone.people.types import PersonDetails
from cornerstone.people.validation import validate_identifier, validate_postcode


class PersonSearchForm(forms.Form):
    given_names = forms.CharField(label="Given names", required=False, max_length=200)
    family_name = forms.CharField(label="Family name", required=False, max_length=200)
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, past_only=True, help_text="For example, 27 3 2007"
    )
    postcode = forms.CharField(label="Postcode", required=False, max_length=20)
    identifier_kind = forms.ChoiceField(
        label="Identifier",
        required=False,
        choices=[("", "None"), *IdentifierKind.choices],
        error_messages={"invalid_choice": "Select a kind of identifier from the list"},
    )
    identifier = forms.CharField(label="Identifier value", required=False, max_length=30)

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        return validate_postcode(value) if value else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind, value = cleaned.get("identifier_kind"), (cleaned.get("identifier") or "").strip()
        if value and not kind:
            self.add_error("identifier_kind", "Select what kind of identifier this is")
        elif kind and value:
            try:
                cleaned["identifier"] = validate_identifier(kind, value)
            except ValidationError as error:
                self.add_error("identifier", error)
        searched = [cleaned.get(name) for name in ("given_names", "family_name", "date_of_birth", "postcode")]
        if not any(searched) and not value and not self.errors:
            raise ValidationError("Enter a name, date of birth, postcode or identifier to search for")
        return cleaned

    def details(self) -> PersonDetails:
        data = self.cleaned_data
        identifiers = ((data["identifier_kind"], data["identifier"]),) if data.get("identifier") else ()
        return PersonDetails(
            given_names=data["given_names"].strip(),
            family_name=data["family_name"].strip(),
            date_of_birth=data["date_of_birth"],
            postcode=data["postcode"],
            identifiers=identifiers,
        )

    def describe(self) -> str:
        parts = [
            f"{label}"
            for name, label in (
                ("given_names", "given names"),
                ("family_name", "family name"),
                ("date_of_birth", "date of birth"),
                ("postcode", "postcode"),
                ("identifier", "identifier"),
            )
            if self.cleaned_data.get(name)
        ]
        return "Searched the person index by " + ", ".join(parts)


class MatchDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Are these the same person?",
        choices=[
            (Decision.SAME, "Yes, the same person: link the new record to the one already known"),
            (Decision.DIFFERENT, "No, different people: do not suggest this pair again"),
            (Decision.NOT_SURE, "Not sure: keep it to decide later"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether these are the same person",
            "invalid_choice": "Select whether these are the same person",
        },
    )
    reason = forms.CharField(
        label="Why?",
        help_text="For example, which details you checked and with whom",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter the reason for your decision"},
    )


class UnmergeForm(forms.Form):
    reason = forms.CharField(
        label="Why are you undoing this merge?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter the reason for undoing this merge"},
    )
