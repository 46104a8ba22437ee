"""Checks on contact details, with the messages shown to people in plain English. Used by the
forms (to show errors beside the fields) and again by the services (which trust no caller)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

EMAIL_MESSAGE = "Enter an email address in the correct format, like name@example.org"
PHONE_MESSAGE = "Enter a telephone number, like 01632 960 001 or +44 808 157 0192"
WEBSITE_MESSAGE = "Enter a website address in the correct format, like https://www.example.org"
AGE_ORDER_MESSAGE = "Minimum age must be the same as or lower than the maximum age"

_PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()-]+$")


def check_email(value: str) -> str:
    value = value.strip()
    if value:
        try:
            EmailValidator()(value)
        except ValidationError:
            raise ValidationError(EMAIL_MESSAGE, code="invalid") from None
    return value


def check_phone(value: str) -> str:
    """A UK number of 10 or 11 digits (starting 0), or an international one starting +."""
    value = " ".join(value.split())
    if not value:
        return value
    digits = re.sub(r"\D", "", value)
    ok = bool(_PHONE_CHARACTERS.match(value)) and value.count("+") <= 1
    if value.startswith("+"):
        ok = ok and 8 <= len(digits) <= 15
    else:
        ok = ok and digits.startswith("0") and len(digits) in (10, 11)
    if not ok:
        raise ValidationError(PHONE_MESSAGE, code="invalid")
    return value


def check_website(value: str) -> str:
    value = value.strip()
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise ValidationError(WEBSITE_MESSAGE, code="invalid") from None
    return value


def check_age_range(min_age: int | None, max_age: int | None) -> None:
    if min_age is not None and max_age is not None and min_age > max_age:
        raise ValidationError({"min_age": AGE_ORDER_MESSAGE})


def check_contact(*, email: str, phone: str, website: str = "") -> dict[str, str]:
    """Every contact field checked at once; a ValidationError names each wrong field."""
    errors: dict[str, list[ValidationError]] = {}
    cleaned: dict[str, str] = {}
    for name, check, value in (
        ("contact_email", check_email, email),
        ("contact_phone", check_phone, phone),
        ("website", check_website, website),
    ):
        try:
            cleaned[name] = check(value)
        except ValidationError as error:
            errors[name] = [error]
    if errors:
        raise ValidationError(errors)  # type: ignore[arg-type]
    return cleaned
