from __future__ import annotations

from django import forms


class PreferenceForm(forms.Form):
    delivery = forms.ChoiceField(
        label="How do you want to be emailed?",
        choices=[
            ("each", "Each notification as it happens"),
            ("digest", "One daily digest"),
        ],
        widget=forms.RadioSelect,
        help_text="Emails never include names or details of a case: only what is waiting, a reference and a link",
        error_messages={"required": "Select how you want to be emailed"},
    )
