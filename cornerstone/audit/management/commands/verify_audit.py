"""Check the hash chains of the audit trail and the access log. Reads only; changes nothing.

Exit status 0 when both chains hold, 1 when any break is found (for monitoring and cron).
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from cornerstone.audit.chain import CHAINED_MODELS, VerifyTally, log_name, log_title, verify


def _rows(count: int) -> str:
    return f"{count} row{'s' if count != 1 else ''}"


class Command(BaseCommand):
    help = (
        "Check that no sealed row of the audit trail or the access log has been changed, removed "
        "or reordered. Changes nothing. Exits with status 1 if any break is found."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        breaks = 0
        summaries = []
        for model in CHAINED_MODELS:
            tally = VerifyTally()
            for chain_break in verify(model, tally=tally):
                breaks += 1
                self.stdout.write(self.style.ERROR(chain_break.describe()))
            summaries.append(
                f"{log_title(log_name(model))}: {_rows(tally.checked)} checked, "
                f"{_rows(tally.waiting)} waiting to be sealed"
            )
        outcome = (
            "no breaks found"
            if not breaks
            else f"{breaks} break{'s' if breaks != 1 else ''} found: the logs may have been tampered with"
        )
        self.stdout.write("; ".join([*summaries, outcome]) + ".")
        if breaks:
            sys.exit(1)
