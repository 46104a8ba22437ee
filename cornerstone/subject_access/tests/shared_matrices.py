"""The subject access pages and services, for the shared role-by-page matrix and the shared
one-audit-event-per-service test in ``cornerstone/accounts/tests``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from cornerstone.demo.generator import DemoWorld
from cornerstone.subject_access import services
from cornerstone.subject_access.models import RedactionReason
from cornerstone.subject_access.permissions import HANDLERS
from cornerstone.subject_access.tests import fixtures as fx


def _redact_path(world: DemoWorld) -> str:
    request = fx.shared(world, "redaction")
    item = request.bundle["sections"][0]["items"][0]  # type: ignore[index]
    return f"/subject-access/{request.pk}/redaction/redact/?item={quote(item['id'])}"


# (url name, path, roles allowed, note). Only data protection officers, of the request's own
# organisation (the demo one is at the force).
PAGES: tuple[tuple[str, Callable[[DemoWorld], str], frozenset[str], str], ...] = (
    ("subject_access:register", lambda w: "/subject-access/", HANDLERS, ""),
    ("subject_access:request-new", lambda w: "/subject-access/new/", HANDLERS, ""),
    ("subject_access:request", lambda w: f"/subject-access/{fx.shared(w, 'redaction').pk}/", HANDLERS, ""),
    (
        "subject_access:request-extend",
        lambda w: f"/subject-access/{fx.shared(w, 'redaction').pk}/extend/",
        HANDLERS,
        "",
    ),
    (
        "subject_access:request-refuse",
        lambda w: f"/subject-access/{fx.shared(w, 'redaction').pk}/refuse/",
        HANDLERS,
        "",
    ),
    (
        "subject_access:redaction",
        lambda w: f"/subject-access/{fx.shared(w, 'redaction').pk}/redaction/",
        HANDLERS,
        "",
    ),
    ("subject_access:redact", _redact_path, HANDLERS, ""),
    (
        "subject_access:request-sent",
        lambda w: f"/subject-access/{fx.shared(w, 'confirmed').pk}/sent/",
        HANDLERS,
        "",
    ),
    (
        "subject_access:response-json",
        lambda w: f"/subject-access/{fx.shared(w, 'confirmed').pk}/response.json",
        HANDLERS,
        "",
    ),
    (
        "subject_access:response-pdf",
        lambda w: f"/subject-access/{fx.shared(w, 'confirmed').pk}/response.pdf",
        HANDLERS,
        "",
    ),
)
PUBLIC_PAGES: frozenset[str] = frozenset()
POST_ONLY: frozenset[str] = frozenset(
    {
        "subject_access:request-start",
        "subject_access:request-gather",
        "subject_access:redaction-remove",
        "subject_access:redaction-confirm",
    }
)


def _redaction(world: DemoWorld) -> Any:
    request = fx.in_redaction(world)
    item = request.bundle["sections"][0]["items"][0]  # type: ignore[index]
    return request, item


def _add(world: DemoWorld) -> Callable[[], Any]:
    request, item = _redaction(world)
    return lambda: services.redaction_add(
        actor=fx.dpo(world),
        request_id=request.pk,
        item_id=item["id"],
        field="",
        reason=RedactionReason.NATIONAL_SECURITY,
        note="Matrix",
    )


def _remove(world: DemoWorld) -> Callable[[], Any]:
    request, item = _redaction(world)
    mark = services.redaction_add(
        actor=fx.dpo(world),
        request_id=request.pk,
        item_id=item["id"],
        field="",
        reason=RedactionReason.THIRD_PARTY,
        note="Matrix",
    )
    return lambda: services.redaction_remove(actor=fx.dpo(world), redaction_id=mark.pk)


def _on(
    make: Callable[[DemoWorld], Any], call: Callable[..., Any]
) -> Callable[[DemoWorld], Callable[[], Any]]:
    def scenario(world: DemoWorld) -> Callable[[], Any]:
        request = make(world)
        return lambda: call(actor=fx.dpo(world), request_id=request.pk)

    return scenario


def _create(world: DemoWorld) -> Callable[[], Any]:
    subject = fx.person(family="Matrixperson")
    return lambda: services.subject_access_request_create(
        actor=fx.dpo(world), details=fx.details(subject.reference or "")
    )


SCENARIOS: dict[str, Callable[[DemoWorld], Callable[[], Any]]] = {
    "cornerstone.subject_access.services.subject_access_request_create": _create,
    "cornerstone.subject_access.services.subject_access_request_start": _on(
        fx.received, services.subject_access_request_start
    ),
    "cornerstone.subject_access.services.subject_access_request_extend": _on(
        fx.received,
        lambda **kw: services.subject_access_request_extend(**kw, extra_months=2, reason="Complex"),
    ),
    "cornerstone.subject_access.services.subject_access_request_refuse": _on(
        fx.received, lambda **kw: services.subject_access_request_refuse(**kw, reason="Manifestly excessive")
    ),
    "cornerstone.subject_access.services.subject_access_bundle_gather": _on(
        fx.in_redaction, services.subject_access_bundle_gather
    ),
    "cornerstone.subject_access.services.redaction_add": _add,
    "cornerstone.subject_access.services.redaction_remove": _remove,
    "cornerstone.subject_access.services.redaction_confirm": _on(fx.in_redaction, services.redaction_confirm),
    "cornerstone.subject_access.services.subject_access_request_send": _on(
        fx.confirmed,
        lambda **kw: services.subject_access_request_send(**kw, sent_on=fx.timezone.localdate()),
    ),
    "cornerstone.subject_access.services.subject_access_export": _on(
        fx.confirmed, lambda **kw: services.subject_access_export(**kw, file_format="json")
    ),
}
EVENTS_PER_CALL: dict[str, int] = {}
