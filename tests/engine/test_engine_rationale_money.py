"""The engine's English rationale (the CLI's text) writes money as the web app does in English:
the currency, a no-break space (U+00A0), then the digits with commas (`IDR 1,234,568`), so a line
never ends with the currency and starts the next with the digits."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from engine_cases import worked_input

from assessments.engine import roadmap_input_to_json
from assessments.engine.rationale import NO_BREAK_SPACE, money
from outsourcing.money import NO_BREAK_SPACE as WEB_NO_BREAK_SPACE

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("amount", "currency", "decimals", "expected"),
    [
        (1234567.891, "IDR", 0, "IDR\u00a01,234,568"),
        (-26583750, "EUR", 0, "-EUR\u00a026,583,750"),
        (60000000, "IDR", 2, "IDR\u00a060,000,000.00"),
        (-0.4, "IDR", 0, "IDR\u00a00"),  # rounds to zero: no minus sign on a nought
        (1500, "", 0, "1,500"),
    ],
)
def test_money_is_the_currency_a_no_break_space_and_the_digits(amount, currency, decimals, expected):
    assert money(amount, currency, decimals=decimals) == expected


def test_the_web_app_joins_currency_and_digits_with_the_same_space():
    assert NO_BREAK_SPACE == WEB_NO_BREAK_SPACE == "\u00a0"


def test_the_clis_rationale_has_no_amount_split_from_its_currency(tmp_path):
    document = roadmap_input_to_json(worked_input())
    desk = next(area for area in document["it_cost_areas"] if area["capability"] == "service_desk")
    desk["volume"] = 4000  # tickets: its unit cost is then compared with the market's, in money
    src = tmp_path / "in.json"
    src.write_text(json.dumps(document), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "assessments.engine", str(src)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    texts = {item["id"]: item["rationale"] for item in json.loads(done.stdout)["items"]}
    joined = " ".join(texts.values())
    assert not re.search(r"\d IDR\b", joined)  # the old "1,200,000 IDR"
    assert not re.search(r"IDR [\d-]", joined)  # an ordinary, breakable space
    assert "of its IDR\u00a03,000,000 annual cost" in texts["dc"]
    assert re.search(
        r"it costs IDR\u00a0300\.00 a year for each of its 4,000 .*, against the market's IDR\u00a0[\d,]+\.\d\d\.",
        texts["sd"],
    )
