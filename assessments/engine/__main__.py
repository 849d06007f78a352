"""CLI: ``python -m assessments.engine INPUT.json [-o OUTPUT.json]`` (no database needed).

Exit status 0 on success, 2 on invalid input (the field-naming message goes to stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import EngineInputError
from .jsonio import roadmap_from_json


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assessments.engine", description="Compute an outsourcing roadmap.")
    parser.add_argument("input", help="input JSON file (see docs/engine/input.schema.json); '-' for stdin")
    parser.add_argument("-o", "--output", help="write the roadmap JSON here instead of stdout")
    args = parser.parse_args(argv)
    try:
        text = sys.stdin.read() if args.input == "-" else Path(args.input).read_text(encoding="utf-8")
    except OSError as exc:
        print(f"error: cannot read {args.input}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        print(f"error: {args.input} is not valid JSON: {exc}", file=sys.stderr)
        return 2
    try:
        result = roadmap_from_json(doc)
    except EngineInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    if args.output:
        Path(args.output).write_text(out, encoding="utf-8")
    else:
        sys.stdout.write(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
