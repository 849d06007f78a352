"""Why a planned roadmap item starts after month 0, in the reader's language (from the engine's
`delay_code` and facts: contract end, gate, deal lead time, slots held by named items)."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from assessments.roadmaps.rationale_labels import held_by_named, month_label
from outsourcing.money import number_format


def delay_explanation(item: Mapping[str, Any], *, names: Mapping[str, str] | None = None) -> str:
    """Why a planned item starts after month 0, from the engine's `delay_code` and facts; empty when
    it starts at once (or the result has no delay codes)."""
    code = item.get("delay_code")
    params = item.get("delay_params") or {}
    if code == "waiting_for_contract_end":
        text = _("Waiting for the contract end: starts in month %(month)s, when the area is free.") % {
            "month": month_label(params.get("available_from_month"))
        }
        if params.get("later_wave"):
            text += " " + _(
                "A later ITO wave: BPO does not wait for it and may start from the gate in month %(gate)s."
            ) % {"gate": month_label(params.get("gate_month"))}
        return text
    if code == "waiting_for_gate":
        return _("Waiting for the gate: starts in month %(gate)s, once the ITO savings are realised.") % {
            "gate": month_label(params.get("gate_month"))
        }
    if code == "waiting_for_lead_time":
        return _(
            "Waiting for the deal lead time: selection and contracting take %(months)s months, so no deal starts "
            "before month %(months)s."
        ) % {"months": month_label(params.get("lead_time_months"))}
    if code == "slot_held":
        slots = int(params.get("slots") or 0)
        values = {
            "month": month_label(params.get("could_start_month")),
            "slots": number_format(params.get("slots")),
            "held": held_by_named(params.get("held_by"), names or {}),
        }
        if slots == 1:
            return _("Could start in month %(month)s, but the single slot is held until then by %(held)s.") % values
        if slots == 2:
            return _("Could start in month %(month)s, but both slots are held until then by %(held)s.") % values
        return _("Could start in month %(month)s, but all %(slots)s slots are held until then by %(held)s.") % values
    return ""
