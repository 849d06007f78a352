"""The house rules of issue 11, read from the source with `ast` (no Django, no import of the project).

- No import cycle among the project's modules (imports run when a module loads; imports inside
  functions and under `if TYPE_CHECKING:` are not counted).
- A view module imports from the project only what a view is allowed to know: forms (and the API's
  serializers), selectors, services, presenters, access, models, URL and HTTP helpers (`VIEW_MAY_IMPORT`).
- No module of the app layers is longer than `MAX_LINES` lines (the pure engine is judged on its own).
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("api", "assessments", "outsourcing", "providers")
SIZED = ("api", "assessments", "outsourcing", "providers")  # the engine is excluded below
MAX_LINES = 450

# What a view module may import from the project, by the last part of the module's dotted name: the
# part itself, or its ending after an underscore (`pipeline_selectors` is a selectors module). Anything
# else (workbooks, grids, charts, engines, tasks) reaches a view through one of these.
VIEW_MAY_IMPORT = (
    "forms",  # validating input
    "serializers",  # the API's forms (Django REST framework): validating input, shaping output
    "selectors",  # reads
    "services",  # writes
    "presenter",  # shaping a result for a page
    "presenters",
    "access",  # "may this user do this to this object"
    "models",  # types and choices
    "urls",  # URL helpers
    "http",  # request types (outsourcing.http)
    "responses",  # shared HTTP responses (403 page, read-only refusal)
)

# Modules that may break a rule for a stated reason, each with the reason in a comment. Empty: the
# roadmaps exports and views that grew past a rule in the session-3 merges are split (issue 11).
# `pending_elsewhere_problems` keeps the list honest: only roadmaps modules that exist and still
# break a rule may stay in it.
PENDING_ELSEWHERE: tuple[str, ...] = ()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _project_files() -> dict[str, Path]:
    files = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                files[_module_name(path)] = path
    return files


FILES = _project_files()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _module_level_imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    """Imports run when the module loads: at the top level, or in top-level try/if blocks."""
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop(0)
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If) and not _is_type_checking(node):
            pending.extend(node.body + node.orelse)
        elif isinstance(node, ast.Try):
            pending.extend(node.body + node.orelse + node.finalbody)
            for handler in node.handlers:
                pending.extend(handler.body)


def _absolute(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".")
    if FILES[module].name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str) -> set[str]:
    """The project modules `module` imports when it loads (a `from package import submodule` names the submodule)."""
    tree = ast.parse(FILES[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in _module_level_imports(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            source = _absolute(module, node)
            names = [f"{source}.{alias.name}" if f"{source}.{alias.name}" in FILES else source for alias in node.names]
        found.update(name for name in names if name in FILES)
    found.discard(module)
    return found


GRAPH = {module: imports_of(module) for module in FILES}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def _is_view_module(module: str) -> bool:
    parts = module.split(".")
    return parts[-1] == "views" or parts[-1].endswith("_views") or "views" in parts[:-1]


def _views_package(module: str) -> str | None:
    """The `…views` package a module belongs to (its modules may share their own helpers), if any."""
    parts = module.split(".")
    if "views" in parts[:-1]:
        return ".".join(parts[: parts.index("views") + 1])
    if parts[-1] == "views" and FILES[module].name == "__init__.py":
        return module
    return None


def view_may_import(module: str) -> bool:
    last = module.rsplit(".", 1)[-1].lstrip("_")
    return any(last == allowed or last.endswith(f"_{allowed}") for allowed in VIEW_MAY_IMPORT)


def view_import_problems(module: str) -> list[str]:
    package = _views_package(module)
    return sorted(
        imported
        for imported in GRAPH[module]
        if not view_may_import(imported)
        and not (package and (imported == package or imported.startswith(f"{package}.")))
    )


def _length(module: str) -> int:
    return len(FILES[module].read_text(encoding="utf-8").splitlines())


SIZED_MODULES = sorted(
    module for module in FILES if module.split(".")[0] in SIZED and not module.startswith("assessments.engine")
)
VIEW_MODULES = sorted(module for module in FILES if _is_view_module(module))


def test_the_rules_can_fail() -> None:
    # Guards against a test that cannot fail: the graph holds known edges, the helpers judge known cases.
    assert "outsourcing.http" in GRAPH["api.views"] or "assessments.organisations.access" in GRAPH["api.views"]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []
    assert _is_view_module("api.views")
    assert _is_view_module("assessments.roadmaps.pipeline_views")
    assert not _is_view_module("assessments.capture.forms")
    assert view_may_import("assessments.roadmaps.pipeline_selectors")
    assert view_may_import("outsourcing.http")
    assert not view_may_import("assessments.capture.workbook")
    assert not view_may_import("assessments.roadmaps.charts")
    assert not view_may_import("assessments.engine.defaults")
    assert _is_view_module("assessments.roadmaps.views.glossary")
    assert len(VIEW_MODULES) >= 8
    assert len(SIZED_MODULES) >= 100


def test_no_import_cycle_among_project_modules() -> None:
    cycles = _cycles(GRAPH)
    assert not cycles, "Import cycles (each line one cycle's modules):\n" + "\n".join(" <-> ".join(c) for c in cycles)


@pytest.mark.parametrize("module", VIEW_MODULES)
def test_views_import_only_forms_selectors_services_presenters_access_models_and_http(module: str) -> None:
    if module in PENDING_ELSEWHERE:
        pytest.skip("listed in PENDING_ELSEWHERE")
    wrong = view_import_problems(module)
    assert not wrong, f"{module} imports {wrong}: a view imports only {', '.join(VIEW_MAY_IMPORT)}"


@pytest.mark.parametrize("module", SIZED_MODULES)
def test_no_module_is_longer_than_the_limit(module: str) -> None:
    if module in PENDING_ELSEWHERE:
        pytest.skip("listed in PENDING_ELSEWHERE")
    lines = _length(module)
    assert lines <= MAX_LINES, f"{FILES[module].relative_to(ROOT)} has {lines} lines (at most {MAX_LINES}): split it"


def pending_elsewhere_problems(pending: tuple[str, ...]) -> list[str]:
    """Why each listed module should not be in `PENDING_ELSEWHERE` (empty when the list is honest)."""
    problems = []
    for module in pending:
        if not module.startswith("assessments.roadmaps."):
            problems.append(f"{module} is not a roadmaps module")
        elif module not in FILES:
            problems.append(f"{module} no longer exists: remove it from PENDING_ELSEWHERE")
        elif not (_length(module) > MAX_LINES or (_is_view_module(module) and view_import_problems(module))):
            problems.append(f"{module} now keeps the rules: remove it from PENDING_ELSEWHERE")
    return problems


def test_pending_elsewhere_lists_only_roadmaps_modules_that_still_break_a_rule() -> None:
    # The check itself can fail: a module outside roadmaps, a module gone, a module keeping the rules.
    assert pending_elsewhere_problems(("api.views",)) == ["api.views is not a roadmaps module"]
    assert pending_elsewhere_problems(("assessments.roadmaps.gone",))
    assert pending_elsewhere_problems(("assessments.roadmaps.views", "assessments.roadmaps.exports")) == [
        "assessments.roadmaps.views now keeps the rules: remove it from PENDING_ELSEWHERE",
        "assessments.roadmaps.exports now keeps the rules: remove it from PENDING_ELSEWHERE",
    ]
    assert not pending_elsewhere_problems(PENDING_ELSEWHERE), pending_elsewhere_problems(PENDING_ELSEWHERE)
