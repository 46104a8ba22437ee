"""Format checks for what partners type about a person, with GOV.UK-style messages.

Each check returns the value in its one normal form, so that the same identifier typed two ways
is stored, and matched, the same way.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from cornerstone.people.models import IdentifierKind

# The shapes of a UK postcode (outward code, a space, inward code), BS 7666 style, and GIR 0AA.
_POSTCODE = re.compile(
    r"^(GIR0AA|"
    r"(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|"
    r"[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
    r"[0-9][ABD-HJLNP-UW-Z]{2})$"
)

# UPN check letters: the 23 letters that are not I, O or S.
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
# PNC check characters, indexed by (year and serial as one number) mod 23.
_PNC_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"


def _squash(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "").upper()


def validate_postcode(value: str) -> str:
    """A UK postcode in capitals with one space before the inward code: "wa1 1aa" -> "WA1 1AA"."""
    squashed = _squash(value)
    if not _POSTCODE.match(squashed):
        raise ValidationError("Enter a real postcode, like SW1A 1AA", code="postcode")
    return f"{squashed[:-3]} {squashed[-3:]}"


def postcode_district(postcode: str) -> str:
    """The outward code of a normalised postcode: "WA1 1AA" -> "WA1"."""
    return postcode.split(" ")[0] if postcode else ""


def upn_check_letter(body: str) -> str:
    """The Department for Education check letter for the last 12 characters of a UPN.

    Characters 2 to 13 are weighted 2 to 13; a letter in the last place (a temporary UPN) counts
    as its position in the check-letter alphabet. The weighted sum modulo 23 picks the letter.
    """
    total = 0
    for weight, character in enumerate(body, start=2):
        value = int(character) if character.isdigit() else _UPN_LETTERS.index(character)
        total += weight * value
    return _UPN_LETTERS[total % 23]


def nhs_check_digit(first_nine: str) -> int | None:
    """The modulus 11 check digit of an NHS number, or None when no digit can be valid."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def pnc_check_letter(year: str, serial: str) -> str:
    """The check character of a PNC ID: the two-digit year and seven-digit serial read as one
    number, modulo 23."""
    return _PNC_LETTERS[int(year + serial) % 23]


def validate_identifier(kind: str, value: str) -> str:
    squashed = _squash(value)
    if kind == IdentifierKind.UPN:
        # The check letter (first) and a temporary UPN's last character come from the 23
        # letters that are not I, O or S (so Q is allowed and S is not).
        if not re.fullmatch(f"[{_UPN_LETTERS}][0-9]{{11}}[0-9{_UPN_LETTERS}]", squashed):
            raise ValidationError(
                "Enter a unique pupil number in the correct format: a letter then 12 characters, like H801200001001",
                code="upn",
            )
        if upn_check_letter(squashed[1:]) != squashed[0]:
            raise ValidationError(
                "The unique pupil number is not right: check it against the school's records",
                code="upn_check",
            )
        return squashed
    if kind == IdentifierKind.NHS:
        if not re.fullmatch(r"[0-9]{10}", squashed):
            raise ValidationError("Enter an NHS number with 10 digits, like 485 777 3456", code="nhs")
        if nhs_check_digit(squashed[:9]) != int(squashed[9]):
            raise ValidationError(
                "The NHS number is not right: check it against the health record", code="nhs_check"
            )
        return f"{squashed[:3]} {squashed[3:6]} {squashed[6:]}"
    if kind == IdentifierKind.PNC:
        match = re.fullmatch(r"(?:19|20)?([0-9]{2})/?([0-9]{1,7})([A-Z])", squashed)
        if match is None:
            raise ValidationError(
                "Enter a PNC reference as the year, a slash, up to 7 digits and a letter, like 12/1234567A",
                code="pnc",
            )
        year, serial, letter = match.group(1), match.group(2).zfill(7), match.group(3)
        if pnc_check_letter(year, serial) != letter:
            raise ValidationError(
                "The PNC reference is not right: check the letter at the end", code="pnc_check"
            )
        return f"{year}/{serial}{letter}"
    raise ValidationError("Select the kind of identifier", code="kind")
