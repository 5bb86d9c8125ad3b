"""No module of the package keeps state of its own between calls, and none reads the environment below an
entry point: a build's settings and counts travel in its BuildContext (core/context.py), and the environment
is read once, by core/environment.py's from_environ(), at the command line, the MkDocs plugin or the
benchmark. This test names each module that breaks either rule, and where."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "tradebriefs"
MUTATORS = {
    "append", "extend", "insert", "add", "update", "clear", "pop", "popitem", "setdefault", "remove",
    "discard", "__setitem__",
}  # fmt: skip
# Objects kept for reuse, not state: what they hold is reset before each use and never changes a result.
REUSED = {
    "core/markup.py": "one Markdown converter per thread, reset before each body (building one is slow)",
    "render/charts.py": "one matplotlib figure per process, emptied before each chart; the bytes equal a "
    "fresh figure's (test_chartcache.py)",
}
# Where the process environment may be touched, and why.
ENVIRONMENT_READERS = {"core/environment.py"}  # the one place that reads it (from_environ)
ENVIRONMENT_WRITERS = {
    "cli.py": "the entry point silences Material's banner before MkDocs is imported",
    "publish/build.py": "MkDocs reads SOURCE_DATE_EPOCH itself: set before the build's indexes start, then restored",
}


def module_names(tree: ast.Module) -> set[str]:
    """Names bound at module level (assignments, not imports, functions or classes)."""
    names = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def locals_of(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """Parameters and names a function binds itself (which shadow the module's)."""
    args = function.args
    found = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
    found |= {a.arg for a in (args.vararg, args.kwarg) if a}
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            found.add(node.id)
    globals_ = {
        n for node in ast.walk(function) if isinstance(node, ast.Global) for n in node.names
    }
    return found - globals_


def state_changes(source: str, name: str = "<module>") -> list[str]:
    """Every place a function changes module-level state: `global`, a module-level name's contents changed
    (append, item or attribute assignment), or setattr on it."""
    tree = ast.parse(source)
    shared = module_names(tree)
    found = []
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    for function in functions:
        mine = locals_of(function)

        def is_shared(node, mine=mine) -> bool:
            return isinstance(node, ast.Name) and node.id in shared and node.id not in mine

        for node in ast.walk(function):
            where = f"{name}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Global):
                found.append(f"{where}: global {', '.join(node.names)}")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr in MUTATORS and is_shared(node.func.value):
                    found.append(f"{where}: {node.func.value.id}.{node.func.attr}()")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id == "setattr" and node.args and is_shared(node.args[0]):
                    found.append(f"{where}: setattr({node.args[0].id}, ...)")
            elif isinstance(node, ast.Assign | ast.AugAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Subscript | ast.Attribute) and is_shared(
                        target.value
                    ):
                        found.append(f"{where}: {target.value.id} changed in place")
    return found


def environment_uses(source: str, name: str = "<module>") -> list[tuple[str, str]]:
    """(place, 'read' or 'write') of every use of os.environ and os.getenv."""
    found = []
    for node in ast.walk(ast.parse(source)):
        where = f"{name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Attribute) and node.attr == "getenv":
            found.append((where, "read"))
        elif isinstance(node, ast.Attribute) and node.attr == "environ":
            found.append((where, "use"))
    return found


def sources():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), path.read_text(encoding="utf-8")


def test_no_module_keeps_state_between_calls():
    found = [
        line for name, text in sources() if name not in REUSED for line in state_changes(text, name)
    ]
    assert found == []
    reused = [
        line for name, text in sources() if name in REUSED for line in state_changes(text, name)
    ]
    assert {line.split(":")[0] for line in reused} == set(REUSED)  # each exception is still needed


def test_only_the_entry_points_touch_the_environment():
    found = [
        where
        for name, text in sources()
        for where, _ in environment_uses(text, name)
        if name not in ENVIRONMENT_READERS | set(ENVIRONMENT_WRITERS)
    ]
    assert found == []
    assert environment_uses((PACKAGE / "core" / "environment.py").read_text(encoding="utf-8"))


def test_the_state_finder_sees_what_the_old_package_did():
    """The patterns this package used to have: each is found."""
    old = """
phases = {}
last_run = Run()
_current = None
_drawing = []

def phase(name):
    phases[name] = 1.0

def record(counts):
    last_run.reused = counts

def session():
    global _current
    _current = object()

def start(pool):
    _drawing.append(pool)

def count(values):
    for key, value in values.items():
        setattr(last_run, key, value)

def pure(phases):
    phases["x"] = 1  # a parameter, not the module's
    local = []
    local.append(1)
"""
    found = state_changes(old)
    assert [line.split(": ", 1)[1] for line in found] == [
        "phases changed in place",
        "last_run changed in place",
        "global _current",
        "_drawing.append()",
        "setattr(last_run, ...)",
    ]
    assert environment_uses("import os\nos.environ.get('CI')\nos.getenv('X')\n") != []
