"""The workbook round trip: download, fill offline, upload, preview with row errors, confirm all or nothing."""

import io
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from assessments.capture import services, workbook
from assessments.capture.selectors import business_functions_of, capabilities_of_kind, it_cost_areas_of
from assessments.models import BusinessFunction, ITCostArea
from providers.models import Kind
from tests.factories.assessments import ITCostAreaFactory

IT_HEADER = "IT capability (code),Annual cost,FTEs,Can change from month,Maturity,Standardisation,Criticality,Notes"
BF_HEADER = (
    "capability;annual_cost;ftes;annual_volume;standardisation;strategic_importance;maturity;"
    "regulatory_sensitivity;knowledge_intensity;error_rate;notes"
)


def build(assessment) -> bytes:
    return workbook.workbook_build(
        assessment=assessment,
        it_cost_areas=it_cost_areas_of(assessment=assessment),
        business_functions=business_functions_of(assessment=assessment),
        it_capabilities=list(capabilities_of_kind(kind=Kind.ITO).values()),
        bpo_capabilities=list(capabilities_of_kind(kind=Kind.BPO).values()),
    )


def preview(name: str, content: bytes) -> workbook.ImportPreview:
    return workbook.import_preview(
        name=name,
        content=content,
        it_capabilities=capabilities_of_kind(kind=Kind.ITO),
        bpo_capabilities=capabilities_of_kind(kind=Kind.BPO),
    )


def sheet_lines(result: workbook.ImportPreview, key: str) -> list[dict[str, Any]]:
    """The lines the preview read from one sheet (the sheet must be in the file)."""
    lines = result.lines_for(key)
    assert lines is not None, f"no {key} sheet in the preview"
    return lines


