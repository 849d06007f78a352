"""The line grid's save endpoint and the bulk line writes behind it and behind the import confirm.

Shared case `imports/it-120-lines.csv` (../shared/cases/README.md): it imports fine, but the IT
cost areas page could then never be saved (HTTP 400, too many form fields). Right: every draft
the app lets you build can be opened and saved from its page.
"""

from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.capture import grid_forms, grid_presenter, services
from assessments.capture.forms import ITCostAreaForm
from assessments.capture.selectors import IT_COST_AREA_FIELDS
from assessments.models import Assessment, ITCostArea
from tests.assessments.conftest import ITO_CODES, add_lines
from tests.assessments.grid_support import grid_rows_of, grid_save

CASE = Path(__file__).resolve().parents[1] / "cases" / "imports" / "it-120-lines.csv"


def test_case_it_120_lines_imports_then_the_page_opens_and_saves_all_120(client_for, consultant, draft):
    client = client_for(consultant)
    preview = client.post(reverse("assessments:import", args=[draft.pk]), {"file": CASE.open("rb")})
    assert preview.status_code == 200, [error.message for error in preview.context["preview"].errors]
    token = preview.context["confirm"]["token"].value()
    confirmed = client.post(reverse("assessments:import_confirm", args=[draft.pk]), {"token": token})
    assert confirmed.status_code == 302
    assert ITCostArea.objects.filter(assessment=draft).count() == 120

    url = reverse("assessments:it_cost_areas", args=[draft.pk])
    page = client.get(url)
    assert page.status_code == 200
    rows = page.context["grid"]["rows"]
    assert len(rows) == 120
    lock_version = Assessment.objects.get(pk=draft.pk).lock_version
    rows[7]["annual_cost"] = "1.234.567,89"
    saved = grid_save(client, url, rows, lock_version=lock_version, action="next")
    assert saved.status_code == 200, saved.content
    assert saved.json()["redirect"] == reverse("assessments:business_functions", args=[draft.pk])
    lines = list(ITCostArea.objects.filter(assessment=draft).order_by("position"))
    assert len(lines) == 120
    assert [line.pk for line in lines] == [row["id"] for row in rows]  # kept in place, in order
    assert lines[7].annual_cost == Decimal("1234567.89")
    assert lines[0].capability.code == "data_centre"
    assert lines[0].annual_cost == Decimal("9600000000.00")


def _rows(count: int) -> list[dict]:
    return [
        {"id": None, "capability": ITO_CODES[index % len(ITO_CODES)], "annual_cost": f"{1_000_000 + index}",
         "ftes": "2", "available_from_month": "0", "maturity": "3", "standardisation": "3", "criticality": "3",
         "notes": f"line {index}"}
        for index in range(count)
    ]  # fmt: skip


# Per save: the session, the user, the assessment and the caller's role, the capabilities, the
# draft's claim (update + read back) and its existing lines, then one statement per kind of bulk
# write (delete, update, insert) with one more for their history rows, the new lines' ids read
# back, and the message; the savepoint and its release count too.
GRID_SAVE_QUERIES = 17


@pytest.mark.parametrize("count", [10, 1000])
def test_a_grid_save_costs_the_same_queries_for_10_and_1000_lines(client_for, consultant, draft, capability_set, count):
    client = client_for(consultant)
    url = reverse("assessments:it_cost_areas", args=[draft.pk])
    add_lines(draft, capability_set, it=count, bpo=0)
    rows = grid_rows_of(client, url)
    # Every kind of write at once: the first line removed, the second changed, `count` lines added.
    rows = rows[1:]
    rows[0]["annual_cost"] = "7"
    rows += _rows(count)
    with CaptureQueriesContext(connection) as captured:
        response = grid_save(client, url, rows, lock_version=0)
    assert response.status_code == 200, response.content
    assert len(captured) == GRID_SAVE_QUERIES, "\n".join(query["sql"][:120] for query in captured)
    assert ITCostArea.objects.filter(assessment=draft).count() == 2 * count - 1
    histories = ITCostArea.history.filter(assessment_id=draft.pk)
    assert histories.filter(history_type="-").count() == 1
    # The lines after the removed one moved up a place: renumbered in place, one bulk update.
    assert histories.filter(history_type="~").count() == count - 1
    assert ITCostArea.objects.get(pk=rows[0]["id"]).annual_cost == Decimal("7")
    assert histories.filter(history_type="+", history_user=consultant).count() == count


@pytest.mark.parametrize("count", [10, 1000])
def test_an_import_replaces_the_lines_in_the_same_queries_whatever_the_count(consultant, draft, capability_set, count):
    add_lines(draft, capability_set, it=count, bpo=0)
    validated, errors = grid_forms.grid_rows_validate(
        rows=_rows(count), form_class=ITCostAreaForm, capabilities={code: capability_set[code] for code in ITO_CODES}
    )
    assert not errors
    assessment = Assessment.objects.get(pk=draft.pk)
    # The claim (update, read back), then the lines: removal history (copied by the database), delete, insert,
    # insert history (copied likewise). No line is read.
    with CaptureQueriesContext(connection) as captured:
        services.assessment_lines_import(
            assessment=assessment,
            user=consultant,
            lock_version=0,
            it_cost_areas=validated,
            business_functions=None,
        )
    statements = [query["sql"] for query in captured if not query["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(statements) == 6, "\n".join(sql[:150] for sql in statements)
    assert ITCostArea.objects.filter(assessment=draft).count() == count
    assert ITCostArea.history.filter(assessment_id=draft.pk, history_type="-").count() == count
    # Each new line has one "+" record by the importer, holding the line as written.
    lines = ITCostArea.objects.filter(assessment=draft)
    added = ITCostArea.history.filter(id__in=lines.values("id"), history_type="+", history_user=consultant)
    fields = ("id", "position", "capability_id", "annual_cost", "ftes", "maturity", "notes")
    assert sorted(added.values_list(*fields)) == sorted(lines.values_list(*fields))


def test_grid_rows_validate_agrees_with_the_line_form_row_by_row(capability_set):
    capabilities = {code: capability_set[code] for code in ITO_CODES}
    rows = [*_rows(3), {**_rows(1)[0], "maturity": "0"}, {**_rows(1)[0], "annual_cost": "12.000"}]
    lines, errors = grid_forms.grid_rows_validate(rows=rows, form_class=ITCostAreaForm, capabilities=capabilities)
    for index, row in enumerate(rows):
        form = ITCostAreaForm(data=row, capabilities=capabilities)
        mine = {error.field: error.message for error in errors if error.row == index}
        assert mine == {name: messages[0] for name, messages in form.errors.items()}, index
    assert len(lines) == 3


def test_the_grid_columns_ignore_the_foreign_key_an_inline_formset_adds(draft, capability_set):
    from assessments.capture.forms import ITCostAreaFormSet

    ITCostAreaFormSet(instance=draft, prefix="it")  # appends "assessment" to the form's shared Meta.fields
    columns = [column["field"] for column in grid_presenter.grid_columns(form_class=ITCostAreaForm, currency="IDR")]
    assert columns == list(IT_COST_AREA_FIELDS)
