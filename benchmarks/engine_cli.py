"""The engine's command line on a very large assessment: wall time and peak memory.

Run: .venv/bin/python benchmarks/engine_cli.py [LINES]   (default 100 000)

Generates a LINES-line input (half IT cost areas, half business functions, 100 offerings:
``engine_scaling.make_input``) in a temporary folder, runs
``python -m assessments.engine INPUT -o OUTPUT`` as a subprocess (compact output, the
default), and reports its wall time, CPU time and peak resident memory (ru_maxrss of the child).
On a shared, busy machine the wall time overstates the cost; the CPU time shows it.
Checks that the output is strict JSON with one item per line. Exits non-zero if a target
is missed: under 10 s and under 1 GiB at 100 000 lines (issue 12).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from engine_scaling import make_input  # noqa: E402

from assessments.engine import roadmap_input_to_json  # noqa: E402

TARGET_SECONDS = 10.0
TARGET_RSS_BYTES = 1 << 30


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} in the output: not JSON")


def main() -> int:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as folder:
        src, dst = Path(folder) / "input.json", Path(folder) / "roadmap.json"
        src.write_text(json.dumps(roadmap_input_to_json(make_input(lines))), encoding="utf-8")
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "assessments.engine", str(src), "-o", str(dst)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - start
        # ru_maxrss is in KiB on Linux; the only child this process has run is the CLI.
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak = usage.ru_maxrss * 1024
        cpu = usage.ru_utime + usage.ru_stime
        if done.returncode != 0:
            print(f"FAIL: the CLI exited {done.returncode}: {done.stderr.strip()}", file=sys.stderr)
            return 1
        size = dst.stat().st_size
        roadmap = json.loads(dst.read_text(encoding="utf-8"), parse_constant=_refuse_constant)
        items = len(roadmap["items"])
    print(f"input {src.name}: {lines} lines; output {size / 2**20:.1f} MiB, {items} items")
    print(f"wall time {wall:.2f} s (target < {TARGET_SECONDS:.0f} s); CPU time {cpu:.2f} s")
    print(f"peak RSS {peak / 2**20:.0f} MiB (target < {TARGET_RSS_BYTES / 2**30:.0f} GiB)")
    failures = []
    if items != lines:
        failures.append(f"{items} items for {lines} lines")
    if lines >= 100_000:
        if wall >= TARGET_SECONDS:
            failures.append(f"wall time {wall:.2f} s (target < {TARGET_SECONDS:.0f} s)")
        if peak >= TARGET_RSS_BYTES:
            failures.append(f"peak RSS {peak / 2**20:.0f} MiB (target < 1024 MiB)")
    for failure in failures:
        print("FAIL:", failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
