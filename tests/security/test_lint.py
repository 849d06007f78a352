"""Ruff's security rules (flake8-bandit, `S`) are clean across the project, and every exception
says why in place (`# noqa: S… - reason`)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = (".venv", "staticfiles", "node_modules", "migrations", ".git")
NOQA_S = re.compile(r"#\s*noqa:\s*(?P<codes>[A-Z0-9, ]*\bS\d+[A-Z0-9, ]*)(?P<rest>.*)$")


def python_files() -> list[Path]:
    return [path for path in ROOT.rglob("*.py") if not any(part in SKIPPED for part in path.parts)]


def test_every_security_rule_exception_gives_its_reason():
    unexplained = []
    for path in python_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = NOQA_S.search(line)
            if match and not re.match(r"\s*-\s*\S", match.group("rest")):
                unexplained.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not unexplained, "Give each `# noqa: S…` a reason (`# noqa: S603 - why`):\n" + "\n".join(unexplained)


def test_ruff_security_rules_are_clean():
    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run(
        [str(ruff), "check", "--select", "S", "--output-format", "concise", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
