"""The shapes of the API's bodies. Input is parsed by the referral forms themselves (see
``referral_answers``); these serializers describe it for the schema and render the output."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cornerstone.api.referral_answers import answers_schema
from cornerstone.referrals.models import Referral
from cornerstone.referrals.workflow import referrer_status_label


@extend_schema_field(answers_schema())
class AnswersField(serializers.JSONField):
    pass


class ReferralSubmissionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    answers = AnswersField(help_text="One object per page of the referral, each with that page's answers.")


def status_code(label: str) -> str:
    return label.lower().replace(" ", "_")


class ReferralStatusSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """What a referrer is told on screen, and no more: never an outcome or a decision."""

    reference = serializers.CharField(help_text="The referral's reference, like PRV-2026-000123.")
    submitted_at = serializers.DateTimeField()
    status = serializers.ChoiceField(
        choices=["received", "being_looked_at", "closed"], help_text="received, being_looked_at or closed."
    )
    status_label = serializers.CharField(
        help_text="The same status in words, as the referrer sees it on screen."
    )

    def to_representation(self, instance: Referral) -> dict[str, Any]:
        label = referrer_status_label(instance.status)
        return {
            "reference": instance.reference,
            "submitted_at": serializers.DateTimeField().to_representation(instance.submitted_at)
            if instance.submitted_at
            else None,
            "status": status_code(label),
            "status_label": label,
        }


class FieldErrorSerializer(serializers.Serializer):  # type: ignore[type-arg]
    field = serializers.CharField(help_text="Where the error is, like answers.name.given_names.")
    message = serializers.CharField(help_text="What to correct, in plain English.")


class ErrorDetailSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField(help_text="Machine-readable, stable: see the guide for the list.")
    message = serializers.CharField(help_text="Plain English, fit to show to a person.")
    # DRF takes declared fields off the class, so this does not hide Serializer.fields.
    fields = FieldErrorSerializer(many=True)  # type: ignore[assignment]


class ErrorSerializer(serializers.Serializer):  # type: ignore[type-arg]
    error = ErrorDetailSerializer()


class ServiceSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    name = serializers.CharField()
    organisation_name = serializers.CharField()
    service_type = serializers.CharField(source="service_type.name")
    description = serializers.CharField()
    eligibility = serializers.CharField()
    min_age = serializers.IntegerField(allow_null=True)
    max_age = serializers.IntegerField(allow_null=True)
    local_authorities = serializers.SerializerMethodField()
    how_to_refer = serializers.CharField()
    capacity = serializers.CharField()
    contact_name = serializers.CharField()
    contact_email = serializers.CharField()
    contact_phone = serializers.CharField()
    website = serializers.CharField()
    last_confirmed_at = serializers.DateTimeField()

    def get_local_authorities(self, service: Any) -> list[str]:
        return [area.code for area in service.local_authorities.all()]


class ProviderSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    name = serializers.CharField(source="organisation.name")
    approval_status = serializers.CharField()
    approved_on = serializers.DateField(allow_null=True)
    review_due_on = serializers.DateField(allow_null=True)
    specialisms = serializers.SerializerMethodField()
    local_authorities = serializers.SerializerMethodField()
    contact_name = serializers.CharField()
    contact_email = serializers.CharField()
    contact_phone = serializers.CharField()

    def get_specialisms(self, provider: Any) -> list[str]:
        return [line.strip() for line in provider.specialisms.splitlines() if line.strip()]

    def get_local_authorities(self, provider: Any) -> list[str]:
        return [area.code for area in provider.local_authorities.all()]


class CellSerializer(serializers.Serializer):  # type: ignore[type-arg]
    value = serializers.IntegerField(allow_null=True, help_text="Null when the figure is suppressed.")
    suppressed = serializers.BooleanField()


class TableRowSerializer(serializers.Serializer):  # type: ignore[type-arg]
    label = serializers.CharField()  # type: ignore[assignment]
    is_total = serializers.BooleanField()
    cells = CellSerializer(many=True)


class StatisticsTableSerializer(serializers.Serializer):  # type: ignore[type-arg]
    slug = serializers.CharField()
    title = serializers.CharField()
    taxonomy_version = serializers.CharField(allow_null=True)
    row_heading = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = TableRowSerializer(many=True)
    notes = serializers.ListField(child=serializers.CharField())


class PeriodSerializer(serializers.Serializer):  # type: ignore[type-arg]
    to = serializers.DateField()

    def get_fields(self) -> dict[str, Any]:
        # "from" is a Python keyword, so it cannot be declared as an attribute.
        return {"from": serializers.DateField(), **super().get_fields()}


class AreaSerializer(serializers.Serializer):  # type: ignore[type-arg]
    level = serializers.ChoiceField(choices=["national", "region", "local_authority"])
    code = serializers.CharField()
    name = serializers.CharField()


class DisclosureControlSerializer(serializers.Serializer):  # type: ignore[type-arg]
    suppress_below = serializers.IntegerField()
    round_to = serializers.IntegerField()
    description = serializers.CharField()
    suppressed_marker = serializers.CharField()


class NationalReturnSerializer(serializers.Serializer):  # type: ignore[type-arg]
    financial_year = serializers.CharField(help_text="Like 2025-26: April 2025 to March 2026.")
    period = PeriodSerializer()
    area = AreaSerializer()
    disclosure_control = DisclosureControlSerializer()
    taxonomy_versions = serializers.ListField(child=serializers.CharField())
    tables = StatisticsTableSerializer(many=True)
