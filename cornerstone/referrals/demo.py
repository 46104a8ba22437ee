"""Demo referrals: a few submitted referrals in the demo CT policing unit's screening queue (one
person referred twice, to show the history; ``cornerstone.demo.journeys`` screens the earlier
one and takes other cases through every later stage), and a draft for the demo referrer.

Everything is fictional and made through the services, as a referrer would. Running it again
changes nothing: it does nothing if the demo referrer already has referrals.

Wire it into ``seed_demo`` after the world is built: ``seed_demo_referrals(world, seed=seed)``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from faker import Faker

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Membership
from cornerstone.accounts.roles import Role
from cornerstone.referrals import services
from cornerstone.referrals.models import Referral
from cornerstone.referrals.steps import STEPS, steps_for
from cornerstone.referrals.synthetic import synthetic_answers

CONCERNS = (
    (
        "extreme_right_wing",
        "Has been sharing racist memes in a class group chat and said a named group 'has the right idea'.",
    ),
    ("incel", "Talks about women with hostility and has been watching videos that celebrate attacks."),
    (
        "extreme_violence_fascination",
        "Drew detailed pictures of a school shooting and searched for information about past attacks.",
    ),
    ("not_sure", "Has withdrawn from friends and is spending long hours in online forums we do not know."),
)


def write_referral(
    membership: Membership, answers: dict[str, Any], *, through: str | None = None
) -> Referral:
    actor = Actor.for_membership(membership)
    referral = services.referral_start(actor=actor)
    for step in steps_for(referral):
        if through is not None and step.slug == through:
            break
        services.referral_answer_save(
            actor=actor, referral_id=referral.pk, slug=step.slug, raw=answers[step.slug]
        )
    return referral


def seed_demo_referrals(world: Any, *, seed: int) -> list[Referral]:
    """Create the demo referrals (see the module's docstring). Returns those created."""
    referrer = world.memberships_by_role[Role.REFERRER]
    if Referral.objects.filter(created_by=referrer.user).exists():
        return []
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    now = timezone.now()
    officer = Actor.for_membership(world.memberships_by_role[Role.POLICE_PREVENT_OFFICER])
    created: list[Referral] = []
    with transaction.atomic():
        # One young person referred a year ago (closed after screening) and again this week:
        # the police link the second to the first, so screening sees the history.
        given, family = fake.first_name(), fake.last_name()
        born = dt.date(now.year - 15, 5, 14)
        earlier = write_referral(
            referrer,
            synthetic_answers(fake, given=given, family=family, born=born, concern=CONCERNS[0], la="WRT"),
        )
        first = services.referral_submit(
            actor=Actor.for_membership(referrer), referral_id=earlier.pk, now=now - dt.timedelta(days=380)
        ).referral
        # Its screening (no further action) is recorded by ``cornerstone.demo.journeys``.
        again = write_referral(
            referrer,
            synthetic_answers(fake, given=given, family=family, born=born, concern=CONCERNS[1], la="WRT"),
        )
        second = services.referral_submit(
            actor=Actor.for_membership(referrer), referral_id=again.pk, now=now - dt.timedelta(days=2)
        ).referral
        _link_to_same_person(officer, keep=first, other=second)
        created += [first, second]
        # Two more from other people, waiting different lengths of time.
        for days, concern, la in ((5, CONCERNS[2], "HAL"), (0, CONCERNS[3], "WRT")):
            person_born = dt.date(
                now.year - fake.random_int(13, 17), fake.random_int(1, 12), fake.random_int(1, 28)
            )
            referral = write_referral(
                referrer,
                synthetic_answers(
                    fake,
                    given=fake.first_name(),
                    family=fake.last_name(),
                    born=person_born,
                    concern=concern,
                    la=la,
                ),
            )
            created.append(
                services.referral_submit(
                    actor=Actor.for_membership(referrer),
                    referral_id=referral.pk,
                    now=now - dt.timedelta(days=days, hours=3),
                ).referral
            )
        # A draft the demo referrer has started but not finished.
        draft_answers = synthetic_answers(
            fake,
            given=fake.first_name(),
            family=fake.last_name(),
            born=dt.date(now.year - 14, 2, 2),
            concern=CONCERNS[3],
            la="WRT",
        )
        created.append(write_referral(referrer, draft_answers, through=STEPS[6].slug))
    return created


def _link_to_same_person(officer: Actor, *, keep: Referral, other: Referral) -> None:
    """Put both referrals on one person index record, as police staff do after reviewing the
    proposed match: through the person index's merge service, which moves the referral."""
    from cornerstone.people.services import person_merge

    assert keep.person is not None and other.person is not None  # noqa: S101
    person_merge(
        actor=officer, source=other.person, target=keep.person, reason="Demo: the same person referred again"
    )
