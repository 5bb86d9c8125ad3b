"""Imported official figures on the site: a brief cites one and builds; the data page names the table record
and valuation, the sources page the table's provenance; a figure typed from an article that disagrees with
the table fails `check`, naming both; the mirror check runs when both sides are imported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SEED, run_cli

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "comtrade" / "HS-60a6ad.json"
BRIEF = """slug: 2011-01-20-china-germany-2010
title: China's trade with Germany in 2010, from UN Comtrade
date: 2011-01-20
place: Beijing
pair: [CHN, DEU]
summary: China's exports to Germany and its imports from Germany in 2010, as China reported them.
headline: comtrade-chn-deu-exports-2010
figures: [comtrade-chn-deu-exports-2010, comtrade-chn-deu-imports-2010]
body: China exported {{comtrade-chn-deu-exports-2010}} of goods to Germany in 2010.
"""
ARTICLE = """sources:
  - {{id: article, title: A report, publisher: A newspaper, published: 2011-01-20}}
figures:
  - id: article-chn-deu-exports-2010
    reporter: CHN
    partner: DEU
    flow: exports
    period: 2010
    value: {value}
    unit: USD billion
    qualifier: about
    source: article
    alternative_to: comtrade-chn-deu-exports-2010
"""


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(SEED, folder)
    result = run_cli("import", "comtrade", str(FIXTURE), "--data", str(folder))
    assert result.returncode == 0, result.stderr
    return folder


@pytest.mark.slow
def test_a_brief_citing_an_imported_figure_builds_with_its_provenance(data, tmp_path):
    (data / "briefs" / "2011-01-20-china-germany-2010.yaml").write_text(BRIEF, encoding="utf-8")
    site = tmp_path / "site"
    result = run_cli("build", "--data", str(data), "--site", str(site))
    assert result.returncode == 0, result.stderr
    brief = (site / "briefs" / "2011-01-20-china-germany-2010" / "index.html").read_text("utf-8")
    assert "$68,047.133397 mn" in brief
    page = (site / "data" / "chn-deu" / "index.html").read_text(encoding="utf-8")
    assert "table record C/A/HS 2010 156 X 276 TOTAL" in page and "FOB" in page
    sources = (site / "sources" / "index.html").read_text(encoding="utf-8")
    assert "UN Comtrade, C/A/HS (H3), file HS-60a6ad.json" in sources
    assert "SHA-256 c3cd7dc781d6b9aa3d09eabfecd2dcfaf180183f9c2ad4a528d5e45808b9af6c" in sources


def test_a_typed_figure_that_disagrees_with_the_table_fails_naming_both(data):
    facts = data / "facts" / "article.yaml"
    facts.write_text(ARTICLE.format(value="68.5"), encoding="utf-8")
    result = run_cli("check", "--data", str(data))
    assert result.returncode == 1
    [line] = [ln for ln in result.stderr.splitlines() if ": error: official:" in ln]
    assert "article-chn-deu-exports-2010 (" in line and "article.yaml:" in line
    assert "comtrade-chn-deu-exports-2010 (" in line and "comtrade-chn.yaml:" in line
    facts.write_text(ARTICLE.format(value="68.05"), encoding="utf-8")
    assert run_cli("check", "--data", str(data)).returncode == 0


def test_the_mirror_check_runs_when_both_sides_are_in_the_data(data):
    germany = """sources:
  - {id: destatis, title: Foreign trade 2010, publisher: Destatis, published: 2011-03-01}
figures:
  - {id: de-cn-imports-2010, reporter: DEU, partner: CHN, flow: imports, period: 2010, value: 77.27,
     unit: USD billion, source: destatis, valuation: CIF}
"""
    (data / "facts" / "germany.yaml").write_text(germany, encoding="utf-8")
    from tradebriefs.facts.pipeline import check_data

    checked, findings = check_data(data)
    [mirror] = [
        c for c in checked.checks if c.kind == "mirror" and "de-cn-imports-2010" in c.inputs
    ]
    assert "imports (CIF) against" in mirror.message and "CIF/FOB band" in mirror.message
