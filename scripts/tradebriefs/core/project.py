"""The project a command works on, found as MkDocs and git find theirs: the folder holding mkdocs.yml.

`tradebriefs` run in a project's folder, or in any folder below it, works on that project (`--config FILE`
names one elsewhere). Every path comes from the configuration file, relative to its folder: the data
(`data_dir` of the tradebriefs plugin), the site (`site_dir`), the hand-written pages (`docs_dir`) and the
caches (`.cache/`, as Material keeps its own caches beside mkdocs.yml). Where the package is installed never
matters.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from tradebriefs.core.errors import SettingError

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
PLUGIN = "tradebriefs"
DEFAULT_DATA_DIR = "data"
CACHE_DIR = ".cache"  # beside the configuration file; git-ignored; `make clean` removes it


class NoProject(SettingError):
    """No configuration file where a command looked."""


@dataclass(frozen=True)
class Project:
    config_file: Path
    data_dir: Path
    site_dir: Path
    docs_dir: Path

    @property
    def root(self) -> Path:
        return self.config_file.parent

    @property
    def default_cache(self) -> Path:
        return self.root / CACHE_DIR

    def with_data(
        self, folder: Path, data_dir: Path, plugin: dict | None = None, **changes
    ) -> Path:
        """A copy of this project's configuration in `folder`, reading `data_dir`, every path absolute (a
        preview or a build of other data: the tests', the benchmark's), with `plugin`'s settings over the
        tradebriefs plugin's (the benchmark's `editions`). Returns the new file's path."""
        config = _read_config(self.config_file)
        config.update({"docs_dir": str(self.docs_dir), "site_url": None, "watch": [str(data_dir)]})
        config.update(changes)
        theme = config.get("theme")
        if isinstance(theme, dict) and theme.get("custom_dir"):
            theme["custom_dir"] = str(self.root / theme["custom_dir"])
        for entry in config.get("plugins") or []:
            if isinstance(entry, dict) and PLUGIN in entry:
                entry[PLUGIN] = {
                    **(entry[PLUGIN] or {}),
                    **(plugin or {}),
                    "data_dir": str(data_dir),
                }
        path = folder / "mkdocs.yml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        return path


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as plain values: a tag MkDocs resolves itself (`!ENV`, `!!python/name:`) reads as None."""


def _unknown_tag(loader, suffix, node):
    return None


_ConfigLoader.add_multi_constructor("!", _unknown_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _unknown_tag)


def _read_config(config_file: Path) -> dict:
    try:
        text = config_file.read_text(encoding="utf-8")
    except OSError as error:
        raise NoProject(f"{config_file}: cannot read: {error.strerror or error}") from None
    try:
        config = yaml.load(text, Loader=_ConfigLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        place = f"{config_file}:{mark.line + 1}:{mark.column + 1}" if mark else str(config_file)
        raise NoProject(f"{place}: not valid YAML") from None
    if not isinstance(config, dict):
        raise NoProject(f"{config_file}: not a MkDocs configuration (expected a mapping)")
    return config


def find_config(start: Path) -> Path | None:
    """mkdocs.yml in `start` or the nearest folder above it; None when there is none."""
    start = start.resolve()
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
    return None


def plugin_options(config: dict) -> dict | None:
    """The tradebriefs plugin's options in a configuration; None when the plugin is not listed."""
    for plugin in config.get("plugins") or []:
        if plugin == PLUGIN:
            return {}
        if isinstance(plugin, dict) and PLUGIN in plugin:
            return plugin[PLUGIN] or {}
    return None


def load_project(config_file: Path) -> Project:
    """The project a configuration file describes; NoProject, with one line, when it is not one."""
    config_file = config_file.resolve()
    config = _read_config(config_file)
    options = plugin_options(config)
    if options is None:
        raise NoProject(
            f"{config_file}: not a Trade Briefs project (no `{PLUGIN}` under `plugins:`)"
        )
    root = config_file.parent
    return Project(
        config_file=config_file,
        data_dir=root / str(options.get("data_dir") or DEFAULT_DATA_DIR),
        site_dir=root / str(config.get("site_dir") or "site"),
        docs_dir=root / str(config.get("docs_dir") or "docs"),
    )


def find_project(start: Path, config_file: Path | None = None) -> Project:
    """The project named by `config_file`, else the one `start` is in; NoProject says where it looked."""
    if config_file is not None:
        return load_project(config_file)
    found = find_config(start)
    if found is None:
        raise NoProject(
            f"not in a Trade Briefs project: no mkdocs.yml in {start.resolve()} or a folder above it "
            "(run in a project's folder, or pass --config FILE)"
        )
    return load_project(found)
