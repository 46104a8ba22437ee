"""The auditor's search form (sent with GET, so a search can be bookmarked and paged)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateformat import format as date_format

from cornerstone.accounts.models import Organisation
from cornerstone.govuk.fields import GovukDateField

CHANGES = "changes"
ACCESS = "access"
LOG_CHOICES = [
    (CHANGES, "Changes to records"),
    (ACCESS, "Access log: who viewed, searched, exported or printed records"),
]
LOG_NAMES = {CHANGES: "changes log", ACCESS: "access log"}


def _date_field(label: str) -> GovukDateField:
    return GovukDateField(label=label, required=False, help_text="For example, 27 3 2024")


class AuditSearchForm(forms.Form):
    log = forms.ChoiceField(
        label="Which log",
        choices=LOG_CHOICES,
        initial=CHANGES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select which log to search",
            "invalid_choice": "Select which log to search",
        },
    )
    person_ref = forms.CharField(
        label="Person reference",
        required=False,
        max_length=64,
        help_text="The reference of the person a record is about",
        error_messages={"max_length": "Person reference must be 64 characters or fewer"},
    )
    user = forms.CharField(
        label="User",
        required=False,
        max_length=200,
        help_text="All or part of their name or email address",
        error_messages={"max_length": "User must be 200 characters or fewer"},
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="All organisations you audit",
        error_messages={"invalid_choice": "Select an organisation from the list"},
    )
    date_from = _date_field("Date from")
    date_to = _date_field("Date to")

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        today = timezone.localdate()
        for name, label in (("date_from", "Date from"), ("date_to", "Date to")):
            day = cleaned.get(name)
            if day is not None and day > today:
                self.add_error(name, f"{label} must be today or in the past")
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if (
            date_from is not None
            and date_to is not None
            and "date_from" not in self.errors
            and "date_to" not in self.errors
            and date_to < date_from
        ):
            self.add_error("date_to", "Date to must be the same as or after date from")
        return cleaned

    def criteria(self) -> dict[str, Any]:
        """The validated filters, as ``selectors.log_filtered`` takes them."""
        data = self.cleaned_data
        return {
            "person_ref": data["person_ref"].strip(),
            "user": data["user"].strip(),
            "organisation": data["organisation"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }

    def describe(self) -> str:
        """The search in plain English, for the access log entry that records it."""
        data = self.cleaned_data
        parts = [f"Searched the {LOG_NAMES[data['log']]}"]
        criteria = self.criteria()
        if criteria["person_ref"]:
            parts.append(f"person reference {criteria['person_ref']}")
        if criteria["user"]:
            parts.append(f"user matching {criteria['user']!r}")
        if criteria["organisation"] is not None:
            parts.append(f"organisation {criteria['organisation']}")
        if criteria["date_from"]:
            parts.append(f"from {_day(criteria['date_from'])}")
        if criteria["date_to"]:
            parts.append(f"to {_day(criteria['date_to'])}")
        if len(parts) == 1:
            parts.append("no filters")
        return ", ".join(parts)


def _day(day: dt.date) -> str:
    return date_format(day, "j F Y")
