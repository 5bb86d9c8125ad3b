"""The pipeline, in the order it runs: load -> validate -> check -> render. Errors stop it once, all together."""
from __future__ import annotations

import hashlib
from pathlib import Path

from .catalog import Catalog, find_data_files, load_catalog
from .errors import DataError, Finding, errors_in
from .site import Tree, render_site


def check_data(data_dir: Path) -> tuple[Catalog, list[Finding]]:
    """Load and check every data file; return the catalog and every finding (errors and warnings)."""
    return load_catalog(data_dir)


def build_tree(data_dir: Path) -> tuple[Tree, list[Finding]]:
    """The whole site as a tree of files, or DataError with every error found."""
    # Load and check data.
    cat, findings = check_data(data_dir)
    if errors_in(findings):
        raise DataError(findings)
    # Render outputs.
    return render_site(cat), findings


def data_fingerprint(data_dir: Path) -> str:
    """A hash of every data file's name and bytes: equal fingerprints give equal trees."""
    digest = hashlib.sha256()
    facts, briefs, _ = find_data_files(data_dir)
    for file in facts + briefs:
        digest.update(str(file.relative_to(data_dir)).encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


_last: dict = {}


def cached_tree(data_dir: Path) -> tuple[Tree, list[Finding]]:
    """build_tree, reused while the data is unchanged (the CLI checks, then MkDocs asks again)."""
    key = (str(data_dir.resolve()), data_fingerprint(data_dir))
    if _last.get("key") != key:
        _last.clear()
        _last.update(key=key, result=build_tree(data_dir))
    return _last["result"]
