"""Importing years of referral history from a spreadsheet or an older system.

The format is documented in ``docs/import-format.md``; ``manage.py import_referrals`` is the
way in. Three steps, kept apart so each can be tested on its own:

1. ``read_rows`` reads the CSV file (UTF-8, with or without the byte-order mark Excel writes).
2. ``validate`` checks every row before anything is written, and says what is wrong with each
   one in plain English, with its row number as a spreadsheet shows it (the header is row 1).
3. ``import_rows`` writes the valid rows in batches, each batch one transaction.

What an imported referral becomes (the workflow state, the screening decision, the Channel case)
is decided by ``Plan`` from the row alone, so the documentation's table and the code agree.

People go through the person index as a referral typed into the form does: every person gets a
new index record with the same blocking keys, and the same comparison rules
(``matching.rank_candidates``) queue possible matches for police Prevent staff to decide.
Nothing is ever merged. People named twice in one file are compared with each other too.

For speed the rows of a batch are inserted together (``bulk.insert_rows``, with COPY on
PostgreSQL) rather than passed one by one through ``person_create`` and the transition engine;
what those would write is written all the same: one audit event per referral, which also records
the person index record made and the matches proposed (unsealed, like every new audit row, and
sealed after commit), and a timeline entry.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Organisation
from cornerstone.audit.models import AuditEvent
from cornerstone.audit.services import audit_event_record
from cornerstone.bulk import in_list, insert_rows
from cornerstone.channel.models import ChannelCase, ExitReason
from cornerstone.geography.models import LocalAuthority
from cornerstone.people import matching
from cornerstone.people.models import (
    Gender,
    MatchKey,
    MatchProposal,
    NameKind,
    Person,
    PersonAddress,
    PersonName,
    person_reference,
    person_reference_sql,
)
from cornerstone.people.services import _PROPOSED_BANDS
from cornerstone.people.types import PersonDetails
from cornerstone.people.validation import validate_postcode
from cornerstone.referrals.models import (
    ConcernTaxonomy,
    ImportedRecord,
    ReferenceCounter,
    Referral,
    ReferralSector,
    TimelineEntry,
)
from cornerstone.referrals.routing import route_for
from cornerstone.referrals.workflow import Status
from cornerstone.screening.models import DecisionState, ScreeningDecision, ScreeningOutcome

COLUMNS: tuple[str, ...] = (
    "source_reference",
    "referral_date",
    "given_names",
    "family_name",
    "date_of_birth",
    "approximate_age",
    "gender",
    "postcode",
    "local_authority",
    "sector",
    "concern_type",
    "taxonomy_version",
    "screening_outcome",
    "signposted_to",
    "discussed_at_panel",
    "adopted_as_channel_case",
    "adopted_date",
    "exit_date",
    "exit_reason",
)
REQUIRED_COLUMNS: tuple[str, ...] = (
    "source_reference",
    "referral_date",
    "given_names",
    "family_name",
    "local_authority",
)
ERROR_COLUMN = "errors"
BATCH_SIZE = 1000
EARLIEST = dt.date(2000, 1, 1)
OUTCOMES: dict[str, str] = {
    "": "",
    "nfa": ScreeningOutcome.NO_FURTHER_ACTION,
    "no_further_action": ScreeningOutcome.NO_FURTHER_ACTION,
    "signposted": ScreeningOutcome.SIGNPOSTED,
    "police_managed": ScreeningOutcome.POLICE_MANAGED,
    "progressed": ScreeningOutcome.PROGRESSED,
}
YES = frozenset({"yes", "y", "true", "1"})
NO = frozenset({"no", "n", "false", "0", ""})
PERSON_SOURCE = "import"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ImportFileError(Exception):
    """The file as a whole cannot be read as the documented format (no row is looked at)."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}: {self.message}"


