"""Hostile uploads: time and peak memory of each, through the real readers.

Run: .venv/bin/python benchmarks/uploads.py

Each case runs in a fresh child process (so one case's memory cannot hide another's)
with the shipped budgets: the files of tests/cases/uploads (copied from
../shared/cases/uploads), a generated 2 MB CSV of half a million row problems, and the
compressed workbook again with the uncompressed budget raised to 256 MiB (read, not
refused). Printed per case: wall time, Python peak (tracemalloc, a second run) and the
child's peak resident memory above its baseline after start-up. No database is used:
the capability lists are empty, so every line that is read is then refused at its
capability ("0 valid lines" is expected). Exits non-zero if a case misses a target:
under 2 s and under 256 MiB.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases" / "uploads"
SECONDS = 2.0
PEAK_MIB = 256
_ERRORS_HEADER = b"capability,annual_cost,ftes,available_from_month,maturity,standardisation,criticality,notes\n"

CASE_NAMES = {
    "declared-full-sheet-one-far-cell.xlsx (assessment)": ("assessment", "declared-full-sheet-one-far-cell.xlsx", {}),
    "compressed-95mb-rows.xlsx (assessment)": ("assessment", "compressed-95mb-rows.xlsx", {}),
    "compressed-95mb-rows.xlsx, budget 256 MiB": (
        "assessment",
        "compressed-95mb-rows.xlsx",
        {"UPLOAD_MAX_UNCOMPRESSED_BYTES": str(256 * 1024 * 1024)},
    ),
    "catalogue-18279-columns.csv (catalogue)": ("catalogue", "catalogue-18279-columns.csv", {}),
    "catalogue-18279-columns.csv (assessment)": ("assessment", "catalogue-18279-columns.csv", {}),
    "notes-with-semicolon-formulas.csv (assessment)": ("assessment", "notes-with-semicolon-formulas.csv", {}),
    "2 MB CSV, 148 000 row problems (assessment)": ("assessment", ":errors", {}),
}


def _content(name: str) -> bytes:
    if name == ":errors":
        return _ERRORS_HEADER + (b"xyzxyzxyzxyz," * 199 + b"xyzxyzxyzxyz\n") * 740
    return (CASES / name).read_bytes()


def _child(label: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outsourcing.settings")
    # No database and no secret is used: the readers only need settings and translations.
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    from assessments.capture import workbook
    from providers.importing import catalogue_rows_validate
    from providers.spreadsheet import CatalogueFileError, catalogue_file_read

    importer, name, _env = CASE_NAMES[label]
    content = _content(name)

    def run() -> str:
        if importer == "catalogue":
            try:
                rows = catalogue_file_read(content=content, filename=name)
            except CatalogueFileError as error:
                return f"refused: {error.errors[0].message}"
            result = catalogue_rows_validate(
                rows=rows.rows, capability_codes=set(), region_codes=set(), certification_codes=set()
            )
            return f"{len(rows.rows)} rows, {len(result.errors)} problems"
        preview = workbook.import_preview(name=name, content=content, it_capabilities={}, bpo_capabilities={})
        if preview.errors and preview.errors[0].row is None:
            return f"refused: {preview.errors[0].message}"
        lines = sum(len(sheet.lines) for sheet in preview.sheets.values())
        return f"read: {lines} valid lines, {len(preview.errors)} problems listed"

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    outcome = run()
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    run()
    _current, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "traced_mib": traced / 2**20,
                "rss_mib": max(0, rss - baseline) / 1024,
                "outcome": outcome,
            }
        )
    )


def main() -> int:
    failures = 0
    print(f"{'case':52} {'time':>7} {'py peak':>9} {'RSS +':>8}  outcome")
    for label, (_importer, _name, extra_env) in CASE_NAMES.items():
        env = {**os.environ, **extra_env}
        completed = subprocess.run(
            [sys.executable, __file__, "--case", label], capture_output=True, text=True, env=env, check=True
        )
        result = json.loads(completed.stdout.strip().splitlines()[-1])
        ok = result["seconds"] < SECONDS and max(result["traced_mib"], result["rss_mib"]) < PEAK_MIB
        failures += not ok
        print(
            f"{label:52} {result['seconds']:6.2f}s {result['traced_mib']:7.1f}MiB {result['rss_mib']:6.1f}MiB  "
            f"{'' if ok else 'MISSED '}{result['outcome'][:90]}"
        )
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--case":
        _child(sys.argv[2])
    else:
        sys.exit(main())
