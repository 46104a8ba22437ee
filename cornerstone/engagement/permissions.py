"""Who may read, record, change and publish engagement records. Views and services both ask these.

Every predicate that takes a record also needs the record to be in the actor's area: the
selectors decide that, so a record outside it is never reached to be asked about.
"""

from __future__ import annotations

from cornerstone.accounts.actor import Actor
from cornerstone.engagement.models import Action, Engagement
from cornerstone.engagement.roles import ENGAGEMENT_PUBLISHERS, ENGAGEMENT_READERS, ENGAGEMENT_RECORDERS


def _acting(actor: Actor) -> bool:
    return actor.user is not None and actor.membership is not None


def can_view_engagements(actor: Actor) -> bool:
    return _acting(actor) and actor.role in ENGAGEMENT_READERS


def can_record_engagement(actor: Actor) -> bool:
    return _acting(actor) and actor.role in ENGAGEMENT_RECORDERS


def can_edit_engagement(actor: Actor, engagement: Engagement) -> bool:
    """Any recorder in the area may correct a record or add to it: the log is shared by the
    partnership in that area, and every change is audited."""
    return can_record_engagement(actor) and _in_area(actor, engagement)


def can_manage_action(actor: Actor, action: Action) -> bool:
    return can_edit_engagement(actor, action.engagement)


def can_publish_any(actor: Actor) -> bool:
    return _acting(actor) and actor.role in ENGAGEMENT_PUBLISHERS


def can_publish_engagement(actor: Actor, engagement: Engagement) -> bool:
    return can_publish_any(actor) and _in_area(actor, engagement)


def _in_area(actor: Actor, engagement: Engagement) -> bool:
    from cornerstone.engagement.selectors import engagement_areas_of

    return engagement_areas_of(actor).filter(pk=engagement.local_authority_id).exists()