@dataclass(frozen=True)
class Plan:
    """What one valid row becomes."""

    row: int
    raw: dict[str, str]
    source_reference: str
    referral_date: dt.date
    details: PersonDetails
    local_authority: LocalAuthority
    routed_to: Organisation | None
    sector: ReferralSector
    taxonomy: ConcernTaxonomy
    concern_type_id: int | None
    outcome: str
    signposted_to: str
    discussed: bool
    adopted: bool
    adopted_date: dt.date | None
    exit_date: dt.date | None
    exit_reason: str

    @property
    def status(self) -> str:
        return final_status(
            outcome=self.outcome,
            discussed=self.discussed,
            adopted=self.adopted,
            exited=self.exit_date is not None,
        )


def final_status(*, outcome: str, discussed: bool, adopted: bool, exited: bool) -> str:
    """Where an imported referral lands in the workflow (the table in docs/import-format.md)."""
    if outcome == "":
        return Status.IN_SCREENING
    if outcome in (ScreeningOutcome.NO_FURTHER_ACTION, ScreeningOutcome.SIGNPOSTED):
        return Status.CLOSED
    if outcome == ScreeningOutcome.POLICE_MANAGED:
        return Status.CLOSED if exited else Status.POLICE_MANAGED
    # Progressed to Channel: an exit, or a panel that did not adopt, ends it.
    if exited or (discussed and not adopted):
        return Status.CLOSED
    return Status.WITH_CHANNEL


@dataclass
class Validation:
    plans: list[Plan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    already_imported: int = 0
    rows: int = 0
    # Each rejected row as read, with its messages (for the rejected-rows file).
    rejected: list[tuple[dict[str, str], list[str]]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class ImportResult:
    imported: int
    references: list[str]
    seconds: float


# Reading -----------------------------------------------------------------------------------


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The header and the rows of a CSV file, every value stripped of surrounding spaces."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = [name.strip().lower() for name in next(reader, [])]
            rows = [dict(zip(header, (value.strip() for value in values), strict=False)) for values in reader]
    except UnicodeDecodeError:
        raise ImportFileError(
            f"{path.name} is not saved as UTF-8 text: save it from the spreadsheet as 'CSV UTF-8'."
        ) from None
    except csv.Error as error:
        raise ImportFileError(f"{path.name} is not a readable CSV file ({error}).") from None
    check_header(header)
    return header, [row for row in rows if any(row.values())]


def check_header(header: Sequence[str]) -> None:
    if not header:
        raise ImportFileError("The file is empty: the first row must name the columns.")
    problems = []
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        problems.append("The file has no column " + ", ".join(f"'{name}'" for name in missing) + ".")
    # The errors column of a rejected-rows file is ignored, so the corrected file imports as is.
    unknown = [name for name in header if name not in COLUMNS and name != ERROR_COLUMN]
    if unknown:
        problems.append(
            "Column " + ", ".join(f"'{name}'" for name in unknown) + " is not part of the format "
            "(see docs/import-format.md for the column names)."
        )
    repeated = sorted(name for name, count in Counter(header).items() if count > 1)
    if repeated:
        problems.append("Column " + ", ".join(f"'{name}'" for name in repeated) + " appears more than once.")
    if problems:
        raise ImportFileError(" ".join(problems))


# Validating --------------------------------------------------------------------------------


class _Lookups:
    """The reference data rows are checked against, read once per file."""

    def __init__(self, organisation: Organisation, source_system: str) -> None:
        self.authorities = {
            la.code.upper(): la for la in LocalAuthority.objects.select_related("police_force_area")
        }
        self.sectors = {sector.code: sector for sector in ReferralSector.objects.all()}
        self.taxonomies = list(ConcernTaxonomy.objects.order_by("-in_use_from"))
        self.concerns: dict[str, dict[str, int]] = defaultdict(dict)
        for taxonomy in self.taxonomies:
            for concern in taxonomy.types.all():
                self.concerns[taxonomy.version][concern.code] = concern.pk
        self.routes: dict[int, Organisation | None] = {}
        self.done = set(
            ImportedRecord.objects.filter(organisation=organisation, source_system=source_system).values_list(
                "source_reference", flat=True
            )
        )

    def route(self, authority: LocalAuthority) -> Organisation | None:
        # The route depends only on the police force area: ask once per area.
        if authority.police_force_area_id not in self.routes:
            self.routes[authority.police_force_area_id] = route_for(authority)
        return self.routes[authority.police_force_area_id]

    def taxonomy_on(self, day: dt.date) -> ConcernTaxonomy | None:
        for taxonomy in self.taxonomies:
            if taxonomy.in_use_from <= day:
                return taxonomy
        return self.taxonomies[-1] if self.taxonomies else None


class _Row:
    """Checks of one row: each adds a message and returns None when the value is wrong."""

    def __init__(self, number: int, raw: dict[str, str]) -> None:
        self.number = number
        self.raw = raw
        self.errors: list[RowError] = []

    def value(self, column: str) -> str:
        return self.raw.get(column, "") or ""

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))

    def required(self, column: str) -> str:
        value = self.value(column)
        if not value:
            self.fail(column, f"{column} is blank; it must be filled in")
        return value

    def date(self, column: str) -> dt.date | None:
        value = self.value(column)
        if not value:
            return None
        if _ISO_DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(column, f"{column} '{value}' is not a real date; use YYYY-MM-DD, like 2021-03-31")
        return None

    def yes_no(self, column: str) -> bool | None:
        value = self.value(column).lower()
        if value in YES:
            return True
        if value in NO:
            return False
        self.fail(column, f"{column} '{self.value(column)}' is not yes or no; leave it blank for no")
        return None


