"""Remind people of panel actions due today or overdue and of interventions with sessions
overdue. Each reminder goes at most once a day, so running it twice sends nothing new.

Run daily from cron (before the digest), or let ``db_worker`` run the self-scheduling task
``cornerstone.notifications.tasks.send_due_reminders``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cornerstone.notifications.reminders import due_reminders_send


class Command(BaseCommand):
    help = "Send today's reminders of panel actions and intervention sessions due or overdue."

    def handle(self, *args: Any, **options: Any) -> None:
        made = due_reminders_send()
        self.stdout.write(f"Made {made} reminder{'s' if made != 1 else ''}.")
