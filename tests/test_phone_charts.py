"""Charts a reader can read on a phone: every text a chart draws is at least 12 CSS px on a 360 px screen,
and no larger than the page's own text on a desktop (issue 20).

The sizing rule (charts.text_px): text drawn `size` high in a chart `width` wide (the SVG's viewBox units)
and shown `shown_px` wide is size * shown_px / width CSS px. The unit tests below hold every kind of chart
to it from the drawn SVG; the browser test measures it in Chromium on the seed brief, at 360x740 and
1280x900, in the light scheme and in the dark one chosen with Material's own toggle.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import REPO, wait_until
from tradebriefs.render import charts
from tradebriefs.render.charts import PALETTE, Bar, ChartSpec

BRIEF_PATH = "/briefs/2024-10-28-russia-china-trade-drivers/"
SEED_CHARTS = 2  # the seed brief's charts: flows and growth
SOURCE = "Source: China's General Administration of Customs, via TASS"
PHONE_COLUMN_PX = 328  # what a chart is shown across on a 360 px screen (Material's 16 px margins)
MIN_TEXT_PX = 12  # the floor, on a 360 px screen
PAGE_TEXT_PX = 16  # Material's body text (0.8rem of a 20 px root) on a phone and a 1280 px desktop
LARGEST_TEXT_PX = 20  # "not huge": at most this on a 1280 px screen
SVG = "{http://www.w3.org/2000/svg}"


def spec(kind: str, *bars: Bar) -> ChartSpec:
    return ChartSpec(kind, f"A {kind} chart", "USD billion", bars, SOURCE, "Bar chart: …")


# One chart of each shape a chart plan makes: a derived negative balance, growth all below zero, products with
# labels too long for one line and an outlined total, and a series whose short labels sit beside the bars.
SHAPES = {
    "flows": spec(
        "flows",
        Bar("Exports to Russia", Decimal("110.97"), "about $110.97 bn", PALETTE["exports"]),
        Bar("Imports from Russia", Decimal("129.14"), "$129.14 bn", PALETTE["imports"]),
        Bar("Balance (derived)", Decimal("-18.17"), "−$18.17 bn", PALETTE["balance"], derived=True),
    ),
    "growth": spec(
        "growth",
        Bar("Turnover", Decimal("-5.2"), "−5.2%", PALETTE["turnover"]),
        Bar("Exports to Russia", Decimal("-12.7"), "−12.7%", PALETTE["exports"]),
    ),
    "commodities": spec(
        "commodities",
        Bar("Soya beans, whether or not broken", Decimal("38900"), "$38.9 bn", PALETTE["exports"]),
        Bar(
            "Iron ores and concentrates, including roasted iron pyrites (exports)",
            Decimal("20100"),
            "$20.1 bn",
            PALETTE["exports"],
        ),
        Bar("All goods", Decimal("104300"), "$104.3 bn", PALETTE["exports"], reference=True),
    ),
    "series": spec(
        "series",
        *(
            Bar(str(year), Decimal(value), f"${value} bn", PALETTE["exports"])
            for year, value in [("2021", "67.6"), ("2022", "76.1"), ("2023", "110.97")]
        ),
    ),
}


def drawn_texts(svg: bytes) -> tuple[float, list[tuple[str, float, float, float]]]:
    """The SVG's viewBox width, and each text it draws: (text, size, left, right) in the SVG's units."""
    root = ET.fromstring(svg)
    width = float(root.get("viewBox").split()[2])
    texts = []
    for node in root.iter(f"{SVG}text"):
        style = dict(
            (k.strip(), v.strip())
            for k, v in (p.split(":", 1) for p in node.get("style").split(";"))
        )
        size = float(style["font-size"].removesuffix("px"))
        if node.get("x") is not None:
            x = float(node.get("x"))
        else:  # a line of a wrapped label: placed by translate(x y)
            x = float(re.match(r"translate\(([-0-9.]+)", node.get("transform")).group(1))
        extent = charts._text_width_pt(node.text, size)
        left = {"start": x, "middle": x - extent / 2, "end": x - extent}[
            style.get("text-anchor", "start")
        ]
        texts.append((node.text, size, left, left + extent))
    return width, texts


def css_px(size: float, shown_px: float, width: float) -> float:
    """The sizing rule: text `size` high in a drawing `width` wide (SVG units), shown `shown_px` wide."""
    return size * shown_px / width


def shown_max_em() -> float:
    """How wide the stylesheet lets a chart be, in the page's em."""
    css = (REPO / "docs" / "stylesheets" / "extra.css").read_text(encoding="utf-8")
    rule = re.search(r"\.md-typeset figure\.tb-chart \{([^}]*)\}", css)
    assert rule, "no rule for figure.tb-chart in docs/stylesheets/extra.css"
    return float(re.search(r"max-width:\s*([0-9.]+)em", rule.group(1)).group(1))


def test_the_sizing_rule():
    assert charts.text_px(10, 328, 252) == pytest.approx(13.0159, abs=1e-4)
    assert charts.text_px(8, 328, 460.8) == pytest.approx(5.6944, abs=1e-4)  # the old source line
    assert charts.text_px(9, 400, 300) == css_px(9, 400, 300)
    # Drawn for a phone's column, shown at most SHOWN_MAX_EM of the page's em wide: chart text is at least
    # 12 px on the phone and, at its widest, one em (the page's own text size).
    assert charts.PHONE_COLUMN_PX == PHONE_COLUMN_PX and charts.MIN_TEXT_PX == MIN_TEXT_PX
    assert charts.text_px(charts.TEXT_PT, PHONE_COLUMN_PX) >= MIN_TEXT_PX
    assert charts.text_px(charts.TEXT_PT, charts.SHOWN_MAX_EM * PAGE_TEXT_PX) == pytest.approx(
        PAGE_TEXT_PX
    )