def _choices(values: Iterable[str]) -> str:
    items = [f"'{value}'" for value in values]
    return ", ".join(items[:-1]) + " or " + items[-1] if len(items) > 1 else "".join(items)


def validate(
    rows: Sequence[dict[str, str]],
    *,
    organisation: Organisation,
    source_system: str,
    today: dt.date | None = None,
) -> Validation:
    """Check every row; nothing is written. Rows whose ``source_reference`` was imported from
    the same source for the same organisation before are skipped, not checked again."""
    today = today or timezone.localdate()
    lookups = _Lookups(organisation, source_system)
    result = Validation(rows=len(rows))
    first_seen: dict[str, int] = {}
    for index, raw in enumerate(rows):
        number = index + 2  # the header is row 1, as a spreadsheet shows it
        reference = raw.get("source_reference", "")
        if reference and reference in lookups.done:
            result.already_imported += 1
            continue
        row = _Row(number, raw)
        plan = _check(row, lookups, today, first_seen)
        if row.errors:
            result.errors += row.errors
            result.rejected.append((raw, [error.message for error in row.errors]))
        elif plan is not None:
            result.plans.append(plan)
    return result


def _check(row: _Row, lookups: _Lookups, today: dt.date, first_seen: dict[str, int]) -> Plan | None:
    for column, value in row.raw.items():
        # Exports from older systems sometimes carry them; the database cannot store them.
        if value and "\x00" in value:
            row.fail(column, f"{column} holds a null character (invisible in most spreadsheets); remove it")
    reference = row.required("source_reference")
    if len(reference) > 100:
        row.fail("source_reference", "source_reference is longer than 100 characters")
    elif reference in first_seen:
        row.fail(
            "source_reference",
            f"source_reference '{reference}' is also on row {first_seen[reference]}; "
            "each record must have its own reference",
        )
    elif reference:
        first_seen[reference] = row.number

    referral_date = row.date("referral_date") if row.required("referral_date") else None
    if referral_date is not None and referral_date > today:
        row.fail("referral_date", f"referral_date '{referral_date}' is in the future")
    elif referral_date is not None and referral_date < EARLIEST:
        row.fail("referral_date", f"referral_date '{referral_date}' is before 2000; check the year")

    given, family = row.required("given_names"), row.required("family_name")
    for column, name in (("given_names", given), ("family_name", family)):
        if len(name) > 200:
            row.fail(column, f"{column} is longer than 200 characters")

    born = row.date("date_of_birth")
    if born is not None and referral_date is not None and born > referral_date:
        row.fail("date_of_birth", f"date_of_birth '{born}' is after the referral_date '{referral_date}'")
    age: int | None = None
    age_text = row.value("approximate_age")
    if age_text:
        if not age_text.isdigit() or int(age_text) > 120:
            row.fail(
                "approximate_age",
                f"approximate_age '{age_text}' is not a whole number of years from 0 to 120",
            )
        elif born is not None:
            row.fail(
                "approximate_age", "approximate_age is filled in as well as date_of_birth; give only one"
            )
        else:
            age = int(age_text)

    gender = row.value("gender").lower()
    if gender and gender not in Gender.values:
        row.fail("gender", f"gender '{row.value('gender')}' is not one of {_choices(Gender.values)}")

    postcode = row.value("postcode")
    if postcode:
        try:
            postcode = validate_postcode(postcode)
        except ValidationError:
            row.fail("postcode", f"postcode '{postcode}' is not a real UK postcode, like SW1A 1AA")

    authority = None
    code = row.required("local_authority")
    if code:
        authority = lookups.authorities.get(code.upper())
        if authority is None:
            row.fail(
                "local_authority",
                f"local_authority '{code}' is not a local authority register code, like WRT or BIR",
            )

    sector_code = row.value("sector").lower() or "unknown"
    sector = lookups.sectors.get(sector_code)
    if sector is None:
        row.fail(
            "sector", f"sector '{row.value('sector')}' is not one of {_choices(sorted(lookups.sectors))}"
        )

    taxonomy = None
    version = row.value("taxonomy_version")
    if version:
        taxonomy = next((t for t in lookups.taxonomies if t.version == version), None)
        if taxonomy is None:
            versions = _choices(t.version for t in lookups.taxonomies)
            row.fail("taxonomy_version", f"taxonomy_version '{version}' is not one of {versions}")
    elif referral_date is not None:
        taxonomy = lookups.taxonomy_on(referral_date)
    concern_id = None
    concern = row.value("concern_type").lower()
    if concern and taxonomy is not None:
        concern_id = lookups.concerns[taxonomy.version].get(concern)
        if concern_id is None:
            row.fail(
                "concern_type",
                f"concern_type '{row.value('concern_type')}' is not in the type-of-concern list "
                f"{taxonomy.version}; use one of {_choices(sorted(lookups.concerns[taxonomy.version]))}",
            )

    outcome_text = row.value("screening_outcome").lower()
    outcome = OUTCOMES.get(outcome_text)
    if outcome is None:
        choices = _choices(["nfa", "signposted", "police_managed", "progressed"])
        row.fail(
            "screening_outcome",
            f"screening_outcome '{row.value('screening_outcome')}' is not one of {choices}, or blank",
        )
    discussed = row.yes_no("discussed_at_panel")
    adopted = row.yes_no("adopted_as_channel_case")
    adopted_date = row.date("adopted_date")
    exit_date = row.date("exit_date")
    exit_reason = row.value("exit_reason").lower()
    if exit_reason and exit_reason not in ExitReason.values:
        row.fail(
            "exit_reason",
            f"exit_reason '{row.value('exit_reason')}' is not one of {_choices(ExitReason.values)}",
        )

    if outcome is not None and outcome != ScreeningOutcome.PROGRESSED:
        shown = outcome_text or "blank"
        for column, said in (("discussed_at_panel", discussed), ("adopted_as_channel_case", adopted)):
            if said:
                row.fail(
                    column,
                    f"{column} is 'yes' but screening_outcome is {shown}; "
                    "only referrals progressed to Channel go to a panel",
                )
        if exit_date is not None and outcome in (
            "",
            ScreeningOutcome.NO_FURTHER_ACTION,
            ScreeningOutcome.SIGNPOSTED,
        ):
            row.fail(
                "exit_date",
                f"exit_date is filled in but screening_outcome is {shown}; "
                "an exit date is only for police-managed and Channel cases",
            )
    if adopted and discussed is not None and not discussed and row.value("discussed_at_panel"):
        row.fail(
            "discussed_at_panel",
            "adopted_as_channel_case is 'yes' but discussed_at_panel is 'no'; cases are adopted at a panel",
        )
    if adopted and exit_date is None and outcome == ScreeningOutcome.PROGRESSED:
        row.fail(
            "exit_date",
            "exit_date is blank but the person was adopted as a Channel case; only finished Channel "
            "cases can be imported: give the exit date, or move the open case across by hand",
        )
    if adopted_date is not None and not adopted:
        row.fail("adopted_date", "adopted_date is filled in but adopted_as_channel_case is not 'yes'")
    if exit_reason and exit_date is None:
        row.fail("exit_reason", "exit_reason is filled in but exit_date is blank")
    if referral_date is not None:
        for column, day in (("adopted_date", adopted_date), ("exit_date", exit_date)):
            if day is not None and day < referral_date:
                row.fail(column, f"{column} '{day}' is before the referral_date '{referral_date}'")
            elif day is not None and day > today:
                row.fail(column, f"{column} '{day}' is in the future")
    if adopted_date is not None and exit_date is not None and exit_date < adopted_date:
        row.fail("exit_date", f"exit_date '{exit_date}' is before the adopted_date '{adopted_date}'")

    routed_to = lookups.route(authority) if authority is not None else None
    if (
        authority is not None
        and outcome is not None
        and routed_to is None
        and final_status(
            outcome=outcome,
            discussed=bool(discussed or adopted),
            adopted=bool(adopted),
            exited=exit_date is not None,
        )
        != Status.CLOSED
    ):
        row.fail(
            "local_authority",
            f"no police unit in Cornerstone covers {authority.name} ({authority.code}), so this open "
            "referral would reach nobody; set up the unit first, or import only closed referrals",
        )

    if row.errors:
        return None
    assert referral_date is not None and authority is not None  # noqa: S101 (checked above)
    assert sector is not None and taxonomy is not None and outcome is not None  # noqa: S101
    return Plan(
        row=row.number,
        raw=row.raw,
        source_reference=reference,
        referral_date=referral_date,
        details=PersonDetails(
            given_names=given,
            family_name=family,
            date_of_birth=born,
            approximate_age=age,
            gender=gender,
            postcode=postcode,
        ),
        local_authority=authority,
        routed_to=routed_to,
        sector=sector,
        taxonomy=taxonomy,
        concern_type_id=concern_id,
        outcome=outcome,
        signposted_to=row.value("signposted_to")[:200],
        discussed=bool(discussed or adopted),
        adopted=bool(adopted),
        adopted_date=(adopted_date or referral_date) if adopted else None,
        exit_date=exit_date,
        exit_reason=(exit_reason or ExitReason.OTHER) if exit_date is not None else "",
    )


