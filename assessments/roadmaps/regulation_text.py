"""The regulator's requirement of a regulated BPO function, in the reader's language.

The engine (assessments/engine/regulation.py) gates a regulated business function and names the
requirement by a code; this module words it for the dashboard, the board pack and the exports.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from assessments.roadmaps.rationale_labels import month_label, suitability_format
from outsourcing.money import money_format


def planned_bpo_head(condition: Mapping[str, Any] | None) -> str:
    """The first words of a planned BPO item's rationale: recommended, or with a condition stated met. A
    regulated function without its stated condition is planned only when already under way."""
    if not condition:
        return _("Recommended for BPO")
    if condition.get("accepted"):
        return _("Recommended for BPO with a condition")
    return _("Under way, but not recommended until the regulator's condition is stated as met")


def regulatory_condition_text(condition: Mapping[str, Any] | None) -> str:
    """The regulator's requirement a regulated BPO function must meet, in the active language ("" when
    the item is not gated). Codes and sources: assessments/engine/regulation.py."""
    if not condition:
        return ""
    code = condition.get("code")
    if code == "id_ojk_bank":
        need = _(
            "OJK's POJK No. 9/POJK.03/2016 (prudential principles for banks outsourcing work to other parties) "
            "requires material outsourcing to be reported to OJK and to meet its prudential conditions"
        )
    elif code == "eu_eba_outsourcing":
        need = _(
            "the EBA Guidelines on outsourcing arrangements (EBA/GL/2019/02) require an assessment of this "
            "critical or important function and notice to the competent authority before it is outsourced"
        )
    else:
        need = _("the regulator's requirement for material outsourcing must be met first")
    if condition.get("accepted"):
        return _("Regulated function: %(need)s; recommended on the stated condition that it is met.") % {"need": need}
    return _(
        "Regulated function: %(need)s; not recommended until the condition is stated as met (tick “regulator's "
        "condition accepted” on the line)."
    ) % {"need": need}


def condition_required_text(params: Mapping[str, Any], *, currency: str) -> str:
    """A regulated function left out of the plan until the regulator's condition is stated met (the
    requirement itself follows in regulation_text.regulatory_condition_text)."""
    npv = params.get("npv")
    return _(
        "Not recommended for BPO until the regulator's condition is stated as met: on its figures it would pay "
        "(suitability %(suitability)s/100, %(benefit)s a year after the provider's fee and governance, NPV %(npv)s "
        "over the contract from month %(start)s), but a regulated function is not handed over on its economics "
        "alone, so it is not in the plan and none of its money is counted."
    ) % {
        "suitability": suitability_format(params.get("suitability")),
        "benefit": money_format(params.get("net_annual_benefit"), currency),
        "npv": money_format(npv, currency) if npv is not None else _("not positive"),
        "start": month_label(params.get("start_month")),
    }
