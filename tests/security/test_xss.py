"""Stored XSS and formula injection (ASVS 4.0.3 V5.3.1, V5.3.3; formula injection is the
spreadsheet form of the same): hostile text typed into every free-text field, through the
forms, views and services where a user would type it, then every page, chart data block and
export that shows it.

A page passes when the payload appears only as text: the HTML parser finds no element or
attribute that came from it (no `on…=` handler, no inline script, no `javascript:` URL, so
the number of scripts that run is the page's own: only files from /static/ and JSON data
blocks), the text is shown as typed, and every `json_script` block parses back to the
same string. An export passes when the text is there as a text cell, neutralised with a
leading quote when it begins with a formula character.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from html import unescape as html_unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from assessments.models import (
    Assessment,
    AssessmentStatus,
    Decision,
    Membership,
    Organisation,
    Roadmap,
    RoadmapStatus,
    Role,
)
from assessments.roadmaps.pipeline_services import roadmap_compute
from assessments.roadmaps.services import MAX_COMMENT_LENGTH
from outsourcing.spreadsheets import FORMULA_TRIGGERS
from providers.models import Provider
from providers.services import catalogue_import
from providers.spreadsheet import EXAMPLE_ROW, catalogue_csv_bytes
from tests.factories.roadmaps import assessment_with_lines_create, capability_get, roadmap_done_create
from tests.security.html import parse_html

PAYLOADS = {
    "script": "</script><script>alert(1)</script>",
    "attribute": '"><img src=x onerror=alert(1)>',
    "javascript-url": "javascript:alert(1)",
    "template": "{{7*7}} {% now 'Y' %}",
    "svg": "<svg onload=alert(1)>",
    "rtl-override": "invoice\u202egnp.exe",
    "formula": '=HYPERLINK("http://x.example","<b>go</b>")',
    "long": ("<b>long</b> " + "x" * 40 + " ") * 90,  # about 5 000 characters
}


def fit(payload: str, max_length: int) -> str:
    return payload[:max_length]


@dataclass
class Hostile:
    payload: str
    organisation: Organisation
    assessment: Assessment
    draft: Assessment
    roadmap: Roadmap
    scenario: Roadmap
    provider: Provider


def _ok(response) -> None:
    assert response.status_code in (200, 302), (response.status_code, response.content[:500])


def _parameters_post(client: Client, assessment: Assessment, **changes: Any) -> None:
    """Submit the parameters step as the browser would: every field as shown, some changed."""
    form = client.get(reverse("assessments:parameters", args=[assessment.pk])).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    _ok(client.post(reverse("assessments:parameters", args=[assessment.pk]), {**data, **changes}))


def hostile_world(payload: str, *, consultant, manager, client_for) -> Hostile:
    consultant_client, manager_client = client_for(consultant), client_for(manager)
    # The organisation through its form.
    region = consultant.memberships.first().organisation.region
    _ok(
        consultant_client.post(
            reverse("assessments:organisation_create"),
            {
                "name": fit(payload, 160),
                "industry": fit(payload, 120),
                "country": fit(payload, 80),
                "region": region.pk,
                "currency": "IDR",
            },
        )
    )
    # Forms strip the surrounding spaces of what was typed.
    organisation = Organisation.objects.get(name=fit(payload, 160).strip())
    Membership.objects.create(user=manager, organisation=organisation, role=Role.MANAGER)

    # The catalogue through its import service; a capability name as an administrator would type it.
    rows = [
        {**EXAMPLE_ROW, "slug": slug, "name": fit(payload, 160), "description": payload,
         "headquarters_country": fit(payload, 80), "regions": region.code, "certifications": "",
         "capability": code}
        for slug, code in (("hostile-it", "compute"), ("hostile-bpo", "payroll"))
    ]  # fmt: skip
    capability_get("payroll")
    capability_get("compute")
    report = catalogue_import(content=catalogue_csv_bytes(rows=rows), filename="hostile.csv")
    assert report.ok, report.errors
    compute = capability_get("compute")
    compute.name = fit(payload, 120)
    compute.save()

    # The assessment: lines (notes as typed), title through the parameters step, submitted on the review step.
    assessment = assessment_with_lines_create(
        organisation=organisation, status=AssessmentStatus.DRAFT, author=consultant, title="placeholder"
    )
    assessment.it_cost_areas.update(notes=payload)
    assessment.business_functions.update(notes=payload)
    _parameters_post(consultant_client, assessment, title=fit(payload, 200))
    assessment.refresh_from_db()
    _ok(consultant_client.post(reverse("assessments:review", args=[assessment.pk]),
                               {"lock_version": assessment.lock_version}))  # fmt: skip
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED, assessment.status

    # Submitting queued the base roadmap: compute it as the worker would. Then a done scenario with
    # the hostile name, and a second one asked for through the form.
    roadmap = Roadmap.objects.get(assessment=assessment, name="")
    assert roadmap_compute(roadmap_id=roadmap.pk).status == RoadmapStatus.DONE
    roadmap.refresh_from_db()
    scenario = roadmap_done_create(
        assessment=assessment, name=fit(payload, 120), overrides={"gate_fraction": 0.75}, requested_by=manager
    )
    form_data = {
        "name": fit("Q " + payload, 120),
        "gate_fraction": "60",
        "discount_rate": "10",
        "horizon_months": "60",
        "max_parallel_ito": "2",
        "max_parallel_bpo": "2",
        "savings_band": "typical",
    }
    _ok(manager_client.post(reverse("assessments:scenario_create", args=[roadmap.pk]), form_data))
    # The manager's comment through the decision form.
    _ok(
        manager_client.post(
            reverse("assessments:roadmap_decide", args=[roadmap.pk]),
            {"decision": Decision.REJECTED, "comment": fit(payload, MAX_COMMENT_LENGTH)},
        )
    )
    roadmap.refresh_from_db()
    assert roadmap.decision_comment == fit(payload, MAX_COMMENT_LENGTH).strip()

    # A new version whose notes differ, for the versions diff and the history.
    _ok(consultant_client.post(reverse("assessments:version_create", args=[assessment.pk])))
    draft = Assessment.objects.get(lineage=assessment.lineage, status=AssessmentStatus.DRAFT)
    draft.it_cost_areas.update(notes=payload + " (v2)")
    return Hostile(
        payload=payload,
        organisation=organisation,
        assessment=assessment,
        draft=draft,
        roadmap=roadmap,
        scenario=scenario,
        provider=Provider.objects.get(slug="hostile-it"),
    )


def pages(world: Hostile) -> dict[str, str]:
    a, r = world.assessment.pk, world.roadmap.pk
    return {
        "home": reverse("home"),
        "organisation list": reverse("assessments:organisation_list"),
        "organisation": reverse("assessments:organisation_detail", args=[world.organisation.pk]),
        "organisation edit": reverse("assessments:organisation_edit", args=[world.organisation.pk]),
        "assessment list": reverse("assessments:list"),
        "assessment": reverse("assessments:detail", args=[a]),
        "versions and diff": reverse("assessments:versions", args=[world.draft.pk]),
        "history": reverse("assessments:history", args=[a]),
        "draft parameters": reverse("assessments:parameters", args=[world.draft.pk]),
        "draft IT lines": reverse("assessments:it_cost_areas", args=[world.draft.pk]),
        "draft business functions": reverse("assessments:business_functions", args=[world.draft.pk]),
        "draft review": reverse("assessments:review", args=[world.draft.pk]),
        "draft import": reverse("assessments:import", args=[world.draft.pk]),
        "roadmap status": reverse("assessments:roadmap_status", args=[r]),
        "dashboard": reverse("assessments:roadmap_dashboard", args=[r]),
        "scenario dashboard": reverse("assessments:roadmap_dashboard", args=[world.scenario.pk]),
        "scenario form": reverse("assessments:scenario_create", args=[r]),
        "board pack": reverse("assessments:roadmap_board_pack", args=[r]),
        "portfolio": reverse("assessments:portfolio"),
        "compare": reverse("assessments:roadmap_compare") + f"?a={r}&b={world.scenario.pk}",
        "catalogue": reverse("providers:catalogue"),
        "catalogue search": reverse("providers:catalogue") + "?q=hostile",
        "provider": reverse("providers:provider_detail", args=[world.provider.slug]),
    }


# Pages that must show the text (as text): proof that it went through escaping, not around it.
MUST_SHOW = {
    "organisation",
    "assessment",
    "versions and diff",
    "draft review",
    "dashboard",
    "board pack",
    "compare",
    "catalogue",
    "provider",
    "portfolio",
}


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item)]
    return []


def page_problems(html: str, payload: str) -> tuple[list[str], bool, bool]:
    """(problems, shown as text, found in a chart's JSON) of one page."""
    page = parse_html(html)
    problems = []
    for script in page.scripts:
        src = script.attrs.get("src")
        if src is not None and not src.startswith("/static/"):
            problems.append(f"a <script src={src!r}> that is not the app's")
        if not src and script.attrs.get("type") != "application/json":
            problems.append(f"an inline <script>: {script.text[:60]!r}")
    problems.extend(f"event-handler attribute {handler}" for handler in page.event_handlers())
    problems.extend(f"javascript: URL {url}" for url in page.javascript_urls())
    # The page's own images and icons have real sources; the payload's <img src=x> does not.
    problems.extend(f"<{e.tag} src=x> from the payload" for e in page.elements if e.attrs.get("src") == "x")
    if "{{7*7}}" in payload and re.search(r"\b49 (?:19|20)\d\d\b", html):
        # The template payload rendered as a template reads "49 2026" (7*7, then the year). A bare 49 is not
        # evidence: on PostgreSQL the ids grow through the run and a link such as /roadmaps/1493/ holds one.
        problems.append("the template payload may have been evaluated")
    try:
        blocks = page.data_blocks()
    except ValueError as error:
        problems.append(f"a json_script block is not valid JSON: {error}")
        blocks = {}
    # Chart labels are HTML-escaped on purpose (plotly reads a small HTML subset in them and shows
    # entities literally): the text a reader sees is the label unescaped.
    in_json = any(payload[:40] in html_unescape(text) for text in _strings(blocks))
    text = page.text
    shown = payload[:40] in text or any(
        payload[:40] in (value or "") for e in page.elements for value in e.attrs.values()
    )
    return problems, shown, in_json


@pytest.mark.parametrize("kind", sorted(PAYLOADS))
def test_hostile_text_is_shown_as_text_everywhere(kind, consultant, manager, administrator, client_for, organisation):
    payload = PAYLOADS[kind]
    world = hostile_world(payload, consultant=consultant, manager=manager, client_for=client_for)
    problems: list[str] = []
    not_shown: list[str] = []
    charts_with_text = 0
    # Consultants see the edit pages, managers the decision controls; administrators read the same templates.
    for user in (consultant, manager):
        client = client_for(user)
        for label, url in pages(world).items():
            response = client.get(url)
            if response.status_code != 200:
                # Managers and administrators read but do not edit: the edit pages answer 403 to them.
                assert response.status_code == 403, (label, user, response.status_code)
                assert user != consultant, label
                continue
            found, shown, in_json = page_problems(response.content.decode(), payload)
            problems.extend(f"{user} {label} {url}: {problem}" for problem in found)
            if label in MUST_SHOW and not shown:
                not_shown.append(f"{user} {label}")
            charts_with_text += in_json
    assert not problems, "\n".join(problems)
    assert not not_shown, f"The text is missing from: {', '.join(not_shown)}"
    # The charts carry capability names, scenario names and titles: the text survives JSON both ways.
    assert charts_with_text >= 3, charts_with_text
    exports_check(world, client_for(manager), client_for(administrator))


def test_the_page_check_sees_markup_from_a_payload():
    payload = PAYLOADS["attribute"]
    problems, shown, _ = page_problems(f"<p>{payload}</p><script>alert(1)</script>", payload)
    assert not shown
    assert any("onerror" in problem for problem in problems)
    assert any("src=x" in problem for problem in problems)
    assert any("inline <script>" in problem for problem in problems)
    problems, shown, _ = page_problems(f"<p>{escape(payload)}</p>", payload)
    assert shown
    assert not problems


# --- Exports ----------------------------------------------------------------------------------


def expected_cell(text: str) -> str:
    return "'" + text if text.startswith((*FORMULA_TRIGGERS, "'")) else text


def csv_cells(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]


def xlsx_cells(content: bytes) -> list[Any]:
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_text_cell(cells: list[Any], text: str, where: str) -> None:
    wanted = expected_cell(text)
    if cells and not isinstance(cells[0], str):
        matches = [cell for cell in cells if cell.value == wanted]
        assert matches, f"{where}: no cell holds {wanted[:60]!r}"
        assert all(cell.data_type == "s" for cell in matches), f"{where}: the text is not a text cell"
    else:
        assert wanted in cells, f"{where}: no cell holds {wanted[:60]!r}"


def exports_check(world: Hostile, manager_client: Client, admin_client: Client) -> None:
    payload = world.payload
    title = world.assessment.title
    r = world.roadmap.pk
    workbook = manager_client.get(reverse("assessments:workbook", args=[world.assessment.pk])).content
    _assert_text_cell(xlsx_cells(workbook), payload, "assessment workbook (notes)")
    sheet = manager_client.get(reverse("assessments:sheet_csv", args=[world.assessment.pk, "it-cost-areas"])).content
    _assert_text_cell(csv_cells(sheet), payload, "IT cost areas CSV (notes)")
    roadmap = manager_client.get(reverse("assessments:roadmap_export_xlsx", args=[r])).content
    roadmap_cells = xlsx_cells(roadmap)
    _assert_text_cell(roadmap_cells, f"{title} (v{world.assessment.version})", "roadmap workbook (title)")
    _assert_text_cell(roadmap_cells, world.organisation.name, "roadmap workbook (organisation)")
    _assert_text_cell(roadmap_cells, world.roadmap.decision_comment, "roadmap workbook (decision comment)")
    items = manager_client.get(reverse("assessments:roadmap_export_items_csv", args=[r])).content
    assert csv_cells(items), "items CSV is empty"
    scenario = manager_client.get(reverse("assessments:roadmap_export_xlsx", args=[world.scenario.pk])).content
    _assert_text_cell(xlsx_cells(scenario), world.scenario.name, "scenario workbook (scenario name)")
    catalogue_csv = admin_client.get(reverse("admin:providers_provider_export", kwargs={"fmt": "csv"})).getvalue()
    _assert_text_cell(csv_cells(catalogue_csv), world.provider.description, "catalogue CSV (description)")
    catalogue_xlsx = admin_client.get(reverse("admin:providers_provider_export", kwargs={"fmt": "xlsx"})).getvalue()
    _assert_text_cell(xlsx_cells(catalogue_xlsx), world.provider.name, "catalogue XLSX (name)")
