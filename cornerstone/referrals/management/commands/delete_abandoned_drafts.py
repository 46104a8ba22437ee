"""Delete referral drafts nobody has changed for 30 days, with their attachments.

Run daily from cron, or enqueue ``cornerstone.referrals.tasks.delete_abandoned_drafts``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cornerstone.referrals.services import drafts_abandoned_delete


class Command(BaseCommand):
    help = "Delete referral drafts that have not been changed for 30 days, with their attachments."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = drafts_abandoned_delete()
        self.stdout.write(f"Deleted {deleted} abandoned draft{'s' if deleted != 1 else ''}.")
