"""The dashboards load plotly.js's "basic" partial bundle (scatter, bar, pie traces), not the
full 4.8 MB bundle: every chart the app builds must use only those traces, and the bundle must
be the plotly.js the Python package was written for."""

import ast
import re
from pathlib import Path

import plotly

from outsourcing.staticfinders import VENDOR_FILES

ROOT = Path(__file__).resolve().parents[2]
BASIC_TRACES = {"scatter", "bar", "pie"}
BUNDLE = VENDOR_FILES["vendor/plotly/plotly-basic.min.js"]


def _version(script: Path) -> str:
    head = script.read_text(encoding="utf-8", errors="replace")[:400]
    found = re.search(r"plotly\.js (?:\([^)]*\) )?v(\d+\.\d+\.\d+)", head)
    assert found, f"no version banner in {script}"
    return found.group(1)


def test_the_basic_bundle_is_the_plotly_js_of_the_python_package():
    bundled = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert _version(BUNDLE) == _version(bundled)
    assert BUNDLE.stat().st_size < 1_500_000  # the point of the partial bundle


def test_charts_build_only_traces_of_the_basic_bundle():
    trees = [
        ast.parse(path.read_text()) for path in sorted((ROOT / "assessments" / "roadmaps" / "charts").glob("*.py"))
    ]
    used: set[str] = set()
    for node in (node for tree in trees for node in ast.walk(tree)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            if name.startswith("add_") and name not in {"add_shape", "add_annotation"}:
                used.add(name.removeprefix("add_"))
            # go.Heatmap(...), go.Sankey(...) and the like: a trace class built directly.
            if isinstance(node.func.value, ast.Name) and node.func.value.id == "go" and name != "Figure":
                used.add(name.lower())
    assert used, "no trace found: the scan no longer matches how charts.py builds traces"
    assert used <= BASIC_TRACES, used - BASIC_TRACES
