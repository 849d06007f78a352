"""The benchmark figures of a roadmap and their sources in the reader's language (the workbook's
Assumptions sheet).

The engine is pure and keeps its cited sources in English (engine.defaults: the `sources` of
DEFAULT_BENCHMARKS, the reference text for the CLI and the logs); the provider seed copies them
into the Benchmark rows, one paragraph per source. This catalogue says each of them in a
translatable text, keyed by the engine's English text, so a seeded source reads in the reader's
language while a source an administrator typed (their own citation) is shown as typed. The
titles of the cited works stay as published; the sentences around them are translated. A
literal per cent sign is written "%%". Tests assert that every engine source has an entry here
and that each entry's English is the engine's text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from assessments.engine import defaults
from providers.models import Benchmark
from providers.units import unit_label

BENCHMARK_SOURCES: Mapping[str, Any] = {
    defaults.SRC_LOW_END: _(
        "Deloitte Consulting, 'Calling a Change in the Outsourcing Market', 2005: 44 %% of the large buyers "
        "surveyed saw no cost savings from outsourcing; for HR outsourcing nearly half of buyers report savings "
        "under 10 %% (R. H. Brown, Gartner, 'Beware of cost savings that add up to less than 10 percent', HRO "
        "Today, 2006). The low end of every savings band is therefore 0: a real downside, not a smaller saving."
    ),
    defaults.SRC_ITO_SAVINGS: _(
        "TPI (Technology Partners International) outsourcing survey, 2006: after professional fees, severance and "
        "governance, IT and business-services outsourcing savings range 10-39 %%, averaging 15 %% when contracts "
        "are first let. The point chosen for this capability inside that band is product judgement."
    ),
    defaults.SRC_HR_SAVINGS: _(
        "R. H. Brown (Gartner), 'Beware of cost savings that add up to less than 10 percent', HRO Today, 2006: "
        "survey of HR BPO buyers, the most common savings band is 10-15 %%."
    ),
    defaults.SRC_BPO_SAVINGS: _(
        "Offshore BPO: labour-rate differences of 50-60 %% give about 30-40 %% bottom-line savings (Vantage Agora, "
        "'What are the expected savings from outsourcing?'); HR is lower, 10-15 %% typical (Brown, HRO Today "
        "2006). This capability's band around that range is product judgement."
    ),
    defaults.PJ_ITO_TRANSITION: _(
        "product judgement: ITO transitions typically take 3-6 months; longer for data centre and applications"
    ),
    defaults.PJ_ITO_TRANSITION_COST: _(
        "product judgement: 5-8 %% of the annual cost for transition (knowledge transfer, migration, parallel "
        "running), a hidden-cost category named by Barthélemy (2001)"
    ),
    defaults.PJ_ITO_ENGAGEMENT: _(
        "product judgement: the ITO provider stays until savings are identified and the changes handed back to "
        "the business, then exits; 12-18 months"
    ),
    defaults.PJ_BPO_TRANSITION: _("product judgement: BPO transitions typically take 3-5 months"),
    defaults.PJ_BPO_TRANSITION_COST: _(
        "product judgement: knowledge transfer, process documentation and parallel running, 8-12 %%"
    ),
    defaults.PJ_BPO_RAMP: _("product judgement: benefits ramp up linearly over 3-6 months after transition"),
    defaults.PJ_NOT_USED: _("not used for this kind (ITO has no ramp-up; a BPO provider has no planned exit)"),
    defaults.SRC_SERVICE_DESK_UNIT: _(
        "MetricNet benchmarks as reported by HDI SupportWorld (J. Rumburg, 'Understanding cost per ticket', 2021) "
        "and service-desk vendors citing them: the average North American service-desk cost per ticket is about "
        "USD 22 (fully loaded: agents, supervision, technology, telecom, facilities). The low and high ends of the "
        "band around that average are product judgement."
    ),
    defaults.SRC_DATA_CENTRE_UNIT: _(
        "TeleGeography colocation pricing research (blog 'Three colocation facts every networker should know', "
        "c. 2022): median price per kW per month at 4 kW cabinets USD 275 in North America and USD 360 in Europe; "
        "competitive markets below, London / New York / Toronto above (about USD 450). Annualised (x 12): "
        "typical = North American median; low and high = the cheaper and dearer metros (product judgement on the "
        "exact points; the survey year is as reported, not verified against the report)."
    ),
    defaults.PJ_UNIT_COST: _(
        "product judgement: a managed-service market price per unit a year in USD; no public benchmark with a "
        "stated method was found. Administrators should replace it with a figure from a benchmarking study."
    ),
}

# The engine's `suitability_weights.source` (engine/context.py), worded for the reader.
WEIGHT_SOURCES: Mapping[str, Any] = {
    "product judgement (default weights)": _("product judgement (default weights)"),
    "criteria_pairwise: AHP principal eigenvector (Saaty)": _(
        "the assessment's pairwise comparison of the criteria: AHP principal eigenvector (Saaty)"
    ),
}

# The engine's shipped market regions (engine.defaults.MARKET_UNIT_COSTS); an administrator's own as typed.
MARKET_REGIONS: Mapping[str, Any] = {
    "global": _("global"),
    "North America": _("North America"),
}

# Benchmark figures that are fractions (shown in per cent).
FRACTION_FIELDS = frozenset({"savings_low", "savings_typical", "savings_high", "transition_cost_fraction"})


def benchmark_source(text: str) -> str:
    """A benchmark figure's source in the active language: each paragraph that is an engine source
    translated, any other (an administrator's own citation) as typed."""
    return "\n".join(
        str(BENCHMARK_SOURCES[line]) % {} if line in BENCHMARK_SOURCES else line for line in text.split("\n")
    )


def benchmark_field_label(name: str) -> str:
    """A benchmark figure's name as the catalogue's forms write it ("Savings, typical")."""
    try:
        field = Benchmark._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(capfirst(field.verbose_name))  # type: ignore[union-attr]  # reason: Benchmark's fields are concrete


def benchmark_value_shown(name: str, value: Any) -> Any:
    """A benchmark figure's value for the sheet: a shipped unit of measure or market region in the
    reader's language; numbers and anything typed by an administrator as they are."""
    if name == "unit_of_measure":
        return unit_label(value)
    if name == "market_region" and isinstance(value, str):
        return str(MARKET_REGIONS.get(value, value))
    return value


def weights_source(text: str) -> str:
    """The source of the BPO suitability weights in the active language."""
    return str(WEIGHT_SOURCES.get(text, text))
