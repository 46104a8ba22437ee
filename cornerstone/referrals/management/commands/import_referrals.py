"""Import referral history from a CSV file (the format is in docs/import-format.md).

    manage.py import_referrals FILE --organisation "Cheshire Constabulary" --source "Legacy CMS" \\
        --by prevent.lead@example.org [--dry-run] [--import-valid-rows --rejected rejected.csv]

Every row is checked before anything is written. With any error nothing is imported and the
command ends with a non-zero status, unless ``--import-valid-rows`` is given: then the valid rows
are imported and the rejected ones written, with what is wrong, to ``--rejected``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Membership, Organisation
from cornerstone.referrals import importing


class Command(BaseCommand):
    help = "Import referrals with their outcomes from a CSV file (see docs/import-format.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file.")
        parser.add_argument(
            "--organisation",
            required=True,
            help="Name or id of the organisation whose records these are; it becomes each referral's organisation.",
        )
        parser.add_argument(
            "--source",
            required=True,
            help="The system the records come from (for example 'Legacy CMS'); with the organisation, "
            "it makes each source_reference unique, so re-running the file imports nothing twice.",
        )
        parser.add_argument(
            "--by",
            required=True,
            help="Email of the member of staff of that organisation doing the import: recorded as "
            "the writer of every referral and in the audit trail.",
        )
        parser.add_argument("--role", default="", help="Their role, if they have more than one there.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row; import nothing.")
        parser.add_argument(
            "--import-valid-rows",
            action="store_true",
            help="Import the valid rows even if some rows have errors (needs --rejected).",
        )
        parser.add_argument(
            "--rejected", type=Path, help="Where to write the rejected rows, with an errors column."
        )
        parser.add_argument("--batch-size", type=int, default=importing.BATCH_SIZE)
        parser.add_argument("--progress-every", type=int, default=5000, help="Rows between progress lines.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if options["import_valid_rows"] and options["rejected"] is None:
            raise CommandError(
                "Give --rejected FILE with --import-valid-rows, so the rejected rows are kept."
            )
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        organisation = _organisation(options["organisation"])
        actor = _actor(organisation, options["by"], options["role"])
        source = options["source"].strip()
        if not source or len(source) > 100:
            raise CommandError(
                "Give --source as the name of the system the records come from (up to 100 characters)."
            )
        try:
            header, rows = importing.read_rows(path)
        except importing.ImportFileError as error:
            raise CommandError(str(error)) from None

        checked = importing.validate(rows, organisation=organisation, source_system=source)
        for problem in checked.errors:
            self.stderr.write(str(problem))
        self.stdout.write(
            f"{checked.rows:,} rows read: {len(checked.plans):,} ready to import, "
            f"{len(checked.rejected):,} with errors, {checked.already_imported:,} imported before (skipped)."
        )
        if checked.rejected and options["rejected"] is not None:
            importing.write_rejected(options["rejected"], header, checked.rejected)
            self.stdout.write(
                f"Rejected rows written to {options['rejected']}, with an '{importing.ERROR_COLUMN}' column."
            )
        if options["dry_run"]:
            if checked.errors:
                raise CommandError("Dry run: correct the rows above; nothing was imported.")
            self.stdout.write("Dry run: every row is valid; nothing was imported.")
            return
        if checked.errors and not options["import_valid_rows"]:
            raise CommandError(
                f"Nothing was imported: {_rows(len(checked.rejected))} errors. Correct them, or run "
                "again with --import-valid-rows --rejected FILE to import the rest."
            )

        every = max(1, options["progress_every"])
        next_line = [every]

        def progress(done: int, total: int, seconds: float) -> None:
            if done >= next_line[0] or done == total:
                rate = done / seconds if seconds else 0.0
                self.stderr.write(f"Imported {done:,} of {total:,} rows ({rate:,.0f} rows a second)")
                while next_line[0] <= done:
                    next_line[0] += every

        result = importing.import_rows(
            checked.plans,
            actor=actor,
            source_system=source,
            batch_size=max(1, options["batch_size"]),
            progress=progress,
        )
        self.stdout.write(
            f"Imported {result.imported:,} referrals from {source} in {result.seconds:.1f} s."
            + (f" {len(checked.rejected):,} rows were not imported." if checked.rejected else "")
        )


def _rows(count: int) -> str:
    return "1 row has" if count == 1 else f"{count:,} rows have"


def _organisation(value: str) -> Organisation:
    found = list(Organisation.objects.filter(pk=int(value))) if value.isdigit() else []
    found = found or list(Organisation.objects.filter(name__iexact=value.strip()))
    if not found:
        raise CommandError(f"There is no organisation '{value}': give its exact name or its id.")
    if len(found) > 1:
        raise CommandError(f"More than one organisation is called '{value}': give its id instead.")
    return found[0]


def _actor(organisation: Organisation, email: str, role: str) -> Actor:
    memberships = Membership.objects.filter(
        organisation=organisation, user__email__iexact=email.strip(), is_active=True, user__is_active=True
    ).select_related("user", "organisation")
    if role:
        memberships = memberships.filter(role=role)
    found = list(memberships)
    if not found:
        raise CommandError(
            f"{email} is not an active member of staff of {organisation.name}"
            + (f" in the role '{role}'" if role else "")
            + ": the import is recorded as their work."
        )
    if len(found) > 1:
        roles = ", ".join(membership.role for membership in found)
        raise CommandError(f"{email} has more than one role at {organisation.name} ({roles}): give --role.")
    return Actor.for_membership(found[0])
