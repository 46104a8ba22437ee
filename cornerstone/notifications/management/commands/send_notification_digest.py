"""Send each user who chose a daily digest one email listing their notifications not yet sent.

Run daily from cron (for example at 07:00), or let ``db_worker`` run the self-scheduling task
``cornerstone.notifications.tasks.send_notification_digest``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cornerstone.notifications.delivery import send_digests


class Command(BaseCommand):
    help = "Send the daily notification digests."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_digests()
        self.stdout.write(f"Sent {sent} digest{'s' if sent != 1 else ''}.")
