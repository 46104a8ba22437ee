"""Two demo scenarios and a couple of past sessions with synthetic, anonymous answers.

The scenarios are fictional and ideology-neutral: no faith, ethnicity, nationality or ideology is
named or hinted at. The facilitator's notes summarise the law and practice in England and Wales
for discussion; they are a demo, not legal advice.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.exercises import services
from cornerstone.exercises.models import ExerciseSession, Phase, ScenarioVersion, VersionStatus
from cornerstone.geography.models import LocalAuthority

StageText = tuple[str, str, str, tuple[str, ...], str]

PURCHASE: tuple[str, str, tuple[StageText, ...]] = (
    "The garden centre purchase (demo)",
    "An adult buys chemicals that could be misused. Four stages: a report from a shop, a search, "
    "the family, and the media and community reaction. About 60 minutes.",
    (
        (
            "A suspicious purchase",
            "A garden centre in the fictional town of Hadley Cross phones the police. A customer "
            "has bought a large amount of a fertiliser and other chemicals over three visits, paid "
            "in cash each time and would not say what they were for. Staff noted the car's "
            "registration. The customer is a 34-year-old local resident with no criminal record.",
            "What should the police do first?",
            (
                "Nothing: buying fertiliser is legal",
                "Check police records and make discreet enquiries",
                "Arrest the customer straight away",
                "Visit the customer and ask them about it openly",
            ),
            "Buying these products is lawful. Since 2015 shops must report suspicious purchases of "
            "certain 'reportable substances' (Poisons Act 1972, as amended), so reports like this "
            "are common and most have an innocent explanation.\n\nIn practice the police first "
            "check their own records and whether counter-terrorism policing already knows the "
            "person, and look for an ordinary explanation. An arrest needs reasonable grounds to "
            "suspect an offence and must be necessary (Police and Criminal Evidence Act 1984, "
            "section 24): a lawful purchase alone rarely meets that test.",
        ),
        (
            "A search finds materials",
            "Enquiries show the customer has also been looking online at how to make explosive "
            "mixtures. A magistrate grants a warrant and officers search the house. They find the "
            "chemicals, handwritten notes with quantities, and a diary full of anger at the local "
            "council. No target is named.",
            "What should happen to the customer now?",
            (
                "Arrest them on suspicion of preparing acts of terrorism",
                "Arrest them for an explosives offence only",
                "Take no action but keep watching",
                "Offer them support through Prevent instead",
            ),
            "Preparing acts of terrorism is an offence (Terrorism Act 2006, section 5), as is "
            "having explosive substances in suspicious circumstances (Explosive Substances Act "
            "1883). Under section 41 of the Terrorism Act 2000 a suspected terrorist can be held "
            "for up to 14 days, with a court's approval after the first 48 hours.\n\nWhether to "
            "charge, and with what, is decided by the Crown Prosecution Service, not the police: "
            "there must be enough evidence and a prosecution must be in the public interest. "
            "Prevent works before any crime: it is not a way to deal with someone who may be "
            "planning an attack.",
        ),
        (
            "The family",
            "The customer lives with their parents and a 17-year-old sibling. Some of the notes "
            "were found in the kitchen, a room everyone uses.",
            "Should the family members be arrested too?",
            (
                "Yes, arrest all the adults in the house",
                "Speak to them as witnesses, not as suspects",
                "Arrest only anyone there is evidence against",
                "Leave the family alone",
            ),
            "Living with a suspect is not a crime. Each arrest needs reasonable grounds to suspect "
            "that person of an offence. One offence can apply to family members: failing to tell "
            "the police about information that might help prevent an act of terrorism (Terrorism "
            "Act 2000, section 38B), but only where they knew or believed they had such "
            "information.\n\nIn practice officers usually speak to the family as witnesses, offer "
            "a family liaison contact and make sure the 17-year-old is safeguarded. Arresting a "
            "family without grounds is unlawful and badly damages trust.",
        ),
        (
            "The media and the community",
            "The local news reports a 'terror raid'. Rumours on social media wrongly blame people "
            "from one part of town and there are threats against a community centre there.",
            "How should the police respond?",
            (
                "Say nothing until any trial",
                "Give a short factual statement and meet local community leaders",
                "Name the suspect to stop the rumours",
                "Only send more patrols",
            ),
            "Once someone is arrested, what is said in public must not prejudice a trial (Contempt "
            "of Court Act 1981). The police normally give a short factual statement (for example "
            "a person's age and that they were arrested under the Terrorism Act) and do not name "
            "people before they are charged (College of Policing guidance on media "
            "relations).\n\nAlongside this they assess community tension, talk to community "
            "leaders and independent advisory groups, correct false rumours without giving away "
            "evidence, and use reassurance patrols where people feel under threat.",
        ),
    ),
)

GROUP_CHAT: tuple[str, str, tuple[StageText, ...]] = (
    "The group chat (demo)",
    "A 15-year-old shares violent material online. Four stages: the school notices, a referral, "
    "consent, and a reaction online. About 60 minutes; suits parents and schools.",
    (
        (
            "A teacher notices",
            "A teacher at a fictional secondary school sees that a 15-year-old pupil, Alex, has "
            "been sharing violent videos in the class group chat and writing admiring comments "
            "about a mass shooting abroad. Alex has been quiet and withdrawn this term.",
            "What should the teacher do?",
            (
                "Tell the school's designated safeguarding lead",
                "Call the police straight away",
                "Phone Alex's parents first",
                "Treat it as bad behaviour only",
            ),
            "Schools have a duty to have due regard to the need to prevent people being drawn into "
            "terrorism (Counter-Terrorism and Security Act 2015, section 26). Staff take concerns to "
            "the designated safeguarding lead, who decides what happens next and can ask the police "
            "Prevent team for advice (Keeping Children Safe in Education).\n\nIf anyone is in "
            "immediate danger, call 999. A fascination with mass violence without any ideology is "
            "one of the concerns Prevent recognises.",
        ),
        (
            "The referral",
            "The safeguarding lead makes a Prevent referral. Police checks find no link to any "
            "group. Alex has been bullied, has few friends and spends most nights online.",
            "What should happen now?",
            (
                "No further action",
                "Point the family to other support, such as mental health or early help services",
                "Discuss Alex at a Channel panel",
                "Start a criminal investigation",
            ),
            "The police assess every referral. Most do not go to a Channel panel: many end with no "
            "further action or are passed to other services. Sharing some material can be an "
            "offence, but for a child the starting point is safeguarding, and a prosecution must be "
            "in the public interest.\n\nA Channel panel, chaired by the local authority, looks at "
            "cases where there is a risk of radicalisation and decides what support to offer.",
        ),
        (
            "Consent",
            "The Channel panel offers Alex a mentor, help with the bullying and a place at a youth "
            "club. Alex's parents are angry and say no: they feel their child is being labelled a "
            "terrorist.",
            "What should the panel do?",
            (
                "Go ahead with the support anyway",
                "Accept the refusal and offer other help",
                "Pass the case back to the police to investigate",
                "Keep talking with the family to explain",
            ),
            "Channel support is voluntary. For someone under 18 the parents or carers must agree, "
            "and the child's own view is recorded. The panel cannot go ahead without consent and "
            "records what other support or management follows.\n\nSaying no is not a reason to "
            "investigate. If a child is at risk of significant harm, the usual child protection "
            "routes still apply (Children Act 1989).",
        ),
        (
            "Online reaction",
            "Screenshots of Alex's old posts spread on a local social media page. Other parents "
            "demand that the school expels Alex, and one post names the family.",
            "How should the school and the police respond?",
            (
                "Expel Alex to reassure other parents",
                "Ask for posts naming the family to be taken down and talk to the school community",
                "Publicly confirm that Alex was referred to Prevent",
                "Do nothing and let it die down",
            ),
            "Prevent referrals are confidential and naming a child can put them in danger. Posts "
            "that harass a family can break the law, and the police can ask platforms to remove "
            "them. The school follows the national guidance on behaviour and exclusions; a "
            "referral on its own is not a reason to exclude.\n\nThe school and police can reassure "
            "the community about safety without giving details about any child.",
        ),
    ),
)

DEMO_SCENARIOS = (PURCHASE, GROUP_CHAT)
# (scenario title, local authority code, venue, days ago, participants, shift in trust, in understanding)
DEMO_SESSIONS: tuple[tuple[str, str, str, int, int, float, float], ...] = (
    (PURCHASE[0], "WRT", "Orford community hub (demo)", 40, 18, 0.6, 1.2),
    (GROUP_CHAT[0], "HAL", "Widnes youth centre (demo)", 20, 14, 0.3, 0.9),
    (PURCHASE[0], "HAL", "Runcorn library (demo)", 9, 12, 0.1, 0.8),
)


def _published(actor: Actor, title: str, summary: str, stages: tuple[StageText, ...]) -> ScenarioVersion:
    existing = ScenarioVersion.objects.filter(title=title, status=VersionStatus.PUBLISHED).first()
    if existing is not None:
        return existing
    version = services.scenario_create(actor=actor, title=title, summary=summary)
    for stage_title, narrative, question, options, notes in stages:
        services.stage_save(
            actor=actor,
            version=version,
            details=services.StageDetails(
                title=stage_title,
                narrative=narrative,
                question=question,
                options=options,
                facilitator_notes=notes,
            ),
        )
    return services.scenario_version_publish(actor=actor, version=version, ideology_neutral_confirmed=True)


def _clamp(value: float) -> int:
    return max(1, min(5, round(value)))


def _past_session(
    actor: Actor,
    rng: random.Random,
    version: ScenarioVersion,
    spec: tuple[str, str, str, int, int, float, float],
) -> None:
    _, la_code, venue, days_ago, people, trust_shift, understanding_shift = spec
    session = services.session_start(
        actor=actor, version=version, local_authority=LocalAuthority.objects.get(code=la_code), venue=venue
    )
    participants = [services.participant_join(code=session.code).participant for _ in range(people)]
    session = services.session_advance(actor=actor, session=session)  # the before questions
    starting: dict[int, tuple[float, float]] = {}
    for participant in participants:
        trust, understanding = rng.gauss(2.8, 0.9), rng.gauss(2.3, 0.8)
        starting[participant.pk] = (trust, understanding)
        services.questionnaire_answer(
            participant=participant,
            phase=Phase.BEFORE,
            trust=_clamp(trust),
            understanding=_clamp(understanding),
        )
    reasons = ("It is what the law allows.", "Better to be safe.", "It keeps people's trust.", "")
    for stage in version.stages.prefetch_related("options").order_by("number"):
        session = services.session_advance(actor=actor, session=session)  # voting
        options = list(stage.options.all())
        weights = [rng.uniform(0.5, 3.0) for _ in options]
        for participant in participants:
            if rng.random() < 0.9:  # a few people do not vote on every stage
                option = rng.choices(options, weights=weights)[0]
                services.vote_cast(
                    participant=participant,
                    stage_number=stage.number,
                    option_id=option.pk,
                    reason=rng.choice(reasons),
                )
        session = services.session_advance(actor=actor, session=session)  # reveal
        services.session_notes_save(
            actor=actor,
            session=session,
            stage=stage,
            notes=f"The room discussed stage {stage.number} at length; several people were surprised by the law here.",
        )
    session = services.session_advance(actor=actor, session=session)  # the after questions
    feedback = ("Really useful, I understand much more now.", "Too short: we wanted more time to debate.", "")
    for participant in participants:
        if rng.random() < 0.85:  # some leave before the end
            trust, understanding = starting[participant.pk]
            services.questionnaire_answer(
                participant=participant,
                phase=Phase.AFTER,
                trust=_clamp(trust + trust_shift + rng.gauss(0, 0.4)),
                understanding=_clamp(understanding + understanding_shift + rng.gauss(0, 0.4)),
                feedback=rng.choice(feedback),
            )
    session = services.session_advance(actor=actor, session=session)  # closed
    # Demo data only: date the session in the past.
    held = timezone.now() - dt.timedelta(days=days_ago)
    ExerciseSession.objects.filter(pk=session.pk).update(
        created_at=held, closed_at=held + dt.timedelta(hours=1, minutes=30), code_expires_at=held
    )


def seed_demo_exercises(world: Any, *, seed: int) -> None:
    """The two demo scenarios, published, and past sessions with synthetic anonymous answers.
    Deterministic for a seed; running it again adds nothing."""
    rng = random.Random(seed)  # noqa: S311 - synthetic demo data, not a secret
    actor = Actor.for_membership(world.memberships_by_role[Role.COMMUNITY_ENGAGEMENT_OFFICER])
    with transaction.atomic():
        versions = {
            title: _published(actor, title, summary, stages) for title, summary, stages in DEMO_SCENARIOS
        }
        for spec in DEMO_SESSIONS:
            if ExerciseSession.objects.filter(venue=spec[2]).exists():
                continue
            _past_session(actor, rng, versions[spec[0]], spec)