def write_rejected(
    path: Path, header: Sequence[str], rejected: Sequence[tuple[dict[str, str], list[str]]]
) -> None:
    """The rejected rows as they were read, with what is wrong in a last column, so they can
    be corrected in a spreadsheet and imported again."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        columns = [name for name in header if name != ERROR_COLUMN]
        writer.writerow([*columns, ERROR_COLUMN])
        for raw, messages in rejected:
            writer.writerow([*(raw.get(name, "") for name in columns), "; ".join(messages)])


# Importing ---------------------------------------------------------------------------------


Progress = Callable[[int, int, float], None]


def import_rows(
    plans: Sequence[Plan],
    *,
    actor: Actor,
    source_system: str,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> ImportResult:
    """Write the plans in batches, one transaction each. A batch that fails is rolled back
    whole; batches before it stay imported, and running the same file again carries on."""
    if actor.user is None or actor.membership is None:
        raise ValueError("An import is recorded as the work of a member of staff, not of the system.")
    started = time.monotonic()
    references: list[str] = []
    today = timezone.localdate()
    for start in range(0, len(plans), batch_size):
        batch = plans[start : start + batch_size]
        with transaction.atomic():
            references += _import_batch(batch, actor=actor, source_system=source_system, today=today)
        if progress is not None:
            progress(start + len(batch), len(plans), time.monotonic() - started)
    return ImportResult(imported=len(references), references=references, seconds=time.monotonic() - started)


def _moment(day: dt.date) -> dt.datetime:
    # Midday UK time: the date stays the same in every report, whatever the clocks do.
    return dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_default_timezone())


def _references(plans: Sequence[Plan]) -> list[str]:
    """The next referral numbers of each referral's year, taken as one block per year, so the
    imported referrals share the numbering of referrals made in Cornerstone."""
    wanted = Counter(plan.referral_date.year for plan in plans)
    last: dict[int, int] = {}
    for year, count in sorted(wanted.items()):
        counter, _ = ReferenceCounter.objects.get_or_create(year=year)
        ReferenceCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + count)
        last[year] = ReferenceCounter.objects.get(pk=counter.pk).last_number - count
    out = []
    for plan in plans:
        year = plan.referral_date.year
        last[year] += 1
        out.append(f"PRV-{year}-{last[year]:06d}")
    return out


def _match_details(plan: Plan, today: dt.date) -> PersonDetails:
    """What the matching compares: an approximate age is as of the referral, so add the years
    since, as the index does for the people it holds."""
    details = plan.details
    if details.approximate_age is None:
        return details
    years = (today - plan.referral_date).days // 365
    return PersonDetails(
        given_names=details.given_names,
        family_name=details.family_name,
        approximate_age=details.approximate_age + years,
        gender=details.gender,
        postcode=details.postcode,
    )


def _people(plans: Sequence[Plan], today: dt.date) -> tuple[list[int], dict[int, str], dict[int, list[str]]]:
    """Index records for the people of a batch, their keys, and the possible matches queued.
    Returns the people's primary keys, the index reference of each, and the references of each
    one's possible matches (for the audit trail)."""
    ids = insert_rows(
        Person,
        [
            {
                "date_of_birth": plan.details.date_of_birth,
                "approximate_age": plan.details.approximate_age,
                "approximate_age_on": plan.referral_date
                if plan.details.approximate_age is not None
                else None,
                "gender": plan.details.gender,
            }
            for plan in plans
        ],
    )
    # The index reference is made from the primary key, as ``person_create`` makes it.
    Person.objects.filter(pk__in=in_list(Person, "id", ids)).update(reference=person_reference_sql())
    insert_rows(
        PersonName,
        [
            {
                "person_id": person_id,
                "kind": NameKind.PRIMARY,
                "given_names": plan.details.given_names,
                "family_name": plan.details.family_name,
            }
            for person_id, plan in zip(ids, plans, strict=True)
        ],
    )
    insert_rows(
        PersonAddress,
        [
            {"person_id": person_id, "postcode": plan.details.postcode}
            for person_id, plan in zip(ids, plans, strict=True)
            if plan.details.postcode
        ],
    )
    keys = [matching.details_keys(_match_details(plan, today)) for plan in plans]
    insert_rows(
        MatchKey,
        [
            {"person_id": person_id, "kind": kind, "value": value}
            for person_id, person_keys in zip(ids, keys, strict=True)
            for kind, value in matching.key_values(person_keys)
        ],
    )
    proposals = _proposals(ids, plans, keys, today)
    insert_rows(MatchProposal, proposals)
    references = {person_id: person_reference(person_id) for person_id in ids}
    outside = sorted({proposal["candidate_id"] for proposal in proposals} - set(references))
    references.update(
        (pk, reference or "")
        for pk, reference in Person.objects.filter(pk__in=in_list(Person, "id", outside)).values_list(
            "pk", "reference"
        )
    )
    proposed: dict[int, list[str]] = defaultdict(list)
    for proposal in proposals:
        proposed[proposal["person_id"]].append(references[proposal["candidate_id"]])
    return ids, references, proposed


