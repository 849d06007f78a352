"""The workbook's Assumptions sheet reads in the reader's language: the benchmark figures by their
labels and every engine source of a benchmark in a translated text (the cited titles as published);
a source an administrator typed is shown as typed."""

import io

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from assessments.engine import DEFAULT_BENCHMARKS, defaults
from assessments.roadmaps.benchmark_bases import (
    BENCHMARK_SOURCES,
    WEIGHT_SOURCES,
    benchmark_field_label,
    benchmark_source,
)
from providers.models import Benchmark
from tests.factories.roadmaps import done_roadmap_for

ENGINE_SOURCES = {text for benchmark in DEFAULT_BENCHMARKS.values() for _name, text in benchmark.sources}


def _id_catalogue() -> dict[str, str]:
    path = settings.BASE_DIR / "locale" / "id" / "LC_MESSAGES" / "django.po"
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(path)) if not entry.obsolete}


def test_every_engine_benchmark_source_has_a_translatable_text_saying_the_same_in_english():
    assert ENGINE_SOURCES - set(BENCHMARK_SOURCES) == set()
    with translation.override("en"):
        assert {key: benchmark_source(key) for key in BENCHMARK_SOURCES} == {key: key for key in BENCHMARK_SOURCES}


def test_every_text_has_an_indonesian_translation_keeping_the_cited_titles():
    catalogue = _id_catalogue()
    with translation.override(None):
        msgids = [str(text) for text in (*BENCHMARK_SOURCES.values(), *WEIGHT_SOURCES.values())]
    assert [msgid for msgid in msgids if not catalogue.get(msgid)] == []
    with translation.override("id"):
        low_end = benchmark_source(defaults.SRC_LOW_END)
        centre = benchmark_source(defaults.SRC_DATA_CENTRE_UNIT)
    assert low_end.startswith("Deloitte Consulting, 'Calling a Change in the Outsourcing Market', 2005: 44 % pembeli")
    assert "'Beware of cost savings that add up to less than 10 percent'" in low_end
    assert "'Three colocation facts every networker should know'" in centre
    assert "USD 275 di Amerika Utara" in centre


def test_a_seeded_source_of_several_paragraphs_and_an_administrators_own_read_as_they_should():
    seeded = f"{defaults.SRC_LOW_END}\n{defaults.SRC_ITO_SAVINGS}"
    own = "Gartner IT Key Metrics Data 2025, our licence"
    with translation.override("id"):
        first, second = benchmark_source(seeded).split("\n")
        assert first.startswith("Deloitte Consulting")
        assert "pembeli besar yang disurvei" in first
        assert second.startswith("Survei alih daya TPI (Technology Partners International), 2006")
        assert benchmark_source(f"{own}\n{defaults.PJ_BPO_RAMP}") == (
            f"{own}\nPenilaian produk sendiri: manfaat naik secara linear selama 3-6 bulan setelah transisi."
        )
        assert benchmark_field_label("savings_typical") == "Penghematan, tipikal"
    assert benchmark_field_label("market_region") == "Market region"
    assert Benchmark._meta.get_field("savings_typical").verbose_name == "savings, typical"


@pytest.mark.django_db
def test_the_indonesian_workbooks_assumptions_sheet_has_indonesian_labels_and_sources(
    organisation, consultant, manager, client_for
):
    roadmap = done_roadmap_for(organisation=organisation, author=consultant)
    client = client_for(manager)
    client.cookies["django_language"] = "id"
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("assessments:roadmap_export_xlsx", args=[roadmap.pk])).content)
    )
    assert "Assumptions" not in workbook.sheetnames
    rows = [row for row in workbook["Asumsi"].iter_rows(values_only=True) if any(row)]
    assert rows[0][:4] == ("Parameter", "Nilai", "Ditetapkan oleh", "Dasar nilai bawaan")
    benchmarks = rows.index(("Kapabilitas", "Angka tolok ukur", "Nilai", "Sumber"))
    figures = [row for row in rows[benchmarks + 1 :] if row[1] and row[0] != "Kriteria kesesuaian BPO"]
    labels = {row[1] for row in figures}
    assert {"Penghematan, rendah", "Penghematan, tipikal", "Durasi transisi (bulan)"} <= labels
    assert not {"savings_low", "savings_typical", "transition_months"} & labels
    sources = [str(row[3]) for row in figures if row[3]]
    assert sources
    # No engine source in English: neither its product-judgement wording nor its English sentences.
    english = [s for s in sources if "product judgement" in s or "of the large buyers surveyed" in s]
    assert english == []
    assert any("Penilaian produk sendiri" in s for s in sources)
    assert any("'Calling a Change in the Outsourcing Market'" in s and "pembeli besar" in s for s in sources)
    weights = rows.index(("Kriteria kesesuaian BPO", "Bobot", "Sumber", None))
    criteria = rows[weights + 1 : weights + 7]
    assert {row[0] for row in criteria} >= {"Standardisasi", "Sensitivitas regulasi"}
    assert {row[2] for row in criteria} == {"penilaian produk sendiri (bobot bawaan)"}
    band = next(row for row in rows if row[0] == "Rentang tolok ukur kasus dasar")
    assert band[1] == "tipikal"
