"""Reload the reference geography from the committed CSV files and print what it did."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, transaction

from cornerstone.accounts.actor import Actor
from cornerstone.audit.services import audit_event_record
from cornerstone.geography.loading import load_reference_geography


class Command(BaseCommand):
    help = (
        "Load the Prevent regions, police force areas and local authorities of England and Wales "
        "from cornerstone/geography/data/. Safe to run again: only differences are written, and "
        "rows still in use are never deleted. Prints the counts."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias to load into.")

    def handle(self, *args: Any, database: str, **options: Any) -> None:
        with transaction.atomic(using=database):
            result = load_reference_geography(using=database)
            if result.changed:
                audit_event_record(
                    actor=Actor.system("load_geography"), action="geography.load", changes=result.as_dict()
                )
        for tally in result.tallies:
            line = tally.describe()
            self.stdout.write(self.style.WARNING(line) if tally.kept_in_use else line)
        if not result.changed:
            self.stdout.write(self.style.SUCCESS("The reference geography was already up to date."))
        else:
            self.stdout.write(self.style.SUCCESS("Reference geography loaded."))
