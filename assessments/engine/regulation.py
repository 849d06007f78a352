"""Regulation as a gate on BPO: a regulated business function needs a stated condition.

A business function whose work is regulated (data, decisions or conduct a supervisor
oversees) cannot be handed to a provider on its economics alone: supervisors treat its
outsourcing as *material* and require approval or notification first, and a plan that
ignores it would be stopped by the supervisor. The engine therefore never calls such a
function "probable" or "recommended" for BPO unless the consultant states the regulator's
condition will be met (`BusinessFunction.regulatory_condition_accepted`): without it the
function is not in the plan (not scheduled, so not in the run-rate, NPV, cash flow or risk)
and its recommendation is "condition_required", the requirement named as the reason; with
it the item is planned on its economics as "recommended_with_condition" and names the condition.

Which functions are gated (product judgement: the 1-5 scale is the product's own):

- regulatory sensitivity 5 ("heavily regulated data or decisions"): always;
- regulatory sensitivity 4: only in a financial sector (banks, insurers, payment and
  investment firms), whose supervisors publish outsourcing rules that catch most
  outsourcing of a regulated function (the lower bar: a 4 elsewhere is a matter for the
  contract, not a supervisor's approval).

Which requirement is named, by the organisation's region and sector (`Parameters.region`,
`Parameters.currency`, `Parameters.sector`):

- a bank in Indonesia (region "id" or currency IDR): Otoritas Jasa Keuangan (OJK),
  POJK No. 9/POJK.03/2016 on prudential principles for commercial banks outsourcing work
  to other parties (Peraturan OJK No. 9/POJK.03/2016, 2016): an outsourcing policy, and
  material outsourcing reported to OJK and meeting its prudential conditions;
- a bank, investment firm or payment institution in the EU (region "eu"): the European
  Banking Authority's Guidelines on outsourcing arrangements, EBA/GL/2019/02 (2019):
  a pre-outsourcing analysis and assessment of critical or important functions, and
  notification of the competent authority before outsourcing them;
- any other: the regulator's requirement for material outsourcing (named by the consultant).

Pure: no Django; strings are English (the web app words them in the active language from
`RegulatoryCondition.code`).
"""

from __future__ import annotations

from .types import BusinessFunction, Parameters, RegulatoryCondition

# Regulatory sensitivity from which a function is always gated, and from which it is gated in a
# financial sector (product judgement, see the module docstring).
GATED_FROM = 5
GATED_FROM_FINANCIAL = 4

ID_OJK_BANK = "id_ojk_bank"
EU_EBA_OUTSOURCING = "eu_eba_outsourcing"
GENERIC = "generic"
CONDITION_CODES: tuple[str, ...] = (ID_OJK_BANK, EU_EBA_OUTSOURCING, GENERIC)

# Requirement of each code: (regulator, requirement); the sources are in the module docstring.
REQUIREMENTS: dict[str, tuple[str, str]] = {
    ID_OJK_BANK: ("OJK", "POJK No. 9/POJK.03/2016"),
    EU_EBA_OUTSOURCING: ("EBA", "EBA/GL/2019/02"),
    GENERIC: ("", ""),
}

# Words of a sector (English and Indonesian, lower case) that make it a bank, or financial.
_BANK_WORDS: tuple[str, ...] = ("bank", "perbankan")
_FINANCIAL_WORDS: tuple[str, ...] = (
    *_BANK_WORDS,
    "insur",
    "asuransi",
    "financ",
    "keuangan",
    "payment",
    "pembayaran",
    "invest",
    "securities",
    "sekuritas",
)


def _has(sector: str, words: tuple[str, ...]) -> bool:
    text = sector.strip().lower()
    return any(word in text for word in words)


def is_bank(sector: str) -> bool:
    """True when the sector text names a bank ("Banking", "Commercial bank", "Perbankan")."""
    return _has(sector, _BANK_WORDS)


def is_financial(sector: str) -> bool:
    """True for a bank, insurer, payment, investment or securities firm (English or Indonesian words)."""
    return _has(sector, _FINANCIAL_WORDS)


def is_gated(*, regulatory_sensitivity: int, sector: str) -> bool:
    """Whether a function of this regulatory sensitivity (1-5) in this sector needs a stated condition."""
    if regulatory_sensitivity >= GATED_FROM:
        return True
    return regulatory_sensitivity >= GATED_FROM_FINANCIAL and is_financial(sector)


def requirement_code(*, region: str, currency: str, sector: str) -> str:
    """The code of the regulator's requirement that applies (see the module docstring)."""
    reg = region.strip().lower()
    if is_bank(sector) and (reg == "id" or currency.strip().upper() == "IDR"):
        return ID_OJK_BANK
    if reg == "eu" and _has(sector, (*_BANK_WORDS, "payment", "invest", "securities")):
        return EU_EBA_OUTSOURCING
    return GENERIC


def regulatory_condition(function: BusinessFunction, parameters: Parameters) -> RegulatoryCondition | None:
    """The condition a regulated function must meet, or None when it is not gated."""
    if not is_gated(regulatory_sensitivity=function.regulatory_sensitivity, sector=parameters.sector):
        return None
    code = requirement_code(region=parameters.region, currency=parameters.currency, sector=parameters.sector)
    regulator, requirement = REQUIREMENTS[code]
    return RegulatoryCondition(
        code=code, regulator=regulator, requirement=requirement, accepted=function.regulatory_condition_accepted
    )


def condition_sentence(condition: RegulatoryCondition) -> str:
    """The condition in one English sentence, for the engine's rationale."""
    if condition.code == ID_OJK_BANK:
        need = (
            "OJK's POJK No. 9/POJK.03/2016 (prudential principles for banks outsourcing work to other parties) "
            "requires material outsourcing to be reported to OJK and to meet its prudential conditions"
        )
    elif condition.code == EU_EBA_OUTSOURCING:
        need = (
            "the EBA Guidelines on outsourcing arrangements (EBA/GL/2019/02) require an assessment of this "
            "critical or important function and notice to the competent authority before it is outsourced"
        )
    else:
        need = "the regulator's requirement for material outsourcing must be met first"
    if condition.accepted:
        return f"Regulated function: {need}; recommended on the stated condition that it is met."
    return f"Regulated function: {need}; not recommended until the condition is stated as met."


def planned_head(condition: RegulatoryCondition | None) -> str:
    """The first words of a planned BPO item's rationale, after the gate. A gated item is planned only
    with its condition stated met (plan.py), or when it is already under way (`fixed_start_month`)."""
    if condition is None:
        return "Recommended for BPO"
    if condition.accepted:
        return "Recommended for BPO with a condition"
    return "Under way, but not recommended until the regulator's condition is stated as met"


def gated_recommendation(*, planned: bool, code: str, condition: RegulatoryCondition | None) -> str:
    """A BPO item's recommendation: a planned item is "recommended", or "recommended_with_condition"
    when it is regulated and its condition stated met; an item left out for want of the stated
    condition (plan code "condition_required"), or under way without it, is "condition_required";
    any other "not_recommended"."""
    if planned and condition is None:
        return "recommended"
    if planned and condition is not None and condition.accepted:
        return "recommended_with_condition"
    return "condition_required" if planned or code == "condition_required" else "not_recommended"


def gated_class(*, suitability_class: str, condition: RegulatoryCondition | None) -> str:
    """A gated function without its stated condition is at best "possible", never "probable"."""
    if condition is not None and not condition.accepted and suitability_class == "probable":
        return "possible"
    return suitability_class
