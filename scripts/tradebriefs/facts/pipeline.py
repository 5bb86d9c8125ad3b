"""The pipeline, in the order it runs: load -> validate -> check/derive -> render. Errors stop it once, all together."""

from __future__ import annotations

import difflib
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from tradebriefs.core.errors import Finding, errors_in
from tradebriefs.facts.catalog import Catalog, find_data_files, load_catalog
from tradebriefs.facts.checks import MIRROR_BAND_PERCENT, CheckResult, findings_of, run_checks
from tradebriefs.facts.derive import Derived, derive_figures
from tradebriefs.facts.load import MAX_FILE_BYTES
from tradebriefs.facts.recordcache import RecordCache


@dataclass
class Checked:
    """Everything the renderers need: the facts, what follows from them, and how they were checked."""

    catalog: Catalog
    derived: list[Derived] = field(default_factory=list)
    checks: list[CheckResult] = field(default_factory=list)


def check_data(
    data_dir: Path, mirror_band=MIRROR_BAND_PERCENT, records: RecordCache | None = None
) -> tuple[Checked, list[Finding]]:
    """Load, validate, derive and check; return the result and every finding (errors and warnings).
    `records`: the record cache (recordcache.py) the load reads back from; default none.
    `mirror_band`: the CIF/FOB margin, in percent, a mirror check calls usual (mkdocs.yml's `mirror_band`)."""
    # Load and validate data.
    cat, findings = load_catalog(data_dir, records)
    if errors_in(findings):
        return Checked(cat), findings  # arithmetic on half-loaded data would only add noise
    # Derive and check.
    derived = derive_figures(cat.figures.values())
    checks = run_checks(cat.figures.values(), cat.ranks.values(), derived, cat.groups, mirror_band)
    places = {
        **{i: f.loc for i, f in cat.figures.items()},
        **{i: r.loc for i, r in cat.ranks.items()},
    }
    places |= {d.id: places[d.inputs[0]] for d in derived if d.inputs and d.inputs[0] in places}
    findings += derived_citation_findings(cat.derived_citations, derived)
    return Checked(cat, derived, checks), findings + findings_of(checks, places)


def derived_citation_findings(citations, derived: list[Derived]) -> list[Finding]:
    """A body's {{derived-...}} citations name derived figures that exist, without `.change` (a derived
    figure has no stated change); an unknown one gets the closest ids."""
    ids = sorted(d.id for d in derived)
    findings = []
    for ident, attr, where in citations:
        if ident not in ids:
            close = difflib.get_close_matches(ident, ids, n=3, cutoff=0.6)
            hint = (
                "; did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
                if close
                else "; the data pages list each derived figure's id"
            )
            findings.append(Finding(where, f"body: cites unknown derived figure '{ident}'{hint}"))
        elif attr:
            findings.append(
                Finding(
                    where,
                    f"body: '{{{{{ident}.{attr}}}}}': a derived figure has no stated change; cite "
                    f"it as {{{{{ident}}}}}",
                )
            )
    return findings


def data_fingerprint(data_dir: Path) -> str:
    """A hash of every data file's name, size and first MAX_FILE_BYTES + 1 bytes (all a check reads of it):
    equal fingerprints give equal trees, and a huge file is never read whole."""
    digest = hashlib.sha256()
    facts, briefs, _ = find_data_files(data_dir)
    for file in facts + briefs:
        with open(file, "rb") as stream:
            head = stream.read(MAX_FILE_BYTES + 1)
            size = os.fstat(stream.fileno()).st_size
        digest.update(f"{file.relative_to(data_dir)}\0{size}\0".encode() + head + b"\0")
    return digest.hexdigest()
