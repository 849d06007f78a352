"""Compile the gettext catalogues (.po -> .mo) in pure Python.

`manage.py compilemessages` needs GNU gettext's msgfmt, which a fresh machine may
not have; polib writes the same binary format, so the README's commands work with
Python alone. Extraction (`makemessages`) still needs xgettext and is a developer
task; CI installs gettext for the completeness check.

Usage: python -m outsourcing.catalogues [--check]
"""

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def catalogue_paths() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def catalogue_compile(po_path: Path) -> Path:
    mo_path = po_path.with_suffix(".mo")
    polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
    return mo_path


def catalogue_is_current(po_path: Path) -> bool:
    """True when the .mo holds exactly the translated, non-fuzzy entries of the .po."""
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return False
    expected = {(e.msgctxt, e.msgid): (e.msgstr or tuple(e.msgstr_plural.values())) for e in _compiled(po_path)}
    actual = {
        (e.msgctxt, e.msgid): (e.msgstr or tuple(e.msgstr_plural.values()))
        for e in polib.mofile(str(mo_path))
        if e.msgid
    }
    return expected == actual


def _compiled(po_path: Path) -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(po_path)).translated_entries() if not e.obsolete]


def main(argv: list[str]) -> int:
    if "--check" in argv:
        stale = [str(p) for p in catalogue_paths() if not catalogue_is_current(p)]
        for path in stale:
            print(f"stale: {path}", file=sys.stderr)
        return 1 if stale else 0
    for po_path in catalogue_paths():
        catalogue_compile(po_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
