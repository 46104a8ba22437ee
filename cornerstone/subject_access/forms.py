"""Forms of the subject access register. They parse what people type; the rules are the
services', and come back as plain-English errors on the same fields."""

from __future__ import annotations

from django import forms

from cornerstone.govuk.fields import GovukDateField
from cornerstone.subject_access.models import RedactionReason, RequesterKind
from cornerstone.subject_access.services import RequestDetails


def _area(label: str, required: str | None, *, help_text: str = "", rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required is not None,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required or ""},
    )


class RequestForm(forms.Form):
    person_reference = forms.CharField(
        label="Person index reference",
        max_length=20,
        help_text="The reference of the person the request is about, from the person index",
        error_messages={"required": "Enter the person index reference of the person the request is about"},
    )
    requester_kind = forms.ChoiceField(
        label="Who made the request?",
        choices=RequesterKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select who made the request",
            "invalid_choice": "Select who made the request",
        },
    )
    requester_name = forms.CharField(
        label="Name of the person who made the request",
        max_length=200,
        error_messages={"required": "Enter the name of the person who made the request"},
    )
    requester_contact = _area(
        "How to contact them",
        "Enter how to contact the person who made the request",
        help_text="A postal address or email address for the response",
    )
    representative_authority = _area(
        "What shows a representative may act for the person",
        None,
        help_text="Only for a representative. For example, signed authority from the person, or parental responsibility for a child",
    )
    identity_verified_how = _area(
        "How was the requester's identity checked?",
        "Enter how the requester's identity was checked",
        help_text="For example, passport seen in person on 3 March, or matched to details already held",
    )
    received_on = GovukDateField(label="Date received", help_text="For example, 27 3 2026")

    def details(self) -> RequestDetails:
        data = self.cleaned_data
        return RequestDetails(
            person_reference=data["person_reference"],
            requester_kind=data["requester_kind"],
            requester_name=data["requester_name"],
            requester_contact=data["requester_contact"],
            identity_verified_how=data["identity_verified_how"],
            received_on=data["received_on"],
            representative_authority=data.get("representative_authority", ""),
        )


class ExtendForm(forms.Form):
    extra_months = forms.TypedChoiceField(
        label="How much longer?",
        choices=[(1, "One more month"), (2, "Two more months")],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select an extension of one or two months",
            "invalid_choice": "Select an extension of one or two months",
        },
    )
    reason = _area(
        "Why does the request need longer?",
        "Enter why the request needs longer (for example, it is complex)",
        help_text="The person must be told within the first month, with this reason",
    )


class RefuseForm(forms.Form):
    reason = _area(
        "Why is the request refused?",
        "Enter why the request is refused",
        help_text="For example, manifestly unfounded or excessive, or the requester's identity could not be checked",
        rows=4,
    )


class RedactionForm(forms.Form):
    reason = forms.ChoiceField(
        label="Reason for withholding it",
        choices=RedactionReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the reason for the redaction",
            "invalid_choice": "Select the reason for the redaction",
        },
    )
    note = _area(
        "Explain why",
        "Explain why this is withheld",
        help_text="For example, whose data it is, or what the disclosure would prejudice",
    )


class SentForm(forms.Form):
    sent_on = GovukDateField(label="Date the response was sent", help_text="For example, 27 3 2026")
