"""What an editor uses: the scaffold, drafts and scheduled briefs, wording checks, the field reference."""

from __future__ import annotations

import json
import re

import pytest

from conftest import make_project, run_cli

SLUG = "2026-11-29-chn-rus"
PLACEHOLDER_LINE = re.compile(
    r"^data/\S+\.yaml:\d+:\d+: error: [\w, ]+: still the placeholder \(.+\)$"
)


def new_brief(tmp_path, *args):
    return run_cli("new", "brief", "--data", "data", *args, cwd=tmp_path)


@pytest.fixture
def project(tmp_path, data_copy):
    make_project(tmp_path)  # its mkdocs.yml reads data/, which data_copy is
    return tmp_path  # commands run in tmp_path print paths as data/...


def test_the_scaffold_fails_with_exactly_its_placeholders(project):
    made = new_brief(project, "--pair", "KAZ,CHN", "--date", "2026-11-29", "--place", "Astana")
    assert made.returncode == 0, made.stderr
    assert (project / "data/briefs/2026-11-29-kaz-chn.yaml").is_file()
    assert (
        project / "data/facts/chn-kaz.yaml"
    ).is_file()  # a pair with no figures gets a fact file
    result = run_cli("check", "--data", "data", cwd=project)
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert result.returncode == 1 and errors
    assert [e for e in errors if not PLACEHOLDER_LINE.match(e)] == [], (
        "errors other than placeholders"
    )
    assert any(
        e.startswith("data/briefs/2026-11-29-kaz-chn.yaml:")
        and ": title: still the placeholder" in e
        for e in errors
    )


def fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        line = f"{key}: {value}"
        text = re.sub(rf"(?m)^{key}: .*$", lambda _, line=line: line, text, count=1)
    return text


def test_the_scaffold_once_filled_in_passes_and_builds(project):
    assert new_brief(project, "--pair", "CHN,RUS", "--date", "2026-11-29").returncode == 0
    assert not (
        project / "data/facts/chn-rus.yaml"
    ).exists()  # the pair has figures: no new fact file
    brief = project / "data/briefs" / f"{SLUG}.yaml"
    text = fill(
        brief.read_text(encoding="utf-8"),
        {
            "title": "China–Russia trade in 2023",
            "place": "Beijing",
            "summary": "A record year.",
            "headline": "cn-ru-turnover-2023",
            "figures": "[cn-ru-turnover-2023]",
            "draft": "false",
        },
    )
    text = re.sub(
        r"(?m)^body: \|\n  .*$",
        "body: |\n  Trade rose {{cn-ru-turnover-2023.change_size}} to {{cn-ru-turnover-2023}}.",
        text,
    )
    brief.write_text(text, encoding="utf-8")
    result = run_cli("check", "--data", "data", cwd=project)
    assert result.returncode == 0, result.stderr
    assert ": warning: " not in result.stderr
    built = run_cli(
        "build",
        "--data",
        "data",
        "--site",
        "site",
        cwd=project,
        env={"TRADEBRIEFS_TODAY": "2026-11-29"},
    )
    assert built.returncode == 0, built.stderr
    html = (project / "site/briefs" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "Trade rose <a" in html and ">26.3%</a> to <a" in html  # the unsigned form, after "rose"


def test_a_change_contradicted_by_the_words_before_it_is_a_warning(project):
    brief = next((project / "data/briefs").glob("*.yaml"))
    text = brief.read_text(encoding="utf-8")
    brief.write_text(
        text.replace(
            "China's exports to Russia grew {{cn-ru-exports-2023.change}}",
            "China's exports to Russia fell {{cn-ru-exports-2023.change}}",
        ),
        encoding="utf-8",
    )
    result = run_cli("check", "--data", "data", cwd=project)
    assert result.returncode == 0  # a warning: the build goes on
    lines = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert (
        len(lines) == 1
        and "'fell' before the change of 'cn-ru-exports-2023', which rose (46.9%)" in lines[0]
    )
    assert re.match(r"data/briefs/\S+\.yaml:\d+:\d+: warning: body: ", lines[0])


def draft_and_scheduled(project):
    briefs = project / "data/briefs"
    seed = next(briefs.glob("*.yaml")).read_text(encoding="utf-8")
    for slug, extra in (("a-draft-brief", "draft: true\n"), ("a-scheduled-brief", "")):
        text = seed.replace("slug: 2024-10-28-russia-china-trade-drivers", f"slug: {slug}")
        text = text.replace("title: Russia is now", f"title: {slug} Russia is now")
        if slug == "a-scheduled-brief":
            text = text.replace("date: 2024-10-28", "date: 2027-01-15")
        (briefs / f"{slug}.yaml").write_text(text + extra, encoding="utf-8")


def test_drafts_and_scheduled_briefs_appear_nowhere_in_a_normal_build(project):
    draft_and_scheduled(project)
    assert (
        run_cli("check", "--data", "data", cwd=project).returncode == 0
    )  # they are checked all the same
    built = run_cli(
        "build",
        "--data",
        "data",
        "--site",
        "site",
        cwd=project,
        env={"TRADEBRIEFS_TODAY": "2026-11-29"},
    )
    assert built.returncode == 0, built.stderr
    site = project / "site"
    assert (
        not (site / "briefs/a-draft-brief").exists()
        and not (site / "briefs/a-scheduled-brief").exists()
    )
    everything = "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in site.rglob("*")
        if p.is_file() and p.suffix in (".html", ".xml", ".json", ".csv", ".txt")
    )
    assert "a-draft-brief" not in everything and "a-scheduled-brief" not in everything
    import gzip

    assert b"a-draft-brief" not in gzip.decompress((site / "sitemap.xml.gz").read_bytes())


