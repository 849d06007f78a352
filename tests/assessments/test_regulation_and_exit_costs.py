"""Issue 13 in the web app: each line's own exit costs and the regulator's condition, from the line form,
grid and workbook to the engine's input, and the condition named on the dashboard and in the exports."""

import copy
import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from api.services import token_create
from assessments.capture import workbook
from assessments.capture.forms import BusinessFunctionForm, ITCostAreaForm
from assessments.capture.selectors import business_functions_of, capabilities_of_kind, it_cost_areas_of
from assessments.engine import roadmap_from_json, roadmap_input_from_json
from assessments.models import Roadmap
from assessments.roadmaps.inputs import roadmap_input_build
from providers.models import Kind
from tests.assessments.pipeline_support import assessment_with_lines
from tests.assessments.test_engine2_line_fields import BF, IT
from tests.factories.roadmaps import done_roadmap_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


# --- The line form ------------------------------------------------------------------------------
def test_exit_costs_are_optional_amounts_typed_as_consultants_write_them(capability_set):
    form = BusinessFunctionForm(
        data=BF | {"termination_fee": "Rp 50.000.000", "stranded_book_value": "80.000.000,00"},
        capabilities=capability_set,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["termination_fee"] == Decimal("50000000")
    assert form.cleaned_data["stranded_book_value"] == Decimal("80000000")
    assert form.cleaned_data["regulatory_condition_accepted"] is False
    area = ITCostAreaForm(data=IT | {"termination_fee": "-1"}, capabilities=capability_set)
    assert not area.is_valid()
    assert list(area.errors) == ["termination_fee"]


@pytest.mark.parametrize(("typed", "accepted"), [("ya", True), ("TRUE", True), ("tidak", False), ("", False)])
def test_the_condition_reads_yes_and_no_in_both_languages(capability_set, typed, accepted):
    form = BusinessFunctionForm(data=BF | {"regulatory_condition_accepted": typed}, capabilities=capability_set)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["regulatory_condition_accepted"] is accepted


def test_a_condition_that_is_neither_yes_nor_no_is_refused(capability_set):
    """Django's own BooleanField would read "no" or "maybe" as yes."""
    form = BusinessFunctionForm(data=BF | {"regulatory_condition_accepted": "maybe"}, capabilities=capability_set)
    assert not form.is_valid()
    assert list(form.errors) == ["regulatory_condition_accepted"]


# --- To the engine ------------------------------------------------------------------------------
def test_the_lines_own_figures_and_the_organisations_sector_reach_the_engine(organisation, consultant):
    organisation.industry = "Banking"
    organisation.save()
    assessment = assessment_with_lines(organisation=organisation, author=consultant, it=1, bpo=2)
    area = assessment.it_cost_areas.get()
    area.termination_fee = Decimal("25000000")
    area.save()
    first, second = assessment.business_functions.order_by("position", "id")
    first.stranded_book_value = Decimal("80000000.50")
    first.regulatory_condition_accepted = True
    first.save()

    document = roadmap_input_build(assessment=assessment)

    assert document["parameters"]["sector"] == "Banking"
    assert document["it_cost_areas"][0]["termination_fee"] == 25_000_000.0
    assert "stranded_book_value" not in document["it_cost_areas"][0]  # absent: the assessment-wide figure
    assert document["business_functions"][0]["stranded_book_value"] == 80_000_000.5
    assert document["business_functions"][0]["regulatory_condition_accepted"] is True
    assert "regulatory_condition_accepted" not in document["business_functions"][1]
    data = roadmap_input_from_json(document)
    assert data.parameters.sector == "Banking"
    assert data.business_functions[0].regulatory_condition_accepted
    assert not data.business_functions[1].regulatory_condition_accepted
    assert second.termination_fee is None


def test_an_organisation_without_an_industry_leaves_the_sector_out(organisation, consultant):
    organisation.industry = "  "
    organisation.save()
    assessment = assessment_with_lines(organisation=organisation, author=consultant, it=1, bpo=1)
    assert "sector" not in roadmap_input_build(assessment=assessment)["parameters"]


# --- The workbook -------------------------------------------------------------------------------
def _preview(name: str, content: bytes) -> workbook.ImportPreview:
    return workbook.import_preview(
        name=name,
        content=content,
        it_capabilities=capabilities_of_kind(kind=Kind.ITO),
        bpo_capabilities=capabilities_of_kind(kind=Kind.BPO),
    )


def _lines(result: workbook.ImportPreview) -> list[dict[str, Any]]:
    lines = result.lines_for("bf")
    assert lines is not None, "no business functions sheet in the preview"
    return lines


def test_a_csv_may_carry_the_new_columns_or_leave_them_out(draft, capability_set):
    header = (
        "capability;annual_cost;ftes;annual_volume;standardisation;strategic_importance;maturity;"
        "regulatory_sensitivity;knowledge_intensity;error_rate;notes"
    )
    old = _preview("old.csv", (header + "\npayroll;1.000.000;4;12.000;4;2;3;5;2;1,5;\n").encode("utf-8-sig"))
    assert old.is_valid
    assert _lines(old)[0]["termination_fee"] is None
    new = _preview(
        "new.csv",
        (
            header + ";termination_fee;stranded_book_value;regulatory_condition_accepted\n"
            "payroll;1.000.000;4;12.000;4;2;3;5;2;1,5;;Rp 50.000;120.000,50;ya\n"
        ).encode("utf-8-sig"),
    )
    assert new.is_valid, [(e.column, e.message) for e in new.errors]
    line = _lines(new)[0]
    assert line["termination_fee"] == Decimal("50000")
    assert line["stranded_book_value"] == Decimal("120000.50")
    assert line["regulatory_condition_accepted"] is True


def test_the_workbook_round_trips_the_new_columns_with_a_true_false_cell(complete_draft, capability_set):
    function = complete_draft.business_functions.order_by("position", "id").first()
    function.termination_fee = Decimal("50000000")
    function.regulatory_condition_accepted = True
    function.save()
    content = workbook.workbook_build(
        assessment=complete_draft,
        it_cost_areas=it_cost_areas_of(assessment=complete_draft),
        business_functions=business_functions_of(assessment=complete_draft),
        it_capabilities=list(capabilities_of_kind(kind=Kind.ITO).values()),
        bpo_capabilities=list(capabilities_of_kind(kind=Kind.BPO).values()),
    )
    sheet = load_workbook(io.BytesIO(content))["Business functions"]
    header = [cell.value for cell in sheet[1]]
    assert header[-3:] == ["Termination fee (IDR)", "Stranded book value (IDR)", "Regulator's condition accepted"]
    assert sheet.cell(row=2, column=len(header)).value is True  # a real TRUE/FALSE cell

    result = _preview("back.xlsx", content)
    assert result.is_valid, [(e.column, e.message) for e in result.errors]
    back = _lines(result)[0]
    assert back["termination_fee"] == Decimal("50000000")
    assert back["stranded_book_value"] is None
    assert back["regulatory_condition_accepted"] is True


def test_the_read_only_lines_show_the_own_figures(complete_draft):
    function = complete_draft.business_functions.order_by("position", "id").first()
    function.termination_fee = Decimal("50000000")
    function.regulatory_condition_accepted = True
    function.save()
    html = render_to_string(
        "assessments/_lines_readonly.html",
        {"lines": business_functions_of(assessment=complete_draft), "kind": "bf", "currency": "IDR", "totals": {}},
    )
    assert "Termination fee" in html
    assert "50,000,000" in html
    assert '<td class="regulatory-condition">yes</td>' in html


# --- The dashboard and the exports ----------------------------------------------------------------
@pytest.fixture
def regulated_roadmap(organisation, consultant):
    """A done roadmap of a bank whose payroll is heavily regulated (sensitivity 5), paid in rupiah."""
    roadmap = done_roadmap_for(organisation=organisation, author=consultant)
    assert roadmap.inputs is not None
    document = copy.deepcopy(roadmap.inputs)
    document["parameters"]["sector"] = "Banking"
    payroll = next(f for f in document["business_functions"] if f["capability"] == "payroll")
    payroll["regulatory_sensitivity"] = 5
    result = roadmap_from_json(document)
    Roadmap.objects.filter(pk=roadmap.pk).update(inputs=document, result=result, finished_at=timezone.now())
    roadmap.refresh_from_db()
    return roadmap


def _payroll(roadmap):
    return next(item for item in roadmap.result["items"] if item["capability"] == "payroll")


def _row(client, roadmap, item_id, language):
    with translation.override(language):
        html = client.get(
            reverse("assessments:roadmap_dashboard", args=[roadmap.pk]), HTTP_ACCEPT_LANGUAGE=language
        ).content.decode()
    start = html.index(f'data-item="{item_id}"')
    return html[start : html.index("</tbody>", start)]


def test_the_dashboard_names_the_regulators_requirement_on_the_item_row(regulated_roadmap, manager, client_for):
    payroll = _payroll(regulated_roadmap)
    assert not payroll["included"]
    assert payroll["recommendation"] == "condition_required"
    english = _row(client_for(manager), regulated_roadmap, payroll["id"], "en")
    assert "Regulated: condition required" in english
    assert "POJK No. 9/POJK.03/2016" in english
    assert 'data-condition="id_ojk_bank"' in english
    assert "Not recommended for BPO until the regulator&#x27;s condition is stated as met" in english
    assert "none of its money is counted" in english
    assert "Recommended for BPO" not in english
    indonesian = _row(client_for(manager), regulated_roadmap, payroll["id"], "id")
    assert "Diatur regulator: perlu syarat" in indonesian
    assert "dilaporkan kepada OJK" in indonesian
    assert "Tidak direkomendasikan untuk BPO sampai syarat regulator dinyatakan dipenuhi" in indonesian


def _planned(roadmap) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    items = roadmap.result["items"]
    return [i for i in items if i["included"] and i["kind"] == "ITO"], [
        i for i in items if i["included"] and i["kind"] == "BPO"
    ]


def test_every_reader_leaves_a_function_without_its_condition_out_of_the_plan(regulated_roadmap, manager, client_for):
    """Issue 13, one meaning everywhere: payroll (regulated, condition not stated) is not recommended and
    none of its money is in the plan: BPO run-rate, NPV, the roadmap page's count, the board pack's
    sentence, the items CSV, the workbook's Items sheet and the API all say so."""
    payroll = _payroll(regulated_roadmap)
    ito, bpo = _planned(regulated_roadmap)
    assert payroll["id"] not in {i["id"] for i in bpo}
    kpis = regulated_roadmap.result["kpis"]
    assert kpis["run_rate_bpo"] == pytest.approx(sum(i["net_annual_savings"] for i in bpo), abs=0.01)
    assert kpis["npv_valuation"] == pytest.approx(sum(i["npv"] for i in (*ito, *bpo)), abs=0.05)
    assert regulated_roadmap.result["risk"] is None or payroll["id"] not in {
        bar["item_id"] for bar in regulated_roadmap.result["risk"]["tornado"]
    }
    client = client_for(manager)
    with translation.override("en"):
        page = client.get(reverse("assessments:roadmap_status", args=[regulated_roadmap.pk])).content.decode()
    count = len(ito) + len(bpo)
    assert f"{count} items recommended" in page
    with translation.override("en"):
        pack = client.get(reverse("assessments:roadmap_board_pack", args=[regulated_roadmap.pk])).content.decode()
    handed = f"hand {len(bpo)} business function" if bpo else "no business function is recommended for BPO"
    assert handed in pack
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("assessments:roadmap_export_items_csv", args=[regulated_roadmap.pk])).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    header, body = rows[0], {row[0]: row for row in rows[1:]}
    assert body[payroll["id"]][header.index("Recommended")] == "no"
    assert sum(row[header.index("Recommended")] == "yes" for row in body.values()) == count
    response = client.get(reverse("assessments:roadmap_export_xlsx", args=[regulated_roadmap.pk]))
    sheet = load_workbook(io.BytesIO(response.content))["Items"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    head = next(r for r in values if "Recommended" in r)
    recommended = head.index("Recommended")
    decided = [r for r in values[values.index(head) + 1 :] if r[recommended] in ("yes", "no")]
    assert sum(r[recommended] == "yes" for r in decided) == count
    assert any(r[recommended] == "no" and "Regulated: condition required" in r for r in decided)
    _token_row, token = token_create(user=manager, name="test")
    api = Client(HTTP_AUTHORIZATION=f"Token {token}").get(reverse("api:roadmap_detail", args=[regulated_roadmap.pk]))
    assert api.status_code == 200
    item = next(i for i in api.json()["items"] if i["id"] == payroll["id"])
    assert (item["included"], item["recommendation"]) == (False, "condition_required")


def test_with_the_condition_stated_the_function_is_planned_and_counted(regulated_roadmap):
    document = copy.deepcopy(regulated_roadmap.inputs)
    payroll_line = next(f for f in document["business_functions"] if f["capability"] == "payroll")
    payroll_line["regulatory_condition_accepted"] = True
    result = roadmap_from_json(document)
    payroll = next(i for i in result["items"] if i["capability"] == "payroll")
    assert payroll["included"]
    assert payroll["recommendation"] == "recommended_with_condition"
    bpo = [i for i in result["items"] if i["included"] and i["kind"] == "BPO"]
    assert result["kpis"]["run_rate_bpo"] == pytest.approx(sum(i["net_annual_savings"] for i in bpo), abs=0.01)
    assert result["kpis"]["run_rate_bpo"] > regulated_roadmap.result["kpis"]["run_rate_bpo"]


def test_the_item_exports_carry_the_condition(regulated_roadmap, manager, client_for):
    payroll = _payroll(regulated_roadmap)
    response = client_for(manager).get(reverse("assessments:roadmap_export_items_csv", args=[regulated_roadmap.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], {row[0]: row for row in rows[1:]}
    assert "POJK No. 9/POJK.03/2016" in body[payroll["id"]][header.index("Regulatory condition")]
    assert body[payroll["id"]][header.index("Decision")] == "Regulated: condition required"
    assert body[payroll["id"]][header.index("Recommended")] == "no"
    free = {item["id"] for item in regulated_roadmap.result["items"] if item.get("regulatory_condition") is None}
    assert free  # the IT areas at least
    assert all(body[item_id][header.index("Regulatory condition")] == "" for item_id in free)


def test_the_board_pack_names_the_condition(regulated_roadmap, manager, client_for):
    html = client_for(manager).get(reverse("assessments:roadmap_board_pack", args=[regulated_roadmap.pk]))
    assert html.status_code == 200
    page = html.content.decode()
    start = page.index(f'data-item="{_payroll(regulated_roadmap)["id"]}"')
    row = page[start : page.index("</tbody>", start)]
    assert "Regulated: condition required" in row
    assert "POJK No. 9/POJK.03/2016" in row
