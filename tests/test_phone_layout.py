"""A brief read on a phone: it leads with its headline figure; its tables reflow or scroll in a frame at 360 px;
key-figures tables carry no empty column and name a shared source once; a pair's headline figures are of one
period; "What changed" says plainly when nothing was revised; a preview marks its drafts in every list.

The fast tests read views and templates (no MkDocs); the browser tests measure the seed site in Chromium."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from conftest import SEED
from test_quality import AXE_JS, SCHEMES, WCAG_TAGS, assert_scheme, describe, need, run_axe
from tradebriefs.core.periods import parse_period
from tradebriefs.facts.pipeline import check_data
from tradebriefs.facts.revisions import ChangeEntry, ChangeItem, Commit, History
from tradebriefs.history.changes import printed
from tradebriefs.render.changelog import change_entries, render_changes
from tradebriefs.render.chartplan import plan_brief_charts, plan_series
from tradebriefs.render.pages import LINKS
from tradebriefs.render.site import published, render_documents
from tradebriefs.render.templates import Target, html_environment, render
from tradebriefs.render.views.brief import brief_view, index_by_input, lead_of
from tradebriefs.render.views.pair import pair_headline, pair_view
from tradebriefs.render.views.rows import figure_row, figure_table
from tradebriefs.render.views.site import Site

SLUG = "2024-10-28-russia-china-trade-drivers"
BRIEF = f"briefs/{SLUG}.md"
CUSTOMS = "China's General Administration of Customs via TASS"


def seed():
    checked, _ = check_data(SEED)
    return checked


def seed_brief(checked):
    cat = checked.catalog
    charts = plan_brief_charts(cat, checked.derived)[SLUG]
    return brief_view(cat.briefs[SLUG], cat, charts, index_by_input(checked.derived), Site())


def key_figures_html(table, page: str = BRIEF) -> str:
    return html_environment().get_template("key_figures.html.j2").render(page=page, table=table)


# The lead.


def test_a_brief_opens_with_its_headline_figure_its_change_and_what_it_is_then_the_summary():
    view = seed_brief(seed())
    lead = view.lead
    assert (lead.value, lead.change, lead.label.text) == (
        "$240.11 bn",
        "+26.3% on a year earlier",
        "China–Russia trade turnover, 2023",
    )
    assert lead.label.target == Target("data/chn-rus.md", "cn-ru-turnover-2023")
    page = render("brief.md.j2", BRIEF, view=view, links=LINKS)
    dateline, at, summary = (
        page.index("*Beijing, 28 October 2024*"),
        page.index('<p class="tb-lead">'),
        page.index("**Russia–China trade kept growing"),
    )
    assert dateline < at < summary < page.index("## Key figures")
    # Raw HTML, which Markdown leaves as it is: the value reads "$240.11 bn", not "$240\.11 bn".
    assert '<span class="tb-lead__value">$240.11 bn</span>' in page
    assert '<a class="tb-lead__label" href="../../data/chn-rus/#cn-ru-turnover-2023">' in page


def test_a_lead_without_a_change_says_none_and_a_surplus_or_forecast_says_so_in_its_label():
    fig = seed().catalog.figures["cn-ru-turnover-2023"]
    assert lead_of(dataclasses.replace(fig, change=None)).change == ""
    out = html_environment().get_template("lead.html.j2")
    html = out.render(page=BRIEF, lead=lead_of(dataclasses.replace(fig, change=None)))
    assert "tb-lead__change" not in html and "—" not in html
    forecast = lead_of(dataclasses.replace(fig, status="forecast", by="someone"))
    assert forecast.value == "$240.11 bn" and forecast.label.text.endswith("2023 (forecast)")


# Key-figures tables.


def test_a_key_figures_table_drops_a_column_no_row_fills_and_names_a_shared_source_once():
    cat = seed().catalog
    rows = [figure_row(cat.figures[i], cat) for i in ("cn-ru-exports-2023", "cn-ru-imports-2023")]
    assert {r.notes for r in rows} == {"—"}
    table = figure_table(rows)
    assert (table.change, table.notes, table.source.text) == (True, False, CUSTOMS)
    html = key_figures_html(table)
    assert '<th scope="col">Notes</th>' not in html and '<th scope="col">Source</th>' not in html
    assert "Change</th>" in html and "—" not in html
    assert html.count("General Administration of Customs") == 1
    after = html[html.index("</table>") :]
    assert re.search(
        r'<p class="tb-table-source">Source: <a href="[^"]+">China&#39;s General', after
    )
    # No row with a change: no Change column either.
    unchanged = figure_table(dataclasses.replace(r, change="—") for r in rows)
    assert not unchanged.change and "Change</th>" not in key_figures_html(unchanged)


def test_a_key_figures_table_keeps_columns_some_row_fills_and_sources_that_differ():
    view = seed_brief(seed())
    table = view.key_figures
    assert (table.change, table.notes, table.source) == (True, True, None)
    html = key_figures_html(table)
    assert html.count('<th scope="col">') == 5 and "tb-table-source" not in html
    # On a phone each cell but the row's own label says which column it is in.
    assert html.count('data-label="Source"') == len(table.rows) == 4
    assert re.search(r"<table\b[^>]*\bdata-tb-cards\b", html)


def test_every_long_table_labels_its_cells_for_a_phone():
    checked = seed()
    site = render_documents(
        checked,
        plan_brief_charts(checked.catalog, checked.derived),
        plan_series(checked.catalog.figures.values(), checked.catalog.sources),
        Site(),
    )
    for path in (BRIEF, "data/chn-rus.md", "checks/chn-rus.md", "pairs/chn-rus.md"):
        for table in re.findall(r"<table[^>]*>.*?</table>", site[path], re.S):
            if "Chart data as a table" in table or '<th scope="col">Series</th>' in table:
                continue  # two short columns: they fit a phone as they are
            assert re.match(r"<table\b[^>]*\bdata-tb-cards\b", table), f"{path}: {table[:80]}"
            for row in re.findall(r"<tr><td.*?</tr>", table, re.S):
                cells = re.findall(r"<td([^>]*)>", row)
                assert "data-label" not in cells[0], f"{path}: the row's label is its heading"
                assert all("data-label=" in c for c in cells[1:]), f"{path}: {row[:120]}"


# A pair's headline figures.


def test_a_pair_s_headline_figures_are_of_one_period_the_latest_full_one():
    checked = seed()
    cat = checked.catalog
    view = pair_view("CHN", "RUS", cat, [])
    # 2023 has turnover, exports and imports; January–September 2024 only Russia's turnover.
    assert [r.id for r in view.headline] == [
        "cn-ru-turnover-2023",
        "cn-ru-exports-2023",
        "cn-ru-imports-2023",
    ]
    assert view.headline_period == "2023"
    assert "ru-cn-turnover-2024-jan-sep" in [r.id for r in view.figures]
    page = render("pair.md.j2", "pairs/chn-rus.md", view=view, links=LINKS)
    headline = page[page.index("## Headline figures") : page.index("## All figures")]
    assert "All of 2023" in headline and "January–September 2024" not in headline
    assert headline.count("General Administration of Customs") == 1  # one source, named once


def test_a_part_year_with_the_whole_trade_leads_over_a_year_of_one_flow_and_single_products():
    figures = seed().catalog.figures
    exports, imports = figures["cn-ru-exports-2023"], figures["cn-ru-imports-2023"]
    nine_months = parse_period("2024-01/2024-09")
    made = [
        dataclasses.replace(exports, id="balance-2023", flow="balance", change=None),
        dataclasses.replace(exports, id="exports-9m", period=nine_months),
        dataclasses.replace(imports, id="imports-9m", period=nine_months),
        dataclasses.replace(exports, id="soya-9m", period=nine_months, commodity="1201"),
        dataclasses.replace(exports, id="beef-9m", period=nine_months, product="beef"),
        dataclasses.replace(exports, id="forecast-2024", period=parse_period("2024")),
    ]
    made[-1] = dataclasses.replace(made[-1], status="forecast", by="someone")
    assert [f.id for f in pair_headline(made)] == ["exports-9m", "imports-9m"]
    # Without a period that gives the whole trade: the latest period of all goods.
    assert [f.id for f in pair_headline(made[:1] + made[3:5])] == ["balance-2023"]


# What changed.


def history_of(*items, commits: int = 2) -> History:
    entry = ChangeEntry(Commit("a" * 40, "2026-01-02", "Add figures"), tuple(items))
    return History(True, changes=(entry,), commits=commits)


def test_what_changed_says_plainly_that_nothing_has_changed_on_a_new_site():
    cat = seed().catalog
    history = History(True, commits=5)
    page = render_changes(change_entries(cat, history), history)["changes/index.md"]
    assert "Nothing has changed yet" in page
    assert "From the last 5 commits" not in page


def test_what_changed_says_no_figure_was_revised_and_each_addition_says_what_it_added():
    cat = seed().catalog
    added = [
        ChangeItem("figure added", i, i, now=printed(cat.figures[i]))
        for i in ("cn-ru-exports-2023", "cn-ru-turnover-2023")
    ]
    nine_months = "ru-cn-turnover-2024-jan-sep"
    no_change = dataclasses.replace(printed(cat.figures[nine_months]), change=None)
    added.append(ChangeItem("figure added", nine_months, nine_months, now=no_change))
    history = history_of(*added)
    page = render_changes(change_entries(cat, history), history)["changes/index.md"]
    assert "No figure has been revised yet" in page and "Nothing has changed yet" not in page
    assert "no change given" not in page
    assert "Figure added: [China's exports to Russia, 2023]" in page
    assert "about $110\\.97 bn \\(\\+46\\.9%\\)" in page
    assert re.search(r"January–September 2024\]\([^)]+\): over \$180 bn\n", page)


def test_what_changed_does_not_say_nothing_was_revised_once_a_figure_was():
    cat = seed().catalog
    now = printed(cat.figures["cn-ru-turnover-2023"])
    was = dataclasses.replace(now, value="240.10")
    history = history_of(
        ChangeItem("figure revised", "cn-ru-turnover-2023", "cn-ru-turnover-2023", was, now)
    )
    page = render_changes(change_entries(cat, history), history)["changes/index.md"]
    assert "not been revised" not in page and "No figure has been revised" not in page
    assert "Nothing has changed yet" not in page
    assert "From the last 2 commits that changed the data." in page


# Drafts and scheduled briefs in a preview's lists.


def test_a_preview_marks_drafts_and_scheduled_briefs_in_every_list_and_a_site_does_not(data_copy):
    path = data_copy / "briefs" / f"{SLUG}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "draft: true\n", encoding="utf-8")
    checked, _ = check_data(data_copy)

    def pages(drafts: bool) -> dict[str, str]:
        shown, status = published(checked, dt.date(2030, 1, 1), drafts)
        cat = shown.catalog
        return render_documents(
            shown,
            plan_brief_charts(cat, shown.derived),
            plan_series(cat.figures.values(), cat.sources),
            Site(),
            status,
        )

    preview = pages(drafts=True)
    lists = ("index.md", "briefs/index.md", "archive/2024/index.md", "tags/china/index.md")
    for path in (*lists, "countries/chn/index.md"):
        assert "**Draft** (preview only)" in preview[path], path
    assert "Draft" not in pages(drafts=False)["briefs/index.md"]  # not listed once published


def test_a_preview_marks_a_brief_scheduled_after_its_publication_day():
    checked = seed()
    shown, status = published(checked, dt.date(2024, 10, 1), drafts=True)
    cat = shown.catalog
    args = (plan_brief_charts(cat, shown.derived), plan_series(cat.figures.values(), cat.sources))
    preview = render_documents(shown, *args, Site(), status)
    marker = "**Scheduled for 28 October 2024** (preview only)"
    assert marker in preview["index.md"] and marker in preview["briefs/index.md"]
    site = render_documents(checked, *args, Site(), {})
    assert "Scheduled" not in site["index.md"] and "Scheduled" not in site["briefs/index.md"]


# Measured in Chromium at 360 × 740.

PHONE = {"width": 360, "height": 740}
PAGES = (f"briefs/{SLUG}/", "data/chn-rus/", "checks/chn-rus/", "pairs/chn-rus/")

# Every text line of every table cell a reader needs (a column heading hidden for the blocks' labels is read by
# screen readers only), with whether it lies in the viewport or inside an element that scrolls sideways with a
# visible frame.
CELLS_OUT_OF_REACH = """() => {
  document.querySelectorAll('article details').forEach(d => d.open = true);
  const width = document.documentElement.clientWidth;
  const framed = el => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (['auto', 'scroll'].includes(s.overflowX) && p.scrollWidth > p.clientWidth) {
        const box = p.getBoundingClientRect();
        const frame = parseFloat(s.borderLeftWidth) > 0 && parseFloat(s.borderRightWidth) > 0;
        return frame && box.left >= 0 && box.right <= width + 0.5;
      }
    }
    return false;
  };
  const hidden = el => {
    for (let p = el; p && p.tagName !== 'TABLE'; p = p.parentElement) {
      const box = p.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) return true;
    }
    return false;
  };
  const out = [];
  for (const cell of document.querySelectorAll('article table td, article table th')) {
    if (hidden(cell)) {
      // Headings hidden from sight only if every other cell of the table shows its column's name.
      const unlabelled = [...cell.closest('table').querySelectorAll('td:not(:first-child)')]
        .filter(td => !getComputedStyle(td, '::before').content.startsWith('"'));
      if (unlabelled.length) out.push(`hidden heading ${cell.textContent}, unlabelled cells`);
      continue;
    }
    const range = document.createRange();
    range.selectNodeContents(cell);
    for (const r of range.getClientRects()) {
      if (r.width === 0) continue;
      if ((r.left < -0.5 || r.right > width + 0.5) && !framed(cell)) {
        out.push(`${cell.textContent.trim().slice(0, 60)} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
        break;
      }
    }
  }
  return out;
}"""

# Figure ids (the links a checks or derived row lists) wrap only after a hyphen, never inside a word, and no
# letter of one lies beyond the screen's edge.
IDS_BROKEN_MID_WORD = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const a of document.querySelectorAll('article table a')) {
    const text = a.firstChild;
    if (!text || text.nodeType !== 3 || !/^[a-z0-9]+(-[a-z0-9]+)+$/.test(text.data)) continue;
    const range = document.createRange();
    let top = null;
    for (let i = 0; i < text.data.length; i++) {
      range.setStart(text, i);
      range.setEnd(text, i + 1);
      const r = range.getClientRects()[0];
      if (!r) continue;
      if (r.left < -0.5 || r.right > width + 0.5) {
        out.push(`${text.data} cut at ${i}`);
        break;
      }
      if (top !== null && r.top > top + 2 && text.data[i - 1] !== '-') out.push(`${text.data} at ${i}`);
      top = r.top;
    }
  }
  return out;
}"""

# The distance from the <h1>'s last line of text to the first line of what follows it.
GAP_UNDER_H1 = """() => {
  const h = document.querySelector('article h1');
  const range = document.createRange();
  range.selectNodeContents(h.firstChild);
  const bottom = Math.max(...[...range.getClientRects()].map(r => r.bottom));
  const next = h.nextElementSibling;
  const nextRange = document.createRange();
  nextRange.selectNodeContents(next);
  const top = Math.min(...[...nextRange.getClientRects()].filter(r => r.height > 0).map(r => r.top));
  return {gap: top - bottom, size: parseFloat(getComputedStyle(h).fontSize)};
}"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, color_scheme="light")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_at_360_px_every_table_cell_is_on_screen_or_in_a_framed_scroller(phone, site_url, path):
    phone.goto(f"{site_url}/{path}", wait_until="load")
    assert phone.locator("article table").count() > 0
    assert phone.evaluate(CELLS_OUT_OF_REACH) == []
    assert phone.evaluate(IDS_BROKEN_MID_WORD) == []
    # Nothing on the page is wider than the screen: no sideways scrolling of the page itself.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.browser
def test_at_360_px_figure_ids_wrap_only_at_hyphens(phone, site_url):
    """The checks page lists ids such as derived-implied-cn-ru-turnover-2023-prior, longer than a phone's line."""
    phone.goto(f"{site_url}/checks/chn-rus/", wait_until="load")
    wrapped = phone.evaluate("""() => [...document.querySelectorAll('article table a')]
        .filter(a => a.getClientRects().length > 1).map(a => a.textContent)""")
    assert any(w.startswith("derived-implied-") for w in wrapped), wrapped
    assert phone.evaluate(IDS_BROKEN_MID_WORD) == []


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_at_360_px_no_gap_under_the_h1(phone, site_url, path):
    """The <h1>'s hidden permalink (¶) wrapped onto a line of its own under a title that just fit, 89 px above
    the next text on the checks page; the heading's own margin and leading come to 1.5 times its size."""
    phone.goto(f"{site_url}/{path}", wait_until="load")
    measured = phone.evaluate(GAP_UNDER_H1)
    assert measured["gap"] <= 2 * measured["size"], measured


@pytest.mark.browser
def test_at_360_px_the_lead_figure_is_large_and_on_the_first_screen(phone, site_url):
    phone.goto(f"{site_url}/briefs/{SLUG}/", wait_until="load")
    value = phone.locator(".tb-lead__value")
    assert value.inner_text() == "$240.11 bn"
    box = value.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"]
    body = phone.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)"
    )
    size = phone.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.tb-lead__value')).fontSize)"
    )
    assert size >= 2 * body


@pytest.mark.browser
@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_axe_finds_no_violation_in_the_phone_layout(browser, site_url, scheme):
    """The blocks a table becomes below 60em (its headings hidden from sight, its cells labelled), in both
    colour schemes: the site-wide axe test runs at a desktop width, where they are tables."""
    need(AXE_JS, "axe-core", "run `npm ci --ignore-scripts` in the repository")
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        failures = {}
        for path in PAGES:
            page.goto(f"{site_url}/{path}", wait_until="load")
            assert_scheme(page, scheme, path)
            lines = describe(run_axe(page, {"runOnly": {"type": "tag", "values": WCAG_TAGS}}))
            if lines:
                failures[path] = lines
    finally:
        context.close()
    assert failures == {}, failures
