"""The business case's risk on the dashboard, in the board pack and in the exports."""

import csv
import io
from html import escape
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from assessments.models import Roadmap
from assessments.roadmaps.charts import dashboard as charts
from assessments.roadmaps.presenter import presentation_build
from assessments.roadmaps.risk_presenter import risk_sentence
from tests.factories.roadmaps import done_presentation_get, done_result_get, done_roadmap_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def roadmap(organisation, consultant):
    return done_roadmap_for(organisation=organisation, author=consultant)


def _risk(roadmap: Roadmap) -> dict[str, Any]:
    risk = done_result_get(roadmap=roadmap)["risk"]
    assert risk is not None, "the factory's roadmap simulates its risk (10,000 draws)"
    return risk


def test_the_sentence_reads_like_the_issue():
    with translation.override("en"):
        assert risk_sentence(probability=0.87, draws=10_000) == "NPV is positive in 87 % of 10,000 simulated futures."
        assert risk_sentence(probability=0.999, draws=10_000).startswith("NPV is positive in > 99 % ")
        assert risk_sentence(probability=0.0004, draws=10_000).startswith("NPV is positive in < 1 % ")
        assert risk_sentence(probability=1.0, draws=1) == "NPV is positive in 100 % of 1 simulated future."
    with translation.override("id"):
        assert risk_sentence(probability=0.87, draws=10_000) == "NPV positif pada 87 % dari 10.000 simulasi masa depan."


def test_the_engine_result_carries_the_risk(roadmap):
    risk = _risk(roadmap)
    assert risk["draws"] == 10_000
    assert risk["npv_p10"] <= risk["npv_p50"] <= risk["npv_p90"]
    assert risk["npv_deterministic"] == pytest.approx(roadmap.result["kpis"]["npv"], abs=0.02)
    assert risk["tornado"]


def test_dashboard_shows_the_probability_percentiles_and_both_charts(roadmap, manager, client_for):
    risk = _risk(roadmap)
    page = client_for(manager).get(reverse("assessments:roadmap_dashboard", args=[roadmap.pk])).content.decode()
    assert 'data-testid="risk-summary"' in page
    percent = round(100 * risk["probability_npv_positive"])
    shown = "> 99" if 0.995 <= risk["probability_npv_positive"] < 1 else str(percent)
    # The page escapes "> 99" as "&gt; 99".
    assert escape(f"NPV is positive in {shown} % of 10,000 simulated futures.") in page
    assert 'id="chart-risk-npv"' in page
    assert 'id="chart-risk-tornado"' in page
    assert reverse("assessments:roadmap_export_risk_csv", args=[roadmap.pk]) in page


def test_tornado_chart_lists_the_largest_swing_first(roadmap):
    view = done_presentation_get(roadmap=roadmap)
    drawn = {chart.id: chart for chart in charts.dashboard_charts(view)}
    tornado = drawn["chart-risk-tornado"]
    assert view.risk is not None, "the factory's roadmap simulates its risk (10,000 draws)"
    first = view.risk["tornado"][0]
    assert tornado.table.rows[0][0] == first["label"]
    swings = [bar["swing"] for bar in view.risk["tornado"]]
    assert swings == sorted(swings, reverse=True)
    npv = drawn["chart-risk-npv"]
    assert sum(npv.figure["data"][0]["y"]) == pytest.approx(100, abs=0.5)  # shares of the futures, per cent


def test_board_pack_shows_the_percentiles(roadmap, manager, client_for):
    page = client_for(manager).get(reverse("assessments:roadmap_board_pack", args=[roadmap.pk])).content.decode()
    assert 'data-testid="risk-summary"' in page
    assert 'data-risk="npv"' in page
    assert 'data-risk="payback"' in page


