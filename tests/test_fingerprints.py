"""Fingerprints of values (generator.facts): two values have the same fingerprint exactly when
they are the same value of the same types, however they were built and wherever they sit (at the
top, in a sequence, in a mapping, in a field), and in any process."""

from __future__ import annotations

import math
import subprocess
import sys
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from generator.facts import Fingerprints


@dataclass(frozen=True)
class One:
    value: Any


@dataclass(frozen=True)
class Two:
    first: Any
    second: Any = None


@dataclass
class Open:  # not frozen: hashed again each time
    value: Any


leaves = st.one_of(st.text(max_size=4), st.integers(-3, 300), st.booleans(), st.none(),
                   st.floats(allow_nan=False, width=32), st.text(max_size=3).map(Markup), st.binary(max_size=3))
values = st.recursive(leaves, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.lists(inner, max_size=3).map(tuple),
    st.dictionaries(st.one_of(st.text(max_size=2), st.integers(0, 3)), inner, max_size=3),
    st.dictionaries(st.text(max_size=2), inner, max_size=2).map(MappingProxyType),
    st.frozensets(st.one_of(st.text(max_size=2), st.integers(0, 5)), max_size=3),
    inner.map(One), st.tuples(inner, inner).map(lambda pair: Two(*pair)), inner.map(Open)), max_leaves=8)


def typed(value: Any) -> Any:
    """``value`` with the type of every part spelt out: equal exactly when the values are the same
    value of the same types (1 == True == 1.0, ("a",) == ["a"] in Python, not here); a dict and
    a read-only view of one are the same mapping."""
    kind = "mapping" if isinstance(value, (dict, MappingProxyType)) else type(value).__name__  # read alike
    if isinstance(value, (list, tuple)):
        return (kind, tuple(typed(v) for v in value))
    if isinstance(value, (dict, MappingProxyType)):
        return (kind, tuple((typed(k), typed(v)) for k, v in value.items()))
    if isinstance(value, frozenset):
        return (kind, frozenset(typed(v) for v in value))
    if isinstance(value, One | Open):
        return (kind, typed(value.value))
    if isinstance(value, Two):
        return (kind, typed(value.first), typed(value.second))
    if isinstance(value, float) and value == 0:
        return (kind, math.copysign(1, value))  # 0.0 and -0.0 print differently
    return (kind, value)


def rebuilt(value: Any) -> Any:
    """An equal value made of new objects."""
    if isinstance(value, (list, tuple)):
        return type(value)(rebuilt(v) for v in value)
    if isinstance(value, dict):
        return {rebuilt(k): rebuilt(v) for k, v in value.items()}
    if isinstance(value, MappingProxyType):
        return MappingProxyType({k: rebuilt(v) for k, v in value.items()})
    if isinstance(value, frozenset):
        return frozenset(sorted(value, key=repr, reverse=True))
    if isinstance(value, One | Open):
        return type(value)(rebuilt(value.value))
    if isinstance(value, Two):
        return Two(rebuilt(value.first), rebuilt(value.second))
    if type(value) is str:
        return "".join(list(value))
    return value


@given(values, values)
def test_same_fingerprint_exactly_for_the_same_value(first, second):
    fingerprints = Fingerprints()
    assert (fingerprints.of(first) == fingerprints.of(second)) == (typed(first) == typed(second))


@given(values)
def test_a_value_built_anew_or_placed_elsewhere_has_the_same_fingerprint(value):
    fingerprints = Fingerprints()
    alone, copy = fingerprints.of(value), Fingerprints().of(rebuilt(value))
    assert copy == alone
    # Each place writes the value out its own way (the items of a sequence, a mapping's keys and
    # items and an object's fields without a call each): all must agree with the value alone.
    assert fingerprints.of((value, value)) == Fingerprints().of((rebuilt(value), value))
    assert fingerprints.of({"k": value}) == Fingerprints().of({"k": rebuilt(value)})
    assert fingerprints.of(Two(value, value)) == Fingerprints().of(Two(rebuilt(value), rebuilt(value)))
    assert fingerprints.of(One(value)) == Fingerprints().of(One(rebuilt(value)))


@given(st.one_of(leaves, st.lists(leaves, max_size=3).map(tuple), st.dictionaries(st.text(max_size=2), leaves, max_size=2)))
def test_items_are_written_as_values_alone_are(value):
    fingerprints = Fingerprints()
    alone: list[str] = []
    fingerprints._put(alone, value)
    as_item: list[str] = []
    fingerprints._put_all(as_item, [value])
    assert "".join(as_item) == "".join(alone)


def test_values_of_different_types_or_layouts_differ():
    values = ["1", 1, 1.0, True, None, "None", ("1",), ["1"], {"1": 1}, {"1": True}, {1: "1"}, b"1", Markup("1"),
              ("a", "b"), ("ab",), ("a", ("b",)), (("a",), "b"), frozenset({"1"}), One("1"), One(("1",)),
              Two("1"), Two(None, "1"), Open("1"), MappingProxyType({"1": 1}), ("s1:1",), "s1:1",
              (1, 2), (12,), ("1", 2), 0.0, -0.0]
    fingerprints = Fingerprints()
    found = [fingerprints.of(v) for v in values]
    assert len(set(found)) == len(values) - 1  # a dict and a read-only view of one are one value
    assert fingerprints.of({"1": 1}) == fingerprints.of(MappingProxyType({"1": 1}))


def test_an_object_that_may_change_is_hashed_again():
    fingerprints = Fingerprints()
    changing = Open("before")
    before = fingerprints.of(changing)
    changing.value = "after"
    assert fingerprints.of(changing) != before


def test_fingerprints_are_the_same_in_any_process():
    code = ("from generator.facts import Fingerprints; print(Fingerprints().of("
            "({'a': (1, 2.5, None)}, frozenset({'x', 'y', 'z'}), b'b', 'text')))")
    found = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={"PYTHONHASHSEED": seed, "PYTHONPATH": ":".join(sys.path)}).stdout for seed in ("1", "2")}
    assert len(found) == 1


def test_fingerprints_are_freed_without_the_cycle_collector():
    """Fingerprints keep alive every frozen object they hashed (a whole briefing, in a build). In
    ``briefing serve``, which builds again and again, fingerprints that formed a reference cycle
    were freed only by a full collection, rare in a long-lived process: memory grew by about
    100 MB a save at 10,000 articles. Freed as soon as the last reference goes, they cannot."""
    import gc
    import weakref

    from generator.urls import Links

    kept = One("an article")
    fingerprints = Fingerprints()
    fingerprints.of((kept, Two(1, {"a": frozenset({2})}), Links("a/b.html"), Markup("<b>x</b>")))
    gone = weakref.ref(fingerprints)
    enabled = gc.isenabled()
    gc.disable()
    try:
        del fingerprints
        assert gone() is None
    finally:
        if enabled:
            gc.enable()
