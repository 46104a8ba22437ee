"""Forms of the onward-disclosure register. They parse what people type; the rules (an
agreement unless a court order or vital interests, parties, dates) are the services' and come
back as plain-English errors on the same fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from cornerstone.accounts.models import Organisation
from cornerstone.audit.disclosures.services import AgreementDetails, DisclosureDetails
from cornerstone.audit.models import InformationSharingAgreement, LawfulBasis
from cornerstone.govuk.fields import GovukDateField


def _text(label: str, required: str, *, help_text: str = "", max_length: int = 200) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        help_text=help_text,
        error_messages={
            "required": required,
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


def _area(label: str, required: str | None, *, help_text: str = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required is not None,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required or ""},
    )


def _basis_field(label: str, required: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=LawfulBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": required, "invalid_choice": required},
    )


class AgreementForm(forms.Form):
    reference = _text(
        "Reference", "Enter the agreement's reference", help_text="For example, ISA-2026-004", max_length=50
    )
    title = _text("Title", "Enter the agreement's title")
    organisations = forms.ModelMultipleChoiceField(
        label="Organisations in the partnership that are parties",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select organisations from the list"},
    )
    external_parties = _area(
        "Other parties",
        None,
        help_text="Organisations outside the partnership, one a line. For example, Department for Work and Pensions",
        rows=3,
    )
    purpose = _area("Purpose", "Enter what the agreement allows information to be shared for")
    lawful_basis = _basis_field("Lawful basis", "Select the lawful basis of the agreement")
    starts_on = GovukDateField(label="Start date", help_text="For example, 1 4 2026")
    review_on = GovukDateField(label="Review date", help_text="For example, 31 3 2027")
    is_active = forms.BooleanField(
        label="This agreement is in force",
        required=False,
        help_text="Only agreements in force can be chosen when recording a disclosure",
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(agreement: InformationSharingAgreement) -> dict[str, Any]:
        return {
            "reference": agreement.reference,
            "title": agreement.title,
            "organisations": list(agreement.organisations.all()),
            "external_parties": agreement.external_parties,
            "purpose": agreement.purpose,
            "lawful_basis": agreement.lawful_basis,
            "starts_on": agreement.starts_on,
            "review_on": agreement.review_on,
            "is_active": agreement.is_active,
        }

    def details(self) -> AgreementDetails:
        data = self.cleaned_data
        return AgreementDetails(
            reference=data["reference"],
            title=data["title"],
            organisations=list(data["organisations"]),
            external_parties=data["external_parties"],
            purpose=data["purpose"],
            lawful_basis=data["lawful_basis"],
            starts_on=data["starts_on"],
            review_on=data["review_on"],
            is_active=data["is_active"],
        )


class DisclosureForm(forms.Form):
    recipient_organisation = _text(
        "Organisation it was shared with",
        "Enter the organisation the information was shared with",
        help_text="An organisation outside the partnership",
    )
    recipient_contact = _text(
        "Who received it",
        "Enter who received it: their name, role or contact details",
        help_text="Name, role and contact details",
        max_length=300,
    )
    lawful_basis = _basis_field("Lawful basis for sharing", "Select the lawful basis for sharing")
    agreement = forms.ModelChoiceField(
        label="Information sharing agreement",
        queryset=InformationSharingAgreement.objects.none(),
        required=False,
        empty_label="None",
        help_text=(
            "Agreements in force that your organisation is a party to. Required unless the basis is a "
            "court order or vital interests"
        ),
        error_messages={
            "invalid_choice": "Select a current information sharing agreement your organisation is a party to"
        },
    )
    no_agreement_reason = _area(
        "Why there is no agreement",
        None,
        help_text="Only for a court order or vital interests, when there is no agreement",
        rows=3,
    )
    shared_description = _area(
        "What was shared",
        "Describe what was shared",
        help_text="For example, the person's name, date of birth and the concerns in the referral",
    )
    shared_records = _area(
        "Which records",
        None,
        help_text="For example, the referral form and the gateway assessment",
        rows=2,
    )
    disclosed_on = GovukDateField(
        label="Date it was shared",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date the information was shared"},
    )
    decided_by = _text("Who decided to share it", "Enter who decided to share it", help_text="Name and role")
    reason = _area(
        "Why it was necessary",
        "Enter why it was necessary to share it",
        help_text="Why sharing was necessary and proportionate",
    )

    def __init__(self, *args: Any, agreements: QuerySet[InformationSharingAgreement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements  # type: ignore[attr-defined]

    def details(self) -> DisclosureDetails:
        data = self.cleaned_data
        agreement = data["agreement"]
        return DisclosureDetails(
            recipient_organisation=data["recipient_organisation"],
            recipient_contact=data["recipient_contact"],
            lawful_basis=data["lawful_basis"],
            agreement_id=agreement.pk if agreement is not None else None,
            no_agreement_reason=data["no_agreement_reason"],
            shared_description=data["shared_description"],
            shared_records=data["shared_records"],
            disclosed_on=data["disclosed_on"],
            decided_by=data["decided_by"],
            reason=data["reason"],
        )


def _filter_date(label: str) -> GovukDateField:
    return GovukDateField(label=label, required=False, help_text="For example, 27 3 2026")


class RegisterFilterForm(forms.Form):
    """The register's filters, sent with GET so a filtered view can be bookmarked and exported."""

    recipient = forms.CharField(
        label="Recipient",
        required=False,
        max_length=200,
        help_text="All or part of the organisation's name",
        error_messages={"max_length": "Recipient must be 200 characters or fewer"},
    )
    date_from = _filter_date("Shared from")
    date_to = _filter_date("Shared to")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if isinstance(date_from, dt.date) and isinstance(date_to, dt.date) and date_to < date_from:
            self.add_error("date_to", "Shared to must be the same as or after shared from")
        if isinstance(date_from, dt.date) and date_from > timezone.localdate():
            self.add_error("date_from", "Shared from must be today or in the past")
        return cleaned

    def criteria(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "recipient": data["recipient"].strip(),
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }

    def describe(self) -> str:
        criteria = self.criteria()
        parts = ["Viewed the onward-disclosure register"]
        if criteria["recipient"]:
            parts.append(f"recipient matching {criteria['recipient']!r}")
        if criteria["date_from"]:
            parts.append(f"from {criteria['date_from']:%Y-%m-%d}")
        if criteria["date_to"]:
            parts.append(f"to {criteria['date_to']:%Y-%m-%d}")
        return ", ".join(parts)
