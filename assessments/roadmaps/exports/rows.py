"""The rows and columns every export of a computed roadmap shares: items, cash flow by month, risk.

Each table is a list of `(key, header)` columns and rows of dicts indexed by those keys; the CSV
writer (`csv_files.py`) and the XLSX sheets (`workbook.py`) both read them, so a column is added
in one place. Headers are translated when the function is called (the active language).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from assessments.roadmaps.presenter import COST_COLUMN_LABELS, RoadmapPresentation
from assessments.roadmaps.risk_presenter import risk_unit_label


def item_columns() -> list[tuple[str, str]]:
    """(key, header) of the items table; keys index `item_row`."""
    return [
        ("id", _("Line id")),
        ("kind", _("Phase")),
        ("capability", _("Capability code")),
        ("label", _("Capability")),
        ("included", _("Recommended")),
        ("recommendation", _("Decision")),
        ("savings_basis", _("Savings basis (found or indicative)")),
        ("reason_code", _("Reason code")),
        ("rationale", _("Rationale")),
        ("regulatory_condition", _("Regulatory condition")),
        ("delay_code", _("Delay code")),
        ("delay", _("Why it starts then")),
        ("start_month", _("Start month")),
        ("savings_from_month", _("Savings from month")),
        ("exit_month", _("Provider exits in month")),
        ("savings_fraction", _("Savings or efficiency (share of cost)")),
        ("net_annual_savings", _("Net annual savings or benefit")),
        ("one_off_cost", _("One-off cost")),
        ("npv", _("NPV")),
        ("profitability_index", _("Profitability index")),
        ("suitability", _("BPO suitability (0-100)")),
        ("suitability_class", _("BPO suitability class")),
        ("cost_per_transaction_before", _("Cost per transaction before")),
        ("cost_per_transaction_after", _("Cost per transaction after")),
        ("error_rate_before", _("Error rate before (%)")),
        ("error_rate_after", _("Error rate after (%)")),
        ("cycle_time_days_before", _("Cycle time before (days)")),
        ("cycle_time_days_after", _("Cycle time after (days)")),
        ("ftes_freed", _("FTEs freed")),
        ("ftes_retained", _("FTEs retained")),
        ("missing_baselines", _("Missing baselines")),
        ("unit_cost", _("Unit cost (a year)")),
        ("market_unit_cost", _("Market unit cost (a year)")),
        ("volume", _("Volume")),
        ("unit_of_measure", _("Unit of measure")),
    ]


MONEY_KEYS = frozenset(
    {
        "net_annual_savings",
        "one_off_cost",
        "npv",
        "cost_per_transaction_before",
        "cost_per_transaction_after",
        "unit_cost",
        "market_unit_cost",
    }
)


def item_row(item: dict[str, Any]) -> dict[str, Any]:
    kpis = item.get("kpis") or {}
    row = {key: item.get(key) for key, _header in item_columns()}
    row |= {key: kpis.get(key) for key in kpis if key != "missing_baselines"}
    row["missing_baselines"] = item.get("missing_baselines") or ""
    row["included"] = _("yes") if item["included"] else _("no")
    row["recommendation"] = str(item.get("recommendation_label") or "")
    row["savings_basis"] = str(item.get("basis_label") or "")
    row["regulatory_condition"] = str(item.get("regulatory_condition_text") or "")
    evidence = item.get("evidence") or {}
    row |= {
        "unit_cost": evidence.get("unit_cost"),
        "market_unit_cost": evidence.get("market_unit_cost"),
        "volume": evidence.get("volume"),
        "unit_of_measure": evidence.get("unit"),
    }
    return row


def cash_flow_columns() -> list[tuple[str, str]]:
    return [
        ("month", _("Month")),
        ("ito_savings", _("ITO savings")),
        ("bpo_benefit", _("BPO benefit")),
        ("one_off_costs", _("One-off costs")),
        *((name, label) for name, label in COST_COLUMN_LABELS.items()),
        ("net", _("Net")),
        ("cumulative", _("Cumulative")),
        ("discounted_cumulative", _("Discounted cumulative")),
        ("low_cumulative", _("Cumulative, low band")),
        ("high_cumulative", _("Cumulative, high band")),
    ]


def cash_flow_rows(view: RoadmapPresentation) -> list[dict[str, Any]]:
    low = view.scenarios.get("low", {}).get("cumulative") or []
    high = view.scenarios.get("high", {}).get("cumulative") or []
    rows = []
    for index, row in enumerate(view.cash_flow):
        rows.append(
            row
            | {
                "low_cumulative": low[index] if index < len(low) else None,
                "high_cumulative": high[index] if index < len(high) else None,
            }
        )
    return rows


def cash_flow_totals(view: RoadmapPresentation) -> dict[str, float]:
    """Column totals; a roadmap computed before the named costs existed totals them as 0."""
    return {
        key: round(sum(float(row.get(key) or 0) for row in view.cash_flow), 2)
        for key in ("ito_savings", "bpo_benefit", "one_off_costs", *COST_COLUMN_LABELS, "net")
    }


def _simulated(figure: Any) -> str:
    # The simulated figure is named apart from the deterministic one, which sits on the same sheet.
    return str(_("%(figure)s, simulated") % {"figure": figure})


def risk_rows(view: RoadmapPresentation) -> list[dict[str, Any]]:
    """The Monte Carlo's figures as rows of `risk_columns`: NPV, gate and payback percentiles
    (each named "…, simulated") beside the deterministic plan's figure and, for the months, the
    futures that never reach it; the probability, the draws and the seed; then one row per
    tornado bar: the input's range in its own unit (risk_presenter.RISK_DRIVER_UNITS) and the
    NPV at each end. Empty without risk."""
    risk = view.risk
    if not risk:
        return []
    currency = view.currency
    rows: list[dict[str, Any]] = [
        {
            "figure": str(_simulated(_("Net present value"))),
            "p10": risk["npv_p10"],
            "p50": risk["npv_p50"],
            "p90": risk["npv_p90"],
            "plan": risk["npv_deterministic"],
            "unit": currency,
            "money": ("p10", "p50", "p90", "plan"),
        }
    ]
    plan_months = {"gate_month": view.gate_month, "payback_month": view.kpis.get("payback_month")}
    for key, label in (("gate_month", _("BPO gate month")), ("payback_month", _("Payback month"))):
        dist = risk.get(key)
        if dist:
            rows.append(
                {
                    "figure": str(_simulated(label)),
                    "p10": dist["p10"],
                    "p50": dist["p50"],
                    "p90": dist["p90"],
                    "plan": plan_months[key],
                    "never": dist["never"],
                    "unit": str(_("month of the plan (0 = first month)")),
                }
            )
    rows.append(
        {
            "figure": str(_("Probability that NPV is positive")),
            "value": risk["probability_npv_positive"],
            "unit": risk_unit_label("fraction", currency=currency),
        }
    )
    rows.append({"figure": str(_("Simulated futures")), "value": risk["draws"]})
    rows.append({"figure": str(_("Random seed")), "value": risk["seed"]})
    for bar in risk["tornado"]:
        rows.append(
            {
                "figure": str(_("Tornado: %(input)s") % {"input": bar["label"]}),
                "plan": risk["npv_deterministic"],
                "unit": currency,
                "input_low": bar["low"],
                "input_high": bar["high"],
                "input_unit": risk_unit_label(bar["unit"], currency=currency),
                "npv_low": bar["npv_low"],
                "npv_high": bar["npv_high"],
                "money": ("plan", "npv_low", "npv_high")
                + (("input_low", "input_high") if bar["unit"] == "money" else ()),
            }
        )
    return rows


def risk_columns() -> list[tuple[str, str]]:
    """(key, header) of the risk table; keys index `risk_rows`."""
    return [
        ("figure", str(_("Figure"))),
        ("p10", "P10"),
        ("p50", "P50"),
        ("p90", "P90"),
        ("plan", str(_("Deterministic plan"))),
        ("never", str(_("Simulated futures in which it is never reached"))),
        ("value", str(_("Value"))),
        ("unit", str(_("Unit of the figure"))),
        ("input_low", str(_("Input at its low end"))),
        ("input_high", str(_("Input at its high end"))),
        ("input_unit", str(_("Unit of the input"))),
        ("npv_low", str(_("NPV with the input at its low end"))),
        ("npv_high", str(_("NPV with the input at its high end"))),
    ]
