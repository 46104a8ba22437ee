"""The GOV.UK date input: a date asked for as three boxes, day, month and year.

The field gives a ``datetime.date`` and the GOV.UK error messages in plain English. Each error
records which of the three boxes are wrong (``ValidationError.params["parts"]``), so the form
renderer highlights only those and links the error summary to the first of them.

    date_of_birth = GovukDateField(label="Date of birth", past_only=True,
                                   help_text="For example, 27 3 2007")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

PARTS: tuple[str, ...] = ("day", "month", "year")
PART_LABELS: dict[str, str] = {"day": "Day", "month": "Month", "year": "Year"}


def decompress(value: Any) -> list[Any]:
    """A date as its [day, month, year]; anything else as three empty boxes."""
    if isinstance(value, dt.date):
        return [value.day, value.month, value.year]
    return [None, None, None]


class GovukDateWidget(forms.MultiWidget):
    """Three text boxes named ``<name>_day``, ``<name>_month`` and ``<name>_year``.

    ``{% govuk_field %}`` draws the GOV.UK markup; Django's own rendering (three inputs) still works.
    Pass ``attrs={"autocomplete": "bday"}`` for a date of birth.
    """

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        boxes: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in PARTS
        }
        super().__init__(widgets=boxes, attrs=attrs)

    def decompress(self, value: Any) -> list[Any]:
        return decompress(value)

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_day" if id_ else ""


def part_id(field_id: str, part: str) -> str:
    """The HTML id of one box of a date input whose field id is ``field_id``."""
    return f"{field_id}_{part}"


def _lower_first(label: str) -> str:
    # "Date of birth" -> "date of birth", but leave an acronym alone: "UK arrival date".
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def _join(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


class GovukDateField(forms.MultiValueField):
    """A date entered as day, month and year, cleaned to a ``datetime.date``.

    ``past_only=True`` refuses today and later dates. Messages can be changed through
    ``error_messages`` (keys ``required``, ``incomplete``, ``invalid``, ``past``); they may use
    ``{label}``, ``{label_lower}`` and, for ``incomplete``, ``{missing}``.
    """

    widget = GovukDateWidget
    default_error_messages = {
        "required": "Enter {label_lower}",
        "incomplete": "{label} must include a {missing}",
        "invalid": "{label} must be a real date",
        "past": "{label} must be in the past",
    }

    def __init__(self, *, past_only: bool = False, **kwargs: Any) -> None:
        self.past_only = past_only
        boxes = tuple(forms.CharField(required=False, max_length=4) for _ in PARTS)
        super().__init__(fields=boxes, require_all_fields=False, **kwargs)

    def _error(self, code: str, parts: Sequence[str], **extra: str) -> ValidationError:
        label = str(self.label or "Date")
        message = self.error_messages[code].format(label=label, label_lower=_lower_first(label), **extra)
        return ValidationError(message, code=code, params={"parts": tuple(parts)})

    def clean(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):  # a disabled field is given its initial date
            value = decompress(value)
        boxes = list(value) if isinstance(value, list | tuple) else []
        texts = dict(zip(PARTS, (str(box if box is not None else "").strip() for box in boxes), strict=False))
        texts = {part: texts.get(part, "") for part in PARTS}

        if not any(texts.values()):
            if self.required:
                raise self._error("required", PARTS)
            return None
        missing = [part for part in PARTS if not texts[part]]
        if missing:
            raise self._error("incomplete", missing, missing=_join(missing))

        wrong = [part for part in PARTS if not texts[part].isdigit()]
        if not wrong:
            day, month, year = (int(texts[part]) for part in PARTS)
            if not 1 <= month <= 12:
                wrong.append("month")
            if len(texts["year"]) != 4 or year < 1000:
                wrong.append("year")
            if not 1 <= day <= 31:
                wrong.append("day")
        if wrong:
            raise self._error("invalid", [part for part in PARTS if part in wrong])
        try:
            date = dt.date(year, month, day)
        except ValueError:
            # Each box is plausible on its own, so the day does not exist in that month: 30 February.
            raise self._error("invalid", ("day",)) from None

        if self.past_only and date >= timezone.localdate():
            raise self._error("past", PARTS)
        self.validate(date)
        self.run_validators(date)
        return date

    def validate(self, value: Any) -> None:
        # clean() has already checked "required"; MultiValueField.validate expects a list.
        pass

    def compress(self, data_list: list[Any]) -> dt.date | None:
        # Not used: clean() checks the three boxes together, to give GOV.UK's messages.
        raise NotImplementedError

    def has_changed(self, initial: Any, data: Any) -> bool:
        if self.disabled:
            return False
        if not any(str(box or "").strip() for box in data or []):
            return initial not in (None, "")
        try:
            return self.clean(data) != initial
        except ValidationError:
            return True


def error_parts(error: ValidationError) -> tuple[str, ...]:
    """Which boxes of a date input an error is about: all three unless the error says otherwise."""
    params = getattr(error, "params", None)
    named = params.get("parts", PARTS) if isinstance(params, dict) else PARTS
    parts = tuple(part for part in PARTS if part in named)
    return parts or PARTS
