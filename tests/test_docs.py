"""Docs the tests keep true: every environment variable the code reads is in the handbook's architecture page,
every command has help (test_cli.py), every template is in that page's page table, the README stays short, and
every relative link in the README and the handbook finds its file."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "scripts" / "tradebriefs"
HANDBOOK = REPO / "handbook"
ARCHITECTURE = (HANDBOOK / "architecture.md").read_text(encoding="utf-8")
README_MAX_LINES = 160


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


def _declared_names(path: Path) -> set[str]:
    """The keys of environment.py's VARIABLES, each a constant of that module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = {
        t.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for t in node.targets
        if isinstance(t, ast.Name)
    }
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "VARIABLES" for t in node.targets)
            and isinstance(node.value, ast.Dict)
        ):
            return {
                constants.get(k.id) if isinstance(k, ast.Name) else k.value
                for k in node.value.keys
                if isinstance(k, (ast.Name, ast.Constant))
            } - {None}
    return set()


def test_every_environment_variable_the_code_reads_is_in_the_architecture_page():
    declared = _declared_names(PACKAGE / "core" / "environment.py")
    read = set()
    for path in [
        *PACKAGE.rglob("*.py"),
        *(REPO / "tests").glob("*.py"),
        *(REPO / "bench").glob("*.py"),
    ]:
        read |= _environ_names(path)
    read |= set(re.findall(r"!ENV \[?([A-Z_]+)", (REPO / "mkdocs.yml").read_text(encoding="utf-8")))
    assert {"SITE_URL", "TRADEBRIEFS_CACHE", "CHROMIUM_PATH"} <= read  # the scan sees them
    assert {"TRADEBRIEFS_CACHE", "SOURCE_DATE_EPOCH", "SITE_URL"} <= declared  # and VARIABLES
    names = declared | read
    missing = sorted(n for n in names if f"`{n}`" not in ARCHITECTURE)
    assert missing == [], (
        f"environment variables read but not documented in handbook/architecture.md: {missing}"
    )


def test_every_template_is_in_the_architecture_page():
    templates = {
        p.name
        for p in (PACKAGE / "render" / "templates").glob("*.j2")
        if not p.name.startswith("_")
    }
    missing = sorted(t for t in templates if t.removesuffix(".j2") not in ARCHITECTURE)
    assert missing == [], missing


def test_the_readme_is_short():
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, (
        f"README.md has {len(lines)} lines; keep it under {README_MAX_LINES} (details go in handbook/)"
    )


LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
CODE_SPAN = re.compile(r"`[^`\n]*`")


def relative_links(text: str) -> list[str]:
    """The targets of a Markdown text's `[text](target)` links outside code, but web and mail addresses and
    links within the page."""
    text = CODE_SPAN.sub("", FENCE.sub("", text))
    return [
        target for target in LINK.findall(text) if not re.match(r"(?i)(https?:|mailto:|#)", target)
    ]


def test_relative_links_in_the_readme_and_the_handbook_find_their_files():
    pages = [REPO / "README.md", *sorted(HANDBOOK.glob("*.md"))]
    assert len(pages) > 5  # the handbook is there
    broken = []
    for page in pages:
        for target in relative_links(page.read_text(encoding="utf-8")):
            path = (page.parent / target.split("#", 1)[0]).resolve()
            if not path.exists() or not path.is_relative_to(REPO):
                broken.append(f"{page.relative_to(REPO)}: {target}")
    assert broken == []


def test_relative_links_finds_links_but_not_addresses_anchors_or_code():
    text = (
        "[a](handbook/editors.md) [b](https://example.org) [c](#anchor) [d](mailto:x@y.z)\n"
        "[e](tests/diff/break-sum.md#checks) `[f](in-code.md)` ![g](img.png)\n"
        "```\n[h](in-fence.md)\n```\n"
    )
    assert relative_links(text) == [
        "handbook/editors.md",
        "tests/diff/break-sum.md#checks",
        "img.png",
    ]


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
