"""Sentences for programme figures, in the reader's language, from codes and facts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.models import Engagement, Programme
from assessments.programmes import actuals_export
from assessments.programmes.realisation import GateStatus, SuccessResult
from outsourcing.money import NO_BREAK_SPACE, currency_marker, money_format, number_format
from providers.models import Capability


def engagement_label(*, label: str, capability_name: str | None) -> str:
    """An engagement's name in the reader's language: the stored label (the capability's English
    name, numbered "(2)" where one capability appears twice) with the capability's name translated,
    like Capability.__str__; the stored label as is when it no longer starts with that name (an
    administrator renamed the capability) or the capability is gone."""
    if capability_name and label.startswith(capability_name):
        return _(capability_name) + label[len(capability_name) :]
    return label


def engagement_labels(*, engagements: Iterable[Engagement]) -> dict[int, str]:
    """Engagement names in the reader's language by engagement id (see engagement_label); one query."""
    engagements = list(engagements)
    codes = {engagement.capability for engagement in engagements}
    names = dict(Capability.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    return {
        engagement.pk: engagement_label(label=engagement.label, capability_name=names.get(engagement.capability))
        for engagement in engagements
    }


def _measure(code: str) -> str:
    labels = {
        "cost_per_transaction": _("cost per transaction"),
        "error_rate_percent": _("error rate (%)"),
        "cycle_time_days": _("cycle time (days)"),
        "ftes_released": _("FTEs released"),
    }
    return labels.get(code, code)


def amount_bn(value: float | None, currency: str) -> str:
    """A large amount in billions with one decimal ("IDR 3.1 bn", "Rp 3,1 M"), in millions from a
    million, else in full; numbers and currency marker in the reader's language, joined by no-break
    spaces so the amount never breaks across lines. None reads as an en dash."""
    if value is None:
        return "–"
    marker = currency_marker(currency)
    if abs(value) >= 1e9:
        text = _("%(currency)s %(amount)s bn") % {"currency": marker, "amount": number_format(value / 1e9, decimals=1)}
    elif abs(value) >= 1e6:
        text = _("%(currency)s %(amount)s m") % {"currency": marker, "amount": number_format(value / 1e6, decimals=1)}
    else:
        return money_format(value, currency)
    return text.replace(" ", NO_BREAK_SPACE)


def _measure_value(code: str, value: Any, currency: str) -> str:
    """A success measure's figure for the reader: cost per transaction as money with cents, the
    others as numbers in the reader's language (error rate in per cent points, days, FTEs)."""
    if value is None or value == "":
        return "–"
    if code == "cost_per_transaction":
        return money_format(value, currency, decimals=2)
    return number_format(value, decimals=0 if code == "ftes_released" and float(value).is_integer() else 2)


def _slip(months: int) -> str:
    if months > 0:
        return ngettext("%(n)d month after plan", "%(n)d months after plan", months) % {"n": months}
    if months < 0:
        return ngettext("%(n)d month before plan", "%(n)d months before plan", -months) % {"n": -months}
    return _("as planned")


def gate_sentence(gate: GateStatus, *, currency: str) -> str:
    """Where the gate stands, e.g. "Realised run-rate IDR 3.1 bn a year of the 5.0 bn needed; at the
    current trend the gate opens in month 22, 3 months after plan"."""
    if gate.state == "not_required":
        return _("The plan has no ITO savings to wait for: the BPO phase need not wait for a gate.")
    needed = {
        "realised": amount_bn(gate.realised_run_rate, currency),
        "needed": amount_bn(gate.threshold, currency),
    }
    if gate.state == "no_actuals":
        return _("No ITO savings recorded yet; the gate needs a realised run-rate of %(needed)s a year.") % needed
    head = _("Realised run-rate %(realised)s a year of the %(needed)s needed") % needed
    if gate.state == "open":
        tail = _("the gate opened in month %(month)d") % {"month": gate.open_month}
        if gate.slip_months is not None:
            tail += ", " + _slip(gate.slip_months)
        return f"{head}; {tail}."
    if gate.state == "not_in_sight":
        return head + "; " + _("at the current trend the gate does not open within the plan.")
    tail = _("at the current trend the gate opens in month %(month)d") % {"month": gate.projected_month}
    if gate.slip_months is not None:
        tail += ", " + _slip(gate.slip_months)
    return f"{head}; {tail}."


def gate_state_label(state: str) -> str:
    labels = {
        "not_required": _("not required"),
        "open": _("open"),
        "no_actuals": _("no actuals yet"),
        "on_track": _("on track"),
        "late": _("late"),
        "not_in_sight": _("not in sight"),
    }
    return labels.get(state, state)


def success_state_label(state: str) -> str:
    labels = {"pending": _("pending"), "met": _("met"), "at_risk": _("at risk"), "missed": _("missed")}
    return labels.get(state, state)


def success_reason(result: SuccessResult, *, currency: str) -> str:
    """Why a BPO engagement's success test says met, at risk, missed or pending."""
    facts: dict[str, Any] = dict(result.params)
    if result.code == "ramping_up":
        return _("Judged after three months of benefits; %(months)d recorded so far.") % {"months": facts["months"]}
    if result.code == "no_measures":
        return _("No success measure recorded against a target yet.")
    money = {
        "realised": amount_bn(facts.get("realised"), currency),
        "planned": amount_bn(facts.get("planned"), currency),
    }
    if result.code == "no_net_benefit":
        return _("No net financial gain so far (%(realised)s against %(planned)s planned).") % money
    if result.code == "benefit_far_below_plan":
        return _("Net benefit %(realised)s is less than half of the %(planned)s planned to date.") % money
    if result.code == "benefit_below_plan":
        return _("Net benefit %(realised)s is below the %(planned)s planned to date.") % money
    if result.code == "targets_met":
        return _("Every measure reached its target and the net benefit (%(realised)s) reached plan.") % money
    code = str(facts.get("measure", ""))
    values = {"measure": _measure(code), "actual": _measure_value(code, facts.get("actual"), currency)}
    if result.code == "no_better_than_baseline":
        return _("The %(measure)s (%(actual)s) is no better than before the engagement (%(baseline)s).") % (
            values | {"baseline": _measure_value(code, facts.get("baseline"), currency)}
        )
    if result.code == "measure_below_target":
        return _("The %(measure)s (%(actual)s) has not reached its target (%(target)s).") % (
            values | {"target": _measure_value(code, facts.get("target"), currency)}
        )
    return result.code


def notification_text(*, code: str, params: dict[str, Any], programme: Programme) -> tuple[str, str]:
    """Subject and body of a notification to managers."""
    organisation = programme.roadmap.assessment.organisation.name
    if code == "gate_slipped":
        subject = _("%(organisation)s: the BPO gate is late") % {"organisation": organisation}
        body = ngettext(
            "On recorded actuals the BPO gate opens %(n)d month after plan (month %(month)s).",
            "On recorded actuals the BPO gate opens %(n)d months after plan (month %(month)s).",
            params["months"],
        ) % {"n": params["months"], "month": params.get("month") if params.get("month") is not None else "-"}
        return subject, body
    code_of_capability = params.get("capability")
    name = (
        Capability.objects.filter(code=code_of_capability).values_list("name", flat=True).first()
        if code_of_capability
        else None
    )
    subject = _("%(organisation)s: %(engagement)s is %(state)s") % {
        "organisation": organisation,
        "engagement": engagement_label(label=params.get("engagement", ""), capability_name=name),
        "state": success_state_label(code.removeprefix("engagement_")),
    }
    facts = tuple(params.get("facts", {}).items())
    result = SuccessResult(state="at_risk", code=params.get("reason", ""), params=facts)
    return subject, success_reason(result, currency=programme.roadmap.assessment.organisation.currency)


def actuals_file(*, programme: Programme, fmt: str) -> bytes:
    """The programme's actuals as a file in the import's columns: `fmt` "csv" (UTF-8, every text
    cell quoted and neutralised against formulas) or "xlsx". Raises KeyError for another format."""
    write = {"csv": actuals_export.actuals_csv, "xlsx": actuals_export.actuals_xlsx}[fmt]
    return write(programme=programme)