def _proposals(
    ids: Sequence[int], plans: Sequence[Plan], keys: Sequence[set[str]], today: dt.date
) -> list[dict[str, Any]]:
    """The matches ``person_create`` would queue for each new person: candidates share blocking
    keys with them; people earlier in the same import are candidates too, later ones are not
    (they will find this one), so each pair is proposed once."""
    batch = set(ids)
    values = sorted({key[:80] for person_keys in keys for key in person_keys})
    holders: dict[str, list[int]] = defaultdict(list)
    for person_id, value in MatchKey.objects.filter(value__in=in_list(MatchKey, "value", values)).values_list(
        "person_id", "value"
    ):
        holders[value].append(person_id)
    pools: list[list[int]] = []
    for person_id, person_keys in zip(ids, keys, strict=True):
        shared: Counter[int] = Counter(
            holder
            for key in {key[:80] for key in person_keys}
            for holder in holders.get(key, ())
            if holder != person_id and not (holder in batch and holder > person_id)
        )
        pools.append(matching.candidate_pool(shared))
    wanted = sorted({holder for pool in pools for holder in pool})
    records = matching.records_for(wanted, today)
    proposals = []
    for person_id, plan, pool in zip(ids, plans, pools, strict=True):
        if not pool:
            continue
        query = matching.Record.from_details(_match_details(plan, today))
        ranked = matching.rank_candidates(query, {pk: records[pk] for pk in pool if pk in records}, today)
        proposals += [
            {
                "person_id": person_id,
                "candidate_id": candidate_id,
                "band": band,
                "explanations": [finding.as_dict() for finding in findings],
            }
            for candidate_id, band, _, findings in ranked
            if band in _PROPOSED_BANDS
        ]
    return proposals


