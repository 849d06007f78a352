"""Every `# type: ignore` names the mypy error code it silences and says why, in place:
`# type: ignore[attr-defined]  # annotated by get_queryset`."""

from __future__ import annotations

import re

from tests.security.test_lint import ROOT, python_files

TYPE_IGNORE = re.compile(r"#\s*type:\s*ignore(?P<codes>\[[a-z0-9-, ]+\])?(?P<rest>.*)$")

# The engine is being rewritten on another branch: its one unexplained ignore gets its reason at
# the merge, and this set becomes empty.
PENDING = frozenset({"assessments/engine/schema.py"})
# This file writes the comment in its examples.
SELF = "tests/security/test_type_ignores.py"


def unexplained_ignores(text: str) -> list[int]:
    """Line numbers of `# type: ignore` comments without an error code or without a reason."""
    lines = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = TYPE_IGNORE.search(line)
        if match and (not match.group("codes") or not re.match(r"\s*#\s*\S", match.group("rest"))):
            lines.append(number)
    return lines


def test_the_check_tells_explained_from_unexplained_ignores():
    assert unexplained_ignores("x = f()  # type: ignore[arg-type]  # the wrong type on purpose") == []
    assert unexplained_ignores("x = f()  # type: ignore[arg-type]") == [1]
    assert unexplained_ignores("x = f()  # type: ignore  # no code") == [1]


def test_every_type_ignore_names_its_code_and_reason():
    unexplained = []
    for path in python_files():
        relative = path.relative_to(ROOT).as_posix()
        if relative in PENDING or relative == SELF:
            continue
        unexplained += [f"{relative}:{number}" for number in unexplained_ignores(path.read_text(encoding="utf-8"))]
    assert not unexplained, "Name the code and the reason: `# type: ignore[code]  # why`:\n" + "\n".join(unexplained)
