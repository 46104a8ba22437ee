"""Background work for notifications, run by ``manage.py db_worker``.

The daily digest and the due reminders keep themselves queued (like the referral draft
cleanup): each run queues the next a day later, and ``schedule_daily_work`` (called whenever a
notification is queued) makes sure one of each is waiting. A backend that cannot wait (the
demo runs tasks at once) queues nothing: there, schedule ``manage.py send_notification_digest``
and ``manage.py send_due_reminders`` daily instead.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db import DatabaseBackend

DAILY = dt.timedelta(days=1)


@task()
def send_notifications(ids: list[int]) -> int:
    """Email each notification now, unless its recipient asked for a daily digest."""
    from cornerstone.notifications.delivery import send_now

    return send_now(ids)


@task()
def send_notification_digest() -> int:
    """Send the daily digests, then queue the next run a day later."""
    from cornerstone.notifications.delivery import send_digests

    sent = send_digests()
    _schedule(send_notification_digest)
    return sent


@task()
def send_due_reminders() -> int:
    """Remind people of panel actions and intervention sessions due or overdue, then queue the
    next run a day later."""
    from cornerstone.notifications.reminders import due_reminders_send

    made = due_reminders_send()
    _schedule(send_due_reminders)
    return made


def _schedule(daily_task: object) -> None:
    if not isinstance(daily_task.get_backend(), DatabaseBackend):  # type: ignore[attr-defined]
        return
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY,
        task_path=daily_task.module_path,  # type: ignore[attr-defined]
    )
    if not waiting.exists():
        daily_task.using(run_after=timezone.now() + DAILY).enqueue()  # type: ignore[attr-defined]


def schedule_daily_work() -> None:
    """Keep exactly one digest run and one reminder run waiting in the database task queue."""
    _schedule(send_notification_digest)
    _schedule(send_due_reminders)
