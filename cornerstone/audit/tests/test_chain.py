"""Sealing: numbering, hash links, who locks what, late commits."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from cornerstone.accounts.actor import Actor
from cornerstone.audit import chain
from cornerstone.audit.models import AccessKind, AccessLogEntry, AuditEvent, ChainHead
from cornerstone.audit.services import AuditOutsideTransaction, access_log_record, audit_event_record

SYSTEM = Actor.system("tests")


def _record(count: int) -> list[AuditEvent]:
    with transaction.atomic():
        return [audit_event_record(actor=SYSTEM, action=f"thing.{n}") for n in range(count)]


@pytest.mark.django_db
def test_sealing_numbers_rows_contiguously_in_id_order_and_links_their_hashes() -> None:
    _record(3)
    assert chain.seal(AuditEvent) == 3
    _record(2)
    assert chain.seal(AuditEvent) == 2

    rows = list(AuditEvent.objects.order_by("id"))
    assert [row.sequence for row in rows] == [1, 2, 3, 4, 5]
    previous = ""
    for row in rows:
        assert row.previous_hash == previous
        assert row.entry_hash == chain.entry_hash(previous, row)
        assert len(row.entry_hash) == 64
        assert row.sealed_at is not None
        previous = row.entry_hash
    head = ChainHead.objects.get(log="audit.auditevent")
    assert (head.last_sequence, head.last_hash) == (5, previous)
    assert list(chain.verify(AuditEvent)) == []


@pytest.mark.django_db
def test_sealing_in_small_batches_gives_the_same_chain() -> None:
    _record(7)
    assert chain.seal(AuditEvent, batch_size=3) == 7
    assert list(AuditEvent.objects.order_by("sequence").values_list("sequence", flat=True)) == list(
        range(1, 8)
    )
    assert list(chain.verify(AuditEvent)) == []
    assert chain.seal(AuditEvent) == 0


@pytest.mark.django_db
def test_the_two_logs_have_separate_chains() -> None:
    _record(2)
    access_log_record(actor=SYSTEM, kind=AccessKind.VIEW, description="looked")
    assert chain.seal_all() == 3
    assert AccessLogEntry.objects.get().sequence == 1
    assert ChainHead.objects.get(log="audit.accesslogentry").last_sequence == 1
    assert ChainHead.objects.get(log="audit.auditevent").last_sequence == 2


@pytest.mark.django_db
def test_writing_an_event_does_not_touch_the_chain_head_until_sealing(
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    chain.seal(AuditEvent)  # the head row exists from now on
    head_before = ChainHead.objects.get(log="audit.auditevent")
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,  # type: ignore[attr-defined]
        CaptureQueriesContext(connection) as queries,
        transaction.atomic(),
    ):
        event = audit_event_record(actor=SYSTEM, action="thing.done")
        access_log_record(actor=SYSTEM, kind=AccessKind.VIEW)
    assert not any("audit_chainhead" in query["sql"] for query in queries.captured_queries)
    assert ChainHead.objects.get(log="audit.auditevent").last_sequence == head_before.last_sequence
    event.refresh_from_db()
    assert event.sequence is None and event.entry_hash == ""

    # Sealing is scheduled once for the transaction, however many rows it wrote.
    assert len(callbacks) == 1  # type: ignore[arg-type]
    for callback in callbacks:  # type: ignore[attr-defined]
        callback()  # the demo/test task backend runs the sealer at once
    event.refresh_from_db()
    assert event.sequence == 1
    assert AccessLogEntry.objects.get().sequence == 1


@pytest.mark.django_db
def test_sealing_is_scheduled_again_after_a_rolled_back_savepoint(
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                audit_event_record(actor=SYSTEM, action="thing.undone")
                raise RuntimeError
        except RuntimeError:
            pass
        audit_event_record(actor=SYSTEM, action="thing.kept")
    assert len(callbacks) == 1  # type: ignore[arg-type]


@pytest.mark.django_db
def test_a_failure_to_queue_the_sealer_does_not_fail_the_committed_write(
    django_capture_on_commit_callbacks: Callable[..., object], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cornerstone.audit import tasks

    class BrokenQueue:
        def enqueue(self) -> None:
            raise ConnectionError("task queue unavailable")

    monkeypatch.setattr(tasks, "seal_logs", BrokenQueue())
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():  # type: ignore[attr-defined]
        audit_event_record(actor=SYSTEM, action="thing.done")
    assert AuditEvent.objects.get().sequence is None  # waits for the next sealing run
    assert chain.seal_all() == 1


@pytest.mark.django_db(transaction=True)
def test_audit_event_record_outside_a_transaction_raises() -> None:
    with pytest.raises(AuditOutsideTransaction):
        audit_event_record(actor=SYSTEM, action="thing.done")
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_committed_events_are_sealed_after_commit() -> None:
    with transaction.atomic():
        audit_event_record(actor=SYSTEM, action="thing.done")
        audit_event_record(actor=SYSTEM, action="thing.done.again")
    assert list(AuditEvent.objects.order_by("id").values_list("sequence", flat=True)) == [1, 2]
    assert list(chain.verify(AuditEvent)) == []


@pytest.mark.django_db
def test_a_late_committing_lower_id_is_sealed_in_the_next_run_and_verifies(
    make_event: Callable[..., AuditEvent],
) -> None:
    # Ids 10 and 11 commit first; id 5 was allocated earlier but commits later.
    make_event(id=10)
    make_event(id=11)
    assert chain.seal(AuditEvent) == 2
    make_event(id=5)
    assert chain.seal(AuditEvent) == 1

    assert dict(AuditEvent.objects.values_list("id", "sequence")) == {10: 1, 11: 2, 5: 3}
    late = AuditEvent.objects.get(id=5)
    assert late.previous_hash == AuditEvent.objects.get(id=11).entry_hash
    assert list(chain.verify(AuditEvent)) == []


@pytest.mark.django_db
def test_status_counts_sealed_and_waiting_rows(make_event: Callable[..., AuditEvent]) -> None:
    assert chain.status(AuditEvent) == chain.ChainStatus("audit.auditevent", sealed=0, waiting=0)
    make_event()
    make_event()
    chain.seal(AuditEvent)
    make_event()
    assert chain.status(AuditEvent) == chain.ChainStatus("audit.auditevent", sealed=2, waiting=1)


@pytest.mark.django_db
def test_verify_reads_only(make_event: Callable[..., AuditEvent]) -> None:
    make_event()
    chain.seal(AuditEvent)
    make_event()
    with CaptureQueriesContext(connection) as queries:
        assert list(chain.verify(AuditEvent)) == []
    assert queries.captured_queries
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if re.match(r"\s*(INSERT|UPDATE|DELETE)\b", query["sql"], re.IGNORECASE)
        or "FOR UPDATE" in query["sql"]
    ]
    assert writes == []
    assert AuditEvent.objects.filter(sequence__isnull=True).count() == 1


@pytest.mark.parametrize("model", chain.CHAINED_MODELS)
def test_the_hash_covers_every_recorded_field_and_only_those(model: type[AuditEvent]) -> None:
    fields = {field.attname for field in model._meta.concrete_fields} - chain.SEAL_FIELDS
    assert set(chain.HASHED_FIELDS[chain.log_name(model)]) == fields, (
        "A log's fields changed: rows already sealed were hashed without them. Add a versioned "
        "hash format rather than editing HASHED_FIELDS (docs/adr/0002-audit-trail-and-hash-chain.md)."
    )
