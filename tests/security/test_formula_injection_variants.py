"""Variants of the shared case notes-with-semicolon-formulas.csv: a formula hidden after a `,`, `;` or tab
inside any free text (not only notes), in every export of the app, opened under any separator convention."""

from __future__ import annotations

import pytest

from assessments.models import BusinessFunction, ITCostArea
from providers.models import Provider
from tests.factories.roadmaps import capability_get, done_roadmap_for
from tests.security.spreadsheets import export_urls, unsafe_csv_cells, unsafe_xlsx_cells

# Each starts harmless and hides a trigger after a separator (or a line break) a program may split on.
HIDDEN = [
    "x;=cmd|' /C calc'!A0",
    "Reviewed,@SUM(1+1)*cmd|' /C calc'!A0",
    "ok\t+cmd|' /C calc'!A0",
    "ok;-2+3+cmd|' /C calc'!A0",
    "a; =1+1",
    'a;"=1+1"',
    "a;\t=1+1",
    "a\r\n=1+1",
    "a\n@SUM(1)",
    'a,;=HYPERLINK("http://attacker.example")',
]


@pytest.fixture
def hidden_world(organisation, consultant):
    organisation.name, organisation.industry = HIDDEN[0], HIDDEN[1]
    organisation.save()
    roadmap = done_roadmap_for(organisation=organisation, author=consultant, title=HIDDEN[2])
    lines: list[ITCostArea | BusinessFunction] = [
        *roadmap.assessment.it_cost_areas.all(),
        *roadmap.assessment.business_functions.all(),
    ]
    for index, line in enumerate(lines):
        line.notes = HIDDEN[index % len(HIDDEN)]
        line.save(update_fields=["notes"])
    for index, provider in enumerate(Provider.objects.order_by("slug")):
        provider.name = HIDDEN[index % len(HIDDEN)][:60] + f" {index}"
        provider.description = HIDDEN[(index + 3) % len(HIDDEN)]
        provider.save()
    for code, text in (("compute", HIDDEN[4]), ("payroll", HIDDEN[5]), ("service_desk", HIDDEN[8])):
        capability = capability_get(code)
        capability.name = text[:120]
        capability.save()
    roadmap.decision_comment = HIDDEN[6]
    roadmap.save(update_fields=["decision_comment"])
    return roadmap


def test_no_export_lets_a_separator_start_a_formula(hidden_world, client_for, manager, administrator):
    roadmap = hidden_world
    exports, admin_exports = export_urls(roadmap)
    unsafe: list[str] = []
    seen = 0
    for client, urls in ((client_for(manager), exports), (client_for(administrator), admin_exports)):
        for label, url in urls.items():
            response = client.get(url)
            assert response.status_code == 200, (label, response.status_code)
            content = response.getvalue()
            found = unsafe_xlsx_cells(content) if content.startswith(b"PK") else unsafe_csv_cells(content)
            unsafe.extend(f"{label}: {cell}" for cell in found)
            seen += content.count(b"cmd|") + content.count(b"=1+1")
    assert not unsafe, "\n".join(unsafe)
    assert seen >= 10, seen  # the payloads are in the files
