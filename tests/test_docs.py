"""Docs the tests keep true: the README's module map lists every module, every environment variable the code
reads is documented, every command has help (test_cli.py), every template is in the README's page table."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "scripts" / "tradebriefs"
README = (REPO / "README.md").read_text(encoding="utf-8")


def module_map() -> set[str]:
    block = README.split("scripts/tradebriefs/\n", 1)[1].split("```", 1)[0]
    return set(re.findall(r"^\s+(\w+\.py)\b", block, flags=re.M))


def test_the_readme_module_map_lists_every_module():
    modules = {p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"}
    assert sorted(modules - module_map()) == [], "modules missing from the README's map"
    assert sorted(module_map() - modules) == [], "the README's map lists modules that do not exist"


def _environ_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = {
        t.id: node.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for t in node.targets
        if isinstance(t, ast.Name)
    }

    def name_of(arg) -> str | None:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return arg.value
        if isinstance(arg, ast.Name):
            return constants.get(arg.id)
        return None

    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
            target = node.func.value
            if (
                isinstance(target, ast.Attribute)
                and target.attr == "environ"
                and node.func.attr in ("get", "setdefault", "pop")
            ) or node.func.attr == "getenv":
                found.add(name_of(node.args[0]))
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "environ"
        ):
            found.add(name_of(node.slice))
    return {n for n in found if n}


def test_every_environment_variable_the_code_reads_is_documented():
    names = set()
    for path in [*PACKAGE.glob("*.py"), *(REPO / "tests").glob("*.py")]:
        names |= _environ_names(path)
    names |= set(
        re.findall(r"!ENV \[?([A-Z_]+)", (REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    )
    assert {"SITE_URL", "TRADEBRIEFS_CACHE", "SOURCE_DATE_EPOCH"} <= names  # the scan sees them
    missing = sorted(n for n in names if f"`{n}`" not in README)
    assert missing == [], f"environment variables read but not documented in the README: {missing}"


def test_every_template_is_in_the_readme():
    templates = {p.name for p in (PACKAGE / "templates").glob("*.j2") if not p.name.startswith("_")}
    missing = sorted(t for t in templates if t.removesuffix(".j2") not in README)
    assert missing == [], missing


def test_ci_keeps_the_chart_and_page_caches_keyed_by_code_then_data():
    """A code or template change starts cold; a data-only change restores the same code's caches (warm)."""
    import yaml

    workflow = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    uses = [step.get("uses", "") for step in steps]
    restore = steps[next(i for i, u in enumerate(uses) if u.startswith("actions/cache/restore@"))]
    save = steps[next(i for i, u in enumerate(uses) if u.startswith("actions/cache/save@"))]
    build = next(i for i, step in enumerate(steps) if "make site" in step.get("run", ""))
    assert uses.index(restore["uses"]) < build < uses.index(save["uses"])
    assert restore["with"]["path"] == save["with"]["path"] == ".cache"
    code, data = restore["with"]["key"].rsplit("}}-${{", 1)
    for decides in ("'scripts/**'", "'overrides/**'", "'mkdocs.yml'", "'constraints.txt'"):
        assert decides in code
    assert "'data/**'" in data
    assert restore["with"]["restore-keys"].strip() == code + "}}-"
    assert "--summary $GITHUB_STEP_SUMMARY" in steps[build]["run"]
