#!/usr/bin/env python3
"""Save-to-served latency of ``briefing serve`` on the sample briefing (or any site): a benchmark,
not a test. The measurement itself is bench/serving.py's, as ``bench/run`` makes it for the
synthetic briefings: the probe asks for the page at most every 50 ms.

    .venv/bin/python bench/serve_latency.py [--saves 50] [--site DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import copy_site, describe, measure_serve

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=REPO, help="site to copy (default: the sample briefing)")
    parser.add_argument("--saves", type=int, default=50, help="number of saves to measure (default: 50)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        site = Path(tmp) / "site"
        copy_site(args.site, site)
        article = sorted((site / "content/articles").glob("*.md"))[0]
        command = [sys.executable, "-m", "generator", "serve", "--site", str(site)]
        count = len(list((site / "content/articles").glob("*.md")))
        print(describe(measure_serve(site, article, n=count, saves=args.saves, command=command, log=False)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
