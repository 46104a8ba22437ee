from __future__ import annotations

from django_tasks import task

from cornerstone.audit.chain import seal_all


@task()
def seal_logs() -> int:
    """Chain the newly committed audit and access-log rows. Idempotent: safe to run often."""
    return seal_all()
