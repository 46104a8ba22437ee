from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from cornerstone.api.models import Scope
from cornerstone.govuk.fields import GovukDateField


def _default_expiry() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=365)


class ApiClientForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="Which system will use it, for example 'Student records (MIS)'",
        error_messages={"required": "Enter a name for the client"},
    )
    scopes = forms.MultipleChoiceField(
        label="What may it do?",
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Give only what the system needs.",
        error_messages={"required": "Select what the client may do"},
    )
    expires_on = GovukDateField(
        label="Expiry date",
        help_text="At most a year from today. For example, 27 3 2027",
        error_messages={"required": "Enter the expiry date"},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not self.is_bound:
            self.initial.setdefault("expires_on", _default_expiry())


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Why are you revoking it?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the system has been replaced, or the credential may have been seen by someone else",
        error_messages={"required": "Enter why you are revoking this credential"},
    )