def edited(content: bytes, edit) -> bytes:
    book = load_workbook(io.BytesIO(content))
    edit(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def messages_of(result: workbook.ImportPreview) -> list[tuple]:
    return [(error.sheet, error.row, error.column, error.message) for error in result.errors]


# --- Out ------------------------------------------------------------------------------------------


def test_workbook_has_readme_line_sheets_drop_downs_and_number_formats(complete_draft):
    book = load_workbook(io.BytesIO(build(complete_draft)))
    assert book.sheetnames == ["README", "IT cost areas", "Business functions", "Lists"]
    assert book["Lists"].sheet_state == "hidden"
    sheet = book["IT cost areas"]
    assert [cell.value for cell in sheet[1]][:2] == ["IT capability (code)", "Annual cost (IDR)"]
    assert sheet.max_row == 6
    validations = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    assert validations["A2"].type == "list"
    assert validations["A2"].formula1.startswith("Lists!$A$2")
    assert validations["E2"].formula1 == '"1,2,3,4,5"'
    assert sheet["B2"].number_format == "#,##0.00"
    readme = book["README"]
    assert readme["B2"].value == complete_draft.title
    assert any(row[0].value == "payroll" for row in readme.iter_rows())


def test_round_trip_gives_back_the_same_lines(complete_draft, capability_set):
    complete_draft.it_cost_areas.update(notes="=not a formula, a note")
    complete_draft.title = "=HYPERLINK(evil)"
    complete_draft.save()
    result = preview("back.xlsx", build(complete_draft))
    assert result.is_valid, messages_of(result)
    it_lines = it_cost_areas_of(assessment=complete_draft)
    assert [(line["capability"], line["annual_cost"], line["ftes"], line["maturity"]) for line in
            sheet_lines(result, "it")] == [(line.capability, line.annual_cost, line.ftes, line.maturity)
                                        for line in it_lines]  # fmt: skip
    assert len(sheet_lines(result, "bf")) == 5
    assert sheet_lines(result, "it")[0]["notes"] == "=not a formula, a note"


def test_csv_download_of_a_sheet_reads_back(complete_draft):
    text = workbook.sheet_csv_build(
        spec=workbook.BF_SHEET, lines=business_functions_of(assessment=complete_draft), currency="IDR"
    )
    result = preview("bf.csv", text.encode())
    assert result.is_valid, messages_of(result)
    assert list(result.sheets) == ["bf"]
    assert [line["annual_cost"] for line in sheet_lines(result, "bf")] == [
        line.annual_cost for line in business_functions_of(assessment=complete_draft)
    ]


# --- In: what a consultant fills offline ----------------------------------------------------------


def test_a_filled_workbook_with_indonesian_and_numeric_amounts(draft, capability_set):
    def fill(book):
        sheet = book["IT cost areas"]
        sheet.append(["compute", "1.234.567,89", 4, 0, 2, 4, 3, "typed as text"])
        sheet.append(["network", 50000000000000, "2,5", 12, "3", 4.0, 5, None])
        sheet.append([None, None, None, None, None, None, None, None])
        sheet.append(["Storage", "Rp 750.000.000", 1, 0, 1, 5, 2, 42])
        book["Business functions"].append(["payroll", "IDR 1,200,000,000", 8, "37.200", 5, 1, 3, 4, 2, "1,8", ""])

    result = preview("filled.xlsx", edited(build(draft), fill))
    assert result.is_valid, messages_of(result)
    it = sheet_lines(result, "it")
    assert [(line["capability"].code, line["annual_cost"]) for line in it] == [
        ("compute", Decimal("1234567.89")),
        ("network", Decimal("50000000000000")),
        ("storage", Decimal("750000000")),
    ]
    assert it[1]["ftes"] == Decimal("2.5")
    assert it[2]["notes"] == "42"
    (payroll,) = sheet_lines(result, "bf")
    assert (payroll["annual_volume"], payroll["error_rate_percent"]) == (37200, Decimal("1.8"))


def test_row_errors_name_sheet_row_column_and_reason(draft, capability_set):
    def fill(book):
        sheet = book["IT cost areas"]
        sheet.append(["compute", 100, 1, 0, 2, 4, 3, ""])
        sheet.append(["compute", "=B2*2", 1, 0, 2, 4, 3, ""])
        sheet.append(["teleport", "1.234", 1, 0, 9, 4, 3, ""])
        sheet.append(["payroll", 100, -1, 0, 2, 4, 3, ""])

    result = preview("bad.xlsx", edited(build(draft), fill))
    assert not result.is_valid
    errors = messages_of(result)
    formula = "Formulas are not accepted: paste the value instead."
    assert ("IT cost areas", 3, "B · Annual cost (IDR)", formula) in errors
    row_4 = {(column, message.split(":")[0]) for sheet, row, column, message in errors if row == 4}
    assert {column for column, _ in row_4} == {
        "A · IT capability (code)",
        "B · Annual cost (IDR)",
        "E · Maturity (1-5)",
    }
    assert any("ambiguous" in message for *_, message in errors)
    assert {(row, column) for _, row, column, _ in errors if row == 5} == {
        (5, "A · IT capability (code)"),
        (5, "C · FTEs"),
    }


def test_dates_and_booleans_are_refused_at_the_cell(draft, capability_set):
    import datetime

    def fill(book):
        book["IT cost areas"].append(["compute", datetime.date(2026, 1, 1), True, 0, 2, 4, 3, ""])

    errors = messages_of(preview("dates.xlsx", edited(build(draft), fill)))
    assert [(row, column[:1]) for _, row, column, _ in errors] == [(2, "B"), (2, "C")]


def test_missing_and_unknown_columns_are_reported_on_the_header_row(draft, capability_set):
    def fill(book):
        sheet = book["Business functions"]
        sheet.delete_cols(4)  # annual volume
        sheet.cell(row=1, column=12, value="Colour")

    errors = messages_of(preview("columns.xlsx", edited(build(draft), fill)))
    assert ("Business functions", 1, "Annual transaction volume", "This column is missing from the header row.") in [
        tuple(error) for error in errors
    ]
    assert any(row == 1 and column.startswith("L · Colour") for _, row, column, _ in errors)


def test_data_beyond_the_header_is_reported(draft, capability_set):
    def fill(book):
        # volume (I), then the line's own termination fee (J) and stranded book value (K): L has no header.
        book["IT cost areas"].append(["compute", 100, 1, 0, 2, 4, 3, "", None, None, None, "stray"])

    errors = messages_of(preview("stray.xlsx", edited(build(draft), fill)))
    assert errors == [("IT cost areas", 2, "L", "This cell has data but its column has no header.")]


def test_a_workbook_without_line_sheets_is_refused(draft, capability_set):
    def fill(book):
        del book["IT cost areas"]
        del book["Business functions"]

    errors = messages_of(preview("empty.xlsx", edited(build(draft), fill)))
    assert len(errors) == 1
    assert "no sheet named" in errors[0][3]


def test_a_workbook_with_one_line_sheet_leaves_the_other_kind_alone(draft, capability_set):
    def fill(book):
        del book["Business functions"]
        book["IT cost areas"].append(["compute", 100, 1, 0, 2, 4, 3, ""])

    result = preview("it-only.xlsx", edited(build(draft), fill))
    assert result.is_valid
    assert result.lines_for("bf") is None


# --- In: CSV --------------------------------------------------------------------------------------


def test_indonesian_csv_with_semicolons(draft, capability_set):
    content = (BF_HEADER + "\n" + "payroll;1.234.567,89;8;37.200;5;1;3;4;2;1,8;gaji\n").encode("utf-8-sig")
    result = preview("payroll.csv", content)
    assert result.is_valid, messages_of(result)
    assert sheet_lines(result, "bf")[0]["annual_cost"] == Decimal("1234567.89")
    assert result.lines_for("it") is None


def test_english_csv_with_quoted_amounts(draft, capability_set):
    content = (IT_HEADER + '\ncompute,"1,500,000.00",3,0,2,4,3,"VMs, mostly"\n').encode()
    result = preview("it.csv", content)
    assert result.is_valid, messages_of(result)
    assert sheet_lines(result, "it")[0]["notes"] == "VMs, mostly"


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("empty.csv", b"", "empty"),
        ("blank.csv", b"\n\n  \n", "empty"),
        ("undecodable.csv", (IT_HEADER + "\ncompute,1000,1,0,2,4,3,caf").encode() + b"\x81\x8d\n", "UTF-8"),
        ("binary.csv", b"\x00\x01\x02garbage", "not a CSV"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        ("fake.xlsx", b"capability,annual_cost\n", "not an Excel workbook"),
        ("archive.xlsx", b"PK\x03\x04" + b"\x00" * 50, "not a valid XLSX"),
        ("report.pdf", b"%PDF-1.4 ...", "Upload the .xlsx workbook or a .csv file"),
        ("quote.csv", b'capability,annual_cost\n"compute,1000\n', "missing"),
    ],
)
def test_malformed_files_get_a_message_not_an_exception(draft, capability_set, name, content, fragment):
    result = preview(name, content)
    assert not result.is_valid
    assert any(fragment in error.message for error in result.errors), messages_of(result)


