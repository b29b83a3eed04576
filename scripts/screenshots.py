"""Screenshots of every page type of the sample briefing, for the README and docs/site.md.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Builds the sample briefing (with its search index) into a scratch folder, serves it on the
loopback interface and has Debian's Chromium (through Playwright, as the browser tests do) take
the first screen of each page at a desktop (1366x900) and a phone (390x844) size, in the light
and the dark colour scheme: ``{page}-{desktop|phone}-{light|dark}.png``. The search page is
taken with the results for "ceasefire" on screen.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from staticserver import serve_site  # noqa: E402  (a test helper: the same host the browser tests use)

from generator.build import build_site  # noqa: E402

PAGES = {
    "home": "index.html",
    "timeline": "timeline/index.html",
    "actors": "actors/index.html",
    "actor": "actors/khawaja-asif.html",
    "sources": "sources/index.html",
    "outlet": "outlets/arab-news.html",
    "article": "articles/2025-11-06-arab-news-return-to-istanbul.html",
    "disputes": "disputes/index.html",
    "changes": "changes/index.html",
    "data": "data/index.html",
    "search": "search/index.html?q=ceasefire",
    "not-found": "actors/nobody/x.html",
}
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
SCHEMES = ("light", "dark")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def take(out: Path, chromium: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    taken = []
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "output"
        build_site(REPO, site, search=True)
        with serve_site(site, "/") as root, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            for size, viewport in SIZES.items():
                for scheme in SCHEMES:
                    context = browser.new_context(viewport=viewport, color_scheme=scheme)
                    page = context.new_page()
                    for name, path in PAGES.items():
                        page.goto(root + path, wait_until="networkidle")
                        if name == "search":
                            page.locator(".pagefind-ui__result").first.wait_for(timeout=15_000)
                            page.wait_for_timeout(500)
                        target = out / f"{name}-{size}-{scheme}.png"
                        page.screenshot(path=target)
                        taken.append(target)
                    context.close()
            browser.close()
    return taken


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    if not Path(args.chromium).is_file():
        print(f"screenshots: no Chromium at {args.chromium} (apt-get install chromium)", file=sys.stderr)
        return 1
    for old in args.out.glob("*.png"):
        old.unlink()
    taken = take(args.out, args.chromium)
    print(f"wrote {len(taken)} screenshots into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
