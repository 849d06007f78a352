"""No internal reference reaches a user or a client's file.

The team's own documents (the design notes, the product brief, the founding document's
numbered rules, issue numbers) mean nothing to a client; a figure cites its public source or
says it is the product's own judgement. This scans what users see and take away: the
rendered pages (dashboard, board pack, scenario form), the board pack PDF, the exports, the
catalogues' texts in both languages, and the engine's default sources and English rationale.
"""

import csv
import io
import re
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from assessments.engine import DEFAULT_BENCHMARKS, PARAMETER_SOURCES
from outsourcing.catalogues import catalogue_paths
from tests.factories.roadmaps import done_roadmap_for

ROOT = Path(__file__).resolve().parents[2]

# Case-sensitive where the word is ordinary English in lower case ("design").
MARKERS = re.compile(
    r"DESIGN|§|product brief|founding (?:document|rule)|as cited in|seed/0|\bissue ?#?\d+|\(rule \d\)|\brule \d\b"
    r"|dokumen pendiri|aturan \d|\bbrief\b",
    flags=re.UNICODE,
)


def _markers(text: str) -> list[str]:
    return [match.group(0) for match in MARKERS.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "as given in the product brief",
        "(as cited in DESIGN §5)",
        "realised (rule 6).",
        "see issue 14",
        "The founding rule: BPO starts",
    ],
)
def test_the_scan_finds_each_kind_of_marker(text):
    assert _markers(text)


def test_the_scan_leaves_ordinary_words_alone():
    assert _markers("from design to daily operation; in short, the rules of the model") == []


def test_engine_default_sources_cite_public_sources_or_judgement():
    texts = dict(PARAMETER_SOURCES)
    for code, benchmark in DEFAULT_BENCHMARKS.items():
        for name in ("savings_typical", "transition_months", "transition_cost_fraction", "engagement_months"):
            texts[f"{code}.{name}"] = benchmark.source_of(name)
    found = {key: _markers(text) for key, text in texts.items() if _markers(text)}
    assert found == {}


@pytest.mark.parametrize("po_path", catalogue_paths(), ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogues_hold_no_internal_reference(po_path):
    found = []
    for entry in polib.pofile(str(po_path)):
        texts = [entry.msgid, entry.msgid_plural, entry.msgstr, *entry.msgstr_plural.values()]
        found += [(entry.msgid[:60], marker) for text in texts if text for marker in _markers(text)]
    assert found == []


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "id"])
def test_pages_and_exports_hold_no_internal_reference(organisation, manager, client_for, language):
    roadmap = done_roadmap_for(organisation=organisation)
    client = client_for(manager)
    client.cookies["django_language"] = language
    found: dict[str, list[str]] = {}
    for name in ("roadmap_dashboard", "roadmap_board_pack", "scenario_create", "roadmap_status"):
        response = client.get(reverse(f"assessments:{name}", args=[roadmap.pk]))
        assert response.status_code == 200, name
        found[name] = _markers(response.content.decode())
    for name in ("roadmap_export_items_csv", "roadmap_export_cash_flow_csv"):
        content = client.get(reverse(f"assessments:{name}", args=[roadmap.pk])).content.decode("utf-8-sig")
        found[name] = _markers(" ".join(" ".join(row) for row in csv.reader(io.StringIO(content))))
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("assessments:roadmap_export_xlsx", args=[roadmap.pk])).content), data_only=True
    )
    cells = [str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    # The sources are there to be scanned, in the reader's language.
    judgement = {"en": "product judgement", "id": "Penilaian produk sendiri"}[language]
    assert any(judgement in cell for cell in cells)
    found["workbook"] = _markers(" ".join(cells))
    pdf = client.get(reverse("assessments:roadmap_board_pack_pdf", args=[roadmap.pk])).content
    found["board pack PDF"] = _markers(_pdf_text(pdf))
    assert {name: markers for name, markers in found.items() if markers} == {}
