#!/usr/bin/env bash
# Lighthouse scores of one page of the built site, served on 127.0.0.1 (not a test gate: the performance
# score moves a few points from run to run).
#
#   scripts/lighthouse.sh [PAGE] [SITE_DIR]
#
# PAGE defaults to the first brief, SITE_DIR to site/ (built by `make site`). Runs Lighthouse 12.8.2 through
# npx (fetched from npm into npx's cache on first use, ~40 s): 12.8.2 is the last release that runs on Node 20
# (13.x needs Node >= 22.19), and it is not in package.json because one of its dependencies asks for
# "third-party-web": "latest", which puts any package-lock.json out of date as soon as that package
# publishes, and then `npm ci` refuses to install. Uses Debian's Chromium (CHROME_PATH, default
# /usr/bin/chromium). Prints the four category scores (0-100) and each audit that kept one below 100, and
# writes the whole report to .cache/lighthouse/report.json. Exits 1 if Lighthouse fails or a category has no
# score.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PAGE="${1:-briefs/2024-10-28-russia-china-trade-drivers/}"
SITE="${2:-site}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
PYTHON="${PYTHON:-.venv/bin/python}"
LIGHTHOUSE_VERSION=12.8.2
lighthouse() { npx --yes "lighthouse@$LIGHTHOUSE_VERSION" "$@"; }

if ! command -v npx >/dev/null; then echo "error: npx (Node 18+) is missing" >&2; exit 1; fi
if [ ! -f "$SITE/index.html" ]; then echo "error: no site in $SITE/: run 'make site' first" >&2; exit 1; fi
if [ ! -x "$CHROME_PATH" ]; then echo "error: no Chromium at $CHROME_PATH (set CHROME_PATH)" >&2; exit 1; fi

OUT=.cache/lighthouse
mkdir -p "$OUT"
PORT="$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$PYTHON" -m http.server --bind 127.0.0.1 "$PORT" -d "$SITE" >/dev/null 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 50); do  # wait until the server answers (at most 5 s)
    if "$PYTHON" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/', timeout=1)" 2>/dev/null; then break; fi
    sleep 0.1
done

URL="http://127.0.0.1:$PORT/${PAGE#/}"
echo "lighthouse $(lighthouse --version) on $URL"
lighthouse "$URL" --quiet --output=json --output-path="$OUT/report.json" \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync"

"$PYTHON" - "$OUT/report.json" <<'PY'
import json
import sys

report = json.load(open(sys.argv[1], encoding="utf-8"))
missing = []
for key in ["performance", "accessibility", "best-practices", "seo"]:
    category = report["categories"][key]
    score = category["score"]
    if score is None:
        missing.append(key)
        print(f"{category['title']:<15} no score")
        continue
    print(f"{category['title']:<15} {round(score * 100):>3}")
    # What kept a category below 100: each failing audit, once.
    for ref in category["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
            print(f"    {audit['id']}: {audit['title']} ({audit.get('displayValue') or audit['score']})")
sys.exit(1 if missing else 0)
PY
