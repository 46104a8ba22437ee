"""Print the journey table and its diagram, or write them to docs/lifecycle.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from cornerstone.referrals.lifecycle_doc import markdown

DOC_PATH = Path(settings.BASE_DIR) / "docs" / "lifecycle.md"


class Command(BaseCommand):
    help = "Print the referral journey's states and transitions (Markdown with a Mermaid diagram)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--write", action="store_true", help=f"write {DOC_PATH} instead of printing")

    def handle(self, *args: Any, **options: Any) -> None:
        text = markdown()
        if options["write"]:
            DOC_PATH.write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {DOC_PATH}")
        else:
            self.stdout.write(text)
