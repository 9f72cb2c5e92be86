"""The module map, pinned: which way imports point (read from the source with ``ast``).

Every import counts, also those inside functions and ``TYPE_CHECKING`` blocks: a lazy import
is still a dependency, and a cycle through one is still a cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "toolkit"

STORE_PUBLIC = {
    "toolkit.store",  # the facade: Store, open_store, the records and errors
    "toolkit.store.records",  # plain frozen values (what the facade returns)
    "toolkit.store.errors",
    "toolkit.store.links",  # a link's address and the shape of its secret (no database)
    "toolkit.store.exports",  # pure: export document -> JSON, CSV, FHIR
    "toolkit.store.frames",  # pandas frames, read through the facade
    "toolkit.store.demo",  # `cbt demo`, through the facade
    "toolkit.store.admin",  # `cbt db …`: the database by URL, errors as StoreError
    "toolkit.store.crypto",  # hashing a session cookie (serverapp)
    "toolkit.store.remote",  # a link page's three store calls over HTTP (app, linkserver)
}
"""What code outside ``toolkit/store`` may import from it. Not the ORM models, the engine and
sessions (``database``), the unit of work, the schema or migration machinery, nor the rooms."""

ROOMS = {
    "toolkit.store.unit",
    "toolkit.store.identity",
    "toolkit.store.clients",
    "toolkit.store.assignments",
    "toolkit.store.responses",
    "toolkit.store.review",
    "toolkit.store.reminders",
    "toolkit.store.classes",
    "toolkit.store.repository",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def imports_of(module: str) -> Iterator[str]:
    """Every module ``module`` imports (``from x import y`` counts ``x.y`` when that is a
    module of ours, else ``x``)."""
    path = modules()[module]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, path, node)
            for alias in node.names:
                inner = f"{base}.{alias.name}"
                yield inner if inner in modules() else base


def _within(name: str, root: str) -> bool:
    return name == root or name.startswith(root + ".")


def test_the_import_reader_sees_lazy_and_relative_imports() -> None:
    found = set(imports_of("toolkit.store.responses"))
    assert "toolkit.store.assignments" in found  # relative, module level
    assert "toolkit.scoring" in found  # absolute, inside a function
    assert "toolkit.reframing.safety" in found


def test_nothing_outside_the_store_reaches_its_internals() -> None:
    reached: list[str] = []
    for module in modules():
        if _within(module, "toolkit.store"):
            continue
        for name in imports_of(module):
            orm = _within(name, "sqlalchemy") or _within(name, "alembic")
            if orm or (_within(name, "toolkit.store") and name not in STORE_PUBLIC):
                reached.append(f"{module} imports {name}")
    assert reached == []


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph`` (``[a, b, a]``), or ``None``."""
    done: set[str] = set()
    trail: list[str] = []

    def visit(node: str) -> list[str] | None:
        trail.append(node)
        for nxt in sorted(graph.get(node, set())):
            if nxt in trail:
                return [*trail[trail.index(nxt) :], nxt]
            if nxt not in done:
                found = visit(nxt)
                if found:
                    return found
        trail.pop()
        done.add(node)
        return None

    for start in sorted(graph):
        if start not in done:
            found = visit(start)
            if found:
                return found
    return None


def graph_of(root: str) -> dict[str, set[str]]:
    return {
        module: {name for name in imports_of(module) if _within(name, root)} - {module}
        for module in modules()
        if _within(module, root)
    }


def test_the_cycle_finder_finds_cycles() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_store_has_no_import_cycle() -> None:
    assert find_cycle(graph_of("toolkit.store")) is None


def test_the_store_imports_no_widgets_and_no_back_doors() -> None:
    for module in modules():
        if not _within(module, "toolkit.store"):
            continue
        for name in imports_of(module):
            assert not _within(name, "toolkit.ui"), f"{module} imports {name}"
            assert not _within(name, "toolkit.app"), f"{module} imports {name}"
            assert not _within(name, "ipywidgets"), f"{module} imports {name}"
            assert not _within(name, "importlib"), f"{module} imports {name}"


def test_the_facade_does_not_load_the_demo_seeder() -> None:
    assert "toolkit.store.demo" not in set(imports_of("toolkit.store"))


@pytest.mark.parametrize(
    ("room", "needs"),
    [
        # scoring a submission is scoring's job; the crisis check is the reframing gate's
        ("toolkit.store.responses", {"toolkit.scoring", "toolkit.reframing.safety"}),
        # every room works through the one unit of work
        *((room, {"toolkit.store.unit"}) for room in sorted(ROOMS - {"toolkit.store.unit"})),
    ],
)
def test_rooms_use_the_shared_parts(room: str, needs: set[str]) -> None:
    assert needs <= set(imports_of(room))


def test_only_the_unit_of_work_opens_sessions() -> None:
    """Rooms take their session from :class:`toolkit.store.unit.Unit`; none makes its own."""
    makers = {"sessionmaker", "Session"}
    for module in ROOMS - {"toolkit.store.unit"}:
        tree = ast.parse(modules()[module].read_text(encoding="utf-8"))
        calls = {
            node.func.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        }
        assert not (calls & makers), module


ANSWERS = "toolkit.exercises.answers"
RECORD_KEYS = frozenset(
    {
        "cbt-toolkit/response@1",  # the document format
        "traps_shown",  # the suggestion record's keys
        "traps_chosen",
        "ideas_shown",
        "ideas_used",
        "check_answer",  # the crisis check's
        "exercise_title",  # the document's own key (``schema_version`` is the store's too)
    }
)
"""String constants only the answer model may use: elsewhere they would mean a
``cbt-toolkit/response@1`` document, a suggestion record or a crisis check built or read
by hand, beside the one serialiser."""


def _strings_in(module: str) -> Iterator[tuple[int, str]]:
    """``(line, text)`` of every string constant in a module that is not a docstring."""
    tree = ast.parse(modules()[module].read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in docstrings:
            yield node.lineno, node.value


def test_the_string_reader_sees_keys_and_skips_docstrings() -> None:
    found = {text for _line, text in _strings_in(ANSWERS)}
    assert {"cbt-toolkit/response@1", "traps_chosen"} <= found
    assert not any(text.startswith("The typed answer model") for text in found)


def test_only_the_answer_model_builds_response_documents_and_records() -> None:
    """No ``{"format": "cbt-toolkit/response@1", …}``, no ``record["traps_chosen"]`` outside
    :mod:`toolkit.exercises.answers` (the store's migrations are frozen copies: exempt)."""
    for module in modules():
        if module == ANSWERS or _within(module, "toolkit.store.migrations"):
            continue
        for line, text in _strings_in(module):
            assert text not in RECORD_KEYS, f"{module}:{line} uses {text!r} by hand"
