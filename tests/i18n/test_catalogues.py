"""The Indonesian catalogue is complete, well-formed and compiled.

The completeness check re-extracts every translatable string from the code and
templates (Django's makemessages, in a scratch copy of the source) and fails on any
string that the committed Indonesian catalogue does not translate.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from outsourcing.catalogues import catalogue_is_current, catalogue_paths

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ("assessments", "providers", "outsourcing", "templates", "static/js")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w*)\}")
CATALOGUES = {domain: ROOT / "locale" / "id" / "LC_MESSAGES" / f"{domain}.po" for domain in ("django",)}


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


@pytest.fixture(scope="module")
def extracted_catalogue(tmp_path_factory) -> polib.POFile:
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (xgettext) must be installed in CI: .ci/run installs it.")
        pytest.skip("xgettext is not installed; install GNU gettext to run the completeness check.")
    scratch = tmp_path_factory.mktemp("extract")
    for name in (*SOURCE_DIRS, "manage.py"):
        source = ROOT / name
        target = scratch / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "vendor"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    (scratch / "locale").mkdir()
    env = {**os.environ, "DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "outsourcing.settings"}
    env.pop("DJANGO_TESTING", None)
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", "id", "--no-wrap"],
        cwd=scratch,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return polib.pofile(str(scratch / "locale" / "id" / "LC_MESSAGES" / "django.po"))


def test_every_user_facing_string_has_an_indonesian_translation(extracted_catalogue):
    committed = polib.pofile(str(CATALOGUES["django"]))
    translated = {(e.msgctxt, e.msgid) for e in committed.translated_entries()}
    missing = [
        f"{entry.msgid!r} ({entry.occurrences[0][0] if entry.occurrences else '?'})"
        for entry in extracted_catalogue
        if (entry.msgctxt, entry.msgid) not in translated
    ]
    assert missing == [], (
        f"{len(missing)} strings lack an Indonesian translation; run `make makemessages`:\n" + "\n".join(missing[:50])
    )


@pytest.mark.parametrize("po_path", catalogue_paths(), ids=lambda p: str(p.relative_to(ROOT)))
def test_translations_keep_their_placeholders(po_path):
    broken = []
    for entry in polib.pofile(str(po_path)).translated_entries():
        if entry.msgid_plural:
            pairs = [(entry.msgid_plural, text) for text in entry.msgstr_plural.values()]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, translation in pairs:
            if _placeholders(source) != _placeholders(translation):
                broken.append(f"{entry.msgid!r} -> {translation!r}")
    assert broken == []


@pytest.mark.parametrize("po_path", catalogue_paths(), ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_is_current(po_path):
    assert catalogue_is_current(po_path), "run `make messages` (python -m outsourcing.catalogues)"


def test_there_is_an_indonesian_catalogue():
    assert CATALOGUES["django"].exists()
    assert len(polib.pofile(str(CATALOGUES["django"])).translated_entries()) > 300
