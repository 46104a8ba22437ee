"""The REST endpoints of ``/api/v1/``. Each reads through the selectors and writes through the
services, like the pages; every call is logged (``calls``) and every error has one shape."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from cornerstone.accounts.actor import Actor
from cornerstone.api import referral_answers, selectors
from cornerstone.api.calls import api_call_record
from cornerstone.api.errors import ApiError
from cornerstone.api.models import ApiClient, Scope
from cornerstone.api.serializers import (
    ErrorSerializer,
    NationalReturnSerializer,
    ProviderSerializer,
    ReferralStatusSerializer,
    ReferralSubmissionSerializer,
    ServiceSerializer,
)
from cornerstone.api.services import IdempotencyKeyReused, referral_submit_through_api
from cornerstone.audit.models import AccessKind
from cornerstone.audit.services import access_log_record
from cornerstone.geography.models import LocalAuthority
from cornerstone.partners.selectors import (
    ServiceSearch,
    current_services_visible_to,
    providers_visible_to,
    services_matching,
)
from cornerstone.referrals.services import InvalidAnswers, NoRoute
from cornerstone.statistics.national_return import FinancialYear, national_return
from cornerstone.statistics.selectors import ReturnArea, area_name, areas_allowed_for

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255

ERRORS = {
    400: OpenApiResponse(
        ErrorSerializer, description="The request was not accepted; `fields` says what to correct."
    ),
    401: OpenApiResponse(
        ErrorSerializer, description="No credential, or one that is unknown, revoked or expired."
    ),
    403: OpenApiResponse(ErrorSerializer, description="The credential lacks the scope this needs."),
    429: OpenApiResponse(
        ErrorSerializer, description="Too many requests: wait for the seconds in Retry-After."
    ),
}
# Lists are paged: a page past the end is not found.
PAGE_NOT_FOUND = {404: OpenApiResponse(ErrorSerializer, description="There is no such page of results.")}


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: ERRORS[code] for code in codes}


class Pages(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


class ApiView(generics.GenericAPIView):  # type: ignore[type-arg]
    required_scope: str | None = None
    pagination_class = Pages

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        api_call_record(request, response)
        return response

    @property
    def client(self) -> ApiClient:
        return self.request.api_client  # type: ignore[attr-defined,no-any-return]

    @property
    def actor(self) -> Actor:
        return Actor.for_membership(self.client.membership)


def _fingerprint(body: Any) -> str:
    """The same JSON body gives the same digest, whatever its key order or spacing."""
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _idempotency_key(request: Request) -> str:
    key = (request.headers.get(IDEMPOTENCY_HEADER) or "").strip()
    if not key:
        raise ApiError(
            status_code=400,
            code="idempotency_key_missing",
            message="Send an Idempotency-Key header (for example a UUID you keep with your own record), "
            "so that a retried request never makes a second referral.",
        )
    if len(key) > MAX_KEY_LENGTH or not key.isprintable() or not key.isascii():
        raise ApiError(
            status_code=400,
            code="idempotency_key_invalid",
            message=f"The Idempotency-Key must be printable ASCII of {MAX_KEY_LENGTH} characters or fewer.",
        )
    return key


class ReferralsView(ApiView, generics.ListAPIView):  # type: ignore[type-arg]
    serializer_class = ReferralStatusSerializer

    @property
    def required_scope(self) -> str:  # type: ignore[override]
        return Scope.SUBMIT_REFERRALS if self.request.method == "POST" else Scope.READ_REFERRAL_STATUS

    @extend_schema(
        operation_id="referrals_submit",
        summary="Submit a referral",
        description=(
            "Submits a whole referral, checked by the same rules as the online form, and routes it to "
            "the counter-terrorism policing team for the person's area. Send the same Idempotency-Key "
            "again to retry safely: you get the same referral back (200) rather than a second one."
        ),
        request=ReferralSubmissionSerializer,
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description="Your own unique key for this referral, up to 255 printable ASCII characters.",
            )
        ],
        responses={
            201: OpenApiResponse(ReferralStatusSerializer, description="Submitted."),
            200: OpenApiResponse(ReferralStatusSerializer, description="Already submitted with this key."),
            409: OpenApiResponse(
                ErrorSerializer, description="The key was used before for a different referral."
            ),
            **_errors(400, 401, 403, 429),
        },
        tags=["Referrals"],
    )
    def post(self, request: Request) -> Response:
        key = _idempotency_key(request)
        body = request.data
        if not isinstance(body, dict) or set(body) != {"answers"}:
            raise ApiError(
                status_code=400,
                code="invalid_request",
                message="Send an object with one member, 'answers'.",
                fields=[{"field": "", "message": "Send an object with one member, 'answers'"}],
            )
        raw, shape_errors = referral_answers.to_page_input(body["answers"])
        if shape_errors:
            raise ApiError(
                status_code=400,
                code="invalid_referral",
                message="The referral was not accepted: correct the answers listed.",
                fields=shape_errors,
            )
        raw["attachments"] = {}
        try:
            submission = referral_submit_through_api(
                client=self.client, answers=raw, idempotency_key=key, fingerprint=_fingerprint(body)
            )
        except InvalidAnswers as error:
            fields = [
                item
                for slug, errors in error.page_errors.items()
                for item in referral_answers.form_errors(slug, errors)
            ]
            raise ApiError(
                status_code=400,
                code="invalid_referral",
                message="The referral was not accepted: correct the answers listed.",
                fields=fields,
            ) from None
        except NoRoute as error:
            raise ApiError(
                status_code=422,
                code="no_route",
                message=" ".join(error.messages).replace(" Your draft is kept.", ""),
            ) from None
        except IdempotencyKeyReused:
            raise ApiError(
                status_code=409,
                code="idempotency_key_reused",
                message="This Idempotency-Key was used before with a different referral. Use a new key for a new referral.",
            ) from None
        response = Response(
            ReferralStatusSerializer(submission.referral).data,
            status=status.HTTP_201_CREATED if submission.created else status.HTTP_200_OK,
        )
        response.referral_reference = submission.referral.reference  # type: ignore[attr-defined]
        return response

    @extend_schema(
        operation_id="referrals_list",
        summary="Your organisation's referrals and their status",
        description="Every referral your organisation has submitted, on screen or through the API, newest first, "
        "with the same status a referrer sees on screen. Never an outcome or a decision.",
        responses={200: ReferralStatusSerializer(many=True), **PAGE_NOT_FOUND, **_errors(401, 403, 429)},
        tags=["Referrals"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = self.list(request, *args, **kwargs)
        _log_status_read(self.client, request, "API: status of the organisation's referrals")
        return response

    def get_queryset(self) -> Any:
        return selectors.referral_statuses_visible_to(self.client).order_by("-submitted_at", "-id")


class ReferralStatusView(ApiView):
    required_scope = Scope.READ_REFERRAL_STATUS
    serializer_class = ReferralStatusSerializer

    @extend_schema(
        operation_id="referrals_status",
        summary="The status of one of your organisation's referrals",
        responses={
            200: ReferralStatusSerializer,
            404: OpenApiResponse(
                ErrorSerializer, description="No referral of your organisation has this reference."
            ),
            **_errors(401, 403, 429),
        },
        tags=["Referrals"],
    )
    def get(self, request: Request, reference: str) -> Response:
        referral = selectors.referral_statuses_visible_to(self.client).filter(reference=reference).first()
        if referral is None:
            raise ApiError(
                status_code=404,
                code="not_found",
                message="Your organisation has no referral with this reference.",
            )
        _log_status_read(self.client, request, f"API: status of {referral.reference}", referral)
        return Response(ReferralStatusSerializer(referral).data)


def _log_status_read(client: ApiClient, request: Request, description: str, referral: Any = None) -> None:
    access_log_record(
        actor=Actor.for_membership(client.membership),
        kind=AccessKind.VIEW,
        target=referral,
        person_ref=referral.person_ref if referral is not None else "",
        description=description,
        path=request.get_full_path(),
    )


class ServicesView(ApiView, generics.ListAPIView):  # type: ignore[type-arg]
    serializer_class = ServiceSerializer

    @extend_schema(
        operation_id="directory_services",
        summary="Partner services directory",
        description="Current services that support people, as listed in the directory, filtered by area, type and age.",
        parameters=[
            OpenApiParameter(
                "local_authority",
                OpenApiTypes.STR,
                description="A local authority's register code, like WRT.",
            ),
            OpenApiParameter("type", OpenApiTypes.STR, description="A service type code."),
            OpenApiParameter(
                "age", OpenApiTypes.INT, description="Only services open to a person of this age."
            ),
        ],
        responses={200: ServiceSerializer(many=True), **PAGE_NOT_FOUND, **_errors(400, 401, 429)},
        tags=["Directory"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        request = self.request
        area_code = request.query_params.get("local_authority", "").strip()
        area = LocalAuthority.objects.filter(code=area_code.upper()).first() if area_code else None
        if area_code and area is None:
            raise ApiError(
                status_code=400,
                code="invalid_request",
                message="No local authority has that code.",
                fields=[
                    {
                        "field": "local_authority",
                        "message": "Give a local authority's register code, like WRT",
                    }
                ],
            )
        age_text = request.query_params.get("age", "").strip()
        if age_text and not (age_text.isdigit() and int(age_text) <= 120):
            raise ApiError(
                status_code=400,
                code="invalid_request",
                message="The age must be a whole number from 0 to 120.",
                fields=[{"field": "age", "message": "Give an age from 0 to 120"}],
            )
        search = ServiceSearch(
            type_codes=tuple(filter(None, [request.query_params.get("type", "").strip()])),
            local_authority=area,
            age=int(age_text) if age_text else None,
        )
        services = services_matching(current_services_visible_to(self.actor), search)
        return services.prefetch_related("local_authorities").order_by("name", "id")


class ProvidersView(ApiView, generics.ListAPIView):  # type: ignore[type-arg]
    serializer_class = ProviderSerializer

    @extend_schema(
        operation_id="directory_providers",
        summary="Intervention providers",
        responses={200: ProviderSerializer(many=True), **PAGE_NOT_FOUND, **_errors(401, 429)},
        tags=["Directory"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        return (
            providers_visible_to(self.actor)
            .prefetch_related("local_authorities")
            .order_by("organisation__name", "id")
        )


class NationalReturnView(ApiView):
    required_scope = Scope.READ_STATISTICS
    serializer_class = NationalReturnSerializer

    @extend_schema(
        operation_id="statistics_national_return",
        summary="National-return tables",
        description=(
            "The tables of the Home Office release for one financial year and area, with the same "
            "disclosure control as every other output: small counts suppressed (value null, "
            "suppressed true), with secondary suppression, and figures rounded. Areas no finer than "
            "a Prevent region."
        ),
        parameters=[
            OpenApiParameter(
                "year", OpenApiTypes.STR, required=True, description="A financial year, like 2025-26."
            ),
            OpenApiParameter(
                "area",
                OpenApiTypes.STR,
                description="national (the default) or region:<Prevent region code>.",
            ),
        ],
        responses={200: NationalReturnSerializer, **_errors(400, 401, 403, 429)},
        tags=["Statistics"],
    )
    def get(self, request: Request) -> Response:
        try:
            year = FinancialYear.parse(request.query_params.get("year", ""))
        except ValueError as error:
            raise _bad_parameter("year", str(error)) from None
        try:
            area = ReturnArea.parse(request.query_params.get("area", "national"))
            area_name(area)
        except ValueError as error:
            raise _bad_parameter("area", str(error)) from None
        if not areas_allowed_for(self.actor).allows(area):
            raise ApiError(
                status_code=403,
                code="area_not_allowed",
                message="Your credential may read national and regional tables only.",
            )
        return Response(national_return(year=year, area=area).as_json())


def _bad_parameter(name: str, message: str) -> ApiError:
    return ApiError(
        status_code=400, code="invalid_request", message=message, fields=[{"field": name, "message": message}]
    )
