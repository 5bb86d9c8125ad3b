"""Screenshots of each page kind, for review: `make screenshots` (SITE=site, OUT=screenshots).

Opens a built site in Debian's Chromium at a phone's width (360 px) and a desktop's (1280 px), in the light
and the dark scheme, and writes one full-page PNG per page kind, width and scheme. Lazy images (the charts)
are loaded by scrolling the page through before each shot. A review aid, not a test: the browser tests
measure what must hold (tests/test_phone_charts.py, tests/test_phone_layout.py).
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

WIDTHS = (360, 1280)
SCHEMES = ("light", "dark")
CHROMIUM = "/usr/bin/chromium"


def pages_of(site: Path) -> dict[str, str]:
    """{page kind: its address}: the first built page of each kind (a site without one kind skips it)."""
    found = {"home": "/"}
    for kind, folder in (
        ("brief", "briefs"),
        ("pair", "pairs"),
        ("data", "data"),
        ("checks", "checks"),
        ("country", "countries"),
    ):
        first = sorted(p for p in (site / folder).glob("*/index.html"))
        if first:
            found[kind] = "/" + first[0].parent.relative_to(site).as_posix() + "/"
    for kind, path in (("changes", "changes/index.html"), ("sources", "sources/index.html")):
        if (site / path).is_file():
            found[kind] = "/" + path.removesuffix("index.html")
    embeds = sorted((site / "embed").glob("*/*.html"))
    if embeds:
        found["embed"] = "/" + embeds[0].relative_to(site).as_posix()
    return found


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main(argv: list[str]) -> int:
    site, out = Path(argv[0]), Path(argv[1])
    if not (site / "index.html").is_file():
        print(
            f"screenshots: {site}/index.html not found; build the site first (make site)",
            file=sys.stderr,
        )
        return 1
    out.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for width in WIDTHS:
                for scheme in SCHEMES:
                    page = browser.new_page(
                        viewport={"width": width, "height": 800}, color_scheme=scheme
                    )
                    for kind, path in pages_of(site).items():
                        page.goto(base + path, wait_until="networkidle")
                        height = page.evaluate("document.body.scrollHeight")
                        for y in range(0, height, 400):
                            page.evaluate(f"window.scrollTo(0, {y})")
                            page.wait_for_timeout(50)
                        page.evaluate("window.scrollTo(0, 0)")
                        shot = out / f"{kind}-{width}-{scheme}.png"
                        page.screenshot(path=str(shot), full_page=True)
                        print(shot)
                    page.close()
            browser.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["site", "screenshots"]))
