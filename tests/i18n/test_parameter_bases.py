"""Every parameter's basis reads in the reader's language: a translated text per engine source,
numbers in the reader's locale, codes and field names by their labels; the pages (dashboard,
board pack, compare) show no English basis and no raw code on an Indonesian page."""

import html
import io
import re

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from assessments.engine import PARAMETER_SOURCES
from assessments.roadmaps.parameter_bases import PARAMETER_BASES
from assessments.roadmaps.parameter_presenter import parameter_basis, parameter_rows, parameter_value_shown
from tests.factories.roadmaps import done_roadmap_for, roadmap_done_create

# Codes and field names that must never reach a reader inside a basis or a shown value.
RAW = ("by_region", "months_per_year", "provider_indexation", "wage_growth", "available_from_month")


def _id_catalogue() -> dict[str, str]:
    path = settings.BASE_DIR / "locale" / "id" / "LC_MESSAGES" / "django.po"
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(path)) if not entry.obsolete}


def test_every_engine_parameter_source_has_a_translatable_basis():
    assert set(PARAMETER_SOURCES) - set(PARAMETER_BASES) == set()


def test_every_basis_has_an_indonesian_translation_with_the_same_placeholders():
    catalogue = _id_catalogue()
    with translation.override(None):
        msgids = {key: str(basis.text) for key, basis in PARAMETER_BASES.items()}
    missing = [key for key, msgid in msgids.items() if not catalogue.get(msgid)]
    assert missing == []
    for key, msgid in msgids.items():
        placeholders = set(re.findall(r"%\(\w+\)s", msgid))
        assert placeholders == set(re.findall(r"%\(\w+\)s", catalogue[msgid])), key
        assert placeholders == {f"%({name})s" for name in PARAMETER_BASES[key].values}, key


@pytest.mark.parametrize("language", ["en", "id"])
def test_no_basis_shows_a_code_or_a_field_name(language):
    with translation.override(language):
        texts = {key: parameter_basis(key) for key in PARAMETER_BASES}
    assert {
        key: [raw for raw in RAW if raw in text] for key, text in texts.items() if any(r in text for r in RAW)
    } == {}
    assert all(texts.values())


def test_indonesian_bases_are_indonesian_with_local_numbers():
    with translation.override("id"):
        texts = {key: parameter_basis(key) for key in PARAMETER_BASES}
    english = [key for key, text in texts.items() if "product's own judgement" in text or "judgement" in text]
    assert english == []
    assert "3,5 %" in texts["selection_cost_fraction"]
    assert "6,5 %" in texts["wage_growth"]
    assert "1,0 x" in texts["severance_multiplier"]
    assert "4,85" in texts["bpo_contract_months"]
    assert "10.000" in texts["risk_draws"]
    assert "menurut wilayah" in texts["severance_rule"]
    assert "indeksasi harga penyedia" in texts["wage_growth"]


def test_english_bases_keep_english_numbers():
    with translation.override("en"):
        assert "3.5 %" in parameter_basis("selection_cost_fraction")
        assert "10,000" in parameter_basis("risk_draws")
        assert "provider price indexation (a year)" in parameter_basis("wage_growth")


def test_the_severance_rule_is_shown_by_its_label():
    with translation.override("en"):
        assert parameter_value_shown("severance_rule", "by_region") == "By region"
    with translation.override("id"):
        assert parameter_value_shown("severance_rule", "months_per_year") == "Bulan per tahun masa kerja"
        rows = {row["key"]: row for row in parameter_rows({"severance_rule": "by_region", "wage_growth": 0.0})}
    assert rows["severance_rule"]["shown"] == "Menurut wilayah"
    assert "kenaikan upah" not in rows["wage_growth"]["source"].split(":")[0]  # a basis, not the label
    assert rows["wage_growth"]["source"].startswith("Penilaian produk sendiri")


def _page(client, name, pk, language):
    client.cookies["django_language"] = language
    response = client.get(reverse(f"assessments:{name}", args=[pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["roadmap_dashboard", "roadmap_board_pack"])
def test_parameter_tables_show_no_raw_code_and_no_english_basis(organisation, manager, client_for, name):
    roadmap = done_roadmap_for(organisation=organisation)
    client = client_for(manager)
    english = _page(client, name, roadmap.pk, "en")
    indonesian = _page(client, name, roadmap.pk, "id")
    for page in (english, indonesian):
        assert [raw for raw in RAW if raw in page] == []
    assert "product's own judgement" in english
    assert [source for source in PARAMETER_SOURCES.values() if source in indonesian] == []
    assert "product judgement" not in indonesian
    assert "judgement" not in indonesian
    assert "Penilaian produk sendiri" in indonesian
    assert "Menurut wilayah" in indonesian


@pytest.mark.django_db
def test_the_compare_table_shows_the_severance_rule_by_its_label(organisation, consultant, manager, client_for):
    base = done_roadmap_for(organisation=organisation, author=consultant)
    scenario = roadmap_done_create(
        assessment=base.assessment, name="Gate 75", overrides={"gate_fraction": 0.75}, requested_by=consultant
    )
    client = client_for(manager)
    client.cookies["django_language"] = "id"
    response = client.get(reverse("assessments:roadmap_compare") + f"?a={base.pk}&b={scenario.pk}")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert [raw for raw in RAW if raw in page] == []
    assert "Menurut wilayah" in page


@pytest.mark.django_db
def test_the_indonesian_board_pack_pdf_gives_the_bases_in_indonesian(organisation, manager, client_for):
    roadmap = done_roadmap_for(organisation=organisation)
    client = client_for(manager)
    client.cookies["django_language"] = "id"
    pdf = client.get(reverse("assessments:roadmap_board_pack_pdf", args=[roadmap.pk])).content
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Penilaian produk sendiri" in text
    assert "judgement" not in text
    assert [raw for raw in RAW if raw in text] == []


def test_every_figure_the_engine_cites_is_in_the_basis_a_page_shows():
    """A page's basis and the engine's cited source (PARAMETER_SOURCES) must not drift apart: the governance basis
    once said "3-6 %, 4.5 % as the default" while the engine used 8 % within 3-12 %. Every per-cent figure and range
    of the engine's source appears in the English basis."""
    figure = re.compile(r"(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))? ?%")

    def figures(text: str) -> set[tuple[float, ...]]:  # "7.0 %" and "7 %" are one figure; a range is a pair
        return {tuple(float(n) for n in found if n) for found in figure.findall(text)}

    with translation.override("en"):
        drift = {
            key: sorted(figures(source) - figures(parameter_basis(key))) for key, source in PARAMETER_SOURCES.items()
        }
    assert {key: missing for key, missing in drift.items() if missing} == {}


def test_the_governance_basis_quotes_the_engines_default():
    with translation.override("en"):
        text = parameter_basis("governance_fraction")
    assert "8 % for BPO and the applications tower" in text
    assert "3-12 % of contract value" in text
    assert "3-6 %" not in text
