"""Identifier and postcode formats, with their real check digits."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cornerstone.people.models import IdentifierKind
from cornerstone.people.validation import (
    nhs_check_digit,
    pnc_check_letter,
    upn_check_letter,
    validate_identifier,
    validate_postcode,
)


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("wa1 1aa", "WA1 1AA"),
        ("SW1A1AA", "SW1A 1AA"),
        (" m1 1ae ", "M1 1AE"),
        ("b33 8th", "B33 8TH"),
        ("cr2 6xh", "CR2 6XH"),
    ],
)
def test_postcodes_are_stored_in_one_form(typed: str, stored: str) -> None:
    assert validate_postcode(typed) == stored


@pytest.mark.parametrize("typed", ["WA1", "12345", "QA1 1AA", "WA1 1AAA", "W1 1CI", ""])
def test_unknown_postcode_formats_are_refused(typed: str) -> None:
    with pytest.raises(ValidationError, match="Enter a real postcode, like SW1A 1AA"):
        validate_postcode(typed)


def test_nhs_numbers_need_the_right_check_digit() -> None:
    # 943 476 5919 is the NHS's own published example of a valid number.
    assert validate_identifier(IdentifierKind.NHS, "9434765919") == "943 476 5919"
    assert validate_identifier(IdentifierKind.NHS, "943-476-5919") == "943 476 5919"
    with pytest.raises(ValidationError, match="The NHS number is not right"):
        validate_identifier(IdentifierKind.NHS, "9434765918")
    with pytest.raises(ValidationError, match="10 digits"):
        validate_identifier(IdentifierKind.NHS, "94347659")
    # Nine digits that would need a check digit of 10 (6 x 2 = 12, remainder 1) start no valid number.
    assert nhs_check_digit("000000006") is None
    for last in "0123456789":
        with pytest.raises(ValidationError):
            validate_identifier(IdentifierKind.NHS, "000000006" + last)


def test_a_upn_needs_its_check_letter() -> None:
    body = "801200001001"
    letter = upn_check_letter(body)
    assert validate_identifier(IdentifierKind.UPN, (letter + body).lower()) == letter + body
    wrong = next(c for c in "ABCDEFGHJKLMNPQRTUVWXYZ" if c != letter)
    with pytest.raises(ValidationError, match="unique pupil number is not right"):
        validate_identifier(IdentifierKind.UPN, wrong + body)
    with pytest.raises(ValidationError, match="a letter then 12 characters"):
        validate_identifier(IdentifierKind.UPN, "1801200001001")


def test_upn_check_letter_by_hand() -> None:
    # Weights 2..13 on "801200001001": 2*8 + 4*1 + 5*2 + 10*1 + 13*1 = 53; 53 mod 23 = 7 -> "H",
    # which makes H801200001001, the example the Department for Education publishes.
    assert upn_check_letter("801200001001") == "H"


def test_pnc_references_need_their_check_letter() -> None:
    letter = pnc_check_letter("12", "0001234")
    assert validate_identifier(IdentifierKind.PNC, f"2012/1234{letter}") == f"12/0001234{letter}"
    assert validate_identifier(IdentifierKind.PNC, f"12/0001234{letter.lower()}") == f"12/0001234{letter}"
    wrong = "A" if letter != "A" else "B"
    with pytest.raises(ValidationError, match="check the letter at the end"):
        validate_identifier(IdentifierKind.PNC, f"12/0001234{wrong}")
    with pytest.raises(ValidationError, match="like 12/1234567A"):
        validate_identifier(IdentifierKind.PNC, "ABC")


def test_pnc_check_letter_by_hand() -> None:
    # 120001234 mod 23 = 22 -> the last letter of "ZABCDEFGHJKLMNPQRTUVWXY": "Y".
    assert pnc_check_letter("12", "0001234") == "Y"


def test_a_upn_whose_check_letter_is_q_is_accepted_and_s_is_never_one() -> None:
    # Q is one of the 23 check letters (I, O and S are not): find a body whose check letter is Q.
    body = next(f"80120000{n:04d}" for n in range(10000) if upn_check_letter(f"80120000{n:04d}") == "Q")
    assert validate_identifier(IdentifierKind.UPN, "Q" + body) == "Q" + body
    with pytest.raises(ValidationError, match="a letter then 12 characters"):
        validate_identifier(IdentifierKind.UPN, "S" + body)


def test_a_temporary_upn_ends_in_a_check_alphabet_letter() -> None:
    # A temporary UPN has a letter last; that letter counts as its place in the check alphabet.
    body = "80120000100A"
    letter = upn_check_letter(body)
    assert validate_identifier(IdentifierKind.UPN, letter + body) == letter + body
    with pytest.raises(ValidationError, match="a letter then 12 characters"):
        validate_identifier(IdentifierKind.UPN, letter + "80120000100I")
