"""A referral sent as JSON, turned into the input of the on-screen pages so that the very same
forms check it; and the JSON schema of that input, described from those same forms, so the
published schema and the validation cannot drift apart.

The body's ``answers`` has one object per page of the referral (keyed by the page's slug, as in
the form's addresses), each holding that page's questions by field name. Three differences from
the screen, all for machines: dates are ISO 8601 strings (``2010-03-27``) rather than three
boxes; local authority, sector and type of concern are given by code rather than by choosing
from a list; and the attachments page is not part of it (files are not sent through the API).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from cornerstone.geography.models import LocalAuthority
from cornerstone.govuk.fields import GovukDateField
from cornerstone.referrals import steps
from cornerstone.referrals.forms import NOT_SURE
from cornerstone.referrals.models import ConcernTaxonomy, ConcernType, ReferralSector

# Files are not sent through the API; "how the referral reached you" is asked only of police
# staff recording a referral on someone's behalf.
NOT_SENT_THROUGH_API = frozenset({"attachments", "how-received"})
# A value that matches no record, so the page's own "select ..." message is given.
_NO_MATCH = "-1"


def api_steps() -> list[steps.Step]:
    """The pages a partner's system answers: those of a referral made by its own staff."""
    return [step for step in steps.STEPS if step.slug not in NOT_SENT_THROUGH_API]


def _code_field_lookups() -> dict[str, Any]:
    current = ConcernTaxonomy.objects.filter(is_current=True).first()
    return {
        "local_authority": lambda code: (
            LocalAuthority.objects.filter(code=code).values_list("pk", flat=True).first()
        ),
        "sector": lambda code: (
            ReferralSector.objects.filter(code=code, is_active=True).values_list("pk", flat=True).first()
        ),
        "concern_type": lambda code: (
            NOT_SURE
            if code == NOT_SURE
            else ConcernType.objects.filter(taxonomy=current, code=code).values_list("pk", flat=True).first()
        ),
    }


def _scalar(value: Any) -> str | None:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str | int | float):
        return str(value)
    return None


def to_page_input(answers: Any) -> tuple[dict[str, dict[str, list[str]]], list[dict[str, str]]]:
    """The raw page input the forms take, and any errors of shape (not of content: the forms
    judge the content)."""
    if not isinstance(answers, dict):
        return {}, [{"field": "answers", "message": "Give the answers as an object with one entry per page"}]
    pages = {step.slug: step for step in api_steps()}
    lookups = _code_field_lookups()
    raw: dict[str, dict[str, list[str]]] = {}
    errors: list[dict[str, str]] = []
    for slug, page in answers.items():
        where = f"answers.{slug}"
        step = pages.get(slug)
        if step is None:
            errors.append(
                {"field": where, "message": "This is not a page of a referral sent through the API"}
            )
            continue
        if not isinstance(page, dict):
            errors.append({"field": where, "message": "Give this page's answers as an object"})
            continue
        fields = step.form_class.base_fields
        page_raw: dict[str, list[str]] = {}
        for name, value in page.items():
            field = fields.get(name)
            if field is None:
                errors.append({"field": f"{where}.{name}", "message": "This is not a question on this page"})
                continue
            if value is None:
                continue
            if isinstance(field, GovukDateField):
                try:
                    day = dt.date.fromisoformat(value) if isinstance(value, str) else None
                except ValueError:
                    day = None
                if day is None:
                    errors.append(
                        {
                            "field": f"{where}.{name}",
                            "message": "Give the date as YYYY-MM-DD, like 2010-03-27",
                        }
                    )
                    continue
                page_raw.update(
                    {
                        f"{name}_day": [str(day.day)],
                        f"{name}_month": [str(day.month)],
                        f"{name}_year": [str(day.year)],
                    }
                )
            elif isinstance(field, forms.MultipleChoiceField):
                items = [_scalar(item) for item in value] if isinstance(value, list) else [None]
                if any(item is None for item in items):
                    errors.append(
                        {"field": f"{where}.{name}", "message": "Give a list of the choices that apply"}
                    )
                    continue
                page_raw[name] = [str(item) for item in items]
            else:
                text = _scalar(value)
                if text is None:
                    errors.append({"field": f"{where}.{name}", "message": "Give this answer as text"})
                    continue
                if name in lookups:
                    # No code holds a NUL character, and PostgreSQL refuses one even in a lookup.
                    found = None if "\x00" in text else lookups[name](text)
                    text = _NO_MATCH if found is None else str(found)
                page_raw[name] = [text]
        raw[slug] = page_raw
    return raw, errors


def form_errors(slug: str, errors: dict[str, list[str]]) -> list[dict[str, str]]:
    """A page's form errors as API field errors (dates' three boxes are reported as the date)."""
    out: list[dict[str, str]] = []
    for name, messages in errors.items():
        field = f"answers.{slug}" if name == "__all__" else f"answers.{slug}.{name}"
        out.extend({"field": field, "message": str(message)} for message in messages)
    return out


# The schema -------------------------------------------------------------------------------

_CODE_DESCRIPTIONS = {
    "local_authority": "The local authority's register code, for example WRT (see the guide).",
    "sector": "The referral sector's code, for example education (see the guide).",
    "concern_type": "The type of concern's code in the current taxonomy, or not_sure.",
}


def _field_schema(name: str, field: forms.Field) -> dict[str, Any]:
    schema: dict[str, Any]
    if isinstance(field, GovukDateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, forms.MultipleChoiceField):
        keys = [str(key) for key, _ in field.choices]  # type: ignore[misc,union-attr]
        schema = {"type": "array", "items": {"type": "string", "enum": keys}}
    elif name in _CODE_DESCRIPTIONS:
        schema = {"type": "string", "description": _CODE_DESCRIPTIONS[name]}
    elif isinstance(field, forms.ChoiceField):
        keys = [str(key) for key, _ in field.choices if key != ""]  # type: ignore[misc,union-attr]
        schema = {"type": "string", "enum": keys}
    elif isinstance(field, forms.IntegerField):
        schema = {"type": "integer"}
        if field.min_value is not None:
            schema["minimum"] = field.min_value
        if field.max_value is not None:
            schema["maximum"] = field.max_value
    else:
        schema = {"type": "string"}
        max_length = getattr(field, "max_length", None)
        if max_length:
            schema["maxLength"] = max_length
    label = str(field.label or name)
    schema.setdefault("description", label)
    return schema


def answers_schema() -> dict[str, Any]:
    properties = {}
    for step in api_steps():
        fields = step.form_class.base_fields
        page: dict[str, Any] = {
            "type": "object",
            "description": step.title,
            "additionalProperties": False,
            "properties": {name: _field_schema(name, field) for name, field in fields.items()},
        }
        required = [name for name, field in fields.items() if field.required]
        if required:
            page["required"] = required
        properties[step.slug] = page
    return {
        "type": "object",
        "description": "One object per page of the referral, each holding that page's answers.",
        "additionalProperties": False,
        "properties": properties,
        "required": [step.slug for step in api_steps()],
    }
