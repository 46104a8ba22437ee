"""A synthetic person index whose true identities are known, for the benchmarks and the demo.

Entirely made up (Faker, ``en_GB``, seeded): the same seed gives the same people. The index is
built in households, because families are where matching goes wrong: twins (same surname, date
of birth and address), siblings (same surname, address and school), and sons named after their
fathers at the same address. Query cases are then drawn from the index with the errors real
referrals have (typing slips, short forms, transliterations, names the other way round, a changed
surname, a move, missing details), plus people who have no record at all but look like someone
who has (a new brother or sister of an indexed family).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from faker import Faker

from cornerstone.people import matching
from cornerstone.people.models import NameKind, Person, PersonAddress, PersonName, person_reference
from cornerstone.people.types import OtherName, PersonDetails

BATCH = 5000
TODAY = dt.date(2026, 11, 1)
# Short forms the generator uses for "known as" errors, and spellings for transliteration errors.
SHORT_FORMS = {
    "William": "Bill",
    "Robert": "Bob",
    "James": "Jim",
    "Thomas": "Tom",
    "Michael": "Mike",
    "Daniel": "Dan",
    "Samuel": "Sam",
    "Elizabeth": "Liz",
    "Katherine": "Kate",
    "Rebecca": "Becky",
    "Alexander": "Alex",
    "Joshua": "Josh",
    "Jessica": "Jess",
}
TRANSLITERATIONS = {
    "Mohammed": ["Muhammad", "Mohamed", "Mohammad"],
    "Yusuf": ["Yousef", "Yousuf"],
    "Ahmed": ["Ahmad"],
    "Hussain": ["Hussein", "Husain"],
    "Fatima": ["Fatimah"],
    "Aisha": ["Ayesha"],
}


@dataclass(frozen=True)
class Seeded:
    """One person as the generator made them (the truth the index is measured against)."""

    given: str
    family: str
    date_of_birth: dt.date
    postcode: str
    school: str


@dataclass(frozen=True)
class QueryCase:
    details: PersonDetails
    true_person_id: int | None  # None: the person has no record in the index
    kind: str


class _Generator:
    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        given = [*SHORT_FORMS, *TRANSLITERATIONS]
        self.given_pool = given + [self.fake.first_name() for _ in range(600)]
        self.family_pool = [self.fake.last_name() for _ in range(2500)] + [
            "Khan",
            "Ahmed",
            "Patel",
            "Begum",
            "Ali",
        ]
        self.schools = [f"{self.fake.city()} Academy" for _ in range(400)]

    def postcode(self) -> str:
        return matching_postcode(self.fake.postcode())

    def given(self) -> str:
        return self.random.choice(self.given_pool)

    def family(self) -> str:
        name = self.random.choice(self.family_pool)
        if self.random.random() < 0.04:
            name = f"{name}-{self.random.choice(self.family_pool)}"
        return name

    def birth(self, start_year: int, end_year: int) -> dt.date:
        return dt.date(start_year, 1, 1) + dt.timedelta(
            days=self.random.randrange((dt.date(end_year, 12, 31) - dt.date(start_year, 1, 1)).days)
        )

    def households(self) -> Iterator[list[Seeded]]:
        """An endless supply of households: a child alone, siblings, twins, a namesake father."""
        while True:
            family, postcode, school = self.family(), self.postcode(), self.random.choice(self.schools)
            roll = self.random.random()
            child = Seeded(self.given(), family, self.birth(1990, 2018), postcode, school)
            members = [child]
            if roll < 0.10:  # twins
                members.append(
                    Seeded(self._other_given(child.given), family, child.date_of_birth, postcode, school)
                )
            elif roll < 0.25:  # a sibling at the same school
                gap = self.random.randint(1, 6) * 365 + self.random.randint(-60, 60)
                members.append(
                    Seeded(
                        self._other_given(child.given),
                        family,
                        child.date_of_birth + dt.timedelta(days=gap),
                        postcode,
                        school,
                    )
                )
            elif roll < 0.30:  # a son named after his father
                father = Seeded(
                    child.given,
                    family,
                    child.date_of_birth - dt.timedelta(days=365 * self.random.randint(22, 40)),
                    postcode,
                    "",
                )
                members.append(father)
            yield members

    def _other_given(self, given: str) -> str:
        while True:
            other = self.given()
            if matching.compare_given(matching.fold(other), matching.fold(given)) == matching.DIFFERENT:
                return other


def matching_postcode(raw: str) -> str:
    from cornerstone.people.validation import validate_postcode

    try:
        return validate_postcode(raw)
    except Exception:  # Faker occasionally makes a postcode of a shape that is not issued
        return ""


def seeded_people(n: int, *, seed: int = 2026) -> list[Seeded]:
    """The first ``n`` people the generator makes for this seed, household by household."""
    households = _Generator(seed).households()
    people: list[Seeded] = []
    while len(people) < n:
        people.extend(next(households))
    return people[:n]


def build_index(n: int, *, seed: int = 2026) -> list[tuple[int, Seeded]]:
    """Bulk-insert ``n`` people with their names, addresses and match keys. Returns each
    person's primary key with what they were made from (the truth for measuring)."""
    first_pk = (Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    people = seeded_people(n, seed=seed)
    made: list[tuple[int, Seeded]] = []
    for start in range(0, len(people), BATCH):
        made += _insert(people[start : start + BATCH], first_pk + start)
    return made


def regenerate(n: int, *, seed: int = 2026) -> list[tuple[int, Seeded]]:
    """The truth for an index ``build_index`` made earlier in an empty database."""
    return [(pk, seeded) for pk, seeded in enumerate(seeded_people(n, seed=seed), start=1)]


def _insert(batch: list[Seeded], first_pk: int) -> list[tuple[int, Seeded]]:
    people, names, addresses, keys = [], [], [], []
    for offset, seeded in enumerate(batch):
        pk = first_pk + offset
        person = Person(
            pk=pk,
            reference=person_reference(pk),
            date_of_birth=seeded.date_of_birth,
            school_or_employer=seeded.school,
        )
        people.append(person)
        names.append(
            PersonName(
                person_id=pk, kind=NameKind.PRIMARY, given_names=seeded.given, family_name=seeded.family
            )
        )
        if seeded.postcode:
            addresses.append(PersonAddress(person_id=pk, postcode=seeded.postcode))
        details = PersonDetails(
            seeded.given, seeded.family, date_of_birth=seeded.date_of_birth, postcode=seeded.postcode
        )
        keys += matching.key_rows(person, matching.details_keys(details))
    with transaction.atomic():
        Person.objects.bulk_create(people, batch_size=BATCH)
        PersonName.objects.bulk_create(names, batch_size=BATCH)
        PersonAddress.objects.bulk_create(addresses, batch_size=BATCH)
        matching.MatchKey.objects.bulk_create(keys, batch_size=BATCH)
    return [(first_pk + offset, seeded) for offset, seeded in enumerate(batch)]


def query_cases(index: list[tuple[int, Seeded]], count: int, *, seed: int = 7) -> list[QueryCase]:
    """Referrals about people in the index, with real-world errors, and about people with no
    record; about one in six has no record."""
    rng = random.Random(seed)
    generator = _Generator(seed + 1)
    cases = []
    for number in range(count):
        if number % 6 == 5:
            # No record, but from a family that has one: a new brother or sister, or a stranger.
            pk, seeded = rng.choice(index)
            gap = rng.randint(2, 8) * 365
            stranger = Seeded(
                generator._other_given(seeded.given),
                seeded.family,
                seeded.date_of_birth + dt.timedelta(days=gap),
                seeded.postcode,
                seeded.school,
            )
            cases.append(QueryCase(_details(stranger), None, "no_record_sibling"))
            continue
        pk, seeded = rng.choice(index)
        kind = rng.choice(
            [
                "exact",
                "typo",
                "short_form",
                "transliteration",
                "transposed",
                "moved",
                "surname_changed",
                "no_date_of_birth",
                "day_month_swapped",
                "one_digit",
            ]
        )
        cases.append(QueryCase(_perturb(seeded, kind, rng, generator), pk, kind))
    return cases


def _details(seeded: Seeded, **changes: object) -> PersonDetails:
    fields: dict[str, object] = {
        "given_names": seeded.given,
        "family_name": seeded.family,
        "date_of_birth": seeded.date_of_birth,
        "postcode": seeded.postcode,
        "school_or_employer": seeded.school,
    }
    fields.update(changes)
    return PersonDetails(**fields)  # type: ignore[arg-type]


def _typo(name: str, rng: random.Random) -> str:
    if len(name) < 4:
        return name
    i = rng.randrange(1, len(name) - 1)
    if rng.random() < 0.5:
        return name[:i] + name[i + 1 :]  # a letter missed
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]  # two letters swapped


