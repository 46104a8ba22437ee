"""The screening pages: the queue's sections, the case page's Screening section (with the
deconfliction outcome only for counter-terrorism policing roles), every form, refusals shown
plainly, and who may open which page for which record."""

from __future__ import annotations

import pytest
from django.test import Client

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.audit.models import AccessLogEntry
from cornerstone.referrals.models import Referral
from cornerstone.referrals.workflow import Status
from cornerstone.screening import services
from cornerstone.screening.models import DecisionState, ScreeningDecision
from cornerstone.screening.tests.helpers import (
    actor,
    another,
    at,
    complete_gateway,
    ready_to_decide,
    received,
    require_approval,
)

pytestmark = pytest.mark.django_db

OFFICER, SUPERVISOR = Role.POLICE_PREVENT_OFFICER, Role.POLICE_PREVENT_SUPERVISOR
OUTCOME_LABEL = "Known to counter-terrorism policing"


def _client(who: Actor) -> Client:
    assert who.user is not None and who.membership is not None
    return sign_in(Client(), who.user, who.membership)


def _as(world, role: str = OFFICER) -> Client:  # type: ignore[no-untyped-def]
    return _client(actor(world, role))


def test_the_queue_has_a_section_for_each_stage(world) -> None:  # type: ignore[no-untyped-def]
    from cornerstone.referrals.tests.helpers import submitted

    new = submitted(world.memberships_by_role[Role.REFERRER])
    screening = received(world)
    require_approval(world)
    waiting = ready_to_decide(world)
    services.screening_decide(
        actor=actor(world), referral_id=waiting.pk, outcome="no_further_action", rationale="r"
    )
    client = _as(world, SUPERVISOR)
    for tab, shown, hidden in (
        ("new", new, screening),
        ("screening", screening, waiting),
        ("approval", waiting, new),
    ):
        page = client.get(f"/referrals/screening/?tab={tab}").content.decode()
        assert shown.reference in page and hidden.reference not in page, tab
    page = client.get("/referrals/screening/").content.decode()
    assert "New referrals (1)" in page and "Being screened (1)" in page and "Waiting for approval (1)" in page
    assert "Managed by police (0)" in page


