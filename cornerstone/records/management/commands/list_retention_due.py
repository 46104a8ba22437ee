"""List the people due for a retention review and open a pending review for each (by reference)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cornerstone.accounts.actor import Actor
from cornerstone.records.services import retention_reviews_list_due
from cornerstone.records.tasks import schedule_retention_listing


class Command(BaseCommand):
    help = "Open a retention review for every person whose every referral is past its retention date."

    def handle(self, *args: Any, **options: Any) -> None:
        opened = retention_reviews_list_due(actor=Actor.system("list_retention_due"))
        for review in opened:
            self.stdout.write(f"{review.person_reference}\tdue since {review.due_on:%Y-%m-%d}")
        self.stdout.write(f"{len(opened)} people due for a retention review")
        # Start the nightly task too, where a worker runs the queue.
        schedule_retention_listing()
