"""The project a command works on is found from where it runs, as MkDocs and git find theirs: the folder
holding mkdocs.yml, or the nearest one above; --config names one elsewhere. Its data, site and caches come
from that file, wherever the package is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CLI, REPO, SEED, make_project, run_cli
from tradebriefs.core.project import NoProject, find_config, find_project


@pytest.fixture
def project(tmp_path) -> Path:
    """An editor's project: mkdocs.yml beside data/, a copy of the seed."""
    shutil.copytree(SEED, tmp_path / "data")
    make_project(tmp_path)
    return tmp_path


def own_cache(env: dict | None = None) -> dict:
    """This process's environment without TRADEBRIEFS_CACHE (the tests' private cache): the project's own."""
    values = {k: v for k, v in os.environ.items() if k != "TRADEBRIEFS_CACHE"}
    return {**values, **(env or {})}


def python(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env=own_cache(env),
    )


def cli(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return python(*CLI[1:], *args, cwd=cwd, env=env)


def break_a_figure(project: Path) -> None:
    fact = sorted((project / "data" / "facts").glob("*.yaml"))[0]
    text = fact.read_text(encoding="utf-8")
    fact.write_text(text.replace("value: ", "value: x", 1), encoding="utf-8")


def test_check_in_a_subfolder_checks_that_projects_data(project):
    (project / "notes" / "drafts").mkdir(parents=True)
    good = cli("check", cwd=project / "notes" / "drafts")
    assert good.returncode == 0, good.stderr
    break_a_figure(project)  # this project's data, not the repository's, is what was checked
    bad = cli("check", cwd=project / "data" / "briefs")
    assert bad.returncode == 1
    assert ": error: value: expected a number" in bad.stderr
    assert bad.stderr.splitlines()[0].startswith("../facts/")  # the place, from where the editor is


def test_outside_any_project_every_command_says_so_in_one_line(tmp_path):
    for args in (["check"], ["build"], ["new", "brief", "--pair", "CHN,RUS"], ["schema"]):
        result = cli(*args, cwd=tmp_path)
        assert result.returncode == 1, args
        assert result.stderr.splitlines() == [
            f"tradebriefs: error: not in a Trade Briefs project: no mkdocs.yml in {tmp_path.resolve()} "
            "or a folder above it (run in a project's folder, or pass --config FILE)"
        ], args
    assert sorted(tmp_path.iterdir()) == []  # nothing written


def test_config_names_a_project_from_anywhere(project, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    result = cli("check", "--config", str(project / "mkdocs.yml"), cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert "0 errors" in result.stderr.splitlines()[-1]
    (elsewhere / "mkdocs.yml").write_text("site_name: Not ours\n", encoding="utf-8")
    foreign = cli("check", cwd=elsewhere)
    assert foreign.returncode == 1
    assert foreign.stderr.splitlines() == [
        f"tradebriefs: error: {(elsewhere / 'mkdocs.yml').resolve()}: not a Trade Briefs project "
        "(no `tradebriefs` under `plugins:`)"
    ]


def test_the_caches_and_new_briefs_go_to_the_project_wherever_the_package_is_installed(
    project, tmp_path_factory
):
    """The package built as a wheel and installed in a folder of its own, run in a project: its caches are
    in the project's .cache/, its new brief in the project's data/, nothing beside the installed package."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name if source.exists() else _mkdir(source) / name)
    shutil.copytree(
        REPO / "scripts",
        source / "scripts",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    built = subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(work), str(source)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = work.glob("tradebriefs-*.whl")
    installed = work / "site-packages"
    done = subprocess.run(
        [*pip, "install", "--no-deps", "--target", str(installed), str(wheel)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    env = {"PYTHONPATH": str(installed)}
    before = repository_changes()
    where = python("-c", "import tradebriefs; print(tradebriefs.__file__)", cwd=project, env=env)
    assert where.stdout.startswith(str(installed)), where.stdout + where.stderr

    checked = cli("check", cwd=project / "data", env=env)
    assert checked.returncode == 0, checked.stderr
    assert (project / ".cache" / "store" / "store.sqlite").is_file()
    made = cli(
        "new", "brief", "--pair", "KAZ,CHN", "--date", "2026-11-29", "--place", "Astana",
        cwd=project, env=env,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert (project / "data" / "briefs" / "2026-11-29-kaz-chn.yaml").is_file()
    assert repository_changes() == before  # nothing written into this checkout
    assert sorted(p.name for p in work.iterdir()) == sorted(["source", "site-packages", wheel.name])
    assert not (installed / ".cache").exists() and not (work / ".cache").exists()


def repository_changes() -> str:
    """What git says changed in this checkout (a file written into it would show)."""
    done = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=all"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    return done.stdout


def _mkdir(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_the_project_reads_its_paths_relative_to_its_configuration(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: X\nsite_url: !ENV [SITE_URL, null]\nsite_dir: public\ndocs_dir: pages\n"
        "plugins:\n  - tradebriefs:\n      data_dir: facts-and-briefs\n",
        encoding="utf-8",
    )
    found = find_project(tmp_path / "sub")
    assert found.config_file == (tmp_path / "mkdocs.yml").resolve()
    assert found.data_dir == tmp_path.resolve() / "facts-and-briefs"
    assert found.site_dir == tmp_path.resolve() / "public"
    assert found.docs_dir == tmp_path.resolve() / "pages"
    assert found.default_cache == tmp_path.resolve() / ".cache"
    assert find_config(tmp_path / "sub") == found.config_file


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("site_name: [unclosed\n", "{path}:2:1: not valid YAML"),
        ("- a list\n", "{path}: not a MkDocs configuration (expected a mapping)"),
        ("site_name: X\nplugins: [search]\n", "{path}: not a Trade Briefs project (no `tradebriefs` under `plugins:`)"),
    ],
)  # fmt: skip
def test_a_configuration_that_is_not_a_project_is_one_line(tmp_path, text, message):
    path = tmp_path / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(NoProject) as raised:
        find_project(tmp_path)
    assert str(raised.value) == message.format(path=path.resolve())


def test_build_in_a_project_writes_its_site_dir(project):
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "index.html").is_file()
