"""Bad input, generated (ASVS 4.0.3 V5.1.3, V5.1.4): malformed CSV and XLSX files and tampered
form posts fed to both importers, the assessment forms and formsets and the scenario form,
first through their services and forms, then (fewer) through the views.

Each example must end in one of two ways: accepted, and then the write it leads to succeeds;
or refused with a message that names the row and column, or the field, and nothing written.
Never an exception (through the views: never a 500, the test client re-raises any).

Examples per test are in EXAMPLES; their sum is stated in the README (≥ 1 000).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from assessments.capture import services, workbook
from assessments.capture.forms import AssessmentParametersForm, BusinessFunctionFormSet, ITCostAreaFormSet
from assessments.capture.selectors import business_functions_of, capabilities_of_kind, it_cost_areas_of
from assessments.models import Assessment, AssessmentStatus, BusinessFunction, ITCostArea, Roadmap
from assessments.roadmaps import services as dashboard_services
from assessments.roadmaps.forms import ScenarioForm
from providers.models import Kind, Offering, Provider
from providers.seed import seed_capabilities, seed_certifications, seed_regions
from providers.services import catalogue_import
from providers.spreadsheet import COLUMNS, EXAMPLE_ROW
from tests.factories.roadmaps import assessment_with_lines_create, roadmap_done_create
from tests.security.spreadsheets import assessment_xlsx, capabilities
from tests.security.strategies import csv_bytes_of, form_data, table, text_cell, xlsx_bytes_of, xlsx_cell

EXAMPLES = {
    "catalogue_csv": 250,
    "catalogue_xlsx": 80,
    "assessment_csv": 250,
    "assessment_xlsx": 80,
    "parameters_form": 100,
    "it_formset": 100,
    "bf_formset": 100,
    "scenario_form": 100,
    "view_parameters": 25,
    "view_lines": 25,
    "view_scenario": 25,
    "view_import": 25,
}
TOTAL_EXAMPLES = sum(EXAMPLES.values())
# SECURITY_FUZZ_SCALE=10 runs ten times as many examples, for a longer hunt than CI's.
SCALE = max(1, int(os.environ.get("SECURITY_FUZZ_SCALE", "1")))


def fuzz(name: str):
    return settings(
        max_examples=EXAMPLES[name] * SCALE,
        deadline=None,
        # The database fixtures are shared by the examples on purpose: each example checks its own before/after.
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def test_the_fuzz_tests_generate_at_least_a_thousand_examples():
    assert TOTAL_EXAMPLES >= 1000


@pytest.fixture
def taxonomy(db):
    seed_regions()
    seed_certifications()
    seed_capabilities()


@pytest.fixture
def draft(taxonomy, organisation, consultant):
    return assessment_with_lines_create(organisation=organisation, status=AssessmentStatus.DRAFT, author=consultant)


def draft_state(assessment: Assessment) -> tuple:
    """Everything an assessment write could change: the row and its lines."""
    return (
        tuple(Assessment.objects.filter(pk=assessment.pk).values_list()),
        tuple(ITCostArea.objects.filter(assessment=assessment).order_by("pk").values_list()),
        tuple(BusinessFunction.objects.filter(assessment=assessment).order_by("pk").values_list()),
    )


def assert_field_errors(errors: dict[str, Any], fields: list[str] | tuple[str, ...] | Any) -> None:
    assert errors, "refused without a message"
    for name, messages in errors.items():
        assert name in fields or name == "__all__", f"an error on an unknown field {name!r}"
        assert all(str(message).strip() for message in messages)


# --- The catalogue importer ------------------------------------------------------------------------

CATALOGUE_BASE = [
    [EXAMPLE_ROW[column] for column in COLUMNS],
    [{**EXAMPLE_ROW, "slug": "fuzz-other", "capability": "payroll", "delivery_model": "offshore"}[c] for c in COLUMNS],
]


def catalogue_counts() -> tuple[int, int]:
    return Provider.objects.count(), Offering.objects.count()


def check_catalogue_import(content: bytes, filename: str) -> None:
    before = catalogue_counts()
    report = catalogue_import(content=content, filename=filename)
    if report.ok:
        return
    assert catalogue_counts() == before, "a refused import wrote rows"
    for error in report.errors:
        assert str(error.message).strip()
        if error.row is not None:
            # A row error names a data row (the header is row 1) and its column.
            assert error.row >= 2, error
            assert error.column in COLUMNS, error


@fuzz("catalogue_csv")
@given(data=st.data())
def test_catalogue_import_never_fails_on_a_malformed_csv(taxonomy, data):
    rows = data.draw(table(header=list(COLUMNS), base_rows=CATALOGUE_BASE, cell=text_cell))
    check_catalogue_import(csv_bytes_of(data.draw, rows), data.draw(st.sampled_from(["c.csv", "C.CSV", "c.xlsx"])))


@fuzz("catalogue_xlsx")
@given(data=st.data())
def test_catalogue_import_never_fails_on_a_malformed_workbook(taxonomy, data):
    rows = data.draw(table(header=list(COLUMNS), base_rows=CATALOGUE_BASE, cell=xlsx_cell))
    content = xlsx_bytes_of({data.draw(st.sampled_from(["catalogue", "Sheet1", "columns"])): rows})
    if data.draw(st.integers(0, 9)) == 0:
        # A share of the file, not a byte count: a workbook's size varies with its zip timestamps.
        content = content[: len(content) * data.draw(st.integers(0, 999)) // 1000]
    check_catalogue_import(content, data.draw(st.sampled_from(["c.xlsx", "c.csv"])))


# --- The assessment importer -----------------------------------------------------------------------


def check_assessment_import(content: bytes, filename: str, *, draft: Assessment, user) -> None:
    preview = workbook.import_preview(name=filename, content=content, **capabilities())
    if not preview.is_valid:
        assert preview.errors, "refused without a message"
        for error in preview.errors:
            assert str(error.message).strip()
            if error.row is not None:
                assert error.row >= 1, error
                assert str(error.column).strip(), f"a row error without its column: {error}"
        return
    # Accepted: the preview survives the session (JSON) and the write succeeds, all or nothing.
    stored = json.loads(json.dumps(workbook.preview_payload(preview)))
    again = workbook.payload_validate(stored, **capabilities())
    assert not again.errors, again.errors
    before = draft_state(draft)
    with transaction.atomic():
        services.assessment_lines_import(
            assessment=draft,
            user=user,
            lock_version=None,
            it_cost_areas=again.lines_for("it"),
            business_functions=again.lines_for("bf"),
        )
        for key, model in (("it", ITCostArea), ("bf", BusinessFunction)):
            if again.lines_for(key) is not None:
                assert model.objects.filter(assessment=draft).count() == len(again.lines_for(key) or [])
        transaction.set_rollback(True)
    assert draft_state(draft) == before


@pytest.fixture
def assessment_files(draft):
    """Header and rows of both sheets as the app exports them: the valid starting point."""
    book = load_workbook(io.BytesIO(assessment_xlsx(draft)))
    sheets = {}
    for spec in workbook.SHEETS:
        rows = [list(row) for row in book[spec.title].iter_rows(values_only=True)]
        sheets[spec.title] = ([str(value or "") for value in rows[0]], rows[1:])
    csv_sheets = {}
    for spec in workbook.SHEETS:
        lines = (it_cost_areas_of if spec.key == "it" else business_functions_of)(assessment=draft)
        text = workbook.sheet_csv_build(spec=spec, lines=lines, currency=draft.currency)
        rows = list(csv.reader(io.StringIO(text)))
        csv_sheets[spec.title] = (rows[0], rows[1:])
    return sheets, csv_sheets


@fuzz("assessment_csv")
@given(data=st.data())
def test_assessment_import_never_fails_on_a_malformed_csv(draft, consultant, assessment_files, data):
    _, csv_sheets = assessment_files
    header, rows = csv_sheets[data.draw(st.sampled_from(sorted(csv_sheets)))]
    broken = data.draw(table(header=header, base_rows=rows, cell=text_cell))
    content = csv_bytes_of(data.draw, broken)
    filename = data.draw(st.sampled_from(["l.csv", "l.txt", "l.xlsx"]))
    check_assessment_import(content, filename, draft=draft, user=consultant)


@fuzz("assessment_xlsx")
@given(data=st.data())
def test_assessment_import_never_fails_on_a_malformed_workbook(draft, consultant, assessment_files, data):
    sheets, _ = assessment_files
    replaced = {}
    for title in data.draw(st.lists(st.sampled_from(sorted(sheets)), min_size=1, max_size=2, unique=True)):
        header, rows = sheets[title]
        replaced[title] = data.draw(table(header=header, base_rows=rows, cell=xlsx_cell))
    content = xlsx_bytes_of(replaced, base=assessment_xlsx(draft) if data.draw(st.booleans()) else None)
    if data.draw(st.integers(0, 9)) == 0:
        # A share of the file, not a byte count: a workbook's size varies with its zip timestamps.
        content = content[: len(content) * data.draw(st.integers(0, 999)) // 1000]
    check_assessment_import(content, data.draw(st.sampled_from(["l.xlsx", "l.csv"])), draft=draft, user=consultant)


# --- The assessment forms and formsets -------------------------------------------------------------


@pytest.fixture
def parameters_post(draft) -> dict[str, str]:
    data = {
        "title": "Fuzzed",
        "horizon_months": "60",
        "discount_rate": "10",
        "region": str(draft.region_id),
        "currency": "IDR",
        "gate_fraction": "50",
        "max_parallel_ito": "2",
        "max_parallel_bpo": "2",
        "materiality_threshold": "5",
        "lock_version": "",
    }
    assert AssessmentParametersForm(data, instance=draft).is_valid()
    return data


@fuzz("parameters_form")
@given(data=st.data())
def test_parameters_form_refuses_bad_values_at_the_field(draft, consultant, parameters_post, data):
    post = data.draw(form_data(list(parameters_post), parameters_post))
    form = AssessmentParametersForm(post, instance=Assessment.objects.get(pk=draft.pk))
    if not form.is_valid():
        assert_field_errors(form.errors, form.fields)
        return
    values = {name: value for name, value in form.cleaned_data.items() if name != "lock_version"}
    with transaction.atomic():
        services.assessment_update(assessment=form.instance, user=consultant, lock_version=None, data=values)
        transaction.set_rollback(True)


IT_LINE = {
    "capability": "compute",
    "annual_cost": "1200000000",
    "ftes": "6",
    "available_from_month": "0",
    "maturity": "2",
    "standardisation": "4",
    "criticality": "3",
    "notes": "",
}
BF_LINE = {
    "capability": "payroll",
    "annual_cost": "900000000",
    "ftes": "8",
    "annual_volume": "24000",
    "standardisation": "4",
    "strategic_importance": "2",
    "maturity": "3",
    "regulatory_sensitivity": "3",
    "knowledge_intensity": "2",
    "error_rate_percent": "2.5",
    "notes": "",
}
# prefix: (formset class, a valid line, kind, saving service)
LINE_STEPS: dict[str, tuple[Any, dict[str, str], str, Callable[..., Any]]] = {
    "it": (ITCostAreaFormSet, IT_LINE, Kind.ITO, services.assessment_it_cost_areas_save),
    "bf": (BusinessFunctionFormSet, BF_LINE, Kind.BPO, services.assessment_business_functions_save),
}


def formset_post(prefix: str, line: dict[str, str], count: int = 2) -> dict[str, str]:
    post = {
        f"{prefix}-TOTAL_FORMS": str(count),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index in range(count):
        post |= {f"{prefix}-{index}-{name}": value for name, value in line.items()}
        post[f"{prefix}-{index}-id"] = ""
    return post


def check_formset(prefix: str, post: dict[str, str], *, draft: Assessment, user) -> None:
    formset_class, _, kind, save = LINE_STEPS[prefix]
    formset = formset_class(
        post, instance=draft, prefix=prefix, form_kwargs={"capabilities": capabilities_of_kind(kind=kind)}
    )
    if not formset.is_valid():
        assert formset.total_error_count() or formset.non_form_errors(), "refused without a message"
        for form_errors in formset.errors:
            if form_errors:
                assert_field_errors(form_errors, [*formset.form.base_fields, "id", "DELETE"])
        return
    with transaction.atomic():
        save(assessment=draft, user=user, lock_version=None, lines=formset.lines())
        transaction.set_rollback(True)


@fuzz("it_formset")
@given(data=st.data())
def test_it_cost_area_formset_refuses_bad_rows_at_the_field(draft, consultant, data):
    valid = formset_post("it", IT_LINE)
    check_formset("it", data.draw(form_data(list(valid), valid)), draft=draft, user=consultant)


@fuzz("bf_formset")
@given(data=st.data())
def test_business_function_formset_refuses_bad_rows_at_the_field(draft, consultant, data):
    valid = formset_post("bf", BF_LINE)
    check_formset("bf", data.draw(form_data(list(valid), valid)), draft=draft, user=consultant)


# --- The scenario form -------------------------------------------------------------------------------

SCENARIO_POST = {
    "name": "Fuzzed scenario",
    "gate_fraction": "60",
    "discount_rate": "10",
    "horizon_months": "60",
    "max_parallel_ito": "2",
    "max_parallel_bpo": "2",
    "savings_band": "typical",
}


@pytest.fixture
def done_roadmap(taxonomy, organisation, consultant):
    assessment = assessment_with_lines_create(organisation=organisation, author=consultant)
    return roadmap_done_create(assessment=assessment)


@fuzz("scenario_form")
@given(data=st.data())
def test_scenario_form_refuses_bad_values_at_the_field(done_roadmap, manager, data):
    form = ScenarioForm(data.draw(form_data(list(SCENARIO_POST), SCENARIO_POST)))
    if not form.is_valid():
        assert_field_errors(form.errors, form.fields)
        return
    refusal = None
    with transaction.atomic():
        try:
            dashboard_services.scenario_request(
                roadmap=done_roadmap, user=manager, name=form.cleaned_data["name"], parameters=form.engine_parameters()
            )
        except dashboard_services.ValidationError as error:
            # The service's own checks (unchanged parameters, a name already used): a message, no exception.
            refusal = error
        transaction.set_rollback(True)
    assert refusal is None or refusal.messages


# --- Through the views: never a 500, never a write on a refusal ----------------------------------------


def _post_rolled_back(client, url: str, post: dict, *, draft: Assessment) -> tuple[int, bool, Any]:
    with transaction.atomic():
        before = draft_state(draft)
        response = client.post(url, post)
        changed = draft_state(draft) != before
        transaction.set_rollback(True)
    return response.status_code, changed, response


@fuzz("view_parameters")
@given(data=st.data())
def test_parameters_view_answers_bad_posts_with_the_form(draft, consultant, client_for, parameters_post, data):
    post = data.draw(form_data(list(parameters_post), parameters_post))
    status, changed, response = _post_rolled_back(
        client_for(consultant), reverse("assessments:parameters", args=[draft.pk]), post, draft=draft
    )
    assert status in (200, 302, 409), status
    if status != 302:
        assert not changed
        assert response.context["form"].errors or status == 409


@fuzz("view_lines")
@given(data=st.data())
def test_line_views_answer_bad_grid_saves_at_row_and_column(draft, consultant, client_for, data):
    prefix = data.draw(st.sampled_from(["it", "bf"]))
    line = LINE_STEPS[prefix][1]
    rows = [data.draw(form_data(list(line), line)) for _ in range(data.draw(st.integers(1, 3)))]
    body = json.dumps({"lock_version": draft.lock_version, "action": "save", "rows": rows})
    name = "assessments:it_cost_areas" if prefix == "it" else "assessments:business_functions"
    url = reverse(name, args=[draft.pk])
    client = client_for(consultant)
    with transaction.atomic():
        before = draft_state(draft)
        response = client.post(url, body, content_type="application/json")
        changed = draft_state(draft) != before
        transaction.set_rollback(True)
    assert response.status_code in (200, 400, 409), response.status_code
    if response.status_code != 200:
        assert not changed
        answer = response.json()
        assert answer["message"], "refused without a message"
        fields = set(LINE_STEPS[prefix][0].form.base_fields) | {""}
        for error in answer["errors"]:
            assert error["field"] in fields, error
            assert 0 <= error["row"] < len(rows), error
            assert error["message"], error


@fuzz("view_scenario")
@given(data=st.data())
def test_scenario_view_answers_bad_posts_with_the_form(done_roadmap, manager, client_for, data):
    post = data.draw(form_data(list(SCENARIO_POST), SCENARIO_POST))
    with transaction.atomic():
        before = Roadmap.objects.count()
        response = client_for(manager).post(reverse("assessments:scenario_create", args=[done_roadmap.pk]), post)
        after = Roadmap.objects.count()
        transaction.set_rollback(True)
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert after == before
        assert response.context["form"].errors


@fuzz("view_import")
@given(data=st.data())
def test_import_view_answers_bad_files_with_the_reason(draft, consultant, client_for, assessment_files, data):
    _, csv_sheets = assessment_files
    header, rows = csv_sheets[data.draw(st.sampled_from(sorted(csv_sheets)))]
    content = csv_bytes_of(data.draw, data.draw(table(header=header, base_rows=rows, cell=text_cell)))
    upload = SimpleUploadedFile(data.draw(st.sampled_from(["l.csv", "l.xlsx", "l"])), content)
    status, changed, response = _post_rolled_back(
        client_for(consultant), reverse("assessments:import", args=[draft.pk]), {"file": upload}, draft=draft
    )
    assert status in (200, 400), status
    assert not changed, "the upload step wrote before the confirmation"
    if status == 400:
        preview = response.context["preview"]
        assert (preview and preview.errors) or response.context["form"].errors
