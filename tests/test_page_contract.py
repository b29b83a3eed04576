"""The page contract: every entry of a template's context, every Jinja global and every filter
says how a rebuild sees it change (generator.render.CONTEXT). An entry that says nothing could
change while every page that shows it is kept as it was: a rebuild would be stale where a build
with --no-cache is right."""

from __future__ import annotations

import jinja2

from generator.layout import lay_out
from generator.pages import plan_pages
from generator.render import CODE, CONTEXT, FILTERS, GLOBALS, KEY, TRACKED, PageRenderer, make_environment, page_context
from sitefiles import REPO, load_valid

PLAIN = jinja2.Environment()


def test_every_entry_of_every_page_s_context_says_how_a_rebuild_sees_it_change():
    briefing = load_valid(REPO)
    layout = lay_out(briefing)
    renderer = PageRenderer(make_environment(REPO), REPO, briefing, layout.addresses)
    for page in plan_pages(briefing, layout, search=True):
        context = page_context(briefing, page, layout.addresses)
        unaccounted = set(context) - set(CONTEXT) - set(page.data)
        assert not unaccounted, f"{page.path}: {sorted(unaccounted)} are in the context but not in render.CONTEXT"
        # What the key says it is drawn from is in the key's inputs.
        inputs = renderer.inputs(page)
        assert inputs[0].path == page.path and set(inputs[0].data) == set(page.data)
        assert type(inputs[1]) is type(context["link"])
    assert set(CONTEXT.values()) <= {TRACKED, KEY, CODE}


def test_every_global_filter_and_test_of_the_environment_is_briefing_s_code_or_jinja_s():
    env = make_environment(REPO)
    unaccounted = set(env.globals) - set(PLAIN.globals) - set(GLOBALS)
    assert not unaccounted, f"globals {sorted(unaccounted)} are not in render.GLOBALS"
    assert set(env.tests) <= set(PLAIN.tests), sorted(set(env.tests) - set(PLAIN.tests))
    unaccounted = set(env.filters) - set(PLAIN.filters) - set(FILTERS)
    assert not unaccounted, f"filters {sorted(unaccounted)} are not in render.FILTERS"
    assert set(FILTERS.values()) | set(GLOBALS.values()) <= {TRACKED, KEY, CODE}
