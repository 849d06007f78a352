"""Issue 13: the origin's mean monthly earnings (USD) is an assessment parameter like the other
costs: the step-1 form edits it (blank keeps it), the engine input carries it, the workbook lists
it, and its basis reads in English and Indonesian."""

import io
from decimal import Decimal

from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from assessments.capture.selectors import COST_PARAMETER_FIELDS
from assessments.engine import roadmap_input_from_json
from assessments.roadmaps.inputs import roadmap_input_build
from assessments.roadmaps.parameter_bases import PARAMETER_BASES
from tests.assessments.test_capture_steps import _as_shown
from tests.assessments.test_workbook import build


def test_a_new_assessment_uses_the_regions_figure(draft):
    assert "origin_monthly_earnings_usd" in COST_PARAMETER_FIELDS
    assert draft.origin_monthly_earnings_usd == 0
    parameters = roadmap_input_from_json(roadmap_input_build(assessment=draft)).parameters
    assert parameters.origin_monthly_earnings_usd == 0.0


def test_step_one_edits_the_origins_earnings_and_the_engine_gets_them(client_for, consultant, draft):
    url = reverse("assessments:parameters", args=[draft.pk])
    payload = _as_shown(client_for(consultant).get(url).context["form"])
    payload.update({"lock_version": draft.lock_version, "action": "save", "origin_monthly_earnings_usd": "3400"})
    response = client_for(consultant).post(url, payload)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    draft.refresh_from_db()
    assert draft.origin_monthly_earnings_usd == Decimal("3400")
    assert (
        roadmap_input_from_json(roadmap_input_build(assessment=draft)).parameters.origin_monthly_earnings_usd == 3400.0
    )

    payload = _as_shown(client_for(consultant).get(url).context["form"])
    payload.update({"lock_version": draft.lock_version, "action": "save", "origin_monthly_earnings_usd": ""})
    assert client_for(consultant).post(url, payload).status_code == 302
    draft.refresh_from_db()
    assert draft.origin_monthly_earnings_usd == Decimal("3400")  # left blank: keeps its value

    payload = _as_shown(client_for(consultant).get(url).context["form"])
    payload.update({"lock_version": draft.lock_version, "action": "save", "origin_monthly_earnings_usd": "-5"})
    response = client_for(consultant).post(url, payload)
    assert response.status_code == 200
    assert "origin_monthly_earnings_usd" in response.context["form"].errors


def test_the_workbook_lists_the_origins_earnings(draft):
    draft.origin_monthly_earnings_usd = Decimal("5200")
    draft.save()
    with translation.override("en"):
        sheet = load_workbook(filename=io.BytesIO(build(draft))).worksheets[0]
    rows = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows["Origin's mean monthly earnings (USD)"] == 5200.0


def test_the_basis_is_translated():
    basis = PARAMETER_BASES["origin_monthly_earnings_usd"]
    with translation.override("en"):
        assert "Indonesia about 210 (BPS Sakernas, August 2023)" in str(basis.text)
    with translation.override("id"):
        assert "Indonesia sekitar 210 (BPS Sakernas, Agustus 2023)" in str(basis.text)
