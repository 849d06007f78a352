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
from assessments.capture.forms import BusinessFunctionForm, ITCostAreaForm
from assessments.capture.selectors import IT_COST_AREA_FIELDS
from assessments.models import Assessment, ITCostArea
from tests.assessments.conftest import BPO_CODES, ITO_CODES, add_lines
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


def _it_row(**cells) -> dict:
    return {**_rows(1)[0], **cells}


def _bf_row(**cells) -> dict:
    row = {"id": None, "capability": BPO_CODES[0], "annual_cost": "2000000", "ftes": "4", "annual_volume": "10000",
           "standardisation": "4", "strategic_importance": "2", "maturity": "3", "regulatory_sensitivity": "3",
           "knowledge_intensity": "2", "error_rate_percent": "2.5", "notes": ""}  # fmt: skip
    return {**row, **cells}


@pytest.mark.parametrize(
    ("form_class", "codes", "rows"),
    [
        (
            ITCostAreaForm,
            ITO_CODES,
            [
                _it_row(), _it_row(maturity="0"), _it_row(), _it_row(maturity="0", annual_cost="-5"),
                _it_row(annual_cost="-5"), _it_row(capability="nope"), _it_row(capability="nope", ftes="x"),
                _it_row(available_from_month="121"), _it_row(available_from_month="121", volume="0"),
                _it_row(annual_cost="1234567890123456"), _it_row(annual_cost="1234567890123456"),
                _it_row(annual_cost="12.000"), _it_row(annual_cost="12.000"),
                _it_row(ftes="1.25"), _it_row(ftes="1.25"),
                _it_row(maturity=3), _it_row(maturity=3.0), _it_row(maturity="3"), _it_row(maturity=None),
            ],
        ),
        (
            BusinessFunctionForm,
            BPO_CODES,
            [
                _bf_row(), _bf_row(retained_ftes="5"), _bf_row(retained_ftes="5"), _bf_row(ftes="x", retained_ftes="5"),
                _bf_row(error_rate_percent="101"), _bf_row(error_rate_percent="101"), _bf_row(annual_volume="1,5"),
                _bf_row(annual_volume="1,5"), _bf_row(capability=ITO_CODES[0]), _bf_row(capability=ITO_CODES[0]),
            ],
        ),
    ],
)  # fmt: skip
def test_repeated_values_are_judged_once_but_each_row_gets_its_errors(capability_set, form_class, codes, rows):
    """Each distinct value is cleaned once: a value refused (by the form field, the form or the model) is
    refused at every row holding it, with the messages a form of its own gives that row, and no other."""
    capabilities = {code: capability_set[code] for code in codes}
    lines, errors = grid_forms.grid_rows_validate(rows=rows, form_class=form_class, capabilities=capabilities)
    valid = 0
    for index, row in enumerate(rows):
        form = form_class(data=row, capabilities=capabilities)
        expected = sorted((name, str(message)) for name, messages in form.errors.items() for message in messages)
        assert sorted((error.field, error.message) for error in errors if error.row == index) == expected, index
        if not expected:
            assert lines[valid] == {**{name: form.cleaned_data[name] for name in grid_forms.grid_fields(form_class)},
                                    "id": None}, index  # fmt: skip
            valid += 1
    assert valid == len(lines)
    assert 0 < valid < len(rows)


def test_a_grid_save_runs_the_models_checks_once_per_distinct_value(client_for, consultant, draft, monkeypatch):
    """The rows' validation and the save share one check: the save does not check again what the rows passed."""
    from django.db.models import Field

    checked: list[tuple[str, object]] = []
    clean = Field.clean

    def spy(self, value, model_instance):
        if getattr(self, "model", None) is ITCostArea:
            checked.append((self.name, value))
        return clean(self, value, model_instance)

    monkeypatch.setattr(Field, "clean", spy)
    client = client_for(consultant)
    url = reverse("assessments:it_cost_areas", args=[draft.pk])
    response = grid_save(client, url, _rows(30), lock_version=0)
    assert response.status_code == 200, response.content
    assert ITCostArea.objects.filter(assessment=draft).count() == 30
    assert len(checked) == len(set(checked))  # each (field, value) once, in the validation or in the save
    assert sorted(name for name, _value in checked if name != "annual_cost" and name != "notes") == sorted(
        ["ftes", "available_from_month", "maturity", "standardisation", "criticality"]
    )
    assert sum(name == "annual_cost" for name, _value in checked) == 30

    checked.clear()
    rows = grid_rows_of(client, url)
    for row in rows:
        row["maturity"] = "4"
        row["annual_cost"] = f"{Decimal(row['annual_cost']) + 1}"
    response = grid_save(client, url, rows, lock_version=1)
    assert response.status_code == 200, response.content
    assert len(checked) == len(set(checked))
    assert sum(name == "annual_cost" for name, _value in checked) == 30
    assert ITCostArea.objects.filter(assessment=draft, maturity=4).count() == 30
