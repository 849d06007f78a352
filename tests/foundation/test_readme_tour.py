"""The README's "Using the app" tour shows screenshots that are in the repository, for each role
(taken by tests/e2e/test_layout.py with DOCS_SCREENSHOTS=1)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOWN = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")


def _tour() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Using the app")
    return text[start : text.index("\n## ", start + 1)]


def test_every_screenshot_of_the_tour_exists():
    shown = SHOWN.findall(_tour())
    assert shown, "the tour shows no screenshot"
    missing = [path for path in shown if not (ROOT / path).is_file()]
    assert not missing, missing


def test_each_role_has_screenshots_in_the_tour():
    roles = {Path(path).name.split("-")[0] for path in SHOWN.findall(_tour())}
    assert roles == {"consultant", "manager", "administrator"}, roles
