"""Nothing changed, nothing done: a build whose inputs are those of the site it would replace stops there.

Before checking anything, `tradebriefs build` takes the digest of everything a site is made from: the data
files (as much of each as a check reads), the MkDocs configuration as MkDocs resolves it with the theme's
overrides and the hand-written pages (reuse.site_key), this package's code and the libraries it renders with,
the publication day, the sitemap's date, the data's git history (HEAD) and the build's options. The last
successful build of the same site folder left that digest in the store, with the digest of every file it
wrote. When the digests match and every file of the site is still there with those bytes (and no other file
is), the site is the one a build would make: nothing is checked, rendered or written.

A site edited by hand, a file added or removed, or a store that was cleared makes a build as usual.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from tradebriefs.core import keys
from tradebriefs.core.store import Store

KIND = "site-inputs"  # the store's name for a site's inputs and files
# The code that makes a site: the command line's import closure is the whole pipeline, with the templates and
# the reference tables it reads, and every library whose version can change a byte of the site.
MAKER = (
    "tradebriefs.cli",
    (
        "mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "Jinja2", "MarkupSafe",
        "matplotlib", "Babel", "nh3", "PyYAML", "jsonschema", "pycountry", "pagefind",
    ),
    ("render/templates", "core/reference"),
)  # fmt: skip


def site_files(site_dir: Path, known: dict[str, str] | None = None) -> dict[str, str]:
    """{path in the site: the digest of its bytes} of every file under site_dir (a link to a folder is not
    followed, as os.walk does not); `known`: digests the build already took of files it wrote, not read again."""
    found: dict[str, str] = {}
    _hash_folder(str(site_dir), "", known or {}, found)
    return found


def _hash_folder(folder: str, prefix: str, known: dict[str, str], found: dict[str, str]) -> None:
    with os.scandir(folder) as entries:
        for entry in entries:
            relative = prefix + entry.name
            if entry.is_dir():
                if not entry.is_symlink():
                    _hash_folder(entry.path, relative + "/", known, found)
            elif relative in known:
                found[relative] = known[relative]
            else:
                with open(entry.path, "rb") as stream:
                    found[relative] = hashlib.file_digest(stream, "sha256").hexdigest()


def inputs_digest(site_key: str, data_fingerprint: str, settings: tuple) -> str:
    """The digest of a build's inputs: the resolved configuration's key, the data's fingerprint, and the
    build's own settings (publication day, build date, history, options)."""
    return keys.digest((keys.code_salt(*MAKER), site_key, data_fingerprint, settings))


def _key(site_dir: Path) -> str:
    return keys.key(KIND, "", site_dir.resolve().as_posix())


def up_to_date(store: Store, site_dir: Path, inputs: str) -> bool:
    """Whether the site at site_dir is, byte for byte, the one the last build made from these inputs."""
    if not store.on or not site_dir.is_dir():
        return False
    kept = store.get(KIND, _key(site_dir))
    if kept is None:
        return False
    try:
        recorded = json.loads(kept)
        same_inputs = recorded["inputs"] == inputs
        files = recorded["files"]
    except (ValueError, KeyError, TypeError):
        return False
    if not same_inputs:
        return False
    try:
        return site_files(site_dir) == files
    except OSError:
        return False


def record(store: Store, site_dir: Path, inputs: str, known: dict[str, str] | None = None) -> None:
    """Once the new site is in place: its inputs and its files (`known`: the digests the build took of
    the files it wrote), for the next build to compare."""
    if not store.on:
        return
    data = json.dumps({"inputs": inputs, "files": site_files(site_dir, known)}, sort_keys=True)
    store.put(KIND, _key(site_dir), data.encode("utf-8"))