def test_a_zip_that_is_not_a_workbook_is_refused(capability_set):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<xml/>")
    errors = messages_of(preview("letter.xlsx", buffer.getvalue()))
    assert "not an Excel workbook" in errors[0][3]


def test_a_truncated_workbook_is_refused(draft, capability_set):
    content = build(draft)
    errors = messages_of(preview("cut.xlsx", content[: len(content) // 2]))
    assert errors
    assert errors[0][1] is None


def test_row_limit(draft, capability_set, settings):
    settings.IMPORT_MAX_ROWS = 3
    content = (IT_HEADER + "\n" + "compute,1000,1,0,2,4,3,\n" * 4).encode()
    errors = messages_of(preview("many.csv", content))
    assert "more than 3 rows" in errors[0][3]


def test_unknown_csv_columns_name_what_is_expected(capability_set):
    errors = messages_of(preview("odd.csv", b"name,cost\nx,1\n"))
    assert any("missing" in message for *_, message in errors)
    assert any("Unknown" in message for *_, message in errors)


# --- Confirm: all or nothing ----------------------------------------------------------------------


def test_the_import_service_is_all_or_nothing(complete_draft, consultant, capability_set):
    good = {
        "capability": capability_set["compute"],
        "annual_cost": Decimal(1),
        "ftes": Decimal(1),
        "available_from_month": 0,
        "maturity": 1,
        "standardisation": 1,
        "criticality": 1,
    }
    with pytest.raises(ValidationError):
        services.assessment_lines_import(
            assessment=complete_draft,
            user=consultant,
            lock_version=0,
            it_cost_areas=[good, {**good, "maturity": 9}],
            business_functions=[],
        )
    complete_draft.refresh_from_db()
    assert complete_draft.lock_version == 0
    assert ITCostArea.objects.filter(assessment=complete_draft).count() == 5
    assert BusinessFunction.objects.filter(assessment=complete_draft).count() == 5


def upload(client, assessment, name, content):
    return client.post(reverse("assessments:import", args=[assessment.pk]), {"file": SimpleUploadedFile(name, content)})


def test_upload_preview_then_confirm_replaces_the_lines(client_for, consultant, complete_draft):
    client = client_for(consultant)

    def fill(book):
        sheet = book["IT cost areas"]
        sheet.delete_rows(2, 5)
        sheet.append(["security", "Rp 2.500.000.000", 3, 0, 2, 3, 5, "SOC"])

    response = upload(client, complete_draft, "filled.xlsx", edited(build(complete_draft), fill))
    assert response.status_code == 200
    assert response.context["preview"].is_valid
    token = response.context["confirm"]["token"].value()
    # Nothing changes before the confirmation.
    assert ITCostArea.objects.filter(assessment=complete_draft).count() == 5
    confirmed = client.post(reverse("assessments:import_confirm", args=[complete_draft.pk]), {"token": token})
    assert confirmed.url == reverse("assessments:review", args=[complete_draft.pk])
    lines = list(ITCostArea.objects.filter(assessment=complete_draft))
    assert [(line.capability.code, line.annual_cost) for line in lines] == [("security", Decimal("2500000000"))]
    assert BusinessFunction.objects.filter(assessment=complete_draft).count() == 5
    # The preview is used up.
    again = client.post(reverse("assessments:import_confirm", args=[complete_draft.pk]), {"token": token})
    assert again.url == reverse("assessments:import", args=[complete_draft.pk])


def test_a_file_with_one_bad_row_imports_nothing(client_for, consultant, complete_draft):
    def fill(book):
        book["IT cost areas"].append(["compute", "1,234", 1, 0, 2, 4, 3, ""])

    response = upload(client_for(consultant), complete_draft, "bad.xlsx", edited(build(complete_draft), fill))
    assert response.status_code == 400
    assert response.context["confirm"] is None
    content = response.content.decode()
    assert "nothing was imported" in content
    assert "IT cost areas" in content
    assert "ambiguous" in content
    assert ITCostArea.objects.filter(assessment=complete_draft).count() == 5


def test_a_confirm_never_trusts_the_client_for_the_rows(client_for, consultant, complete_draft):
    client = client_for(consultant)
    response = client.post(
        reverse("assessments:import_confirm", args=[complete_draft.pk]),
        {"token": "forged", "it-0-annual_cost": "1"},
    )
    assert response.url == reverse("assessments:import", args=[complete_draft.pk])
    assert ITCostArea.objects.filter(assessment=complete_draft).count() == 5


def test_confirm_after_the_draft_changed_imports_nothing(client_for, consultant, complete_draft, capability_set):
    client = client_for(consultant)
    response = upload(client, complete_draft, "again.xlsx", build(complete_draft))
    token = response.context["confirm"]["token"].value()
    ITCostArea.objects.filter(assessment=complete_draft).delete()
    services.assessment_update(assessment=complete_draft, user=consultant, lock_version=0, data={"title": "Edited"})
    confirmed = client.post(
        reverse("assessments:import_confirm", args=[complete_draft.pk]), {"token": token}, follow=True
    )
    assert "changed after the preview" in confirmed.content.decode()
    assert ITCostArea.objects.filter(assessment=complete_draft).count() == 0


def test_upload_size_limit(client_for, consultant, draft, settings):
    settings.IMPORT_MAX_BYTES = 10
    response = upload(client_for(consultant), draft, "big.csv", b"x" * 11)
    assert response.status_code == 400
    assert "the limit is" in response.context["form"].errors["file"][0]


def test_history_records_the_import_user(client_for, consultant, draft, capability_set):
    ITCostAreaFactory.create(assessment=draft, capability=capability_set["compute"])
    client = client_for(consultant)
    response = upload(client, draft, "it.csv", (IT_HEADER + "\nstorage,1000,1,0,2,4,3,\n").encode())
    client.post(
        reverse("assessments:import_confirm", args=[draft.pk]), {"token": response.context["confirm"]["token"].value()}
    )
    created = ITCostArea.history.filter(assessment_id=draft.pk, history_type="+").latest("history_date")
    deleted = ITCostArea.history.filter(assessment_id=draft.pk, history_type="-").get()
    assert created.history_user == consultant
    assert deleted.history_user == consultant


def test_one_upload_lists_every_problem_of_a_row(draft, capability_set):
    def fill(book):
        book["IT cost areas"].append(["compute", "=1+1", 1, 0, 9, 4, 3, ""])

    errors = messages_of(preview("two.xlsx", edited(build(draft), fill)))
    assert [column[:1] for _, _, column, _ in errors] == ["B", "E"]
