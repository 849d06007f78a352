"""The manager's journey reads in Bahasa Indonesia, with rupiah written the Indonesian way."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import UserPreference
from tests.factories.roadmaps import done_roadmap_for

pytestmark = pytest.mark.django_db

RUPIAH = re.compile(r"Rp\u00a0\d{1,3}(?:\.\d{3})+")
ENGLISH_IDR = re.compile(r"IDR\u00a0\d{1,3}(?:,\d{3})+")


@pytest.fixture
def roadmap(organisation):
    return done_roadmap_for(organisation=organisation)


def _pages(roadmap):
    assessment = roadmap.assessment
    return {
        "home": reverse("home"),
        "portfolio": reverse("assessments:portfolio"),
        "assessments": reverse("assessments:list"),
        "assessment": reverse("assessments:detail", args=[assessment.pk]),
        "organisation": reverse("assessments:organisation_detail", args=[assessment.organisation_id]),
        "status": reverse("assessments:roadmap_status", args=[roadmap.pk]),
        "dashboard": reverse("assessments:roadmap_dashboard", args=[roadmap.pk]),
        "board pack": reverse("assessments:roadmap_board_pack", args=[roadmap.pk]),
        "catalogue": reverse("providers:catalogue"),
    }


# A phrase each page shows in either language (navigation excluded, so the page body is checked).
EXPECTED = {
    "en": {"dashboard": "How to read this roadmap", "portfolio": "Portfolio", "catalogue": "Provider catalogue"},
    "id": {"dashboard": "Cara membaca peta jalan ini", "portfolio": "Portofolio", "catalogue": "Katalog penyedia"},
}


@pytest.mark.parametrize("language", ["en", "id"])
def test_main_pages_render_in_the_users_language(roadmap, manager, client_for, language):
    UserPreference.objects.create(user=manager, language=language)
    client = client_for(manager)
    client.cookies["django_language"] = language
    for name, url in _pages(roadmap).items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert response.headers["Content-Language"] == language, name
        html = response.content.decode()
        assert f'<html lang="{language}"' in html, name
        if name in EXPECTED[language]:
            assert EXPECTED[language][name] in html, name


def test_indonesian_dashboard_writes_rupiah_and_indonesian_rationale(roadmap, manager, client_for):
    client = client_for(manager)
    client.cookies["django_language"] = "id"
    html = client.get(reverse("assessments:roadmap_dashboard", args=[roadmap.pk])).content.decode()
    assert RUPIAH.search(html)
    assert not ENGLISH_IDR.search(html)
    # Engine 2.0: the demo's IT areas have no volume, so their savings are indicative (not yet found).
    assert "Direkomendasikan untuk BPO" in html
    assert "Lakukan benchmark atas area ini dulu" in html
    assert "Recommended for" not in html
    assert "Benchmark this area" not in html
    figures = re.findall(r'<script id="chart-[\w-]+" type="application/json">(.*?)</script>', html, re.S)
    assert figures
    assert all(json.loads(figure)["layout"]["separators"] == ",." for figure in figures)


def test_indonesian_exports(roadmap, manager, client_for):
    client = client_for(manager)
    client.cookies["django_language"] = "id"
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("assessments:roadmap_export_xlsx", args=[roadmap.pk])).content)
    )
    assert "Summary" not in workbook.sheetnames
    cells = [str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert any("Direkomendasikan untuk BPO" in cell for cell in cells)
    assert any("Lakukan benchmark atas area ini dulu" in cell for cell in cells)
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("assessments:roadmap_export_items_csv", args=[roadmap.pk])).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert "Rationale" not in rows[0]
    assert any("Direkomendasikan untuk BPO" in cell for row in rows[1:] for cell in row)
    assert any(cell == "indikatif" for row in rows[1:] for cell in row)


def test_sign_in_page_in_indonesian(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Masuk" in html
    assert "Sign in" not in html
