"""The nightly list of people due for a retention review, run by ``manage.py db_worker``."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db import DatabaseBackend

RETENTION_INTERVAL = dt.timedelta(days=1)


@task()
def list_retention_due() -> int:
    """Open a review for every person now due, then queue the next run a day later: once
    started, the nightly list keeps itself going."""
    from cornerstone.accounts.actor import Actor
    from cornerstone.records.services import retention_reviews_list_due

    opened = retention_reviews_list_due(actor=Actor.system("list_retention_due"))
    schedule_retention_listing()
    return len(opened)


def schedule_retention_listing() -> None:
    """Keep exactly one listing waiting in the database task queue, a day ahead. A backend that
    cannot wait (the demo runs tasks at once) queues nothing: there, deployments schedule
    ``manage.py list_retention_due`` instead."""
    if not isinstance(list_retention_due.get_backend(), DatabaseBackend):
        return
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=list_retention_due.module_path
    )
    if not waiting.exists():
        list_retention_due.using(run_after=timezone.now() + RETENTION_INTERVAL).enqueue()