def _import_batch(plans: Sequence[Plan], *, actor: Actor, source_system: str, today: dt.date) -> list[str]:
    assert actor.user is not None and actor.membership is not None  # noqa: S101 (checked by the caller)
    user, membership = actor.user, actor.membership
    organisation = membership.organisation
    person_ids, person_references, proposed = _people(plans, today)
    numbers = _references(plans)
    now = timezone.now()
    referral_ids = insert_rows(
        Referral,
        [
            {
                "reference": number,
                "status": plan.status,
                "created_by_id": user.pk,
                "created_by_membership_id": membership.pk,
                "organisation_id": organisation.pk,
                "answers": {},
                "taxonomy_id": plan.taxonomy.pk,
                "local_authority_id": plan.local_authority.pk,
                "concern_type_id": plan.concern_type_id,
                "sector_id": plan.sector.pk,
                "person_id": person_id,
                "routed_to_id": plan.routed_to.pk if plan.routed_to else None,
                "created_at": _moment(plan.referral_date),
                "updated_at": now,
                "submitted_at": _moment(plan.referral_date),
                "arrived_at": _moment(plan.referral_date),
                "receipt_recorded_at": _moment(plan.referral_date),
            }
            for plan, person_id, number in zip(plans, person_ids, numbers, strict=True)
        ],
    )
    written = list(zip(plans, referral_ids, strict=True))
    insert_rows(
        ImportedRecord,
        [
            {
                "organisation_id": organisation.pk,
                "source_system": source_system,
                "source_reference": plan.source_reference,
                "referral_id": referral_id,
                "discussed_at_panel": plan.discussed,
                "imported_by_id": user.pk,
                "imported_at": now,
            }
            for plan, referral_id in written
        ],
    )
    rationale = f"Recorded in {source_system} before the move to Cornerstone (imported)."
    insert_rows(
        ScreeningDecision,
        [
            {
                "referral_id": referral_id,
                "outcome": plan.outcome,
                "state": DecisionState.MADE,
                "rationale": rationale,
                "signposted_to": (plan.signposted_to or f"Not recorded in {source_system}")
                if plan.outcome == ScreeningOutcome.SIGNPOSTED
                else "",
                "decided_by_id": user.pk,
                "decided_at": _moment(plan.referral_date),
            }
            for plan, referral_id in written
            if plan.outcome
        ],
    )
    insert_rows(
        ChannelCase,
        [
            {
                "referral_id": referral_id,
                "local_authority_id": plan.local_authority.pk,
                "progressed_at": _moment(plan.referral_date),
                "accepted_at": _moment(plan.referral_date) if plan.discussed else None,
                "adopted_at": _moment(plan.adopted_date) if plan.adopted_date else None,
                "exit_reason": plan.exit_reason,
                "exit_note": f"Imported from {source_system}" if plan.exit_date else "",
                "exited_at": _moment(plan.exit_date) if plan.exit_date else None,
            }
            for plan, referral_id in written
            if plan.outcome == ScreeningOutcome.PROGRESSED
        ],
    )
    insert_rows(
        TimelineEntry,
        [
            {
                "referral_id": referral_id,
                "occurred_at": now,
                "kind": "import",
                "title": f"Imported from {source_system}"[:200],
                "detail": _summary(plan),
                "actor_id": user.pk,
                "actor_label": user.full_name,
                "organisation_name": organisation.name,
                "role": membership.role,
            }
            for plan, referral_id in written
        ],
    )
    # The rows ``audit_event_record`` would write, left unsealed like every new row.
    insert_rows(
        AuditEvent,
        [
            {
                "occurred_at": now,
                "actor_id": user.pk,
                "actor_label": actor.label,
                "organisation_id": organisation.pk,
                "role": actor.role,
                "action": "referral.imported",
                "object_type": Referral._meta.label_lower,
                "object_id": str(referral_id),
                "object_repr": number,
                "person_ref": person_references[person_id],
                "changes": {
                    "source_system": source_system,
                    "source_reference": plan.source_reference,
                    "reference": number,
                    "status": plan.status,
                    "referral_date": plan.referral_date.isoformat(),
                    "screening_outcome": plan.outcome,
                    "taxonomy": plan.taxonomy.version,
                    # What ``person_create`` records in its own event, here in the one event.
                    "person": {"source": PERSON_SOURCE, "possible_matches": proposed.get(person_id, [])},
                },
            }
            for plan, referral_id, number, person_id in zip(
                plans, referral_ids, numbers, person_ids, strict=True
            )
        ],
    )
    # One event for the batch through the usual door: it also queues the sealing of every row
    # written above once the batch commits.
    audit_event_record(
        actor=actor,
        action="referral.import_batch",
        changes={
            "source_system": source_system,
            "referrals": len(referral_ids),
            "first": numbers[0] if numbers else "",
            "last": numbers[-1] if numbers else "",
        },
    )
    return numbers


def _summary(plan: Plan) -> str:
    """The timeline's line about what the source recorded (no restricted detail)."""
    parts = [f"Their reference {plan.source_reference}; referred on {plan.referral_date:%-d %B %Y}."]
    if plan.outcome:
        parts.append(f"Screening: {ScreeningOutcome(plan.outcome).label}.")
    if plan.discussed:
        parts.append("Discussed at a Channel panel.")
    if plan.adopted_date:
        parts.append(f"Adopted as a Channel case on {plan.adopted_date:%-d %B %Y}.")
    if plan.exit_date:
        parts.append(f"Ended on {plan.exit_date:%-d %B %Y}.")
    return " ".join(parts)
