"""A framework version written as plain text, so an administrator can edit it in a text box.

The rating scale is one rating per line. The dimensions and factors are written like this:

    # Engagement with a group, cause or ideology: what draws the person in
    - Feelings of grievance and injustice: a sense that they have been wronged
    - Feeling under threat

A line starting with ``#`` is a dimension, a line starting with ``-`` is a factor of the
dimension above it; after the first colon comes the dimension's description or the factor's
guidance (both optional). ``parse_*`` give every problem at once, in plain English with the line
number; ``format_*`` write a version back as text, and parsing that gives the same version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

DIMENSION_NAME_MAX = 200
FACTOR_NAME_MAX = 300
TEXT_MAX = 2000
RATING_MAX = 100
MAX_RATINGS = 10
MAX_FACTORS = 200


@dataclass(frozen=True)
class FactorSpec:
    name: str
    guidance: str = ""


@dataclass(frozen=True)
class DimensionSpec:
    name: str
    description: str = ""
    factors: tuple[FactorSpec, ...] = ()


def _split(rest: str) -> tuple[str, str]:
    name, _, text = rest.partition(":")
    return name.strip(), text.strip()


def parse_structure(text: str) -> tuple[DimensionSpec, ...]:
    """The dimensions and factors written in ``text``; ValidationError listing every problem."""
    problems: list[str] = []
    dimensions: list[tuple[int, str, str, list[FactorSpec]]] = []
    factor_count = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            name, description = _split(line[1:])
            if not name:
                problems.append(f"Line {number}: write the dimension's name after the #")
                continue
            if len(name) > DIMENSION_NAME_MAX:
                problems.append(
                    f"Line {number}: a dimension's name must be {DIMENSION_NAME_MAX} characters or fewer"
                )
            if any(name.casefold() == other.casefold() for _, other, _, _ in dimensions):
                problems.append(f"Line {number}: there is already a dimension called \u2018{name}\u2019")
            if len(description) > TEXT_MAX:
                problems.append(f"Line {number}: a description must be {TEXT_MAX} characters or fewer")
            dimensions.append((number, name, description, []))
        elif line.startswith("-"):
            name, guidance = _split(line[1:])
            if not dimensions:
                problems.append(
                    f"Line {number}: put this factor under a dimension (a line starting with #) above it"
                )
                continue
            if not name:
                problems.append(f"Line {number}: write the factor's name after the -")
                continue
            if len(name) > FACTOR_NAME_MAX:
                problems.append(
                    f"Line {number}: a factor's name must be {FACTOR_NAME_MAX} characters or fewer"
                )
            if len(guidance) > TEXT_MAX:
                problems.append(f"Line {number}: guidance must be {TEXT_MAX} characters or fewer")
            factors = dimensions[-1][3]
            if any(name.casefold() == other.name.casefold() for other in factors):
                problems.append(
                    f"Line {number}: \u2018{name}\u2019 is already a factor of \u2018{dimensions[-1][1]}\u2019"
                )
            factors.append(FactorSpec(name, guidance))
            factor_count += 1
        else:
            problems.append(f"Line {number}: start the line with # for a dimension or - for a factor")
    for number, name, _, factors in dimensions:
        if not factors:
            problems.append(
                f"Line {number}: the dimension \u2018{name}\u2019 has no factors; add at least one line "
                "starting with - below it"
            )
    if not dimensions and not problems:
        problems.append("Enter at least one dimension (a line starting with #) with its factors below it")
    if factor_count > MAX_FACTORS:
        problems.append(f"A framework can have up to {MAX_FACTORS} factors; this one has {factor_count}")
    if problems:
        raise ValidationError(problems)
    return tuple(
        DimensionSpec(name, description, tuple(factors)) for _, name, description, factors in dimensions
    )


def format_structure(dimensions: tuple[DimensionSpec, ...] | list[DimensionSpec]) -> str:
    lines: list[str] = []
    for dimension in dimensions:
        if lines:
            lines.append("")
        lines.append(f"# {dimension.name}" + (f": {dimension.description}" if dimension.description else ""))
        lines += [f"- {f.name}" + (f": {f.guidance}" if f.guidance else "") for f in dimension.factors]
    return "\n".join(lines)


_DIGIT = re.compile(r"\d")


def parse_scale(text: str) -> tuple[str, ...]:
    """The ratings, one a line, in order; ValidationError listing every problem."""
    problems: list[str] = []
    ratings: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        rating = raw.strip()
        if not rating:
            continue
        if _DIGIT.search(rating):
            problems.append(
                f"Line {number}: write the rating in words, not numbers, like \u2018Some concern\u2019 "
                "(ratings are never added up)"
            )
        if len(rating) > RATING_MAX:
            problems.append(f"Line {number}: a rating must be {RATING_MAX} characters or fewer")
        if any(rating.casefold() == other.casefold() for other in ratings):
            problems.append(f"Line {number}: \u2018{rating}\u2019 is already in the scale")
        ratings.append(rating)
    if len(ratings) < 2 and not problems:
        problems.append("Enter at least two ratings, one on each line")
    if len(ratings) > MAX_RATINGS:
        problems.append(f"A scale can have up to {MAX_RATINGS} ratings; this one has {len(ratings)}")
    if problems:
        raise ValidationError(problems)
    return tuple(ratings)


def format_scale(ratings: tuple[str, ...] | list[str]) -> str:
    return "\n".join(ratings)
