"""The basis of each parameter's default in the reader's language.

The engine is pure and keeps its cited sources in English (engine.defaults.PARAMETER_SOURCES,
the reference text for the CLI and the logs). This catalogue says the same in a translatable
text for the pages (dashboard, board pack, compare, workbook). A test asserts that every key of
PARAMETER_SOURCES has an entry here, so a new parameter cannot reach a page untranslated.

Each text is a %-format string. Its fractional numbers are placeholders filled by the
presenter in the reader's locale ("6,5 %" in Indonesian); a literal per cent sign is written
"%%". The placeholders are listed per entry as (kind, value):
- "number": a plain number (value: the number), with as many decimals as it has;
- "percent": a fraction shown in per cent (value: the fraction, 0.065 for 6.5 %);
- "times": a multiple ("1.0 x"; value: the multiple);
- "label": a form label or a choice label (value: a lazy text), for field names and codes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from django.utils.translation import gettext_lazy as _

from assessments.capture.models import Assessment, ITCostArea, SeveranceRule
from assessments.engine import Parameters
from assessments.engine.defaults import DISCOUNT_RATE_FALLBACK, GOVERNMENT_BOND_YIELD_10Y, discount_rate_of

# The engine's defaults: a basis that quotes "the default" quotes the figure the engine uses.
_ENGINE_DEFAULTS: Mapping[str, Any] = {f.name: f.default for f in fields(Parameters)}


def _assessment_label(name: str) -> Any:
    return Assessment._meta.get_field(name).verbose_name  # type: ignore[union-attr]  # reason: a concrete field


def _area_label(name: str) -> Any:
    return ITCostArea._meta.get_field(name).verbose_name  # type: ignore[union-attr]  # reason: a concrete field


@dataclass(frozen=True)
class Basis:
    """A translatable basis text and its placeholders: name -> (kind, value), kinds as above."""

    text: Any
    values: Mapping[str, tuple[str, Any]] = field(default_factory=dict)


PARAMETER_BASES: Mapping[str, Basis] = {
    "horizon_months": Basis(_("The product's own judgement: a five-year business case.")),
    "discount_rate": Basis(
        _(
            "The currency's 10-year government bond yield plus a 4-point equity and risk premium (the premium is the "
            "product's own judgement for a corporate cost of capital). Yields, 2024 annual averages, rounded: "
            "Indonesia about %(id_yield)s (10-year SUN benchmark yield, Bank Indonesia / PHEI; it traded between "
            "about %(id_low)s and %(id_high)s in 2024), United States %(us_yield)s (Federal Reserve H.15, series "
            "DGS10, 10-year Treasury constant maturity: %(us_exact)s in 2024), euro area about %(eu_yield)s (ECB euro "
            "area yield curve, AAA-rated 10-year spot rate). So %(idr)s for IDR, %(usd)s for USD, %(eur)s for EUR; "
            "any other currency %(other)s, the product's own judgement for a typical corporate cost of capital, "
            "because no yield is on file."
        ),
        {
            "id_yield": ("percent", GOVERNMENT_BOND_YIELD_10Y["IDR"]),
            "id_low": ("percent", 0.066),
            "id_high": ("percent", 0.072),
            "us_yield": ("percent", GOVERNMENT_BOND_YIELD_10Y["USD"]),
            "us_exact": ("percent", 0.0421),
            "eu_yield": ("percent", GOVERNMENT_BOND_YIELD_10Y["EUR"]),
            "idr": ("percent", discount_rate_of("IDR")),
            "usd": ("percent", discount_rate_of("USD")),
            "eur": ("percent", discount_rate_of("EUR")),
            "other": ("percent", DISCOUNT_RATE_FALLBACK),
        },
    ),
    "gate_fraction": Basis(
        _(
            "The product's own judgement: BPO starts once the ITO savings are real, taken as the month the realised "
            "ITO savings run-rate reaches one half of the planned ITO run-rate."
        )
    ),
    "max_parallel_ito": Basis(_("The product's own judgement: what a mid-sized IT organisation can govern at once.")),
    "max_parallel_bpo": Basis(_("The product's own judgement: limited parallel BPO transition waves.")),
    "materiality_threshold": Basis(
        _(
            "R. H. Brown (Gartner), 'Beware of cost savings that add up to less than 10 percent', HRO Today, 2006: "
            "savings under 10 %% are commonly consumed by the hidden costs of a deal; an area must find at least "
            "10 %% of its annual cost (relative floor)."
        )
    ),
    "materiality_min_savings": Basis(
        _(
            "The product's own judgement: an absolute floor depends on the currency, so the engine ships 0 (off) "
            "and the organisation sets it in its own currency."
        )
    ),
    "ito_valuation_months": Basis(
        _(
            "The product's own judgement, anchored on the TPI Index (ISG, 2Q 2012): outsourcing contracts average "
            "about five years (%(years)s in 1H 2012); found savings are valued over one such cycle from the "
            "engagement's start."
        ),
        {"years": ("number", 4.85)},
    ),
    "bpo_contract_months": Basis(
        _(
            "TPI Index (ISG, 2Q 2012): outsourcing contract durations averaged about five years (%(years)s in "
            "1H 2012); a BPO deal is valued over its own five-year term."
        ),
        {"years": ("number", 4.85)},
    ),
    "retained_fte_fraction": Basis(
        _(
            "The product's own judgement: a retained organisation (vendor management, process ownership) of about "
            "one in twenty of the function's FTEs, within the 3-12 %% of contract value commonly quoted for "
            "governance."
        )
    ),
    "solver_time_limit_seconds": Basis(
        _("The product's own judgement: an answer while the user waits; the optimality gap is reported.")
    ),
    "selection_cost_fraction": Basis(
        _(
            "Vendor search and contracting are a hidden cost of outsourcing (Barthélemy 2001, 'The hidden costs of "
            "IT outsourcing', MIT Sloan Management Review 42(3)). Its size, 2-5 %% of the annual price with "
            "%(default)s as the default mid-point, is the product's own judgement."
        ),
        {"default": ("percent", _ENGINE_DEFAULTS["selection_cost_fraction"])},
    ),
    "governance_fraction": Basis(
        _(
            "Managing the provider (contract management, monitoring) is a hidden cost of outsourcing (Barthélemy "
            "2001, 'The hidden costs of IT outsourcing', MIT Sloan Management Review 42(3)). Its size is commonly "
            "quoted as 3-12 %% of contract value, lower for infrastructure towers and higher for BPO and "
            "applications (a practitioners' range, not a survey figure). %(default)s for BPO and the applications "
            "tower, in the upper half because the buyer keeps directing the processes and applications the "
            "provider runs, is the product's own judgement within it."
        ),
        {"default": ("percent", _ENGINE_DEFAULTS["governance_fraction"])},
    ),
    "risk_draws": Basis(
        _(
            "The product's own judgement: %(draws)s futures put the simulation error of P10, P50 and P90 well under "
            "1 %% of the spread of a typical plan, in an answer while the user waits."
        ),
        {"draws": ("number", _ENGINE_DEFAULTS["risk_draws"])},
    ),
    "risk_seed": Basis(_("The product's own judgement: any fixed seed; fixed so that a result reproduces.")),
    "gate_month_actual": Basis(
        _(
            "The product's own judgement: no default; the realised gate comes from the programme's recorded actuals "
            "(the gate on evidence), and without it the planned gate stands."
        )
    ),
    "severance_rule": Basis(
        _(
            "“%(by_region)s”: in Indonesia, Government Regulation (PP) No. 35 of 2021, Art. 40(2)-(4): severance pay "
            "(1-9 months of wages by years of service), long-service pay (2-10 months from 3 years) and "
            "compensation of rights; elsewhere “%(months_per_year)s” (below)."
        ),
        {
            "by_region": ("label", SeveranceRule.BY_REGION.label),
            "months_per_year": ("label", SeveranceRule.MONTHS_PER_YEAR.label),
        },
    ),
    "average_tenure_years": Basis(
        _(
            "The product's own judgement: five years of service for a back-office team; the assessment should give "
            "its own."
        )
    ),
    "wage_share": Basis(
        _(
            "The product's own judgement: staff wages are about 60 %% of an in-house back-office function's cost "
            "(the rest is space, systems and overhead); the base of the severance pay."
        )
    ),
    "severance_multiplier": Basis(
        _(
            "PP 35/2021 Art. 43(2): a dismissal for efficiency to prevent losses pays %(full)s severance pay "
            "(%(half)s under Art. 43(1) when the company is making losses)."
        ),
        {"full": ("times", 1.0), "half": ("times", 0.5)},
    ),
    "compensation_of_rights_months": Basis(
        _(
            "The product's own judgement: PP 35/2021 Art. 40(4) lists untaken annual leave and travel home but sets "
            "no amount; half a month (12 days' leave is about half a month of wages, UU 13/2003 Art. 79)."
        )
    ),
    "severance_months_per_year": Basis(
        _(
            "Germany's Kündigungsschutzgesetz (KSchG) s.1a: half a month's earnings per year of service for a "
            "dismissal for operational reasons; a common European reference, the product's own judgement outside "
            "Germany (the UK statutory redundancy pay, Employment Rights Act 1996 s.162, is about a quarter month a "
            "year)."
        )
    ),
    "staff_transfer_fraction": Basis(
        _(
            "The product's own judgement: no staff transfer unless the deal says so (a transfer to the provider "
            "pays no severance)."
        )
    ),
    "retained_cost_per_fte": Basis(
        _(
            "The product's own judgement: 0 (off) because it depends on the currency; governance is then the share "
            "of contract value."
        )
    ),
    "governance_fraction_ito": Basis(
        _(
            "The product's own judgement within the commonly quoted range of 3-12 %% of contract value for retained "
            "governance (lower for infrastructure towers, higher for BPO and applications; Barthélemy 2001, MIT "
            "Sloan Management Review, on the hidden management costs of IT outsourcing): 3 %% for infrastructure, "
            "the low end; the applications tower uses the BPO governance share (8 %%), as BPO does."
        )
    ),
    "termination_fee_months": Basis(
        _(
            "The product's own judgement: 0, because the schedule starts no line before the month in its "
            "“%(available)s” field (its contract end), so no contract is ended early; enter the notice "
            "period when one is."
        ),
        {"available": ("label", _area_label("available_from_month"))},
    ),
    "stranded_cost_fraction": Basis(
        _(
            "The product's own judgement: 0, the remaining book value needs the buyer's asset and licence register; "
            "enter it."
        )
    ),
    "dual_running_months": Basis(
        _(
            "The product's own judgement: one month of parallel running before the provider takes over; the "
            "benchmark transition cost covers knowledge transfer and migration."
        )
    ),
    "wage_growth": Basis(
        _(
            "The product's own judgement: 0, with “%(indexation)s” at 0, i.e. constant prices; set both "
            "(e.g. Indonesia's 2025 minimum-wage rise of %(rise)s, Permenaker 16/2024, against a CPI-linked price "
            "adjustment) to model the gap."
        ),
        {
            "indexation": ("label", _assessment_label("provider_indexation")),
            "rise": ("percent", 0.065),
        },
    ),
    "provider_indexation": Basis(
        _("The product's own judgement: 0, with “%(wage_growth)s” at 0 (constant prices); see that parameter."),
        {"wage_growth": ("label", _assessment_label("wage_growth"))},
    ),
    "ito_erosion_rate": Basis(
        _(
            "The product's own judgement: 5 %% of the ITO savings a year are lost after the provider exits (the ITO "
            "engagement is short: what persists is renegotiated contracts and consolidation, which drift back "
            "without the provider)."
        )
    ),
    "provider_currency_share": Basis(
        _("The product's own judgement: 0, a provider priced in the assessment's currency.")
    ),
    "fx_depreciation": Basis(
        _(
            "The product's own judgement: 0; enter the forward premium of the provider's currency when it prices in "
            "another."
        )
    ),
    "vat_rate": Basis(
        _(
            "Indonesia's PPN (VAT) at 11 %% from 1 April 2022, Law 7/2021 (UU HPP) Art. 7; from 2025 the 12 %% rate "
            "applies on a tax base of 11/12 for ordinary services (PMK 131/2024), still 11 %% in effect."
        )
    ),
    "vat_recoverable_fraction": Basis(
        _(
            "Law 8/1983 on VAT as amended (UU PPN) Art. 9: a VAT-registered buyer credits input VAT, so 100 %%; a "
            "VAT-exempt buyer (banks, insurers) cannot and sets 0."
        )
    ),
    "deal_fixed_cost": Basis(
        _(
            "The product's own judgement: 0 (off) because it depends on the currency; selection, legal and "
            "contracting cost a fixed minimum per deal that the organisation sets in its own currency."
        )
    ),
    "deal_lead_time_months": Basis(
        _(
            "The product's own judgement: 0, the plan starts once contracting is done; set 3-6 months for a "
            "selection still to run."
        )
    ),
    "origin_monthly_earnings_usd": Basis(
        _(
            "0 = the region's mean monthly earnings of employees in US dollars: Indonesia about 210 (BPS Sakernas, "
            "August 2023), Europe about 3,400 (Eurostat, 2023), North America about 5,200 (US BLS, 2024); Southeast "
            "Asia about 320 and Asia Pacific about 1,200 are the product's own weighted mixes of national figures. "
            "Against India's about 250 (PLFS, 2024), the offshore hub: a labour-rate gap of 55 %% or more keeps the "
            "BPO bands as published, none brings every delivery model down to the onshore band."
        )
    ),
    # Documented in the engine's schema rather than in PARAMETER_SOURCES.
    "savings_band": Basis(
        _(
            "The typical value of each published benchmark band; the low and high ends give the ranges shown with "
            "the key figures."
        )
    ),
}
