"""The package's stages import downwards only (the import-linter contracts in pyproject.toml, run here as
`lint-imports`), the contract fails when a lower stage imports a higher one, no modules import each other in a
loop, and every module sits in a stage."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tradebriefs.core import keys

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "scripts" / "tradebriefs"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
STAGES = {"core", "facts", "ingest", "render", "history", "publish"}


def lint_imports(cwd: Path, package_parent: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(package_parent)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_layer_contracts_hold():
    result = lint_imports(REPO, REPO / "scripts")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_import_from_a_higher_stage_breaks_the_contract(tmp_path):
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        PACKAGE, tmp_path / "scripts" / "tradebriefs", ignore=shutil.ignore_patterns("__pycache__")
    )
    models = tmp_path / "scripts" / "tradebriefs" / "facts" / "models.py"
    models.write_text(
        models.read_text(encoding="utf-8") + "\nfrom tradebriefs.render import site\n"
    )
    result = lint_imports(tmp_path, tmp_path / "scripts")
    assert result.returncode == 1
    assert "tradebriefs.facts is not allowed to import tradebriefs.render" in result.stdout
    assert "tradebriefs.facts.models -> tradebriefs.render.site" in result.stdout


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {
        name: {
            m for m in keys.imports_of(path)[0] if m in modules and not m.endswith(("tradebriefs",))
        }
        - {name}
        for name, path in modules.items()
        if not path.name == "__init__.py"
    }


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle, each once, by depth-first search."""
    found, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                found.append(path[path.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    return found


def test_no_import_cycles():
    edges = graph()
    assert len(edges) > 50  # the scan sees the package
    assert cycles(edges) == []


def test_the_cycle_finder_finds_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


def test_every_module_sits_in_a_stage():
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "cli.py"))
    assert loose == []
    assert {
        p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()
    } == STAGES