def test_officer_screens_a_referral_through_the_pages(world) -> None:  # type: ignore[no-untyped-def]
    referral = received(world)
    client = _as(world)
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Record deconfliction" in page and "Make a decision" not in page
    response = client.post(
        f"/screening/{referral.pk}/deconfliction/", {"outcome": "known", "outcome_note": "n"}
    )
    assert response.status_code == 302
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert OUTCOME_LABEL in page and "Deconfliction done" in page
    complete_gateway(referral, world.users_by_role[OFFICER])
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Make a decision" in page
    response = client.post(
        f"/screening/{referral.pk}/decision/", {"outcome": "signposted", "rationale": "Needs help"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body and "Enter what was passed on to the service" in body
    assert at(referral) == Status.IN_SCREENING
    response = client.post(
        f"/screening/{referral.pk}/decision/",
        {
            "outcome": "signposted",
            "rationale": "Needs help",
            "signposted_to": "Early Help",
            "passed_on": "Details",
        },
    )
    assert response.status_code == 302 and at(referral) == Status.CLOSED
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Signposted to Early Help" in page or "signposted to Early Help" in page
    assert "Needs help" in page


def test_deconfliction_outcome_hidden_from_non_ct_roles_on_the_page(world) -> None:  # type: ignore[no-untyped-def]
    referral = received(world)
    services.deconfliction_record(
        actor=actor(world), referral_id=referral.pk, outcome="known", outcome_note="Op X"
    )
    # A police force's Prevent officer (not counter-terrorism policing) screening its own referral.
    force_officer = another(world, OFFICER, "force")
    Referral.objects.filter(pk=referral.pk).update(routed_to=world.organisations["force"])
    page = _client(force_officer).get(f"/referrals/{referral.pk}/").content.decode()
    assert "Deconfliction done" in page and OUTCOME_LABEL not in page and "Op X" not in page
    assert "visible only to counter-terrorism policing roles" in page
    # The Channel coordinator's view of the timeline, once progressed, shows only that it was done.
    Referral.objects.filter(pk=referral.pk).update(routed_to=world.organisations["ctp"])
    complete_gateway(referral, world.users_by_role[OFFICER])
    services.screening_decide(
        actor=actor(world), referral_id=referral.pk, outcome="progressed", rationale="r"
    )
    from cornerstone.channel.selectors import timeline_for

    entries = list(
        timeline_for(actor(world, Role.CHANNEL_COORDINATOR), referral).values_list("title", "detail")
    )
    assert ("Deconfliction done", "") in entries
    assert not any("Known" in title or "Op X" in detail for title, detail in entries)


def test_approval_and_return_pages(world) -> None:  # type: ignore[no-untyped-def]
    require_approval(world)
    referral = ready_to_decide(world)
    officer = _as(world)
    response = officer.post(
        f"/screening/{referral.pk}/decision/", {"outcome": "police_managed", "rationale": "Known"}
    )
    assert response.status_code == 302 and at(referral) == Status.AWAITING_APPROVAL
    assert officer.get(f"/screening/{referral.pk}/approval/").status_code == 403
    supervisor = _as(world, SUPERVISOR)
    assert "Approve or return the decision" in supervisor.get(f"/referrals/{referral.pk}/").content.decode()
    response = supervisor.post(f"/screening/{referral.pk}/approval/", {"choice": "return"})
    assert response.status_code == 400 and "Enter why the decision is returned" in response.content.decode()
    response = supervisor.post(
        f"/screening/{referral.pk}/approval/", {"choice": "return", "reason": "More detail"}
    )
    assert response.status_code == 302 and at(referral) == Status.IN_SCREENING
    page = officer.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Returned proposals (1)" in page and "More detail" in page
    officer.post(
        f"/screening/{referral.pk}/decision/", {"outcome": "police_managed", "rationale": "Known, again"}
    )
    response = supervisor.post(f"/screening/{referral.pk}/approval/", {"choice": "approve"})
    assert response.status_code == 302 and at(referral) == Status.POLICE_MANAGED
    assert ScreeningDecision.objects.filter(referral=referral, state=DecisionState.MADE).get().approved_by_id


def test_the_supervisor_cannot_approve_their_own_proposal_on_the_page(world) -> None:  # type: ignore[no-untyped-def]
    require_approval(world)
    referral = ready_to_decide(world)
    supervisor = _as(world, SUPERVISOR)
    supervisor.post(f"/screening/{referral.pk}/decision/", {"outcome": "no_further_action", "rationale": "r"})
    response = supervisor.post(f"/screening/{referral.pk}/approval/", {"choice": "approve"})
    assert response.status_code == 400 and "Another supervisor must approve" in response.content.decode()
    assert at(referral) == Status.AWAITING_APPROVAL


def test_a_case_moved_on_is_told_plainly_and_nothing_changes(world) -> None:  # type: ignore[no-untyped-def]
    referral = ready_to_decide(world)
    client = _as(world)
    page = client.get(f"/screening/{referral.pk}/decision/")
    assert page.status_code == 200
    services.screening_decide(
        actor=actor(world, SUPERVISOR), referral_id=referral.pk, outcome="police_managed", rationale="r"
    )
    response = client.post(
        f"/screening/{referral.pk}/decision/", {"outcome": "no_further_action", "rationale": "mine"}
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "govuk-error-summary" in body and "Nothing was changed" in body
    assert (
        at(referral) == Status.POLICE_MANAGED
        and ScreeningDecision.objects.filter(referral=referral).count() == 1
    )


def test_a_proposal_made_while_the_page_was_open_is_not_overtaken(world) -> None:  # type: ignore[no-untyped-def]
    # The table lets a decision be made from "waiting for approval" (that is how approval
    # works), so the page sends the state it showed and a change since then is refused.
    referral = ready_to_decide(world)
    client = _as(world)
    page = client.get(f"/screening/{referral.pk}/decision/").content.decode()
    assert '<input type="hidden" name="seen_status" value="in_screening">' in page
    require_approval(world)
    services.screening_decide(
        actor=another(world, Role.POLICE_PREVENT_OFFICER),
        referral_id=referral.pk,
        outcome="police_managed",
        rationale="r",
    )
    response = client.post(
        f"/screening/{referral.pk}/decision/",
        {"outcome": "no_further_action", "rationale": "mine", "seen_status": "in_screening"},
    )
    assert response.status_code == 409
    assert "Nothing was changed" in response.content.decode()
    assert at(referral) == Status.AWAITING_APPROVAL
    assert ScreeningDecision.objects.get(referral=referral).state == DecisionState.PROPOSED


def test_police_managed_pages(world) -> None:  # type: ignore[no-untyped-def]
    referral = ready_to_decide(world)
    services.screening_decide(
        actor=actor(world), referral_id=referral.pk, outcome="police_managed", rationale="r"
    )
    client = _as(world)
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Refer to Channel" in page and "Close the case" in page
    assert client.post(f"/screening/{referral.pk}/close/", {"reason": ""}).status_code == 400
    assert (
        client.post(f"/screening/{referral.pk}/refer-to-channel/", {"reason": "Support"}).status_code == 302
    )
    assert at(referral) == Status.WITH_CHANNEL
    response = client.post(f"/screening/{referral.pk}/close/", {"reason": "Done"})
    assert response.status_code == 409 and at(referral) == Status.WITH_CHANNEL


def test_the_policy_page(world) -> None:  # type: ignore[no-untyped-def]
    client = _as(world, SUPERVISOR)
    assert client.get("/screening/policy/").status_code == 200
    assert client.post("/screening/policy/", {}).status_code == 400
    assert client.post("/screening/policy/", {"supervisor_approval_required": "yes"}).status_code == 302
    assert "a supervisor must approve each" in client.get("/screening/policy/").content.decode()
    assert _as(world).get("/screening/policy/").status_code == 403
    assert _as(world, Role.ORGANISATION_ADMINISTRATOR).get("/screening/policy/").status_code == 403


def test_the_case_page_is_logged(world) -> None:  # type: ignore[no-untyped-def]
    referral = received(world)
    _as(world).get(f"/referrals/{referral.pk}/")
    assert AccessLogEntry.objects.filter(object_id=str(referral.pk)).exists()


@pytest.mark.parametrize("path", ["deconfliction", "decision", "approval", "close", "refer-to-channel"])
def test_role_by_record(world, path: str) -> None:  # type: ignore[no-untyped-def]
    """Each form, for each role: the routed unit's screeners only (approval: its supervisors);
    another police unit's officer is refused the record."""
    referral = received(world)
    allowed = {SUPERVISOR} if path == "approval" else {OFFICER, SUPERVISOR}
    for role in Role.values:
        status = _as(world, role).get(f"/screening/{referral.pk}/{path}/").status_code
        assert (status == 200) == (role in allowed), (role, status)
    assert (
        _client(another(world, OFFICER, "force")).get(f"/screening/{referral.pk}/{path}/").status_code == 403
    )
    assert (
        _client(another(world, SUPERVISOR, "force")).post(f"/screening/{referral.pk}/{path}/", {}).status_code
        == 403
    )