def test_risk_csv_gives_the_percentiles_and_the_tornado(roadmap, manager, client_for):
    risk = _risk(roadmap)
    response = client_for(manager).get(reverse("assessments:roadmap_export_risk_csv", args=[roadmap.pk]))
    assert response.status_code == 200
    assert f"roadmap-{roadmap.pk}.risk.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Figure", "P10", "P50", "P90"]
    npv = rows[1]
    assert npv[0] == "Net present value, simulated"
    assert [float(x) for x in npv[1:4]] == pytest.approx([risk["npv_p10"], risk["npv_p50"], risk["npv_p90"]])
    tornado = [row for row in rows if row[0].startswith("Tornado: ")]
    assert len(tornado) == len(risk["tornado"])
    low = rows[0].index("NPV with the input at its low end")
    assert float(tornado[0][low]) == pytest.approx(risk["tornado"][0]["npv_low"])


def test_workbook_has_the_percentiles_on_the_summary_and_a_risk_sheet(roadmap, manager, client_for):
    risk = _risk(roadmap)
    response = client_for(manager).get(reverse("assessments:roadmap_export_xlsx", args=[roadmap.pk]))
    workbook = load_workbook(io.BytesIO(response.content), data_only=True)
    labels = [row[0] for row in workbook["Summary"].iter_rows(values_only=True) if row[0]]
    # Each figure is named once, so a reader (or a lookup by label) cannot take one for the other.
    assert len(labels) == len(set(labels)), sorted(label for label in labels if labels.count(label) > 1)
    simulated = "Net present value, simulated"
    summary = [row for row in workbook["Summary"].iter_rows(values_only=True) if row[0] == simulated]
    assert list(summary[0][1:4]) == pytest.approx([risk["npv_p10"], risk["npv_p50"], risk["npv_p90"]])
    sheet = workbook["Risk"]
    assert str(sheet["A1"].value).startswith("NPV is positive in ")
    rows = list(sheet.iter_rows(values_only=True))
    start = next(k for k, row in enumerate(rows) if row[0] == "NPV from")
    counts = [row[2] for row in rows[start + 1 :] if row[0] is not None]
    assert len(counts) == 30
    assert sum(counts) == risk["draws"]


def test_risk_csv_is_404_for_other_organisations(roadmap, other_consultant, client_for):
    url = reverse("assessments:roadmap_export_risk_csv", args=[roadmap.pk])
    assert client_for(other_consultant).get(url).status_code == 404


def test_a_result_without_risk_shows_no_risk_section(roadmap, manager, client_for):
    result = dict(roadmap.result)
    result.pop("risk")
    view = presentation_build(result=result, capability_names={}, known_providers=set())
    assert view.risk is None
    assert {chart.id for chart in charts.dashboard_charts(view)}.isdisjoint({"chart-risk-npv", "chart-risk-tornado"})
    Roadmap.objects.filter(pk=roadmap.pk).update(result=result)
    page = client_for(manager).get(reverse("assessments:roadmap_dashboard", args=[roadmap.pk])).content.decode()
    assert 'data-testid="risk-summary"' not in page
    assert "chart-risk-npv" not in page


@pytest.mark.parametrize("name", ["roadmap_dashboard", "roadmap_board_pack"])
def test_one_sentence_ties_the_low_band_to_the_simulation(roadmap, manager, client_for, name):
    client = client_for(manager)
    pages = {}
    for language in ("en", "id"):
        client.cookies["django_language"] = language
        pages[language] = client.get(reverse(f"assessments:{name}", args=[roadmap.pk])).content.decode()
    assert "every input at its low or high end at once" in pages["en"]
    assert "draws each input independently" in pages["en"]
    assert "setiap masukan pada batas bawah atau atasnya sekaligus" in pages["id"]
    assert "every input at its low" not in pages["id"]
    # On the board pack, in the executive summary beside the key figures, and again by the percentiles.
    expected = 2 if name == "roadmap_board_pack" else 1
    assert pages["en"].count('data-testid="risk-band-note"') == expected
