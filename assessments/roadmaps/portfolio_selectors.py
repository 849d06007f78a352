"""Reads for the portfolio: one row per assessment with the figures of the roadmap that counts,
its sorting and filters, and the rows of the portfolio charts.

Tenancy: scoped by `organisations_visible_to`; queries read the Roadmap headline columns, never
the JSON result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.contrib.auth.models import User
from django.db.models import Case, CharField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from assessments.models import (
    Assessment,
    AssessmentStatus,
    Decision,
    Organisation,
    Programme,
    Roadmap,
    RoadmapStatus,
)
from assessments.organisations.selectors import (
    organisations_visible_to,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


PORTFOLIO_SORTS: dict[str, Any] = {
    "organisation": _("Organisation"),
    "npv": _("NPV, highest first"),
    "payback": _("Payback, soonest first"),
    "run_rate_ito": _("ITO run-rate, highest first"),
    "run_rate_bpo": _("BPO run-rate, highest first"),
    "computed": _("Last computed, newest first"),
}


APPROVAL_CHOICES: dict[str, Any] = {
    "approved": _("Approved"),
    "pending": _("Awaiting decision"),
    "rejected": _("Rejected"),
    "not_computed": _("Not computed yet"),
}


def _portfolio_ordering(sort: str) -> list[Any]:
    orderings: dict[str, list[Any]] = {
        "organisation": [F("organisation__name").asc(), F("title").asc(), F("version").desc()],
        "npv": [F("counting_npv").desc(nulls_last=True)],
        "payback": [F("counting_payback").asc(nulls_last=True)],
        "run_rate_ito": [F("counting_run_rate_ito").desc(nulls_last=True)],
        "run_rate_bpo": [F("counting_run_rate_bpo").desc(nulls_last=True)],
        "computed": [F("counting_computed_at").desc(nulls_last=True)],
    }
    return [*orderings.get(sort, orderings["organisation"]), F("pk").asc()]


PORTFOLIO_PAGE_SIZE = 50


_SORT_ANNOTATIONS = {
    "npv": "counting_npv",
    "payback": "counting_payback",
    "run_rate_ito": "counting_run_rate_ito",
    "run_rate_bpo": "counting_run_rate_bpo",
    "computed": "counting_computed_at",
}


PORTFOLIO_CHART_TOP = 30


def counting_roadmaps(*, assessment_ref: Any) -> QuerySet[Roadmap]:
    """The computed roadmaps of an assessment that can count for it, the one that counts first.

    The approved roadmap counts if there is one (base or scenario); otherwise the latest
    computed base roadmap. `assessment_ref` is an assessment pk or an OuterRef to one.
    """
    return (
        Roadmap.objects.filter(assessment=assessment_ref, status=RoadmapStatus.DONE)
        .filter(Q(decision=Decision.APPROVED) | Q(name=""))
        .order_by(
            Case(When(decision=Decision.APPROVED, then=Value(0)), default=Value(1)),
            F("requested_at").desc(),
            F("pk").desc(),
        )
    )


class _CountingRoadmap(TypedDict):
    counting_roadmap_id: int | None


if TYPE_CHECKING:
    # A row of `portfolio_assessments`: an assessment with the id of its roadmap that counts.
    PortfolioAssessment = WithAnnotations[Assessment, _CountingRoadmap]

    class PortfolioRow(Assessment):
        """A row after `portfolio_rows_complete` (typing only, never created: the figures are
        attributes set on the fetched assessment, as the portfolio template reads them)."""

        counting_roadmap_id: int | None
        counting_npv: Decimal | None
        counting_payback: int | None
        counting_run_rate_ito: Decimal | None
        counting_run_rate_bpo: Decimal | None
        counting_computed_at: datetime | None
        counting_decision: str | None
        counting_roadmap_name: str | None
        approval: str
        programme_id: int | None
        programme_realised_fraction: float | None
        programme_gate_state: str | None
        programme_gate_slip_months: int | None

        class Meta:
            proxy = True


def portfolio_assessments(
    *,
    user: User,
    organisation: Organisation | None = None,
    status: str = "",
    approval: str = "",
    sort: str = "organisation",
    search: str = "",
    include_drafts: bool = False,
) -> QuerySet[PortfolioAssessment]:
    """One row per assessment the user may see, with the figures of the roadmap that counts.

    A row is the latest submitted version of an assessment (its lineage); drafts are left
    out unless `include_drafts`, and then a row is the latest version whatever its status.
    The roadmap that counts is the approved one if any, else the latest computed base
    roadmap; its id is annotated as `counting_roadmap_id` (None when none is computed), and
    the column the sort needs as `counting_*`. `approval` filters on a key of APPROVAL_CHOICES.
    `search` matches the title or the organisation's name (case-insensitive). Pass a page of
    the rows to `portfolio_rows_complete` for their figures.

    One query whatever the number of assessments: correlated subqueries on the Roadmap
    headline columns (never the JSON result), only those the sort and filters need.
    """
    counting = counting_roadmaps(assessment_ref=OuterRef("pk"))
    visible = Assessment.objects.filter(organisation__in=organisations_visible_to(user=user))
    if not include_drafts:
        visible = visible.exclude(status=AssessmentStatus.DRAFT)
    newer = Assessment.objects.filter(lineage=OuterRef("lineage"), version__gt=OuterRef("version"))
    if not include_drafts:
        newer = newer.exclude(status=AssessmentStatus.DRAFT)
    assessments = (
        visible.filter(~Exists(newer))
        .select_related("organisation")
        .only(
            "id",
            "title",
            "version",
            "status",
            "currency",
            "updated_at",
            "organisation__id",
            "organisation__name",
            "organisation__currency",
        )
        .annotate(counting_roadmap_id=Subquery(counting.values("pk")[:1]))
    )
    # Only the columns a sort or filter needs become subqueries: each is evaluated for every
    # assessment. The page's figures are read afterwards by `portfolio_rows_complete`.
    sort_columns = {
        "npv": "npv",
        "payback": "payback_month",
        "run_rate_ito": "run_rate_ito",
        "run_rate_bpo": "run_rate_bpo",
        "computed": "finished_at",
    }
    if sort in sort_columns:
        assessments = assessments.annotate(
            **{_SORT_ANNOTATIONS[sort]: Subquery(counting.values(sort_columns[sort])[:1])}
        )
    if approval in APPROVAL_CHOICES:
        assessments = assessments.annotate(
            counting_decision=Subquery(counting.values("decision")[:1]),
            approval=Case(
                When(counting_roadmap_id__isnull=True, then=Value("not_computed")),
                When(counting_decision=Decision.APPROVED, then=Value("approved")),
                When(counting_decision=Decision.REJECTED, then=Value("rejected")),
                default=Value("pending"),
                output_field=CharField(),
            ),
        ).filter(approval=approval)
    if organisation is not None:
        assessments = assessments.filter(organisation=organisation)
    if status in AssessmentStatus.values:
        assessments = assessments.filter(status=status)
    search = (search or "").strip()
    if search:
        assessments = assessments.filter(Q(title__icontains=search) | Q(organisation__name__icontains=search))
    return assessments.order_by(*_portfolio_ordering(sort))


# The approval column (a key of APPROVAL_CHOICES) of a computed roadmap's decision.
_APPROVAL_OF_DECISION: dict[str, str] = {Decision.APPROVED: "approved", Decision.REJECTED: "rejected"}


def portfolio_rows_complete(*, rows: list[PortfolioAssessment]) -> list[PortfolioRow]:
    """Set the figures of the roadmap that counts on a page of `portfolio_assessments` rows.

    One query for the page. Each row gains `counting_npv`, `counting_run_rate_ito`,
    `counting_run_rate_bpo` (in the assessment's currency), `counting_payback` (month),
    `counting_computed_at`, `counting_decision`, `counting_roadmap_name` and `approval`
    (a key of APPROVAL_CHOICES); all None (approval "not_computed") without a computed roadmap.
    """
    # The programme under way of the roadmap that counts (an approved roadmap): its headline,
    # written by programme_evaluate, for the "realised % of plan" and gate columns.
    programme = Programme.objects.filter(roadmap=OuterRef("pk")).order_by("-pk")
    roadmaps = (
        Roadmap.objects.only(
            "pk", "name", "npv", "payback_month", "run_rate_ito", "run_rate_bpo", "finished_at", "decision"
        )
        .annotate(
            programme_id=Subquery(programme.values("pk")[:1]),
            programme_realised_fraction=Subquery(programme.values("realised_fraction_of_plan")[:1]),
            programme_gate_state=Subquery(programme.values("gate_state")[:1]),
            programme_gate_slip_months=Subquery(programme.values("gate_slip_months")[:1]),
        )
        .in_bulk([row.counting_roadmap_id for row in rows if row.counting_roadmap_id is not None])
    )
    completed = cast("list[PortfolioRow]", rows)  # The figures are set on these very objects below.
    for row in completed:
        roadmap = roadmaps.get(row.counting_roadmap_id) if row.counting_roadmap_id is not None else None
        row.programme_id = getattr(roadmap, "programme_id", None)
        row.programme_realised_fraction = getattr(roadmap, "programme_realised_fraction", None)
        row.programme_gate_state = getattr(roadmap, "programme_gate_state", None)
        row.programme_gate_slip_months = getattr(roadmap, "programme_gate_slip_months", None)
        row.counting_npv = roadmap.npv if roadmap else None
        row.counting_payback = roadmap.payback_month if roadmap else None
        row.counting_run_rate_ito = roadmap.run_rate_ito if roadmap else None
        row.counting_run_rate_bpo = roadmap.run_rate_bpo if roadmap else None
        row.counting_computed_at = roadmap.finished_at if roadmap else None
        row.counting_decision = roadmap.decision if roadmap else None
        row.counting_roadmap_name = roadmap.name if roadmap else None
        row.approval = "not_computed" if roadmap is None else _APPROVAL_OF_DECISION.get(roadmap.decision, "pending")
    return completed


@dataclass(frozen=True)
class PortfolioChartRow:
    """One bar of the portfolio charts: an assessment, or the aggregate of those past the top."""

    label: str
    title: str
    version: int
    organisation_name: str
    currency: str
    npv: Decimal
    payback_month: int | None
    approval: str
    others_count: int = 0


def portfolio_chart_rows(
    *, assessments: QuerySet[PortfolioAssessment], top: int = PORTFOLIO_CHART_TOP
) -> list[PortfolioChartRow]:
    """Per currency, the `top` computed assessments by NPV, then one "others" row summing the rest.

    One query: the roadmaps that count for the filtered portfolio, by NPV, charted columns only.
    NPVs are in each row's currency; an "others" row has no payback and counts its members.
    """
    values = (
        Roadmap.objects.filter(
            pk__in=assessments.order_by().exclude(counting_roadmap_id__isnull=True).values("counting_roadmap_id"),
            npv__isnull=False,
        )
        .order_by(F("npv").desc(), F("pk").asc())
        .values_list(
            "assessment__title",
            "assessment__version",
            "assessment__organisation__name",
            "assessment__currency",
            "npv",
            "payback_month",
            "decision",
        )
    )
    kept: list[PortfolioChartRow] = []
    others: dict[str, list[Decimal]] = {}
    shown: dict[str, int] = {}
    for title, version, organisation_name, currency, npv, payback, approval in values:
        if npv is None:  # never: the query keeps npv__isnull=False (this narrows the type)
            continue
        if shown.get(currency, 0) < top:
            shown[currency] = shown.get(currency, 0) + 1
            kept.append(
                PortfolioChartRow(
                    label=f"{organisation_name} · {title} v{version}",
                    title=title,
                    version=version,
                    organisation_name=organisation_name,
                    currency=currency,
                    npv=npv,
                    payback_month=payback,
                    approval=approval,
                )
            )
        else:
            others.setdefault(currency, []).append(npv)
    for currency, npvs in sorted(others.items()):
        kept.append(
            PortfolioChartRow(
                label=str(_("%(count)s others") % {"count": len(npvs)}),
                title="",
                version=0,
                organisation_name="",
                currency=currency,
                npv=sum(npvs, Decimal(0)),
                payback_month=None,
                approval="others",
                others_count=len(npvs),
            )
        )
    return kept
