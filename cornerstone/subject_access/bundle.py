"""Gathering everything held about a person into a bundle, and applying a person's redactions.

The bundle is data, so that redaction can act on it and it can be written as JSON or a PDF:

    {"person_reference": "P-...", "gathered_at": "...",
     "sections": [{"key": "referrals", "title": "Referrals",
                   "items": [{"id": "referral:12", "title": "Referral 2026-0001",
                              "fields": [{"name": "status", "label": "Status", "value": "..."}]}]}]}

An item's id is "<kind>:<primary key>", a field's name is unique within its item: a redaction
names the item, and the field or none (the whole item). Everything is gathered over every
referral of the person and of anyone merged into them; nothing about anyone else is read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from django.utils import timezone

from cornerstone.assessments.models import Assessment
from cornerstone.audit.models import OnwardDisclosure
from cornerstone.channel.models import ChannelCase, ConsentRecord, InformationRequest, PostClosureReview
from cornerstone.equality.selectors import ethnicity_label, records_for_subject_access
from cornerstone.panels.models import AgendaItem
from cornerstone.people.models import Person
from cornerstone.referrals import steps
from cornerstone.referrals.models import Referral, TimelineEntry
from cornerstone.referrals.workflow import transition_named
from cornerstone.screening.models import Deconfliction, ScreeningDecision
from cornerstone.support.models import Intervention, InterventionSession

Bundle = dict[str, Any]
Item = dict[str, Any]

SECTIONS: tuple[tuple[str, str], ...] = (
    ("person", "The person index record"),
    ("referrals", "Referrals"),
    ("screening", "Screening decisions"),
    ("assessments", "Assessments"),
    ("channel", "Channel cases"),
    ("information_requests", "Channel information requests and answers"),
    ("panels", "Panel agenda items, decisions and minute extracts"),
    ("consent", "Consent records"),
    ("interventions", "Interventions"),
    ("sessions", "Intervention sessions"),
    ("reviews", "Post-closure reviews"),
    ("disclosures", "Information shared outside the partnership"),
    ("equality", "Equality monitoring"),
    ("timeline", "Case timeline"),
)
SECTION_TITLES = dict(SECTIONS)


def _text(value: Any) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value)
        return f"{local.day} {local:%B %Y, %H:%M}"
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


def _item(kind: str, record: Model, title: str, fields: Iterable[tuple[str, str, Any]]) -> Item:
    """An item with only the fields that hold something (an empty field holds nothing to give)."""
    return {
        "id": f"{kind}:{record.pk}",
        "title": title,
        "fields": [
            {"name": name, "label": label, "value": text}
            for name, label, value in fields
            if (text := _text(value))
        ],
    }


def people_of(person: Person) -> list[Person]:
    """The person and everyone merged into them (at any depth)."""
    found = [person]
    frontier = [person.pk]
    while frontier:
        merged = list(
            Person.objects.filter(merged_into_id__in=frontier).exclude(pk__in=[p.pk for p in found])
        )
        found += merged
        frontier = [p.pk for p in merged]
    return found


# Sections -------------------------------------------------------------------------------------


def _person_items(people: list[Person]) -> list[Item]:
    items = []
    for person in people:
        fields: list[tuple[str, str, Any]] = [
            ("reference", "Person index reference", person.reference),
            ("merged_into", "Merged into", person.merged_into.reference if person.merged_into else ""),
            ("date_of_birth", "Date of birth", person.date_of_birth),
            ("approximate_age", "Approximate age", person.approximate_age),
            ("gender", "Gender", person.get_gender_display() if person.gender else ""),
            ("school_or_employer", "School, college or employer", person.school_or_employer),
        ]
        fields += [
            (f"name-{name.pk}", name.get_kind_display(), name.full_name) for name in person.names.all()
        ]
        fields += [
            (
                f"address-{address.pk}",
                "Address",
                ", ".join(part for part in [*address.lines.splitlines(), address.postcode] if part.strip()),
            )
            for address in person.addresses.all()
        ]
        fields += [
            (f"identifier-{identifier.pk}", identifier.get_kind_display(), identifier.value)
            for identifier in person.identifiers.all()
        ]
        items.append(_item("person", person, f"Person {person.reference or person.pk}", fields))
    return items


def _answer_fields(referral: Referral) -> list[tuple[str, str, Any]]:
    """Every page's answers: shown as the form shows them where they still validate, and as
    stored otherwise, so that nothing held is left out."""
    fields: list[tuple[str, str, Any]] = []
    shown: set[str] = set()
    for page in steps.steps_for(referral):
        form = steps.bound_form(referral, page)
        if form is None:
            continue
        shown.add(page.slug)
        if form.is_valid():
            for index, row in enumerate(steps.answer_rows(form)):
                name = row.field or str(index)
                fields.append((f"answers.{page.slug}.{name}", f"{page.title}: {row.key}", row.value))
        else:
            fields += _raw_fields(page.slug, page.title, referral.step_answers(page.slug) or {})
    for slug, raw in (referral.answers or {}).items():
        if slug not in shown and isinstance(raw, dict):
            fields += _raw_fields(slug, slug, raw)
    fields += [
        (f"attachment-{attachment.pk}", "Attachment", attachment.original_name)
        for attachment in referral.attachments.all()
    ]
    return fields


def _raw_fields(slug: str, title: str, raw: dict[str, Any]) -> list[tuple[str, str, Any]]:
    def flat(value: Any) -> str:
        if isinstance(value, list | tuple):
            return ", ".join(str(part) for part in value if part not in (None, ""))
        return "" if value is None else str(value)

    return [(f"answers.{slug}.{name}", f"{title}: {name}", flat(value)) for name, value in raw.items()]


def _referral_items(referrals: list[Referral]) -> list[Item]:
    items = []
    for referral in referrals:
        fields: list[tuple[str, str, Any]] = [
            ("reference", "Reference", referral.reference),
            ("status", "Status", referral.get_status_display()),
            ("organisation", "Referring organisation", referral.organisation.name),
            ("submitted_at", "Submitted", referral.submitted_at),
            ("concern_type", "Type of concern", referral.concern_type.label if referral.concern_type else ""),
            ("local_authority", "Area", str(referral.local_authority) if referral.local_authority else ""),
            *_answer_fields(referral),
        ]
        items.append(_item("referral", referral, f"Referral {referral.reference or referral.pk}", fields))
    return items


def _screening_items(referrals: list[Referral]) -> list[Item]:
    items = []
    for deconfliction in Deconfliction.objects.filter(referral__in=referrals).select_related("referral"):
        items.append(
            _item(
                "deconfliction",
                deconfliction,
                f"Deconfliction check, referral {deconfliction.referral.reference}",
                [
                    ("outcome", "Outcome", deconfliction.get_outcome_display()),
                    ("outcome_note", "Note", deconfliction.outcome_note),
                    ("recorded_at", "Recorded", deconfliction.recorded_at),
                ],
            )
        )
    decisions = (
        ScreeningDecision.objects.filter(referral__in=referrals)
        .select_related("referral", "decided_by", "approved_by", "signposted_service")
        .order_by("decided_at", "pk")
    )
    for decision in decisions:
        items.append(
            _item(
                "screening",
                decision,
                f"Screening decision, referral {decision.referral.reference}",
                [
                    ("outcome", "Outcome", decision.get_outcome_display()),
                    ("state", "State", decision.get_state_display()),
                    ("rationale", "Rationale", decision.rationale),
                    ("signposted_service", "Signposted to (directory)", decision.signposted_service),
                    ("signposted_to", "Signposted to", decision.signposted_to),
                    ("passed_on", "Information passed on", decision.passed_on),
                    ("decided_by", "Decided by", decision.decided_by),
                    ("decided_at", "Decided", decision.decided_at),
                    ("approved_by", "Approved by", decision.approved_by),
                    ("approved_at", "Approved", decision.approved_at),
                    ("returned_reason", "Returned for change because", decision.returned_reason),
                ],
            )
        )
    return items


def _assessment_items(referrals: list[Referral]) -> list[Item]:
    items = []
    assessments = (
        Assessment.objects.filter(referral__in=referrals)
        .select_related("referral", "version__framework")
        .prefetch_related("ratings__factor")
        .order_by("started_at", "pk")
    )
    for assessment in assessments:
        fields: list[tuple[str, str, Any]] = [
            ("kind", "Kind", assessment.get_kind_display()),
            (
                "framework",
                "Framework",
                f"{assessment.version.framework.name}, version {assessment.version.number}",
            ),
            ("state", "State", assessment.get_state_display()),
            ("started_at", "Started", assessment.started_at),
            ("completed_at", "Completed", assessment.completed_at),
            ("summary", "Summary", assessment.summary),
            ("management_plan", "Management plan", assessment.management_plan),
            ("what_changed", "What changed since the last assessment", assessment.what_changed),
        ]
        for rating in assessment.ratings.all():
            text = "; ".join(part for part in (rating.rating, rating.narrative) if part)
            fields.append((f"rating-{rating.pk}", rating.factor.name, text))
        items.append(
            _item("assessment", assessment, f"Assessment, referral {assessment.referral.reference}", fields)
        )
    return items


def _channel_items(cases: list[ChannelCase]) -> list[Item]:
    return [
        _item(
            "channel_case",
            case,
            f"Channel case, referral {case.referral.reference}",
            [
                ("local_authority", "Area", str(case.local_authority)),
                ("progressed_at", "Progressed to Channel", case.progressed_at),
                ("coordinator", "Channel coordinator", case.coordinator),
                ("accepted_at", "Accepted", case.accepted_at),
                ("adopted_at", "Adopted by the panel", case.adopted_at),
                ("exit_reason", "Exit reason", case.get_exit_reason_display() if case.exit_reason else ""),
                ("exit_note", "Exit note", case.exit_note),
                ("exited_at", "Exited", case.exited_at),
            ],
        )
        for case in cases
    ]


def _information_request_items(cases: list[ChannelCase]) -> list[Item]:
    requests = (
        InformationRequest.objects.filter(case__in=cases)
        .select_related("case__referral", "organisation")
        .order_by("sent_at", "pk")
    )
    return [
        _item(
            "information_request",
            request,
            f"Information request to {request.organisation.name}, referral {request.case.referral.reference}",
            [
                ("organisation", "Asked of", request.organisation.name),
                ("question", "Question", request.question),
                ("sent_at", "Sent", request.sent_at),
                ("due_on", "Due", request.due_on),
                ("answer", "Answer", request.answer),
                ("answered_at", "Answered", request.answered_at),
                ("withdrawn_at", "Withdrawn", request.withdrawn_at),
                ("withdrawn_reason", "Why it was withdrawn", request.withdrawn_reason),
            ],
        )
        for request in requests
    ]


def _decision_label(action: str) -> str:
    try:
        return transition_named(action).label if action else ""
    except KeyError:
        return action


def _panel_items(referrals: list[Referral]) -> list[Item]:
    """The person's own agenda items only: the minutes of other cases at the same meeting are
    not theirs."""
    agenda = (
        AgendaItem.objects.filter(referral__in=referrals)
        .select_related("meeting__panel", "referral", "decided_by")
        .prefetch_related("actions__owner")
        .order_by("meeting__starts_at", "pk")
    )
    items = []
    for item in agenda:
        fields: list[tuple[str, str, Any]] = [
            ("panel", "Panel", item.meeting.panel.name),
            ("meeting", "Meeting", item.meeting.starts_at),
            ("section", "Agenda section", item.get_section_display()),
            ("removed", "Taken off the agenda", item.removed or ""),
            ("notes", "Minutes (notes of the discussion)", item.notes),
            ("decision", "Decision", _decision_label(item.decision)),
            ("decision_detail", "Decision detail", item.decision_detail),
            ("reasons", "Reasons", item.reasons),
            ("decided_by", "Recorded by", item.decided_by),
            ("decided_at", "Decided", item.decided_at),
        ]
        fields += [
            (
                f"action-{action.pk}",
                "Action",
                f"{action.description} ({action.owner}, due {_text(action.due_on)}"
                + (", done)" if action.completed_at else ")"),
            )
            for action in item.actions.all()
        ]
        items.append(_item("agenda_item", item, f"Panel meeting, referral {item.referral.reference}", fields))
    return items


def _consent_items(cases: list[ChannelCase]) -> list[Item]:
    consents = (
        ConsentRecord.objects.filter(case__in=cases)
        .select_related("case__referral")
        .order_by("decided_on", "pk")
    )
    return [
        _item(
            "consent",
            consent,
            f"Consent, referral {consent.case.referral.reference}",
            [
                ("decision", "Decision", consent.get_decision_display()),
                ("decided_on", "Date", consent.decided_on),
                ("method", "How it was given", consent.get_method_display()),
                ("method_detail", "Details", consent.method_detail),
                ("is_child", "A child", consent.is_child),
                ("capacity_considered", "Capacity considered", consent.capacity_considered),
                ("parent_name", "Person with parental responsibility", consent.parent_name),
                ("parent_relationship", "Their relationship", consent.parent_relationship),
                ("child_view", "The child's own view", consent.child_view),
                ("recorded_at", "Recorded", consent.recorded_at),
            ],
        )
        for consent in consents
    ]


def _intervention_items(cases: list[ChannelCase]) -> tuple[list[Item], list[Item]]:
    interventions = list(
        Intervention.objects.filter(case__in=cases)
        .select_related("case__referral", "provider", "owner")
        .order_by("starts_on", "pk")
    )
    plans = [
        _item(
            "intervention",
            intervention,
            f"{intervention.get_type_display()}, referral {intervention.case.referral.reference}",
            [
                ("type", "Type", intervention.get_type_display()),
                ("description", "Description", intervention.description),
                ("provider", "Provider", intervention.provider.name),
                ("owner", "Responsible", intervention.owner),
                ("frequency_days", "Planned every (days)", intervention.frequency_days),
                ("starts_on", "Starts", intervention.starts_on),
                ("ends_on", "Ends", intervention.ends_on),
                ("ended_at", "Ended", intervention.ended_at),
            ],
        )
        for intervention in interventions
    ]
    sessions = [
        _item(
            "session",
            session,
            f"Session, {session.intervention.get_type_display()}",
            [
                ("held_on", "Date", session.held_on),
                ("status", "Status", session.get_status_display()),
                ("note", "Note", session.note),
            ],
        )
        for session in InterventionSession.objects.filter(intervention__in=interventions)
        .select_related("intervention")
        .order_by("held_on", "pk")
    ]
    return plans, sessions


def _review_items(cases: list[ChannelCase]) -> list[Item]:
    reviews = (
        PostClosureReview.objects.filter(case__in=cases)
        .select_related("case__referral")
        .order_by("due_on", "pk")
    )
    return [
        _item(
            "review",
            review,
            f"{review.months}-month review, referral {review.case.referral.reference}",
            [
                ("due_on", "Due", review.due_on),
                ("completed_at", "Completed", review.completed_at),
                ("outcome", "Outcome", review.outcome),
            ],
        )
        for review in reviews
    ]


def _disclosure_items(referrals: list[Referral]) -> list[Item]:
    disclosures = (
        OnwardDisclosure.objects.filter(referral__in=referrals)
        .select_related("referral", "agreement")
        .order_by("disclosed_on", "id")
    )
    return [
        _item(
            "disclosure",
            disclosure,
            f"Shared with {disclosure.recipient_organisation}, referral {disclosure.referral.reference}",
            [
                ("recipient_organisation", "Shared with", disclosure.recipient_organisation),
                ("recipient_contact", "Received by", disclosure.recipient_contact),
                ("disclosed_on", "Date shared", disclosure.disclosed_on),
                ("lawful_basis", "Lawful basis", disclosure.get_lawful_basis_display()),
                (
                    "agreement",
                    "Information sharing agreement",
                    disclosure.agreement.reference if disclosure.agreement else "",
                ),
                ("no_agreement_reason", "Why there was no agreement", disclosure.no_agreement_reason),
                ("shared_description", "What was shared", disclosure.shared_description),
                ("shared_records", "Which records", disclosure.shared_records),
                ("decided_by", "Who decided", disclosure.decided_by),
                ("reason", "Why", disclosure.reason),
            ],
        )
        for disclosure in disclosures
    ]


def _equality_items(referrals: list[Referral]) -> list[Item]:
    by_referral = {referral.pk: referral for referral in referrals}
    return [
        _item(
            "equality",
            record,
            f"Equality monitoring, referral {by_referral[record.referral_id].reference}",
            [
                ("ethnicity", "Ethnicity", ethnicity_label(record.ethnicity)),
                ("religion", "Religion", record.get_religion_display() if record.religion else ""),
                ("sex", "Sex", record.get_sex_display() if record.sex else ""),
                (
                    "condition_recorded",
                    "Neurodiversity or mental health condition recorded",
                    record.get_condition_recorded_display() if record.condition_recorded else "",
                ),
                ("recorded_at", "Recorded", record.recorded_at),
            ],
        )
        for record in records_for_subject_access(by_referral)
    ]


def _timeline_items(referrals: list[Referral]) -> list[Item]:
    entries = (
        TimelineEntry.objects.filter(referral__in=referrals)
        .select_related("referral")
        .order_by("occurred_at", "pk")
    )
    return [
        _item(
            "timeline",
            entry,
            f"{entry.title}, referral {entry.referral.reference}",
            [
                ("occurred_at", "When", entry.occurred_at),
                ("title", "What", entry.title),
                ("detail", "Detail", entry.detail),
                ("actor_label", "By", entry.actor_label),
                ("organisation_name", "Organisation", entry.organisation_name),
            ],
        )
        for entry in entries
    ]


def gather(person: Person) -> Bundle:
    """Everything held about the person (and anyone merged into them), as a bundle."""
    people = people_of(person)
    referrals = list(
        Referral.objects.filter(person__in=people)
        .select_related("organisation", "concern_type", "local_authority")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )
    cases = list(
        ChannelCase.objects.filter(referral__in=referrals)
        .select_related("referral", "local_authority", "coordinator")
        .order_by("progressed_at", "pk")
    )
    plans, sessions = _intervention_items(cases)
    items_by_section: dict[str, list[Item]] = {
        "person": _person_items(people),
        "referrals": _referral_items(referrals),
        "screening": _screening_items(referrals),
        "assessments": _assessment_items(referrals),
        "channel": _channel_items(cases),
        "information_requests": _information_request_items(cases),
        "panels": _panel_items(referrals),
        "consent": _consent_items(cases),
        "interventions": plans,
        "sessions": sessions,
        "reviews": _review_items(cases),
        "disclosures": _disclosure_items(referrals),
        "equality": _equality_items(referrals),
        "timeline": _timeline_items(referrals),
    }
    return {
        "person_reference": person.reference or "",
        "gathered_at": timezone.now().isoformat(),
        "sections": [{"key": key, "title": title, "items": items_by_section[key]} for key, title in SECTIONS],
    }


# Redaction ------------------------------------------------------------------------------------


def redaction_text(reason_label: str) -> str:
    return f"[Redacted: {reason_label}]"


def places(bundle: Bundle) -> dict[str, set[str]]:
    """Every item id in the bundle, with the names of its fields: where a redaction may go."""
    return {
        item["id"]: {field["name"] for field in item["fields"]}
        for section in bundle["sections"]
        for item in section["items"]
    }


def apply_redactions(bundle: Bundle, redactions: Iterable[Any]) -> Bundle:
    """A copy of the bundle with each marked item or field replaced by "[Redacted: reason]".
    ``redactions`` have ``item_id``, ``field`` (blank: the whole item) and
    ``get_reason_display()``. Nothing else is changed."""
    whole: dict[str, str] = {}
    fields: dict[tuple[str, str], str] = {}
    for redaction in redactions:
        label = redaction.get_reason_display()
        if redaction.field:
            fields[(redaction.item_id, redaction.field)] = label
        else:
            whole[redaction.item_id] = label
    sections = []
    for section in bundle["sections"]:
        items = []
        for item in section["items"]:
            if item["id"] in whole:
                items.append(
                    {
                        "id": item["id"],
                        "title": item["title"],
                        "redacted": redaction_text(whole[item["id"]]),
                        "fields": [],
                    }
                )
                continue
            items.append(
                {
                    **item,
                    "fields": [
                        {**field, "value": redaction_text(label), "redacted": True}
                        if (label := fields.get((item["id"], field["name"])))
                        else field
                        for field in item["fields"]
                    ],
                }
            )
        sections.append({**section, "items": items})
    return {**bundle, "sections": sections}