def _perturb(seeded: Seeded, kind: str, rng: random.Random, generator: _Generator) -> PersonDetails:
    dob = seeded.date_of_birth
    if kind == "typo":
        return _details(seeded, family_name=_typo(seeded.family, rng))
    if kind == "short_form":
        return _details(seeded, given_names=SHORT_FORMS.get(seeded.given, seeded.given))
    if kind == "transliteration":
        return _details(seeded, given_names=rng.choice(TRANSLITERATIONS.get(seeded.given, [seeded.given])))
    if kind == "transposed":
        return _details(seeded, given_names=seeded.family, family_name=seeded.given)
    if kind == "moved":
        return _details(seeded, postcode=generator.postcode(), school_or_employer="")
    if kind == "surname_changed":
        return _details(
            seeded,
            family_name=generator.family(),
            other_names=(OtherName("previous", seeded.given, seeded.family),),
        )
    if kind == "no_date_of_birth":
        return _details(seeded, date_of_birth=None, approximate_age=(TODAY - dob).days // 365)
    if kind == "day_month_swapped" and dob.day <= 12:
        return _details(seeded, date_of_birth=dt.date(dob.year, dob.day, dob.month))
    if kind == "one_digit":
        # A day of the month that differs from the real one in one digit only (14 -> 24, 3 -> 8).
        one_off = [
            d
            for d in range(1, 29)
            if sum(a != b for a, b in zip(f"{d:02d}", f"{dob.day:02d}", strict=True)) == 1
        ]
        return _details(seeded, date_of_birth=dob.replace(day=rng.choice(one_off)))
    return _details(seeded)


@dataclass(frozen=True)
class IndexedPerson:
    given_names: str
    family_name: str
    date_of_birth: dt.date | None


def sample_people(count: int, *, seed: int = 2026) -> list[IndexedPerson]:
    """``count`` people already in the index (their main name and date of birth), chosen at
    random but the same for the same seed and index."""
    highest = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    rng = random.Random(seed)
    wanted = sorted({rng.randint(1, highest) for _ in range(count * 2)}) if highest else []
    names = PersonName.objects.filter(person_id__in=wanted, kind=NameKind.PRIMARY).select_related("person")
    found = [
        IndexedPerson(n.given_names, n.family_name, n.person.date_of_birth)
        for n in names.order_by("person_id")
    ]
    rng.shuffle(found)
    return found[:count]
