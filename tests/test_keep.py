"""Whether a page may be kept (generator.incremental.keep): a resident engine's filters of the facts
each page read decide most pages with one AND, and decide them as the facts would."""

from __future__ import annotations

import shutil

from hypothesis import given
from hypothesis import strategies as st

from generator.build import Builder, BuildOptions
from generator.cache import Cache
from generator.incremental.keep import fact_filter, may_keep
from generator.incremental.records import FileRecord
from sitefiles import REPO
from test_incremental import Briefing, write_site

# Facts as pages read them: a step, or a step and what follows it.
facts = st.tuples(st.sampled_from(["a", "c", "k"]), st.text(max_size=6)).map(lambda step: (step,)) | st.tuples(
    st.tuples(st.just("c"), st.sampled_from(["article", "actor"]), st.tuples(st.text(max_size=4))),
    st.tuples(st.just("k"), st.text(max_size=4)))


@given(st.lists(facts, max_size=40), st.sets(facts, max_size=8))
def test_a_filter_decides_as_the_facts_do(read, changed):
    plain = FileRecord((1, 2, 3), "", key="k", facts=tuple(read))
    filtered = FileRecord((1, 2, 3), "", key="k", facts=tuple(read), facts_filter=fact_filter(read))
    assert may_keep(filtered, changed, fact_filter(changed)) == may_keep(plain, changed) == changed.isdisjoint(read)
    assert may_keep(filtered, changed) == may_keep(plain, changed)  # no filter of the changes: the facts decide


def test_two_sets_with_a_fact_in_common_share_a_bit():
    fact = (("c", "article", ("second",)),)
    assert fact_filter([fact, (("a", "config"),)]) & fact_filter([fact])


def test_records_read_from_the_cache_are_filtered_once_kept(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(REPO / "templates", site / "templates")
    shutil.copytree(REPO / "static", site / "static")
    briefing = Briefing()
    write_site(site, briefing)
    out = tmp_path / "serve"
    Builder(site, cache=Cache.open(site), save_records=True, in_place=True).build(out, BuildOptions())
    serving = Builder(site, cache=Cache.open(site), save_records=False, in_place=True, resident=True)
    try:
        serving.build(out, BuildOptions())  # every page kept, from the records in the cache
        (_, records), = serving.engine._records.values()
        pages = [record for path, record in records.files.items() if path.endswith(".html") and record.facts]
        assert pages and all(record.facts_filter == fact_filter(record.facts) for record in pages)
    finally:
        serving.close()
