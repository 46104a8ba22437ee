"""The answers the equality monitoring questions offer, as data.

Ethnicity follows the ONS 2021 census for England and Wales: 19 categories, each in one of 5
high-level groups; statistics report the groups only (the categories are too fine to publish
for areas of this size). Religion follows the 2021 census question ("What is your religion?"),
which is voluntary there too. Sex follows the census (female or male); every question also
offers "Prefer not to say", and a blank answer means not known.
"""

from __future__ import annotations

from django.db import models

PREFER_NOT_TO_SAY = "prefer_not_to_say"
NOT_KNOWN = "not_known"

# Group code, group label: the 5 ONS high-level groups.
ETHNIC_GROUPS: tuple[tuple[str, str], ...] = (
    ("asian", "Asian, Asian British or Asian Welsh"),
    ("black", "Black, Black British, Black Welsh, Caribbean or African"),
    ("mixed", "Mixed or Multiple ethnic groups"),
    ("white", "White"),
    ("other", "Other ethnic group"),
)

# Category code, label, group code: the 19 ONS 2021 categories, in the census order.
ETHNICITIES: tuple[tuple[str, str, str], ...] = (
    ("asian_bangladeshi", "Bangladeshi", "asian"),
    ("asian_chinese", "Chinese", "asian"),
    ("asian_indian", "Indian", "asian"),
    ("asian_pakistani", "Pakistani", "asian"),
    ("asian_other", "Any other Asian background", "asian"),
    ("black_african", "African", "black"),
    ("black_caribbean", "Caribbean", "black"),
    ("black_other", "Any other Black, Black British or Caribbean background", "black"),
    ("mixed_white_asian", "White and Asian", "mixed"),
    ("mixed_white_black_african", "White and Black African", "mixed"),
    ("mixed_white_black_caribbean", "White and Black Caribbean", "mixed"),
    ("mixed_other", "Any other Mixed or Multiple ethnic background", "mixed"),
    ("white_british", "English, Welsh, Scottish, Northern Irish or British", "white"),
    ("white_irish", "Irish", "white"),
    ("white_gypsy_traveller", "Gypsy or Irish Traveller", "white"),
    ("white_roma", "Roma", "white"),
    ("white_other", "Any other White background", "white"),
    ("other_arab", "Arab", "other"),
    ("other_any", "Any other ethnic group", "other"),
)
ETHNIC_GROUP_OF: dict[str, str] = {code: group for code, _, group in ETHNICITIES}
ETHNIC_GROUP_LABEL: dict[str, str] = dict(ETHNIC_GROUPS)


def ethnicity_choices() -> list[tuple[str, list[tuple[str, str]]] | tuple[str, str]]:
    """Grouped choices for a select: one option group per high-level group."""
    grouped: list[tuple[str, list[tuple[str, str]]] | tuple[str, str]] = [
        (label, [(code, text) for code, text, group_code in ETHNICITIES if group_code == group])
        for group, label in ETHNIC_GROUPS
    ]
    grouped.append((PREFER_NOT_TO_SAY, "Prefer not to say"))
    return grouped


ETHNICITY_CODES = frozenset(ETHNIC_GROUP_OF) | {PREFER_NOT_TO_SAY}


class Religion(models.TextChoices):
    NO_RELIGION = "no_religion", "No religion"
    CHRISTIAN = "christian", "Christian"
    BUDDHIST = "buddhist", "Buddhist"
    HINDU = "hindu", "Hindu"
    JEWISH = "jewish", "Jewish"
    MUSLIM = "muslim", "Muslim"
    SIKH = "sikh", "Sikh"
    OTHER = "other", "Any other religion"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, "Prefer not to say"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, "Prefer not to say"


class ConditionRecorded(models.TextChoices):
    """Whether a neurodivergent or mental health condition is recorded for the person."""

    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = NOT_KNOWN, "Not known"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, "Prefer not to say"


# The groups statistics report for each characteristic (code, label), in display order; a
# population baseline gives counts for these groups. "Not known" and "Prefer not to say" are
# reported as counts but have no population, so no rate.
def _age_groups() -> tuple[tuple[str, str], ...]:
    from cornerstone.statistics.national_return import AGE_BANDS

    return tuple((normalise(label), label) for label, _, _ in AGE_BANDS)


def normalise(text: str) -> str:
    """A group as typed in a CSV file or a code: lower case, words joined by underscores."""
    return "_".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


def groups_for(characteristic: str) -> tuple[tuple[str, str], ...]:
    if characteristic == "ethnicity":
        return ETHNIC_GROUPS
    if characteristic == "religion":
        return tuple((c, str(label)) for c, label in Religion.choices if c != PREFER_NOT_TO_SAY)
    if characteristic == "sex":
        return tuple((c, str(label)) for c, label in Sex.choices if c != PREFER_NOT_TO_SAY)
    if characteristic == "age_band":
        return _age_groups()
    if characteristic == "condition":
        return tuple((c, str(label)) for c, label in ConditionRecorded.choices if c in ("yes", "no"))
    raise ValueError(f"No groups for {characteristic!r}")
