"""One date format per language: `1 Dec 2026, 14:05` in English, `1 Des 2026, 14.05` in Bahasa
Indonesia, on every page (outsourcing/formats/, FORMAT_MODULE_PATH); templates name a format,
never spell one out."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

from assessments.models import Assessment
from tests.factories.assessments import AssessmentFactory

# 1 December 2026, 14:05 in Jakarta (the project's time zone, UTC+7).
MOMENT = dt.datetime(2026, 12, 1, 7, 5, tzinfo=dt.UTC)
SHOWN = {
    "en": {"date": "1 Dec 2026", "datetime": "1 Dec 2026, 14:05", "month": "Dec 2026"},
    "id": {"date": "1 Des 2026", "datetime": "1 Des 2026, 14.05", "month": "Des 2026"},
}
NAMED = {"DATE_FORMAT", "SHORT_DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATETIME_FORMAT", "YEAR_MONTH_FORMAT"}
# Machine-readable values the browser reads, not the reader: ISO 8601 in <time datetime="…">
# and the `YYYY-MM` of an <input type="month"> value.
MACHINE = re.compile(r"""(?:datetime|value)=["']\{\{[^}]*\|date:["'](?:c|Y-m)["']\s*\}\}["']""")
DATE_FILTER = re.compile(r"""\|date:["']([^"']*)["']""")
TEMPLATES = Path(settings.BASE_DIR) / "templates"


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_short_and_long_names_give_one_format_per_language(language):
    day = dt.date(2026, 12, 1)
    moment = dt.datetime(2026, 12, 1, 14, 5)
    with translation.override(language):
        assert formats.date_format(day, "DATE_FORMAT") == SHOWN[language]["date"]
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == SHOWN[language]["date"]
        assert formats.date_format(moment, "DATETIME_FORMAT") == SHOWN[language]["datetime"]
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == SHOWN[language]["datetime"]
        assert formats.date_format(day, "YEAR_MONTH_FORMAT") == SHOWN[language]["month"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "id"])
def test_the_assessment_page_shows_its_dates_in_the_readers_format(organisation, consultant, client_for, language):
    assessment = AssessmentFactory.create(organisation=organisation, author=consultant)
    Assessment.objects.filter(pk=assessment.pk).update(created_at=MOMENT, updated_at=MOMENT)
    client = client_for(consultant)
    client.cookies["django_language"] = language
    html = client.get(reverse("assessments:detail", args=[assessment.pk])).content.decode()
    other = "id" if language == "en" else "en"
    assert html.count(SHOWN[language]["datetime"]) >= 2, "created and last change"
    assert SHOWN[other]["datetime"] not in html
    assert "Dec. 1, 2026" not in html
    assert "12/01/2026" not in html


def test_no_template_spells_out_a_date_format():
    literal: list[str] = []
    for path in sorted(TEMPLATES.rglob("*.html")) + sorted(TEMPLATES.rglob("*.txt")):
        text = MACHINE.sub("", path.read_text(encoding="utf-8"))
        literal += [f"{path.relative_to(TEMPLATES)}: {name}" for name in DATE_FILTER.findall(text) if name not in NAMED]
    assert not literal, literal


def test_the_check_finds_a_spelled_out_format():
    # The test above cannot pass by reading nothing: the patterns see a literal and skip a machine value.
    sample = '<td>{{ day|date:"d/m/Y" }}</td><time datetime="{{ day|date:\'c\' }}">{{ day|date:"DATE_FORMAT" }}</time>'
    assert DATE_FILTER.findall(MACHINE.sub("", sample)) == ["d/m/Y", "DATE_FORMAT"]
