"""``manage.py load_population_baseline FILE``: load a population baseline CSV (the format is in
docs/statistics.md, "Disproportionality"). Every row is checked first; nothing is saved if any
row has a problem, and every problem is listed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cornerstone.accounts.actor import Actor
from cornerstone.equality.baseline import BaselineErrors, parse_baseline
from cornerstone.equality.services import population_baseline_load


class Command(BaseCommand):
    help = "Load population counts by area and group (for example census tables) from a CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The CSV file to load")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        try:
            rows = parse_baseline(path.read_bytes())
        except BaselineErrors as error:
            raise CommandError(
                "Nothing was loaded. Correct these rows and try again:\n" + "\n".join(error.messages)
            ) from None
        baseline = population_baseline_load(
            actor=Actor.system("load_population_baseline command"), file_name=path.name, rows=rows
        )
        self.stdout.write(f"Loaded {baseline.row_count:,} rows from {path.name}.")
