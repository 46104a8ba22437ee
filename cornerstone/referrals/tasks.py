"""Background work for referrals, run by ``manage.py db_worker``."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db import DatabaseBackend

# How often abandoned drafts are looked for: a draft goes at most a day after its 30 days.
DRAFT_CLEANUP_INTERVAL = dt.timedelta(days=1)


@task()
def delete_abandoned_drafts() -> int:
    """Delete drafts nobody has changed for 30 days, with their attachments, then queue the next
    run a day later: once started, the cleanup keeps itself going."""
    from cornerstone.referrals.services import drafts_abandoned_delete

    deleted = drafts_abandoned_delete()
    schedule_draft_cleanup()
    return deleted


def schedule_draft_cleanup() -> None:
    """Keep exactly one cleanup waiting in the database task queue, a day ahead.

    Called whenever a draft is started, so there is always a cleanup to come while drafts exist.
    A backend that cannot wait (the demo runs tasks at once) queues nothing: there, deployments
    schedule ``manage.py delete_abandoned_drafts`` instead.
    """
    if not isinstance(delete_abandoned_drafts.get_backend(), DatabaseBackend):
        return
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=delete_abandoned_drafts.module_path
    )
    if not waiting.exists():
        delete_abandoned_drafts.using(run_after=timezone.now() + DRAFT_CLEANUP_INTERVAL).enqueue()
