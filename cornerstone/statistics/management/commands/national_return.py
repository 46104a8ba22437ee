"""``manage.py national_return --year 2025-26 --format csv [--area region:north-west] [--output FILE]``

Writes the national return (disclosure-controlled, as on the pages) to a file or to standard
output. Run by an operator on the server: every area may be asked for; the export is recorded
in the access log as the system's.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cornerstone.accounts.actor import Actor
from cornerstone.statistics import exports
from cornerstone.statistics.national_return import FinancialYear, national_return
from cornerstone.statistics.selectors import ReturnArea


class Command(BaseCommand):
    help = "Write the national return for a financial year and area as JSON, CSV or ODS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, help="Financial year, like 2025-26.")
        parser.add_argument("--format", dest="file_format", choices=exports.FORMATS, default="json")
        parser.add_argument(
            "--area",
            default="national",
            help="national (the default), region:<Prevent region code> or la:<local authority code>.",
        )
        parser.add_argument("--output", help="File to write; standard output if left out.")

    def handle(
        self, *args: Any, year: str, file_format: str, area: str, output: str | None, **options: Any
    ) -> None:
        try:
            financial_year = FinancialYear.parse(year)
            chosen = ReturnArea.parse(area)
            result = national_return(year=financial_year, area=chosen)
        except ValueError as error:
            raise CommandError(str(error)) from error
        content = exports.render(result, file_format)
        exports.export_logged(
            actor=Actor.system("national_return command"),
            result=result,
            file_format=file_format,
            path=f"manage.py national_return --year {financial_year.label} --area {chosen.param}",
        )
        if output:
            Path(output).write_bytes(content)
            self.stderr.write(f"Wrote {output} ({len(content):,} bytes)")
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
