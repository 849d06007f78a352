"""The regulator's requirement of a regulated BPO function, in the reader's language.

The engine (assessments/engine/regulation.py) gates a regulated business function and names the
requirement by a code; this module words it for the dashboard, the board pack and the exports.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _


def planned_bpo_head(condition: Mapping[str, Any] | None) -> str:
    """The first words of a planned BPO item's rationale: recommended, with a condition, or not until it is met."""
    if not condition:
        return _("Recommended for BPO")
    if condition.get("accepted"):
        return _("Recommended for BPO with a condition")
    return _("Planned for BPO on its economics, not recommended until a condition is met")


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