@pytest.mark.parametrize("shape", SHAPES)
def test_every_text_a_chart_draws_is_legible_on_a_phone_and_not_huge_on_a_desktop(shape):
    width, texts = drawn_texts(charts.draw_svg(SHAPES[shape]))
    assert texts
    for text, size, _, _ in texts:  # a chart fills the column up to the stylesheet's width
        phone = css_px(size, PHONE_COLUMN_PX, width)
        assert phone >= MIN_TEXT_PX, f"{shape}: {text!r} is {phone:.1f} px on a 360 px screen"
    shown_wide = shown_max_em() * PAGE_TEXT_PX
    for text, size, _, _ in texts:
        wide = css_px(size, shown_wide, width)
        assert wide <= LARGEST_TEXT_PX, f"{shape}: {text!r} is {wide:.1f} px on a 1280 px screen"


@pytest.mark.parametrize("shape", SHAPES)
def test_no_text_runs_off_the_narrow_chart(shape):
    """Long labels wrap (above their bars), short ones sit beside them; value labels fit right of the bars."""
    width, texts = drawn_texts(charts.draw_svg(SHAPES[shape]))
    outside = [(t, round(a, 1), round(b, 1)) for t, _, a, b in texts if a < 0 or b > width]
    assert outside == [], f"{shape}: text beyond 0..{width}: {outside}"
    labels = [t for t, *_ in texts]
    for bar in SHAPES[shape].bars:
        assert bar.text in labels
        assert all(word in " ".join(labels) for word in bar.label.split())


def test_title_and_source_are_the_pages_not_drawn_twice():
    """The caption under the chart's heading carries them; the file names them, undrawn, for itself alone."""
    flows = SHAPES["flows"]
    svg = charts.draw_svg(flows)
    _, texts = drawn_texts(svg)
    drawn = " ".join(t for t, *_ in texts)
    assert flows.title not in drawn and "Source" not in drawn
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == flows.title
    assert SOURCE in svg.decode()


def test_the_stylesheet_shows_a_chart_at_most_shown_max_em_wide():
    """docs/stylesheets/extra.css holds the width charts.py's sizes assume."""
    assert shown_max_em() == pytest.approx(charts.SHOWN_MAX_EM)


@pytest.mark.slow
def test_the_brief_template_captions_each_chart_once(built_site):
    html = (built_site / BRIEF_PATH.strip("/") / "index.html").read_text(encoding="utf-8")
    figures = re.findall(r'<figure class="tb-chart">(.*?)</figure>', html, flags=re.S)
    assert len(figures) == SEED_CHARTS
    for figure in figures:
        assert figure.lstrip().startswith("<figcaption>")
        assert figure.count("#only-light") == 1 and figure.count("#only-dark") == 1
        assert figure.count(SOURCE) == 1


# The browser's own measure: each chart the reader sees, its SVG fetched and laid out (in a shadow root, so
# its style stays its own) at the width the <img> is shown, each text's computed font size times its scale
# on the screen.
MEASURE = """async () => {
  const shown = [...document.querySelectorAll('article img[src*=".svg#only-"]')]
    .filter(img => getComputedStyle(img).display !== 'none');
  const out = [];
  for (const img of shown) {
    img.scrollIntoView();
    if (!(img.complete && img.naturalWidth)) {
      await new Promise((ok, fail) => {
        img.addEventListener('load', ok, {once: true});
        img.addEventListener('error', () => fail(new Error('no image: ' + img.src)), {once: true});
      });
    }
    const box = img.getBoundingClientRect();
    const src = (img.currentSrc || img.src).split('#')[0];
    const text = await (await fetch(src)).text();
    const host = document.createElement('div');
    host.style.cssText = `position:absolute;left:0;top:0;width:${box.width}px;visibility:hidden`;
    document.body.append(host);
    const root = host.attachShadow({mode: 'open'});
    root.innerHTML = text.slice(text.indexOf('<svg'));
    const svg = root.querySelector('svg');
    svg.setAttribute('width', box.width);
    svg.removeAttribute('height');
    const sizes = [...svg.querySelectorAll('text')]
      .map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
    host.remove();
    out.push({src, left: box.left, right: box.right, width: box.width, sizes});
  }
  return out;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("width", "height"), [(360, 740), (1280, 900)], ids=["phone", "desktop"])
def test_chart_text_measured_in_chromium(browser, site_url, width, height, scheme):
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme="light")
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(site_url + BRIEF_PATH, wait_until="load")
        if (
            scheme == "dark"
        ):  # Material's own toggle, not the system's setting: the dark files follow it
            page.locator("label[title='Switch to dark mode']").click()
            wait_until(
                page,
                "document.body.dataset.mdColorScheme === 'slate'",
                "the toggle did not switch to the dark scheme",
            )
        shown = page.evaluate(MEASURE)
    finally:
        context.close()
    assert len(shown) == SEED_CHARTS, shown
    for chart in shown:
        name = Path(chart["src"]).name
        assert name.endswith("-dark.svg") == (scheme == "dark"), f"{scheme} scheme shows {name}"
        assert chart["sizes"], f"{name}: no text measured"
        assert 0 <= chart["left"] and chart["right"] <= width, f"{name} runs off the screen"
        smallest, largest = min(chart["sizes"]), max(chart["sizes"])
        assert smallest >= MIN_TEXT_PX, (
            f"{name} at {width} px: text {smallest:.1f} px (shown {chart['width']:.0f} px wide)"
        )
        if width >= 1280:
            assert largest <= LARGEST_TEXT_PX, f"{name} at {width} px: text {largest:.1f} px"
