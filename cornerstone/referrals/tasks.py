from __future__ import annotations

from django_tasks import task

from cornerstone.referrals.services import drafts_abandoned_delete


@task()
def delete_abandoned_drafts() -> int:
    """Delete drafts nobody has changed for 30 days, with their attachments. Schedule daily."""
    return drafts_abandoned_delete()
