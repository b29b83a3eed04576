"""What a page reads of the briefing: noted as facts that replay on a later briefing, field by
field where it matters, and never in a way that could let a changed page be kept."""

from __future__ import annotations

from dataclasses import replace

import jinja2
import pytest

from generator.facts import Fingerprints, fact_from_json, fact_to_json, fact_value
from generator.render import make_environment
from generator.tracking import UNVERIFIABLE, Reads, track, track_coarsely
from sitefiles import load_valid


@pytest.fixture
def briefing(tmp_site):
    site = tmp_site({"content/actors/more.yaml": "- id: carol\n  name: Carol Example\n  kind: person\n"})
    return load_valid(site)


def facts_of(briefing, template: str, **context) -> frozenset:
    reads = Reads()
    jinja2.Environment().from_string(template).render(briefing=track(briefing, reads), **context)
    return reads.facts()


def test_fields_read_of_an_object_are_one_fact(briefing):
    facts = facts_of(briefing, "{{ briefing.actor('bob').name }} {{ briefing.actor('bob').kind }}")
    assert facts == {(("c", "actor", ("bob",)), ("f", ("kind", "name")))}


def test_a_list_is_its_length_and_what_is_read_of_each_item(briefing):
    facts = facts_of(briefing, "{% for a in briefing.actors %}{{ a.name }}{% endfor %}")
    assert facts == {(("a", "actors"), ("n",)), (("a", "actors"), ("i", 0), ("f", ("name",))),
                     (("a", "actors"), ("i", 1), ("f", ("name",)))}


def test_mapping_items_are_facts_of_their_own(briefing):
    facts = facts_of(briefing, "{{ briefing.mentions['first'].get('bob', 0) }}")
    assert facts == {(("a", "mentions"), ("k", "first"), ("g", ("bob",)))}


def test_an_object_of_which_nothing_is_read_is_still_a_fact(briefing):
    facts = facts_of(briefing, "{% if briefing.outlet('wire') %}yes{% endif %}")
    assert facts == {(("c", "outlet", ("wire",)), ("t",))}


def test_a_call_with_an_argument_read_from_the_briefing_replays_both(briefing):
    # The argument is plain text once read: the call is noted with it, and where it was read from
    # is a fact of its own (a change there changes the call). It used to be asserted `... or True`.
    first = briefing.actors[0].id
    assert facts_of(briefing, "{{ briefing.actor(briefing.actors[0].id) }}") == {
        (("a", "actors"), ("i", 0), ("f", ("id",))), (("c", "actor", (first,)),)}


def test_calls_with_unusual_arguments_cannot_be_replayed(briefing):
    assert facts_of(briefing, "{{ briefing.events_of_actor(actor_id=x) }}", x="bob") == {UNVERIFIABLE}


def test_facts_replay_on_a_changed_briefing(briefing):
    facts = facts_of(briefing, "{% for a in briefing.actors %}{{ a.name }}{% endfor %}{{ briefing.actor('bob').kind }}")
    fingerprints = Fingerprints()
    before = {fact: fingerprints.of(fact_value(briefing, fact)) for fact in facts}
    renamed = replace(briefing, actors=tuple(replace(a, name="Robert") if a.id == "bob" else a for a in briefing.actors))
    after = Fingerprints()
    changed = {fact for fact in facts if after.fact(renamed, fact) != before[fact]}
    bob_position = [a.id for a in briefing.actors].index("bob")
    assert changed == {(("a", "actors"), ("i", bob_position), ("f", ("name",)))}


def test_a_fact_that_no_longer_reads_is_a_change(briefing):
    fact = (("c", "actor", ("carol",)), ("f", ("name",)))
    digest = Fingerprints().fact(briefing, fact)
    gone = replace(briefing, actors=tuple(a for a in briefing.actors if a.id != "carol"))
    assert Fingerprints().fact(gone, fact) not in (None, digest)


def test_facts_read_nothing_private(briefing):
    for fact in [(("a", "_index"),), (("c", "__init__", ()),), (("a", "actors"), ("f", ("__class__",))),
                 (("c", "actor", ("bob",)), ("c", "actor", ("bob",)))]:
        assert Fingerprints().fact(briefing, fact) is None


def test_facts_survive_json(briefing):
    facts = facts_of(briefing, "{% for a in briefing.actors %}{{ a.name }}{% endfor %}{{ briefing.mentions['first'].get('bob') }}"
                               "{{ briefing.events_of_actor('bob') | length }}")
    for fact in facts:
        assert fact_from_json(fact_to_json(fact)) == fact


def test_coarse_tracking_notes_objects_whole(briefing):
    reads = Reads()
    jinja2.Environment().from_string("{{ briefing.actor('bob').name }}{{ briefing.actors | length }}").render(
        briefing=track_coarsely(briefing, reads))
    assert reads.facts() == {(("c", "actor", ("bob",)),), (("a", "actors"),)}


def test_a_missing_field_is_named_by_the_model_s_type(briefing, tmp_site):
    env = make_environment(tmp_site())
    template = env.from_string("{{ briefing.actor('bob').biography }}")
    with pytest.raises(jinja2.UndefinedError, match=r"'generator\.model\.Actor object' has no attribute 'biography'"):
        template.render(briefing=track(briefing, Reads()))


def test_fingerprints_tell_values_apart():
    fingerprints = Fingerprints()
    values = ["1", 1, 1.0, True, None, ("1",), ["1"], {"1": 1}, b"1", ("a", "b"), ("ab",), frozenset({"1"})]
    assert len({fingerprints.of(v) for v in values}) == len(values)


def test_an_index_past_the_end_depends_on_the_length(briefing):
    # `seq[k] is defined` past the end reads nothing of an item: the page learnt the length,
    # and must render again when the list grows to reach k.
    facts = facts_of(briefing, "{% if briefing.actors[50] is defined %}many{% endif %}")
    assert facts == {(("a", "actors"), ("n",))}


def test_an_object_of_the_model_is_not_iterable_through_the_tracking_view(briefing):
    # The same template must give the same bytes however reads are noted (fine or coarse).
    template = "{{ briefing.actor('bob') is iterable }}"
    assert jinja2.Environment().from_string(template).render(briefing=track(briefing, Reads())) == "False"
    assert jinja2.Environment().from_string(template).render(briefing=track_coarsely(briefing, Reads())) == "False"
