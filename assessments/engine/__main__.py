"""CLI: ``python -m assessments.engine INPUT.json [-o OUTPUT.json] [--indent N]`` (no database needed).

Reads one JSON document (a file, or '-' for stdin), writes the roadmap as strict JSON,
compact unless ``--indent`` asks for indentation. Exit status 0 on success; 2 when the
input or the output path is unusable, with a one-line message on stderr that names the
field or the problem (never a traceback); 1 for an internal error (a bug to report).
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import sys
from pathlib import Path
from typing import BinaryIO

from .errors import EngineInputError
from .jsonio import parse_json, roadmap_input_from_json, write_roadmap_json, write_roadmap_json_compact
from .roadmap import build_roadmap
from .types import Roadmap

MAX_INDENT = 8


class _OutputError(Exception):
    pass


def _check_output_path(output: str) -> None:
    """Refuse before computing what cannot be written at all (a directory, a missing folder)."""
    path = Path(output)
    if path.is_dir():
        raise _OutputError(f"cannot write {output}: it is a directory")
    parent = path.parent
    if not parent.is_dir():
        raise _OutputError(f"cannot write {output}: folder {parent} does not exist")


def _silence_stdout() -> None:
    """Nothing more can reach stdout: point it at /dev/null so that the interpreter's final
    flush does not fail a second time."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _write_to(roadmap: Roadmap, binary: BinaryIO, indent: int | None) -> None:
    """Compact output goes to the binary stream as bytes (no str round trip); indented
    output through a UTF-8 text layer."""
    if indent is None:
        write_roadmap_json_compact(roadmap, binary)
        binary.flush()
        return
    out = io.TextIOWrapper(binary, encoding="utf-8", newline="\n")
    try:
        write_roadmap_json(roadmap, out, indent=indent)
        out.flush()
    finally:
        out.detach()


def _write(roadmap: Roadmap, output: str | None, indent: int | None) -> None:
    if output is None:
        try:
            _write_to(roadmap, sys.stdout.buffer, indent)
        except OSError as exc:  # e.g. a closed pipe: `... | head`
            _silence_stdout()
            raise _OutputError(f"cannot write to standard output: {exc.strerror or exc}") from None
        return
    path = Path(output)
    try:
        with path.open("wb") as binary:
            _write_to(roadmap, binary, indent)
    except OSError as exc:
        if path.is_file():
            path.unlink(missing_ok=True)  # no half-written document left behind
        raise _OutputError(f"cannot write {output}: {exc.strerror or exc}") from None


def _indent(text: str) -> int:
    value = int(text)
    if not 0 <= value <= MAX_INDENT:
        raise argparse.ArgumentTypeError(f"must be between 0 and {MAX_INDENT}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assessments.engine", description="Compute an outsourcing roadmap.")
    parser.add_argument("input", help="input JSON file (see docs/engine/input.schema.json); '-' for stdin")
    parser.add_argument("-o", "--output", help="write the roadmap JSON here instead of stdout")
    parser.add_argument(
        "--indent", type=_indent, default=None, metavar="N", help="indent the output by N spaces (default: compact)"
    )
    args = parser.parse_args(argv)
    # One computation, then exit: the cyclic garbage collector would only walk the millions of
    # live objects a large input holds (a quarter of the CPU time at 100,000 lines) and free
    # nothing of note (the peak memory is the same without it: benchmarks/engine_cli.py).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(args)
    finally:
        if collecting:
            gc.enable()


def _run(args: argparse.Namespace) -> int:
    try:
        if args.output is not None:
            _check_output_path(args.output)
        try:
            raw = sys.stdin.buffer.read() if args.input == "-" else Path(args.input).read_bytes()
        except OSError as exc:
            print(f"error: cannot read {args.input}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        doc = parse_json(raw)
        del raw
        data = roadmap_input_from_json(doc)
        del doc  # the dataclasses are all that is needed from here on
        roadmap = build_roadmap(data)
        del data
        _write(roadmap, args.output, args.indent)
    except EngineInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except _OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - a bug: say so in one line, never a traceback
        print(f"error: internal error ({type(exc).__name__}: {exc}); please report this input", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
