"""The rooms of docs/architecture.md stay as drawn: read from the source with `ast`, nothing is imported."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

from pipelines.core.published import PUBLISHED_TABLES
from pipelines.core.vocab import SUBMISSION_STATUSES

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("pipelines", "dashboards")
# What the dashboards may import from pipelines (docs/architecture.md, "dashboards").
DASHBOARD_DOORS = (
    "pipelines.core",
    "pipelines.portal.service",
    "pipelines.export",
    "pipelines.warehouse.status",
    "pipelines.intake.forms",
    "pipelines.report",
)
MAX_FILES_AT_TOP = 8
MAX_LINES = 300
# Generated data and benchmarks may be long.
LONG_ALLOWED = ("pipelines/demo/", "bench/")


@cache
def modules() -> dict[str, Path]:
    """Dotted module name → file, for every module of the project's packages."""
    found = {}
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            parts = path.relative_to(REPO).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported_modules(name: str) -> set[str]:
    """The project modules that module `name` imports anywhere in its file (lazy imports count too)."""
    path = modules()[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's package, one level up per extra dot
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                targets.add(submodule if submodule in modules() else base)
    return {target for target in targets if target in modules()}


def import_graph() -> dict[str, set[str]]:
    return {name: imported_modules(name) - {name} for name in modules()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path (first module repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def python_files(*roots: str) -> list[Path]:
    return [path for root in roots for path in sorted((REPO / root).rglob("*.py"))]


def string_constants(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def test_no_import_cycle():
    assert find_cycle(import_graph()) is None


def test_the_cycle_finder_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]


def test_dashboards_import_only_the_declared_doors():
    strays = {
        f"{name} → {target}"
        for name, targets in import_graph().items()
        if name.startswith("dashboards")
        for target in targets
        if target.startswith("pipelines")
        and not any(target == door or target.startswith(door + ".") for door in DASHBOARD_DOORS)
    }
    assert not strays


def test_each_room_imports_only_rooms_upstream_of_it():
    # the data flow: core ← intake ← submissions ← portal, warehouse ← defs; nothing imports a room downstream
    upstream = {
        "pipelines.core": set(),
        "pipelines.intake": {"pipelines.core"},
        "pipelines.submissions": {"pipelines.core", "pipelines.intake"},
        "pipelines.portal": {"pipelines.core", "pipelines.intake", "pipelines.submissions"},
        "pipelines.warehouse": {"pipelines.core", "pipelines.intake", "pipelines.submissions"},
        "pipelines.report": {"pipelines.core"},
    }
    wrong = set()
    for name, targets in import_graph().items():
        room = next((room for room in upstream if name == room or name.startswith(room + ".")), None)
        if room is None:
            continue
        for target in targets:
            target_room = ".".join(target.split(".")[:2])
            if target_room != room and target_room not in upstream[room]:
                wrong.add(f"{name} → {target}")
    assert not wrong


def test_few_files_at_the_top_of_pipelines():
    assert len(list((REPO / "pipelines").glob("*.py"))) <= MAX_FILES_AT_TOP


def test_no_long_modules():
    long = {
        str(path.relative_to(REPO)): length
        for path in python_files("pipelines", "dashboards", "tests", "bench", "scripts")
        if (length := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
        and not str(path.relative_to(REPO)).startswith(LONG_ALLOWED)
    }
    assert not long


def test_submission_status_labels_are_written_once():
    labels = {ja for _, ja, _ in SUBMISSION_STATUSES} | {"却下", "不受理", "差替え済み"}
    vocab = REPO / "pipelines" / "core" / "vocab.py"
    elsewhere = {
        f"{path.relative_to(REPO)}: {text}"
        for path in python_files("pipelines", "dashboards")
        if path != vocab
        for text in string_constants(path)
        if text in labels
    }
    assert not elsewhere


def test_published_tables_are_listed_once():
    owner = REPO / "pipelines" / "core" / "published.py"
    lists = set()
    for path in python_files("pipelines", "dashboards"):
        if path == owner:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Tuple | ast.List | ast.Set):
                names = {e.value for e in node.elts if isinstance(e, ast.Constant) and e.value in PUBLISHED_TABLES}
                if len(names) >= 5:
                    lists.add(f"{path.relative_to(REPO)}:{node.lineno}")
    assert not lists


def test_only_the_status_module_writes_the_refresh_status():
    writer = REPO / "pipelines" / "warehouse" / "status.py"
    config = REPO / "pipelines" / "core" / "config.py"
    others = {
        str(path.relative_to(REPO))
        for path in python_files("pipelines")
        if path not in (writer, config) and "refresh_status_path" in path.read_text(encoding="utf-8")
    }
    assert not others


def test_only_the_submissions_room_touches_the_register_folders():
    others = {
        str(path.relative_to(REPO))
        for path in python_files("pipelines", "dashboards")
        if not str(path.relative_to(REPO)).startswith(("pipelines/submissions/", "pipelines/core/", "pipelines/demo/"))
        and any(name in path.read_text(encoding="utf-8") for name in ("submissions_dir", "withdrawals_dir"))
    }
    assert not others
