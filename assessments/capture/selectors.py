"""Reads of assessments and their lines, scoped to the requesting user.

Tenancy rule: a user sees an organisation only through a membership, except
administrators (staff), who see every organisation read-only. Every queryset that
serves a user starts from `organisations_visible_to`.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Field, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, BusinessFunction, ITCostArea, Organisation
from assessments.organisations.selectors import organisations_visible_to
from providers.models import Capability, Kind

# --- Organisations' assessments -----------------------------------------------------------------


def organisation_assessments(*, organisation: Organisation) -> QuerySet[Assessment]:
    return organisation.assessments.select_related("author").order_by("title", "lineage", "-version")


# --- Assessments ----------------------------------------------------------------------------------


def assessments_visible_to(*, user: User) -> QuerySet[Assessment]:
    return Assessment.objects.filter(organisation__in=organisations_visible_to(user=user))


def assessment_list(
    *,
    user: User,
    search: str = "",
    organisation: Organisation | None = None,
    status: str = "",
) -> QuerySet[Assessment]:
    assessments = assessments_visible_to(user=user).select_related("organisation", "author")
    if search:
        assessments = assessments.filter(Q(title__icontains=search) | Q(organisation__name__icontains=search))
    if organisation is not None:
        assessments = assessments.filter(organisation=organisation)
    if status:
        assessments = assessments.filter(status=status)
    return assessments.order_by("-updated_at", "-pk")


def assessments_recent(*, user: User, limit: int = 5) -> list[Assessment]:
    return list(assessment_list(user=user)[:limit])


def capabilities_of_kind(*, kind: str) -> dict[str, Capability]:
    """Capabilities of one kind by code, in catalogue order (forms and workbooks validate against it)."""
    # The benchmark comes along for its unit of measure (the grid shows it beside each volume).
    capabilities = Capability.objects.filter(kind=kind).select_related("benchmark")
    return {capability.code: capability for capability in capabilities}


def it_cost_areas_of(*, assessment: Assessment) -> list[ITCostArea]:
    # The benchmark comes along for its unit of measure, shown next to the volume.
    return list(assessment.it_cost_areas.select_related("capability__benchmark").order_by("position", "pk"))


def business_functions_of(*, assessment: Assessment) -> list[BusinessFunction]:
    return list(assessment.business_functions.select_related("capability").order_by("position", "pk"))


def assessment_line_counts(*, assessment: Assessment) -> tuple[int, int]:
    return assessment.it_cost_areas.count(), assessment.business_functions.count()


@dataclass(frozen=True)
class LineTotals:
    lines: int
    annual_cost: Decimal
    ftes: Decimal


@dataclass(frozen=True)
class AssessmentTotals:
    it_cost_areas: LineTotals
    business_functions: LineTotals

    @property
    def annual_cost(self) -> Decimal:
        return self.it_cost_areas.annual_cost + self.business_functions.annual_cost

    @property
    def ftes(self) -> Decimal:
        return self.it_cost_areas.ftes + self.business_functions.ftes


def _line_totals(lines: Sequence[ITCostArea | BusinessFunction]) -> LineTotals:
    return LineTotals(
        lines=len(lines),
        annual_cost=sum((line.annual_cost for line in lines), Decimal("0")),
        ftes=sum((line.ftes for line in lines), Decimal("0")),
    )


def assessment_totals(
    *, it_cost_areas: Sequence[ITCostArea], business_functions: Sequence[BusinessFunction]
) -> AssessmentTotals:
    return AssessmentTotals(
        it_cost_areas=_line_totals(it_cost_areas), business_functions=_line_totals(business_functions)
    )


# --- Completeness -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    ok: bool
    details: tuple[str, ...] = ()
    # Warnings never block a submission; they point at figures worth a second look.
    warning: bool = False


def _line_problems(lines: Sequence[ITCostArea | BusinessFunction], *, kind: str) -> list[str]:
    problems = []
    for number, line in enumerate(lines, start=1):
        messages: list[str] = []
        try:
            line.clean_fields(exclude=["assessment", "capability"])
        except ValidationError as error:
            for field_name, field_errors in error.message_dict.items():
                label = cast(Field, line._meta.get_field(field_name)).verbose_name  # a field, not a relation
                messages.extend(f"{label}: {message}" for message in field_errors)
        if line.capability.kind != kind:
            messages.append(
                gettext("%(capability)s is not one of the %(kind)s capabilities.")
                % {
                    "capability": line.capability,
                    "kind": kind,
                }
            )
        if messages:
            problems.append(
                gettext("Line %(number)s (%(capability)s): %(messages)s")
                % {"number": number, "capability": line.capability, "messages": "; ".join(messages)}
            )
    return problems


def assessment_checklist(
    *,
    assessment: Assessment,
    it_cost_areas: Sequence[ITCostArea],
    business_functions: Sequence[BusinessFunction],
) -> list[ChecklistItem]:
    """What a submission needs, item by item; blocking items first, then warnings."""
    parameter_problems: list[str] = []
    try:
        assessment.clean_fields(exclude=["organisation", "author", "region", "copied_from"])
    except ValidationError as error:
        for field_name, field_errors in error.message_dict.items():
            label = cast(Field, Assessment._meta.get_field(field_name)).verbose_name  # a field, not a relation
            parameter_problems.extend(f"{label}: {message}" for message in field_errors)
    if not assessment.title.strip():
        parameter_problems.append(gettext("The assessment needs a title."))
    it_problems = _line_problems(it_cost_areas, kind=Kind.ITO)
    bf_problems = _line_problems(business_functions, kind=Kind.BPO)
    line_count = len(it_cost_areas) + len(business_functions)
    items = [
        ChecklistItem(
            gettext("Title and parameters are complete and in range"), not parameter_problems, tuple(parameter_problems)
        ),
        ChecklistItem(
            gettext("At least one IT cost area or business function"),
            line_count > 0,
            () if line_count else (gettext("Add lines in step 2 or 3, or import a workbook."),),
        ),
        ChecklistItem(gettext("Every IT cost area is valid"), not it_problems, tuple(it_problems)),
        ChecklistItem(gettext("Every business function is valid"), not bf_problems, tuple(bf_problems)),
    ]
    warnings = []
    if line_count and not it_cost_areas:
        warnings.append(gettext("No IT cost areas: the roadmap will have no ITO phase, so BPO starts at once."))
    if line_count and not business_functions:
        warnings.append(gettext("No business functions: the roadmap will have no BPO phase."))
    all_lines: list[ITCostArea | BusinessFunction] = [*it_cost_areas, *business_functions]
    zero_cost = [str(line.capability) for line in all_lines if line.annual_cost == 0]
    if zero_cost:
        warnings.append(
            gettext("Lines with an annual cost of zero cannot save anything: %(lines)s.")
            % {"lines": ", ".join(zero_cost)}
        )
    if assessment.currency != assessment.organisation.currency:
        warnings.append(
            gettext("The assessment is in %(currency)s while the organisation reports in %(org_currency)s.")
            % {"currency": assessment.currency, "org_currency": assessment.organisation.currency}
        )
    items.extend(ChecklistItem(text, ok=False, warning=True) for text in warnings)
    return items


def checklist_is_complete(*, checklist: Sequence[ChecklistItem]) -> bool:
    return all(item.ok for item in checklist if not item.warning)


@dataclass(frozen=True)
class Step:
    number: int
    key: str
    label: str
    url_name: str
    done: bool
    summary: str


def assessment_steps(*, assessment: Assessment, it_count: int, bf_count: int) -> list[Step]:
    """The stepper: which steps of the capture hold data. Lines are optional per step, not in total."""
    submitted = not assessment.is_editable
    return [
        Step(
            1,
            "parameters",
            gettext("Title and parameters"),
            "assessments:parameters",
            True,
            gettext("%(months)s months, %(currency)s")
            % {"months": assessment.horizon_months, "currency": assessment.currency},
        ),
        Step(
            2,
            "it",
            gettext("IT cost areas"),
            "assessments:it_cost_areas",
            it_count > 0,
            ngettext("%(count)s line", "%(count)s lines", it_count) % {"count": it_count},
        ),
        Step(
            3,
            "bpo",
            gettext("Business functions"),
            "assessments:business_functions",
            bf_count > 0,
            ngettext("%(count)s line", "%(count)s lines", bf_count) % {"count": bf_count},
        ),
        Step(
            4, "review", gettext("Review and submit"), "assessments:review", submitted, assessment.get_status_display()
        ),
    ]


# --- Line and parameter fields (forms, workbook, copies, comparisons) ---------------------------

# The costs of the business case (issue 13) by group, in the order the assessment form asks for them:
# the review and version pages show these groups, and the form, workbook and copies take the fields from them.
COST_PARAMETER_GROUPS: tuple[tuple[Promise, tuple[str, ...]], ...] = (
    (
        _("People and governance"),
        (
            "severance_rule",
            "average_tenure_years",
            "wage_share",
            "severance_multiplier",
            "compensation_of_rights_months",
            "severance_months_per_year",
            "staff_transfer_fraction",
            "retained_cost_per_fte",
            "governance_fraction_ito",
        ),
    ),
    (_("Exit from the present"), ("termination_fee_months", "stranded_cost_fraction", "dual_running_months")),
    (
        _("Over time: prices, currency and tax"),
        (
            "wage_growth",
            "provider_indexation",
            "ito_erosion_rate",
            "provider_currency_share",
            "fx_depreciation",
            "vat_rate",
            "vat_recoverable_fraction",
        ),
    ),
    (_("Fixed cost of a deal"), ("deal_fixed_cost", "deal_lead_time_months")),
    (_("Where the work goes"), ("origin_monthly_earnings_usd",)),
)
COST_PARAMETER_FIELDS = tuple(name for _title, names in COST_PARAMETER_GROUPS for name in names)
# The cost parameters by kind of value: the rule is a choice, these two whole months, the rest decimals.
COST_INTEGER_FIELDS = ("dual_running_months", "deal_lead_time_months")
COST_DECIMAL_FIELDS = tuple(
    name for name in COST_PARAMETER_FIELDS if name != "severance_rule" and name not in COST_INTEGER_FIELDS
)
# Shares and rates among the parameters: typed in per cent, stored as fractions (0.11 for 11 %).
PERCENT_PARAMETER_FIELDS = (
    "discount_rate",
    "gate_fraction",
    "materiality_threshold",
    "retained_fte_fraction",
    "wage_share",
    "staff_transfer_fraction",
    "governance_fraction_ito",
    "stranded_cost_fraction",
    "wage_growth",
    "provider_indexation",
    "ito_erosion_rate",
    "provider_currency_share",
    "fx_depreciation",
    "vat_rate",
    "vat_recoverable_fraction",
)
PARAMETER_FIELDS = (
    "title",
    "horizon_months",
    "discount_rate",
    "region",
    "currency",
    "gate_fraction",
    "max_parallel_ito",
    "max_parallel_bpo",
    "materiality_threshold",
    "materiality_min_savings",
    "retained_fte_fraction",
    # Costs of the business case (engine/costs.py): last, so earlier workbooks keep their rows.
    *COST_PARAMETER_FIELDS,
)
IT_COST_AREA_FIELDS = (
    "capability",
    "annual_cost",
    "ftes",
    "available_from_month",
    "maturity",
    "standardisation",
    "criticality",
    "notes",
    "volume",  # Engine 2.0 columns come last, so earlier workbooks keep their column letters
    "termination_fee",  # then each line's own exit costs (engine/costs.py)
    "stranded_book_value",
)
BUSINESS_FUNCTION_FIELDS = (
    "capability",
    "annual_cost",
    "ftes",
    "annual_volume",
    "standardisation",
    "strategic_importance",
    "maturity",
    "regulatory_sensitivity",
    "knowledge_intensity",
    "error_rate_percent",
    "notes",
    "cycle_time_days",
    "retained_ftes",
    "termination_fee",  # then each line's own exit costs and the regulation gate's condition
    "stranded_book_value",
    "regulatory_condition_accepted",
)
