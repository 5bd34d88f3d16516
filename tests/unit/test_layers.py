"""Layers point down only, no module imports itself round a circle, domain/ stays pure, and only
`infra/settings.py` touches the process environment.

    domain ← privacy ← infra ← projections ← wiring ← entry points (api, cli, demo, bench)

Every import counts: at module level and inside functions (an import moved into a function to
break a cycle is still the dependency). A package may import its own modules and any layer below
its own; entry points do not import each other, except that the CLI serves the API and loads the
demo (`wijkdossier serve`, `wijkdossier demo`) and the benches measure the API on the demo's data.
An import under `if TYPE_CHECKING:` never runs: it is held to the layers, not to the cycle rule
(the dossier's area modules name `HouseholdDossier`, which they make up, in annotations).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS: dict[str, int] = {"domain": 0, "privacy": 1, "infra": 2, "projections": 3, "wiring": 4,
                          "api": 5, "cli": 5, "demo": 5, "bench": 5}
# Which other entry point an entry point may import (decided above; docs/architecture.md).
ENTRY_POINT_USES: dict[str, set[str]] = {"cli": {"api", "demo"}, "bench": {"api", "demo"}}
SETTINGS_MODULE = "infra.settings"
ENVIRONMENT_NAMES = {"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"}
PURE_DOMAIN_REFUSES = ("fastapi", "starlette", "strawberry", "psycopg", "sqlite3", "cryptography",
                       "eventsourcing.sqlite", "eventsourcing.postgres")


@dataclass(frozen=True)
class Import:
    source: str
    target: str  # a dotted name as written (resolved to a module of ours by `ours`)
    line: int
    runs: bool  # False under `if TYPE_CHECKING:`


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_in(module: str, source: str, *, is_package: bool = False) -> list[Import]:
    """Every import in the source, wherever it stands (module level, functions, classes, branches)."""
    found: list[Import] = []

    def visit(node: ast.AST, runs: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, False)
            for child in node.orelse:
                visit(child, runs)
            return
        if isinstance(node, ast.Import):
            found.extend(Import(module, alias.name, node.lineno, runs) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join(package + ([node.module] if node.module else []))
            found.append(Import(module, base, node.lineno, runs))
            # `from package import module` imports the module.
            found.extend(Import(module, f"{base}.{alias.name}", node.lineno, runs) for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child, runs)

    visit(ast.parse(source), True)
    return found


def ours(name: str, modules: Iterable[str]) -> str | None:
    """The module of ours a dotted name refers to: the longest known prefix (a name in a module is the module)."""
    known = set(modules)
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in known:
            return candidate
    return None


def graph_of(sources: Mapping[str, tuple[str, bool]]) -> dict[str, list[Import]]:
    """Module → its imports of our own modules (targets resolved), from (source, is_package) by module."""
    graph: dict[str, list[Import]] = {}
    for module, (source, is_package) in sources.items():
        edges: dict[Import, None] = {}  # `from a.b import c` names a.b and a.b.c: one edge if c is a name
        for found in imports_in(module, source, is_package=is_package):
            target = ours(found.target, sources)
            if target is not None and target != module:
                edges[Import(module, target, found.line, found.runs)] = None
        graph[module] = list(edges)
    return graph


def upward_imports(graph: Mapping[str, list[Import]]) -> list[str]:
    problems = []
    for module, edges in graph.items():
        here = module.split(".")[0]
        for edge in edges:
            there = edge.target.split(".")[0]
            if here == there:
                continue
            if LAYERS[there] > LAYERS[here]:
                problems.append(f"{module}:{edge.line} imports {edge.target}: {there} is above {here}")
            elif LAYERS[there] == LAYERS[here] and there not in ENTRY_POINT_USES.get(here, set()):
                problems.append(f"{module}:{edge.line} imports {edge.target}: entry point {here} may not use {there}")
    return sorted(problems)


def cycles(graph: Mapping[str, list[Import]]) -> list[list[str]]:
    """The strongly connected groups of more than one module over the imports that run (Tarjan)."""
    runs = {m: sorted({e.target for e in edges if e.runs}) for m, edges in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in runs.get(v, []):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(runs):
        if v not in index:
            connect(v)
    return sorted(groups)


def project_sources() -> dict[str, tuple[str, bool]]:
    sources = {}
    for package in LAYERS:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            module = ".".join(parts[:-1] if is_package else parts)
            sources[module] = (path.read_text(encoding="utf-8"), is_package)
    return sources


PROJECT = graph_of(project_sources())


def test_every_layer_imports_only_the_layers_below_it() -> None:
    assert upward_imports(PROJECT) == []


def test_no_modules_import_each_other_round_a_circle() -> None:
    assert cycles(PROJECT) == []


def test_the_checker_reads_every_package_and_imports_inside_functions() -> None:
    assert {m.split(".")[0] for m in PROJECT} == set(LAYERS)
    # cli.operator finds `--as` in the demo's staff list inside a function; so it must be seen.
    assert any(e.target == "demo.staff" and e.source == "cli.operator" for e in PROJECT["cli.operator"])


# ---------------------------------------------------------------- the checker fails when it should

def _planted(**modules: str) -> dict[str, list[Import]]:
    return graph_of({name.replace("__", "."): (source, False) for name, source in modules.items()})


def test_a_planted_upward_import_fails_the_layer_check() -> None:
    graph = _planted(
        infra__store="def open_store():\n    from api.app import create_app  # up, and hidden in a function\n",
        privacy__guard="from projections.views import caseload\n",
        domain__dossier="from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from infra.store import Store\n",
        api__app="", projections__views="", infra__ok="from domain.dossier import HouseholdDossier\n",
    )
    assert upward_imports(graph) == [
        "domain.dossier:3 imports infra.store: infra is above domain",
        "infra.store:2 imports api.app: api is above infra",
        "privacy.guard:1 imports projections.views: projections is above privacy",
    ]


def test_entry_points_do_not_import_each_other_beyond_what_is_decided() -> None:
    graph = _planted(api__pages="from demo.staff import central_staff\n", demo__staff="",
                     cli__serve="def run():\n    from api.pages import x\n", demo__loader="import cli.serve\n",
                     bench__portal="from demo.staff import central_staff\n")
    assert upward_imports(graph) == [
        "api.pages:1 imports demo.staff: entry point api may not use demo",
        "demo.loader:1 imports cli.serve: entry point demo may not use cli",
    ]


def test_a_cycle_hidden_in_functions_is_found_and_a_type_checking_one_is_not() -> None:
    graph = _planted(
        infra__a="def f():\n    from infra.b import g\n",
        infra__b="from infra import c\n",
        infra__c="def h():\n    import infra.a\n",
        infra__d="from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from infra.e import E\n",
        infra__e="from infra.d import D\n",
    )
    assert cycles(graph) == [["infra.a", "infra.b", "infra.c"]]


def test_relative_imports_resolve_to_their_module() -> None:
    found = imports_in("api.routers.plans", "from .base import new_router\nfrom .. import errors\n")
    assert {i.target for i in found} >= {"api.routers.base", "api.errors"}


# ---------------------------------------------------------------- domain/ is pure

@pytest.mark.parametrize("path", sorted((ROOT / "domain").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_domain_modules_import_no_framework_sql_or_crypto(path: Path) -> None:
    for found in imports_in("domain", path.read_text(encoding="utf-8")):
        for refused in PURE_DOMAIN_REFUSES:
            assert not (found.target == refused or found.target.startswith(refused + ".")), \
                f"{path.name}:{found.line} imports {found.target}"


# ---------------------------------------------------------------- the environment: infra/settings.py only

def environment_uses(source: str) -> list[int]:
    """Lines that read or write the process environment (`os.environ`, `os.getenv`, `from os import environ`, ...)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in ENVIRONMENT_NAMES and \
                isinstance(node.value, ast.Name) and node.value.id == "os":
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "os" and \
                any(alias.name in ENVIRONMENT_NAMES for alias in node.names):
            lines.append(node.lineno)
    return sorted(lines)


def test_only_the_settings_module_touches_the_environment() -> None:
    found = {module: lines for module, (source, _) in project_sources().items()
             if module != SETTINGS_MODULE and (lines := environment_uses(source))}
    assert found == {}, "read it once in infra/settings.py and pass the settings down"


def test_the_environment_check_sees_reads_and_writes() -> None:
    source = ("import os\nfrom os import getenv\nURL = os.environ.get('BENCH_URL')\n"
              "def serve():\n    os.environ['WIJKDOSSIER_DEMO'] = '1'\n    return os.getenv('X'), os.urandom(2)\n")
    assert environment_uses(source) == [2, 3, 5, 6]