def test_a_preview_build_shows_drafts_and_scheduled_briefs_with_their_banner(project):
    draft_and_scheduled(project)
    built = run_cli(
        "build",
        "--data",
        "data",
        "--site",
        "site",
        "--drafts",
        cwd=project,
        env={"TRADEBRIEFS_TODAY": "2026-11-29"},
    )
    assert built.returncode == 0, built.stderr
    draft = (project / "site/briefs/a-draft-brief/index.html").read_text(encoding="utf-8")
    scheduled = (project / "site/briefs/a-scheduled-brief/index.html").read_text(encoding="utf-8")
    assert 'class="admonition warning"' in draft and ">Draft</p>" in draft
    assert ">Scheduled for 15 January 2027</p>" in scheduled
    feed = json.loads((project / "site/feed.json").read_text(encoding="utf-8"))
    assert any(
        "a-draft-brief" in item["url"] for item in feed["items"]
    )  # a preview shows them everywhere


def test_a_scheduled_brief_is_published_from_its_date(project):
    draft_and_scheduled(project)
    built = run_cli(
        "build",
        "--data",
        "data",
        "--site",
        "site",
        cwd=project,
        env={"TRADEBRIEFS_TODAY": "2027-01-15"},
    )
    assert built.returncode == 0, built.stderr
    assert (project / "site/briefs/a-scheduled-brief/index.html").is_file()
    assert not (project / "site/briefs/a-draft-brief").exists()


def test_the_field_reference_is_built_from_the_models_and_linked(built_site):
    from tradebriefs.facts.models import FACT_SECTIONS, Brief, data_fields

    html = (built_site / "reference/fields/index.html").read_text(encoding="utf-8")
    for model in [*FACT_SECTIONS.values(), Brief]:
        for f in data_fields(model):
            assert f"<code>{f.name}</code>" in html, (model.__name__, f.name)
    assert (
        "at most 15 digits, 6 after the point" in html
        and "one of turnover, exports, imports, balance" in html
    )
    about = (built_site / "about/index.html").read_text(encoding="utf-8")
    assert 'href="../reference/fields/"' in about


@pytest.mark.parametrize("slug", ["../../outside", "a/b", "Index", "index", "x" * 81, "trailing-"])
def test_a_slug_that_is_not_an_id_writes_nothing(project, slug):
    before = sorted(p for p in project.rglob("*"))
    result = new_brief(project, "--pair", "CHN,RUS", "--slug", slug)
    assert result.returncode == 1 and result.stderr.startswith("tradebriefs: error: --slug "), (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    assert sorted(p for p in project.rglob("*")) == before


def test_a_mistyped_publication_day_is_one_clear_line(project):
    result = run_cli(
        "build",
        "--data",
        "data",
        "--site",
        "site",
        cwd=project,
        env={"TRADEBRIEFS_TODAY": "29/11/2026"},
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "tradebriefs: error: TRADEBRIEFS_TODAY: expected a date such as 2026-11-29, got '29/11/2026'"
    )
    assert not (project / "site").exists()
