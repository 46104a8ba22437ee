"""The text form of a framework version: plain errors with line numbers, and a round trip."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cornerstone.assessments.reference_data import DIMENSIONS, RATING_SCALE
from cornerstone.assessments.structure import (
    DimensionSpec,
    FactorSpec,
    format_scale,
    format_structure,
    parse_scale,
    parse_structure,
)


def _messages(text: str, parse=parse_structure) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as raised:
        parse(text)
    return raised.value.messages


def test_parses_dimensions_factors_descriptions_and_guidance() -> None:
    text = """
    # Engagement: what draws them in
    - Feeling under threat: believing their group is in danger: or worse
    -   Grievance

    # Capability
    * Criminal history
    """
    with pytest.raises(ValidationError):
        parse_structure(text)  # "*" is not a factor marker
    parsed = parse_structure(text.replace("* ", "- "))
    assert parsed == (
        DimensionSpec(
            "Engagement",
            "what draws them in",
            (
                FactorSpec("Feeling under threat", "believing their group is in danger: or worse"),
                FactorSpec("Grievance"),
            ),
        ),
        DimensionSpec("Capability", "", (FactorSpec("Criminal history"),)),
    )


def test_every_problem_is_listed_with_its_line_number() -> None:
    text = "- Orphan factor\n# \n# Intent\nJust some words\n# intent\n- A\n- a\n# Empty"
    assert _messages(text) == [
        "Line 1: put this factor under a dimension (a line starting with #) above it",
        "Line 2: write the dimension\u2019s name after the #".replace("\u2019", "'"),
        "Line 4: start the line with # for a dimension or - for a factor",
        "Line 5: there is already a dimension called \u2018intent\u2019",
        "Line 7: \u2018a\u2019 is already a factor of \u2018intent\u2019",
        "Line 3: the dimension \u2018Intent\u2019 has no factors; add at least one line starting with - below it",
        "Line 8: the dimension \u2018Empty\u2019 has no factors; add at least one line starting with - below it",
    ]


def test_empty_structure_is_refused_plainly() -> None:
    assert _messages("\n  \n") == [
        "Enter at least one dimension (a line starting with #) with its factors below it"
    ]


def test_rating_scale_is_words_not_numbers() -> None:
    assert parse_scale("Not present\n\nSome concern\n") == ("Not present", "Some concern")
    assert _messages("Low\n2\nlow", parse_scale) == [
        "Line 2: write the rating in words, not numbers, like \u2018Some concern\u2019 (ratings are never added up)",
        "Line 3: \u2018low\u2019 is already in the scale",
    ]
    assert _messages("Only one", parse_scale) == ["Enter at least two ratings, one on each line"]


def test_the_default_framework_round_trips() -> None:
    specs = tuple(
        DimensionSpec(name, description, tuple(FactorSpec(f, g) for f, g in factors))
        for name, description, factors in DIMENSIONS
    )
    assert parse_structure(format_structure(specs)) == specs
    assert parse_scale(format_scale(RATING_SCALE)) == tuple(RATING_SCALE)


# Names: no colon (it separates the guidance), no line breaks, no surrounding spaces.
_name = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters=":"),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)
_text = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=60).map(
    str.strip
)


def _unique(items: list, key) -> bool:  # type: ignore[no-untyped-def,type-arg]
    keys = [key(item) for item in items]
    return len(keys) == len(set(keys))


_factors = st.lists(st.builds(FactorSpec, _name, _text), min_size=1, max_size=5).filter(
    lambda factors: _unique(factors, lambda f: f.name.casefold())
)
_dimensions = st.lists(
    st.builds(DimensionSpec, _name, _text, _factors.map(tuple)), min_size=1, max_size=4
).filter(lambda dimensions: _unique(dimensions, lambda d: d.name.casefold()))


# Slow only on a loaded machine (filtered strategies); the rules are not timing-dependent.
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(_dimensions)
def test_any_valid_structure_round_trips(dimensions: list[DimensionSpec]) -> None:
    assert parse_structure(format_structure(dimensions)) == tuple(dimensions)


# Slow only on a loaded machine (filtered strategies); the rules are not timing-dependent.
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(
    st.lists(
        st.text(
            alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Nd", "No", "Nl")),
            min_size=1,
            max_size=30,
        )
        .map(str.strip)
        .filter(lambda s: s and not any(c.isdigit() for c in s)),
        min_size=2,
        max_size=10,
    ).filter(lambda labels: _unique(labels, str.casefold))
)
def test_any_valid_scale_round_trips(labels: list[str]) -> None:
    assert parse_scale(format_scale(labels)) == tuple(labels)


# Slow only on a loaded machine (filtered strategies); the rules are not timing-dependent.
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.text(max_size=300))
def test_any_text_parses_or_is_refused_with_messages(text: str) -> None:
    try:
        parsed = parse_structure(text)
    except ValidationError as error:
        assert error.messages and all(message for message in error.messages)
    else:
        assert parse_structure(format_structure(parsed)) == parsed
