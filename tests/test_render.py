import re

import pytest

from generator.build import build_site, check_site
from generator.errors import BuildFailed


def problems_of(site):
    with pytest.raises(BuildFailed) as failure:
        check_site(site)
    return [(p.path, p.line, p.message) for p in failure.value.problems]


def test_template_syntax_error_names_template_and_line(tmp_site):
    site = tmp_site({"templates/outlet.html": "{% extends 'base.html' %}\n{% block main %}\n{% if %}\n{% endblock %}\n"})
    [(path, line, message)] = problems_of(site)
    assert (path, line) == ("templates/outlet.html", 3)
    assert message.startswith("template syntax error:")


def test_undefined_variable_names_template_and_line(tmp_site):
    site = tmp_site({"templates/outlet.html": "{% extends 'base.html' %}\n{% block main %}\n\n{{ outlet.nmae }}\n{% endblock %}\n"})
    [(path, line, message)] = problems_of(site)
    assert (path, line) == ("templates/outlet.html", 4)
    assert "'nmae'" in message and "while rendering outlets/wire.html" in message


def test_front_matter_is_escaped_everywhere(tmp_site):
    site = tmp_site({"content/articles/first.md": """
        ---
        title: "<script>alert('t')</script>"
        date: 2025-10-19
        outlet: wire
        summary: "<img src=x onerror=alert(1)>"
        ---
        Bob Example met reporters in Doha.
    """})
    out = site / "output"
    build_site(site, out)
    for page in out.rglob("*.html"):
        text = page.read_text()
        assert "<script>alert" not in text and "<img src=x" not in text, page


def test_every_date_is_a_time_element(tmp_site):
    site = tmp_site()
    build_site(site, site / "output")
    for page in (site / "output").rglob("*.html"):
        text = re.sub(r"<time datetime=\"\d{4}(-\d\d){0,2}\">[^<]*</time>", "", page.read_text())
        # SVG text cannot hold <time>: a picture's dates are in the HTML caption and table beside it.
        text = re.sub(r"<svg\b.*?</svg>", "", text, flags=re.DOTALL)
        assert not re.search(r"\b(19 October 2025|October 2025)\b", text), page
