"""Showing a service's ValidationError on the form that sent the data."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Each message goes to its field where the form has that field, otherwise to the whole form,
    so the error summary links every one of them."""
    if hasattr(error, "error_dict"):
        for name, messages in error.error_dict.items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        for text in error.messages:
            form.add_error(None, text)
