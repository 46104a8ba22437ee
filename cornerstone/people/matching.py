"""Finding who in the index a new referral may be about, and saying why, field by field.

Candidates come from blocking keys (``MatchKey``): phonetic name keys that ignore the order of
names, names with the date of birth, the date of birth or the family name with the postcode
district, and identifiers. Each candidate is then compared field by field; the comparison gives a plain-English
finding per field and a band (strong, possible, weak) from explicit rules. The band is only about
whether two records are the same person: it is never a judgement of the person.

Family members are the opposite danger. Twins share a surname, date of birth and address; a son
named after his father lives at the same address; siblings share a surname, address and school.
So a strong band needs the given names to agree (allowing short forms and spelling), the dates of
birth to agree (allowing a swapped day and month or one wrong digit), and something more; dates
of birth far apart or different identifiers of the same kind rule a strong band out.

Gender, ethnicity, religion and every other protected characteristic are never read here.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import heapq
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import jellyfish
from django.db.models import Q
from rapidfuzz.distance import DamerauLevenshtein

from cornerstone.bulk import in_list
from cornerstone.people.models import (
    MatchBand,
    MatchDecision,
    MatchKey,
    Person,
    PersonAddress,
    PersonIdentifier,
    PersonName,
)
from cornerstone.people.types import OtherName, PersonDetails
from cornerstone.people.validation import postcode_district

DATA_DIR = Path(__file__).resolve().parent / "data"
# How many people sharing keys with the query are compared in full.
CANDIDATE_POOL = 60
# Dates of birth this many years apart are a parent and child, not a typo.
GENERATION_YEARS = 12

# Finding codes, per field. Tests and templates use them; the text says them in plain English.
EXACT = "exact"
VARIANT = "variant"  # a short form, nickname or transliteration of the same name
SOUNDS_ALIKE = "sounds_alike"
TYPO = "typo"
PART = "part"  # one part of a hyphenated or double-barrelled surname
TRANSPOSED = "transposed"
INITIAL = "initial"
PREVIOUS = "previous"  # agrees with a previous name or alias
LOOK_ALIKE = "look_alike"  # two different names that look alike (Francis, Frances)
DIFFERENT = "different"
MISSING = "missing"
SWAPPED = "swapped"
ONE_DIGIT = "one_digit"
AGE_CONSISTENT = "age_consistent"
FAR_APART = "far_apart"
SAME = "same"
SAME_DISTRICT = "same_district"


@dataclass(frozen=True)
class Finding:
    field: str
    code: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code, "text": self.text}


@dataclass
class Candidate:
    person: Person
    band: str
    score: float  # only orders candidates within a band
    findings: list[Finding] = field(default_factory=list)

    def explanations(self) -> list[dict[str, str]]:
        return [finding.as_dict() for finding in self.findings]


# Normalising names ------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, accents removed, apostrophes dropped, anything else not a letter a space."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    plain = re.sub("['\u2019`]", "", plain)
    return re.sub(r"[^a-z]+", " ", plain).strip()


def tokens(text: str) -> list[str]:
    return fold(text).split()


@cache
def _variant_groups() -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    with (DATA_DIR / "given_name_variants.csv").open(encoding="utf-8") as handle:
        for row in csv.reader(line for line in handle if not line.startswith("#")):
            names = [fold(name) for name in row if name.strip()]
            if not names:
                continue
            for name in names:
                groups.setdefault(name, set()).add(names[0])
    return {name: frozenset(canonicals) for name, canonicals in groups.items()}


def canonical_given(name: str) -> frozenset[str]:
    """The forms a given name is compared on: "Bill" -> {"william"}, "Alex" -> {"alexander",
    "alexandra"}, a name in no group -> itself."""
    folded = fold(name)
    return _variant_groups().get(folded, frozenset({folded}))


@cache
def _look_alike_names() -> dict[str, frozenset[str]]:
    """Names that look or sound alike but are different names (Francis and Frances), often
    given to twins or siblings: never taken for a spelling slip of each other."""
    groups: dict[str, set[str]] = {}
    with (DATA_DIR / "look_alike_names.csv").open(encoding="utf-8") as handle:
        for row in csv.reader(line for line in handle if not line.startswith("#")):
            names = {fold(name) for name in row if name.strip()}
            for name in names:
                groups.setdefault(name, set()).update(names - {name})
    return {name: frozenset(others) for name, others in groups.items()}


def phonetic(token: str) -> str:
    # NYSIIS keeps more of a name than Soundex (fewer false friends) yet forgives vowels and
    # common misspellings; it copes with transliterations the variants table does not list.
    return jellyfish.nysiis(token) if token else ""


@dataclass(frozen=True)
class NameForm:
    given: tuple[str, ...]  # folded given-name tokens
    family: tuple[str, ...]  # folded family-name tokens (both parts of a double-barrelled name)
    kind: str  # primary, alias or previous

    @property
    def first_given(self) -> str:
        return self.given[0] if self.given else ""


def name_forms(
    given_names: str, family_name: str, others: Iterable[OtherName] = (), kind: str = "primary"
) -> list[NameForm]:
    forms = [NameForm(tuple(tokens(given_names)), tuple(tokens(family_name)), kind)]
    forms += [NameForm(tuple(tokens(o.given_names)), tuple(tokens(o.family_name)), o.kind) for o in others]
    return [form for form in forms if form.given or form.family]


# Blocking keys ----------------------------------------------------------------------------


def _given_keys(form: NameForm) -> set[str]:
    return {phonetic(canonical) for canonical in canonical_given(form.first_given)} if form.given else set()


def keys_for(
    forms: Sequence[NameForm],
    date_of_birth: dt.date | None,
    postcodes: Iterable[str],
    identifiers: Iterable[tuple[str, str]],
) -> set[str]:
    """Every blocking key of a person (or a query), as "kind:value" strings."""
    keys: set[str] = set()
    dates = _date_variants(date_of_birth)
    for form in forms:
        givens = _given_keys(form)
        families = {phonetic(token) for token in form.family}
        for given in givens:
            for family in families:
                # Sorted, so "Khan Amir" and "Amir Khan" share the key.
                keys.add("nm:" + "|".join(sorted((given, family))))
            for day in dates:
                keys.add(f"gd:{given}|{day}")
        for family in families:
            for day in dates:
                keys.add(f"fd:{family}|{day}")
    districts = {postcode_district(postcode) for postcode in postcodes if postcode}
    for district in districts:
        if date_of_birth is not None:
            keys.add(f"dp:{date_of_birth.isoformat()}|{district}")
        for form in forms:
            for token in form.family:
                # A search by family name and area, when the given name and birth date are unknown.
                keys.add(f"fp:{phonetic(token)}|{district}")
    for kind, value in identifiers:
        keys.add(f"id:{kind}|{value}")
    return keys


def _date_variants(day: dt.date | None) -> set[str]:
    if day is None:
        return set()
    variants = {day.isoformat()}
    if day.day <= 12 and day.day != day.month:
        with contextlib.suppress(ValueError):  # 31 April does not exist
            variants.add(dt.date(day.year, day.day, day.month).isoformat())
    return variants


def details_keys(details: PersonDetails) -> set[str]:
    forms = name_forms(details.given_names, details.family_name, details.other_names)
    return keys_for(forms, details.date_of_birth, [details.postcode], details.identifiers)


def key_values(keys: Iterable[str]) -> list[tuple[str, str]]:
    """Each key as the index stores it: (kind, value)."""
    return [(key[:2], key[:80]) for key in sorted(keys)]


def key_rows(person: Person, keys: Iterable[str]) -> list[MatchKey]:
    return [MatchKey(person=person, kind=kind, value=value) for kind, value in key_values(keys)]


# Comparing two records --------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """One side of a comparison: a query or a person in the index, in comparable form."""

    forms: tuple[NameForm, ...]
    date_of_birth: dt.date | None
    approximate_age: int | None
    postcodes: tuple[str, ...]
    identifiers: tuple[tuple[str, str], ...]
    school_or_employer: str

    @classmethod
    def from_details(cls, details: PersonDetails) -> Record:
        return cls(
            forms=tuple(name_forms(details.given_names, details.family_name, details.other_names)),
            date_of_birth=details.date_of_birth,
            approximate_age=details.approximate_age,
            postcodes=(details.postcode,) if details.postcode else (),
            identifiers=tuple(details.identifiers),
            school_or_employer=fold(details.school_or_employer),
        )

    @classmethod
    def from_values(
        cls,
        person: tuple[int, dt.date | None, int | None, dt.date | None, str],
        names: list[tuple[str, str, str]],
        postcodes: list[str],
        identifiers: list[tuple[str, str]],
        today: dt.date,
    ) -> Record:
        _, date_of_birth, age, age_on, school = person
        if age is not None and age_on is not None:
            age += (today - age_on).days // 365
        return cls(
            forms=tuple(
                NameForm(tuple(tokens(given)), tuple(tokens(family)), kind) for kind, given, family in names
            ),
            date_of_birth=date_of_birth,
            approximate_age=age,
            postcodes=tuple(postcodes),
            identifiers=tuple(identifiers),
            school_or_employer=fold(school),
        )


def records_for(ids: Sequence[int], today: dt.date) -> dict[int, Record]:
    """The comparable form of these people (unmerged ones only), read as plain values in four
    queries: building model instances for every candidate would cost more than the matching."""
    person_ids = in_list(Person, "id", ids)
    names: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for person_id, kind, given, family in PersonName.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "kind", "given_names", "family_name"
    ):
        names[person_id].append((kind, given, family))
    postcodes: dict[int, list[str]] = defaultdict(list)
    for person_id, postcode in (
        PersonAddress.objects.filter(person_id__in=person_ids)
        .exclude(postcode="")
        .values_list("person_id", "postcode")
    ):
        postcodes[person_id].append(postcode)
    identifiers: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for person_id, kind, value in PersonIdentifier.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "kind", "value"
    ):
        identifiers[person_id].append((kind, value))
    people = Person.objects.filter(pk__in=person_ids, merged_into__isnull=True).values_list(
        "pk", "date_of_birth", "approximate_age", "approximate_age_on", "school_or_employer"
    )
    return {
        row[0]: Record.from_values(row, names[row[0]], postcodes[row[0]], identifiers[row[0]], today)
        for row in people
    }


_NAME_RANK = {
    EXACT: 6,
    VARIANT: 5,
    SOUNDS_ALIKE: 4,
    TYPO: 4,
    PART: 4,
    LOOK_ALIKE: 2,
    INITIAL: 1,
    DIFFERENT: 0,
    MISSING: 0,
}


def compare_given(a: str, b: str) -> str:
    if not a or not b:
        return MISSING
    if a == b:
        return EXACT
    if canonical_given(a) & canonical_given(b):
        return VARIANT
    if b in _look_alike_names().get(a, ()):
        return LOOK_ALIKE
    if phonetic(a) == phonetic(b):
        return SOUNDS_ALIKE
    if _typo(a, b):
        return TYPO
    if len(a) == 1 or len(b) == 1:
        return INITIAL if a[0] == b[0] else DIFFERENT
    return DIFFERENT


def compare_family(a: tuple[str, ...], b: tuple[str, ...]) -> str:
    if not a or not b:
        return MISSING
    if a == b:
        return EXACT
    if "".join(a) == "".join(b):  # "Mc Donald" / "McDonald"
        return EXACT
    if set(a) & set(b):
        return PART
    if phonetic("".join(a)) == phonetic("".join(b)) or {phonetic(t) for t in a} & {phonetic(t) for t in b}:
        return SOUNDS_ALIKE
    if _typo("".join(a), "".join(b)):
        return TYPO
    return DIFFERENT


def _typo(a: str, b: str) -> bool:
    # One slip (a letter wrong, missing, extra or two swapped) in a short name, two in a long one.
    allowed = 1 if max(len(a), len(b)) <= 6 else 2
    return DamerauLevenshtein.distance(a, b) <= allowed


@dataclass(frozen=True)
class NameResult:
    given: str
    family: str
    transposed: bool
    via: str  # the kind of the candidate's name that agreed: primary, alias or previous

    @property
    def rank(self) -> int:
        return _NAME_RANK[self.given] + _NAME_RANK[self.family] + (3 if self.transposed else 0)


def compare_names(query: Sequence[NameForm], known: Sequence[NameForm]) -> NameResult:
    best = NameResult(MISSING, MISSING, False, "primary")
    for q in query:
        for k in known:
            straight = NameResult(
                compare_given(q.first_given, k.first_given), compare_family(q.family, k.family), False, k.kind
            )
            swapped = NameResult(
                compare_given(" ".join(q.family), k.first_given) if q.family else MISSING,
                compare_family(q.given, k.family),
                True,
                k.kind,
            )
            for result in (straight, swapped):
                if result.transposed and (
                    result.given in (DIFFERENT, MISSING) or result.family in (DIFFERENT, MISSING)
                ):
                    continue
                if result.rank > best.rank:
                    best = result
    return best


def compare_dates(a: dt.date | None, b: dt.date | None) -> str:
    if a is None or b is None:
        return MISSING
    if a == b:
        return EXACT
    if a.year == b.year and a.day == b.month and a.month == b.day:
        return SWAPPED
    if abs(a.year - b.year) >= GENERATION_YEARS:
        return FAR_APART
    digits_a, digits_b = a.strftime("%Y%m%d"), b.strftime("%Y%m%d")
    if sum(x != y for x, y in zip(digits_a, digits_b, strict=True)) == 1:
        return ONE_DIGIT
    return DIFFERENT


def _age_on(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def compare(query: Record, known: Record, today: dt.date) -> tuple[str, float, list[Finding]]:
    findings: list[Finding] = []
    names = compare_names(query.forms, known.forms)
    via = {"alias": " (an alias on the record)", "previous": " (a previous name on the record)"}.get(
        names.via, ""
    )
    if names.transposed:
        findings.append(
            Finding("name", TRANSPOSED, f"Given and family names agree, written the other way round{via}")
        )
    findings.append(
        Finding("given_name", names.given, _GIVEN_TEXT[names.given] + ("" if names.transposed else via))
    )
    findings.append(
        Finding("family_name", names.family, _FAMILY_TEXT[names.family] + ("" if names.transposed else via))
    )

    dob = compare_dates(query.date_of_birth, known.date_of_birth)
    if dob == MISSING:
        ages = [
            query.approximate_age if query.date_of_birth is None else _age_on(query.date_of_birth, today),
            known.approximate_age if known.date_of_birth is None else _age_on(known.date_of_birth, today),
        ]
        if None not in ages and abs(ages[0] - ages[1]) <= 2:  # type: ignore[operator]
            dob = AGE_CONSISTENT
        elif None not in ages and abs(ages[0] - ages[1]) >= GENERATION_YEARS:  # type: ignore[operator]
            dob = FAR_APART
        elif None not in ages:
            dob = DIFFERENT
    findings.append(Finding("date_of_birth", dob, _DOB_TEXT[dob]))

    postcode = MISSING
    if query.postcodes and known.postcodes:
        if set(query.postcodes) & set(known.postcodes):
            postcode = SAME
        elif {postcode_district(p) for p in query.postcodes} & {
            postcode_district(p) for p in known.postcodes
        }:
            postcode = SAME_DISTRICT
        else:
            postcode = DIFFERENT
    findings.append(Finding("postcode", postcode, _POSTCODE_TEXT[postcode]))

    identifier = MISSING
    known_ids = dict(known.identifiers)
    for kind, value in query.identifiers:
        if kind in known_ids:
            if known_ids[kind] == value:
                identifier = SAME
                break
            identifier = DIFFERENT
    findings.append(Finding("identifier", identifier, _IDENTIFIER_TEXT[identifier]))

    school = MISSING
    if query.school_or_employer and known.school_or_employer:
        school = SAME if query.school_or_employer == known.school_or_employer else DIFFERENT
    if school != MISSING:
        findings.append(Finding("school_or_employer", school, _SCHOOL_TEXT[school]))

    band = _band(names, dob, postcode, identifier, school)
    score = (
        names.rank
        + {EXACT: 6, SWAPPED: 4, ONE_DIGIT: 4, AGE_CONSISTENT: 2, MISSING: 0, DIFFERENT: -3, FAR_APART: -6}[
            dob
        ]
        + {SAME: 3, SAME_DISTRICT: 1.5, MISSING: 0, DIFFERENT: 0}[postcode]
        + {SAME: 10, MISSING: 0, DIFFERENT: -10}[identifier]
        + {SAME: 1, MISSING: 0, DIFFERENT: 0}[school]
    )
    return band, score, findings


def _band(names: NameResult, dob: str, postcode: str, identifier: str, school: str) -> str:
    given_ok = names.given in (EXACT, VARIANT, SOUNDS_ALIKE, TYPO)
    family_ok = names.family in (EXACT, VARIANT, SOUNDS_ALIKE, TYPO, PART)
    dob_ok = dob in (EXACT, SWAPPED, ONE_DIGIT)
    # A strong band forgives one slip, not two: a sibling's name one letter away and a birth
    # date one digit away, at the same address, is a sibling more often than a double typo.
    slips = (
        (names.given in (SOUNDS_ALIKE, TYPO))
        + (names.family in (SOUNDS_ALIKE, TYPO, PART))
        + (dob in (SWAPPED, ONE_DIGIT))
        + names.transposed
    )
    # Evidence against: the same kind of identifier with another value, or a generation between
    # the dates of birth (a namesake parent or child), or different given names on the same date
    # of birth (twins). None of these can be strong.
    if identifier == DIFFERENT or dob == FAR_APART:
        return MatchBand.WEAK
    if identifier == SAME and (given_ok or family_ok):
        return MatchBand.STRONG
    if names.given == LOOK_ALIKE and family_ok and dob_ok:
        # Francis and Frances, same family and birthday: twins, or one record misspelt. Ask.
        return MatchBand.POSSIBLE
    if not given_ok:
        # Twins and siblings share everything but the given name.
        return MatchBand.WEAK
    if family_ok and dob_ok:
        corroborated = postcode in (SAME, SAME_DISTRICT) or school == SAME
        exact_both = names.given == EXACT and names.family == EXACT and dob == EXACT
        strong = (corroborated or exact_both) and slips <= 1
        return MatchBand.STRONG if strong else MatchBand.POSSIBLE
    if family_ok and dob in (MISSING, AGE_CONSISTENT):
        return MatchBand.POSSIBLE
    if dob == EXACT and (postcode in (SAME, SAME_DISTRICT) or school == SAME or names.via != "primary"):
        # A changed surname (a child's, after a family change), a move of address.
        return MatchBand.POSSIBLE
    return MatchBand.WEAK


_GIVEN_TEXT = {
    EXACT: "Given name agrees exactly",
    VARIANT: "Given name is a short form, nickname or other spelling of the same name",
    SOUNDS_ALIKE: "Given name sounds alike",
    TYPO: "Given name differs by a letter or two (a typing slip?)",
    INITIAL: "Only an initial to compare; it agrees",
    LOOK_ALIKE: "Given names look alike but are different names (a twin or sibling would look like this)",
    DIFFERENT: "Given names are different (a twin, sibling or other relative would look like this)",
    MISSING: "Given name missing on one record",
}
_FAMILY_TEXT = {
    EXACT: "Family name agrees exactly",
    VARIANT: "Family name is another spelling of the same name",
    SOUNDS_ALIKE: "Family name sounds alike",
    TYPO: "Family name differs by a letter or two (a typing slip?)",
    PART: "One part of a hyphenated or double-barrelled family name agrees",
    DIFFERENT: "Family names are different",
    MISSING: "Family name missing on one record",
}
_DOB_TEXT = {
    EXACT: "Date of birth agrees exactly",
    SWAPPED: "Dates of birth agree with the day and month swapped",
    ONE_DIGIT: "Dates of birth differ by one digit (a typing slip?)",
    AGE_CONSISTENT: "No date of birth on one record; the ages agree within 2 years",
    FAR_APART: "Dates of birth are a generation apart (a parent or child with the same name?)",
    DIFFERENT: "Dates of birth are different",
    MISSING: "Date of birth or age missing on one record",
}
_POSTCODE_TEXT = {
    SAME: "Postcode is the same",
    SAME_DISTRICT: "Postcode is in the same district (a move nearby?)",
    DIFFERENT: "Postcodes are different (a move of address?)",
    MISSING: "Postcode missing on one record",
}
_IDENTIFIER_TEXT = {
    SAME: "An identifier (UPN, NHS number or PNC reference) is the same",
    DIFFERENT: "The same kind of identifier has a different value: these are very likely different people",
    MISSING: "No identifier of the same kind to compare",
}
_SCHOOL_TEXT = {
    SAME: "Same school or employer (siblings often share one)",
    DIFFERENT: "Different school or employer",
}

_BAND_ORDER = {MatchBand.STRONG: 0, MatchBand.POSSIBLE: 1, MatchBand.WEAK: 2}
AMBIGUOUS = "ambiguous"
_AMBIGUOUS_TEXT = (
    "{} other record(s) in the index also agree closely, so none is shown as strong: check which, "
    "if any, is this person"
)


# Searching --------------------------------------------------------------------------------


def candidate_ids(keys: set[str], *, exclude_ids: Iterable[int] = ()) -> list[int]:
    """The people sharing the most keys with the query, at most ``CANDIDATE_POOL`` of them."""
    if not keys:
        return []
    shared: Counter[int] = Counter(
        MatchKey.objects.filter(value__in=sorted(key[:80] for key in keys))
        .exclude(person_id__in=list(exclude_ids))
        .values_list("person_id", flat=True)
    )
    return candidate_pool(shared)


def candidate_pool(shared: Counter[int]) -> list[int]:
    """From how many keys each person shares with the query, the ``CANDIDATE_POOL`` sharing the
    most. Ties go to the earlier record, so the same index always gives the same pool (the
    database returns rows in no set order)."""
    best = heapq.nsmallest(CANDIDATE_POOL, shared.items(), key=lambda item: (-item[1], item[0]))
    return [person_id for person_id, _ in best]


def decided_different(person: Person) -> set[int]:
    """The people a member of staff has said are not ``person``: never proposed again."""
    pairs = MatchDecision.objects.filter(Q(person_low=person) | Q(person_high=person), decision="different")
    return {pk for pair in pairs.values_list("person_low_id", "person_high_id") for pk in pair} - {person.pk}


def find_candidates(
    details: PersonDetails, *, limit: int = 5, exclude: Person | None = None, today: dt.date | None = None
) -> list[Candidate]:
    """The people in the index this description may be, best first, each with its findings."""
    from django.utils import timezone

    today = today or timezone.localdate()
    excluded = set() if exclude is None else {exclude.pk} | decided_different(exclude)
    ids = candidate_ids(details_keys(details), exclude_ids=excluded)
    if not ids:
        return []
    best = rank_candidates(Record.from_details(details), records_for(ids, today), today, limit=limit)
    people = Person.objects.prefetch_related("names", "addresses", "identifiers").in_bulk(
        [person_id for person_id, _, _, _ in best]
    )
    return [Candidate(people[person_id], band, score, findings) for person_id, band, score, findings in best]


def rank_candidates(
    query: Record, records: dict[int, Record], today: dt.date, *, limit: int = 5
) -> list[tuple[int, str, float, list[Finding]]]:
    """Compare the query with each record and keep the best ``limit`` as (person id, band,
    score, findings): the rules every search and every new record (typed in or imported) use."""
    scored = []
    for person_id, record in records.items():
        band, score, findings = compare(query, record, today)
        scored.append((_BAND_ORDER[MatchBand(band)], -score, person_id, band, findings))
    scored.sort(key=lambda item: item[:3])
    strong = [item for item in scored if item[3] == MatchBand.STRONG]
    if len(strong) > 1:
        # More than one record looks strongly like this person: at most one of them is (unless
        # the index already holds the person twice). Say so, and let a person decide.
        ambiguous = Finding("index", AMBIGUOUS, _AMBIGUOUS_TEXT.format(len(strong) - 1))
        scored = sorted(
            (
                (
                    _BAND_ORDER[MatchBand.POSSIBLE],
                    negative_score,
                    person_id,
                    MatchBand.POSSIBLE,
                    [*findings, ambiguous],
                )
                if band == MatchBand.STRONG
                else (order, negative_score, person_id, band, findings)
            )
            for order, negative_score, person_id, band, findings in scored
        )
    return [
        (person_id, band, -negative_score, findings)
        for _, negative_score, person_id, band, findings in scored[:limit]
    ]
