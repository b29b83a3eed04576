"""A page's data as its key sees it (generator.pagedata.referenced): each listed object of the
model, wherever it sits, becomes a reference; everything else stays as it was, the same object
where nothing in it changed."""

from __future__ import annotations

from generator.layout import Excerpt
from generator.pagedata import referenced
from sitefiles import load_valid


def test_listed_objects_become_references_wherever_they_sit(tmp_site):
    briefing = load_valid(tmp_site())
    actor = briefing.actors[0]
    ref = ("ref", "actor", actor.id)
    data = {"actor": actor, "pair": ("text", actor), "list": [1, actor], "nested": {"deep": (("a",), Excerpt((actor,), 1, None))}}
    assert referenced(data, briefing) == {"actor": ref, "pair": ("text", ref), "list": [1, ref],
                                          "nested": {"deep": (("a",), Excerpt((ref,), 1, None))}}
    assert data["pair"] == ("text", actor)  # the page's own data is left as it was


def test_what_holds_no_object_of_the_model_is_kept_as_it_is(tmp_site):
    briefing = load_valid(tmp_site())
    words, excerpt, items = ("a", "b", 1, None), Excerpt(("a", ("b",)), 2, "more.html"), ["a"]
    found = referenced({"words": words, "excerpt": excerpt, "items": items}, briefing)
    assert found == {"words": words, "excerpt": excerpt, "items": items}
    assert found["words"] is words and found["excerpt"] is excerpt
    assert found["items"] is not items  # a list is copied all the same: a template may change it


def test_an_object_the_briefing_does_not_hand_out_is_kept_whole(tmp_site):
    briefing = load_valid(tmp_site())
    stranger = briefing.actors[0].__class__(**{**briefing.actors[0].__dict__, "name": "Someone else"})
    assert referenced({"who": (stranger,)}, briefing) == {"who": (stranger,)}
