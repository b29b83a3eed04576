"""The Nu HTML checker (vnu.jar, the W3C validator's engine) over every page of the built site,
and the browser harness checked against pages known to be broken: these tests can fail."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tools import VNU, require
from watch import axe_violations


def run_vnu(*paths) -> list[dict]:
    require(shutil.which("java") is not None, "Java (for the Nu HTML checker)")
    require(VNU.is_file(), f"the Nu HTML checker ({VNU.name}; npm ci)")
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html",
                             *map(str, paths)], capture_output=True, text=True, timeout=600)
    return json.loads(result.stderr or '{"messages": []}')["messages"]


@pytest.mark.parametrize("site", ["published", "published_paged"])
def test_every_page_is_valid_html(site, request):
    """Every page of the sample briefing, and of the same briefing split over many pages."""
    pages = sorted(request.getfixturevalue(site).rglob("*.html"))
    assert len(pages) > 30
    messages = run_vnu(*pages)
    errors = [f"{m.get('url', '').rsplit('/output/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m["type"] in ("error", "non-document-error")]
    assert errors == []


def test_the_checker_reports_an_invalid_page(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html lang=en><title>x</title><p><div>block in p</p></span>", encoding="utf-8")
    assert [m for m in run_vnu(bad) if m["type"] == "error"]


def test_axe_reports_a_violation(browser, axe_source):
    page = browser.new_page()
    try:
        page.set_content('<!DOCTYPE html><html><title>x</title><main><img src="data:,"><a href="#"></a></main></html>')
        found = axe_violations(page, axe_source)
        assert any(v.startswith("image-alt") for v in found) and any(v.startswith("html-has-lang") for v in found)
    finally:
        page.close()
