"""Background work for notifications, run by ``manage.py db_worker``."""

from __future__ import annotations

from django_tasks import task


@task()
def send_notifications(ids: list[int]) -> int:
    """Email each notification now, unless its recipient asked for a daily digest."""
    from cornerstone.notifications.delivery import send_now

    return send_now(ids)
