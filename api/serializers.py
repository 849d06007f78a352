"""Shapes of the API. Money is a decimal string in the organisation's currency; months are
programme months (0 = the plan's first month) or calendar months as YYYY-MM."""

from __future__ import annotations

from rest_framework import serializers

from assessments.models import Assessment, Engagement, MonthlyActual, Organisation
from assessments.programmes.services import ACTUAL_FIELDS
from outsourcing.money_bounds import MONEY_VALIDATORS
from providers.models import Provider


class OrganisationSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "industry", "country", "region", "currency"]


class AssessmentSerializer(serializers.ModelSerializer):
    organisation = serializers.PrimaryKeyRelatedField[Organisation](read_only=True)

    class Meta:
        model = Assessment
        fields = ["id", "organisation", "title", "status", "version", "currency", "created_at", "updated_at"]


class RoadmapItemSerializer(serializers.Serializer):
    id = serializers.CharField()
    kind = serializers.CharField()
    capability = serializers.CharField()
    # DRF's metaclass takes declared fields off the class, so nothing is shadowed at run time.
    label = serializers.CharField()  # type: ignore[assignment]  # the stubs see Field.label, a str

    included = serializers.BooleanField()
    reason_code = serializers.CharField()
    rationale = serializers.CharField()
    start_month = serializers.IntegerField(allow_null=True)
    savings_from_month = serializers.IntegerField(allow_null=True)
    exit_month = serializers.IntegerField(allow_null=True)
    net_annual_savings = serializers.FloatField()
    one_off_cost = serializers.FloatField()
    npv = serializers.FloatField(allow_null=True)
    recommendation = serializers.ChoiceField(
        choices=[
            "recommended",
            "recommended_with_condition",
            "condition_required",
            "indicative",
            "not_recommended",
        ],
        help_text="How firmly the engine recommends the item (engine 2.0).",
    )
    regulatory_condition = serializers.DictField(
        required=False,
        allow_null=True,
        help_text=(
            "For a regulated BPO function: {code, regulator, requirement, accepted}; the item is planned and "
            "recommended only with the condition stated met (else condition_required, not included)."
        ),
    )


class CashFlowRowSerializer(serializers.Serializer):
    month = serializers.IntegerField()
    ito_savings = serializers.FloatField()
    bpo_benefit = serializers.FloatField()
    one_off_costs = serializers.FloatField()
    net = serializers.FloatField()
    cumulative = serializers.FloatField()


class RoadmapSerializer(serializers.Serializer):
    """A computed roadmap as the dashboard presents it (assessments/roadmaps/presenter.py)."""

    id = serializers.IntegerField()
    assessment = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.CharField()
    decision = serializers.CharField()
    decision_state = serializers.ChoiceField(
        choices=["approved", "rejected", "pending", "not_chosen"],
        help_text='"not_chosen" when another roadmap of the same assessment was approved.',
    )
    currency = serializers.CharField()
    gate_month = serializers.IntegerField(allow_null=True)
    gate_reason = serializers.CharField()
    kpis = serializers.DictField()
    phases = serializers.ListField(child=serializers.DictField())
    items = RoadmapItemSerializer(many=True)
    cash_flow = CashFlowRowSerializer(many=True)


class EngagementSerializer(serializers.ModelSerializer):
    provider = serializers.SlugRelatedField[Provider](slug_field="slug", read_only=True)

    class Meta:
        model = Engagement
        fields = [
            "id",
            "item_id",
            "kind",
            "capability",
            "label",
            "status",
            "contract_signed_on",
            "transition_started_on",
            "savings_started_on",
            "provider_exited_on",
            "provider",
            "provider_reason",
            "planned_start_month",
            "planned_savings_from_month",
            "planned_annual_savings",
            "baseline_cost_per_transaction",
            "target_cost_per_transaction",
            "baseline_error_rate_percent",
            "target_error_rate_percent",
            "baseline_cycle_time_days",
            "target_cycle_time_days",
            "target_ftes_released",
            "success_state",
        ]


class GateSerializer(serializers.Serializer):
    state = serializers.CharField()
    sentence = serializers.CharField()
    planned_run_rate = serializers.FloatField()
    threshold = serializers.FloatField()
    realised_run_rate = serializers.FloatField(allow_null=True)
    planned_month = serializers.IntegerField(allow_null=True)
    open_month = serializers.IntegerField(allow_null=True)
    projected_month = serializers.IntegerField(allow_null=True)
    slip_months = serializers.IntegerField(allow_null=True)


class ProgrammeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    roadmap = serializers.IntegerField()
    first_month = serializers.DateField()
    currency = serializers.CharField()
    gate = GateSerializer()
    engagements = EngagementSerializer(many=True)


class ActualSerializer(serializers.ModelSerializer):
    engagement = serializers.CharField(source="engagement.item_id", read_only=True)
    month = serializers.DateField(format="%Y-%m")

    class Meta:
        model = MonthlyActual
        fields = ["engagement", "month", *ACTUAL_FIELDS]


def _money_field(**kwargs):
    """An amount: the model's digits and the shared bound (15 significant digits, below 2**53)."""
    return serializers.DecimalField(
        max_digits=20, decimal_places=2, required=False, allow_null=True, validators=MONEY_VALIDATORS, **kwargs
    )


class ActualWriteSerializer(serializers.Serializer):
    """One row of actuals to record: the engagement's item id (e.g. `it-1`) and the month (YYYY-MM)."""

    engagement = serializers.CharField(max_length=64)
    month = serializers.DateField(input_formats=["%Y-%m", "%Y-%m-%d"])
    realised_savings = _money_field()
    realised_benefit = _money_field()
    one_off_cost = _money_field(min_value=0)
    cost_per_transaction = _money_field(min_value=0)
    error_rate_percent = serializers.DecimalField(
        max_digits=6, decimal_places=3, min_value=0, max_value=100, required=False, allow_null=True
    )
    cycle_time_days = serializers.DecimalField(
        max_digits=8, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    ftes_released = serializers.DecimalField(
        max_digits=9, decimal_places=2, min_value=0, required=False, allow_null=True
    )
