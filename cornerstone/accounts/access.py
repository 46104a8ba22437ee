from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def get_visible_or_403(visible: QuerySet[M], **lookup: Any) -> M:
    """Fetch a record from a visibility selector's queryset. A record outside it, or one that does
    not exist, is refused the same way, so the answer never reveals that a record exists."""
    record = visible.filter(**lookup).first()
    if record is None:
        raise PermissionDenied
    return record
