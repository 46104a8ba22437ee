"""``manage.py seal_audit`` and ``manage.py verify_audit``: a clean chain, and every kind of
tampering the chain is there to reveal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from cornerstone.audit.chain import entry_hash, seal_all
from cornerstone.audit.models import AccessLogEntry, AuditEvent, ChainHead


def _verify() -> tuple[int, str]:
    """Run ``verify_audit``; its exit status and what it printed."""
    out = StringIO()
    try:
        call_command("verify_audit", stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def sealed_events(
    make_event: Callable[..., AuditEvent], make_access: Callable[..., AccessLogEntry]
) -> list[AuditEvent]:
    for n in range(5):
        make_event(action=f"referral.step{n}", reason=f"reason {n}")
    make_access(description="viewed a person")
    seal_all()
    return list(AuditEvent.objects.order_by("sequence"))


def _by_sequence(sequence: int) -> AuditEvent:
    return AuditEvent.objects.get(sequence=sequence)


@pytest.mark.django_db
def test_seal_audit_seals_both_logs_and_says_how_many(
    make_event: Callable[..., AuditEvent],
    make_access: Callable[..., AccessLogEntry],
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_event()
    make_event()
    make_access()
    call_command("seal_audit")
    assert "Sealed 3 rows (audit trail (changes) 2, access log 1)." in capsys.readouterr().out
    assert not AuditEvent.objects.filter(sequence__isnull=True).exists()
    call_command("seal_audit")
    assert "Sealed 0 rows" in capsys.readouterr().out


@pytest.mark.django_db
def test_an_intact_chain_verifies_with_status_0(
    sealed_events: list[AuditEvent], make_event: Callable[..., AuditEvent]
) -> None:
    make_event()  # not sealed yet: waiting, not a break
    status, output = _verify()
    assert status == 0, output
    assert output.strip().splitlines() == [
        "Audit trail (changes): 5 rows checked, 1 row waiting to be sealed; "
        "Access log: 1 row checked, 0 rows waiting to be sealed; no breaks found."
    ]
    assert AuditEvent.objects.filter(sequence__isnull=True).count() == 1  # verify sealed nothing


@pytest.mark.django_db
def test_an_empty_database_verifies() -> None:
    assert _verify()[0] == 0


@pytest.mark.django_db
def test_an_edited_row_is_detected(sealed_events: list[AuditEvent]) -> None:
    target = _by_sequence(3)
    AuditEvent.objects.filter(pk=target.pk).update(reason="nothing to see here")
    status, output = _verify()
    assert status == 1
    assert f"Audit trail (changes) (row 3, id {target.pk}): has been changed since it was sealed" in output
    assert "1 break found: the logs may have been tampered with" in output


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, value",
    [
        ("occurred_at", dt.datetime(2020, 1, 1, tzinfo=dt.UTC)),
        ("actor_label", "Somebody Else <else@example.org>"),
        ("changes", {"status": "closed"}),
        ("person_ref", "P-999"),
        ("sealed_at", dt.datetime(2020, 1, 1, tzinfo=dt.UTC)),
        ("entry_hash", "0" * 64),
    ],
)
def test_an_edit_to_any_field_is_detected(sealed_events: list[AuditEvent], field: str, value: object) -> None:
    AuditEvent.objects.filter(sequence=2).update(**{field: value})
    status, output = _verify()
    assert status == 1
    assert "(row 2," in output or "(row 3," in output


@pytest.mark.django_db
def test_a_row_deleted_from_the_middle_is_detected(sealed_events: list[AuditEvent]) -> None:
    AuditEvent.objects.filter(sequence=3).delete()
    status, output = _verify()
    assert status == 1
    assert "Audit trail (changes) (row 3): row 3 is missing: deleted, or renumbered" in output
    assert "4 rows checked" in output


@pytest.mark.django_db
def test_several_rows_deleted_from_the_middle_are_reported_as_one_gap(
    sealed_events: list[AuditEvent],
) -> None:
    AuditEvent.objects.filter(sequence__in=[2, 3]).delete()
    status, output = _verify()
    assert status == 1
    assert "rows 2 to 3 are missing" in output


@pytest.mark.django_db
def test_the_last_row_deleted_is_detected(sealed_events: list[AuditEvent]) -> None:
    AuditEvent.objects.filter(sequence=5).delete()
    status, output = _verify()
    assert status == 1
    assert "the chain should end at row 5 but ends at row 4: row 5 is missing from the end" in output


@pytest.mark.django_db
def test_every_row_deleted_is_detected(sealed_events: list[AuditEvent]) -> None:
    AuditEvent.objects.all().delete()
    status, output = _verify()
    assert status == 1
    assert "rows 1 to 5 are missing from the end" in output


@pytest.mark.django_db
def test_the_last_row_and_the_chain_head_deleted_is_detected(sealed_events: list[AuditEvent]) -> None:
    AuditEvent.objects.filter(sequence=5).delete()
    ChainHead.objects.filter(log="audit.auditevent").delete()
    status, output = _verify()
    assert status == 1
    assert "the record of where the chain ends is missing" in output


@pytest.mark.django_db
def test_swapped_sequence_numbers_are_detected(sealed_events: list[AuditEvent]) -> None:
    second, fourth = _by_sequence(2), _by_sequence(4)
    with transaction.atomic():  # unique sequence: go through a spare number
        AuditEvent.objects.filter(pk=second.pk).update(sequence=-1)
        AuditEvent.objects.filter(pk=fourth.pk).update(sequence=2)
        AuditEvent.objects.filter(pk=second.pk).update(sequence=4)
    status, output = _verify()
    assert status == 1
    assert f"(row 2, id {fourth.pk}): does not follow on from the row before it" in output
    assert f"(row 4, id {second.pk}): does not follow on from the row before it" in output


@pytest.mark.django_db
def test_swapped_content_is_detected(sealed_events: list[AuditEvent]) -> None:
    second, fourth = _by_sequence(2), _by_sequence(4)
    swap = ("action", "reason", "object_id", "occurred_at")
    AuditEvent.objects.filter(pk=second.pk).update(**{name: getattr(fourth, name) for name in swap})
    AuditEvent.objects.filter(pk=fourth.pk).update(**{name: getattr(second, name) for name in swap})
    status, output = _verify()
    assert status == 1
    assert f"(row 2, id {second.pk}): has been changed since it was sealed" in output
    assert f"(row 4, id {fourth.pk}): has been changed since it was sealed" in output


@pytest.mark.django_db
def test_a_whole_sealed_row_moved_to_another_place_is_detected(sealed_events: list[AuditEvent]) -> None:
    """Renumber the rows after a deleted one to close the gap: the links still give it away."""
    AuditEvent.objects.filter(sequence=3).delete()
    for sequence in (4, 5):
        AuditEvent.objects.filter(sequence=sequence).update(sequence=sequence - 1)
    status, output = _verify()
    assert status == 1
    assert "(row 3," in output and "does not follow on from the row before it" in output
    assert "the chain should end at row 5 but ends at row 4" in output


@pytest.mark.django_db
def test_a_row_taken_out_of_the_chain_is_detected(sealed_events: list[AuditEvent]) -> None:
    target = _by_sequence(5)
    AuditEvent.objects.filter(pk=target.pk).update(sequence=None)
    status, output = _verify()
    assert status == 1
    assert f"(id {target.pk}): carries a seal but has no place in the chain" in output


@pytest.mark.django_db
def test_a_row_added_after_the_end_is_detected(
    sealed_events: list[AuditEvent], make_event: Callable[..., AuditEvent]
) -> None:
    last = _by_sequence(5)
    forged = make_event(action="referral.forged")
    # Forged with a correct-looking seal, but the chain head was not moved.
    forged.sequence, forged.sealed_at, forged.previous_hash = 6, last.sealed_at, last.entry_hash
    forged.entry_hash = entry_hash(last.entry_hash, forged)
    forged.save()
    status, output = _verify()
    assert status == 1
    assert "row 6 is after the end of the sealed chain" in output


@pytest.mark.django_db
def test_the_access_log_is_checked_too(sealed_events: list[AuditEvent]) -> None:
    AccessLogEntry.objects.update(description="nothing")
    status, output = _verify()
    assert status == 1
    assert "Access log (row 1," in output
