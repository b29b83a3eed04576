from generator.errors import Problems
from generator.load.validate import validate_record
from generator.load.yamlsrc import load_yaml
from generator.schema import ArticleFrontMatter, EventSpec


def check(model, text):
    problems = Problems()
    located = load_yaml(text, "f.yaml", problems)
    spec = validate_record(model, located.data, located, (), problems, "a record")
    return spec, [(p.line, p.message, p.hint) for p in problems.errors]


def test_only_title_and_date_are_required():
    spec, errors = check(ArticleFrontMatter, "title: T\ndate: 2025-10-19\n")
    assert errors == [] and spec.outlet is None and spec.kind == "article"


def test_unknown_key_suggests_the_known_one():
    _, errors = check(ArticleFrontMatter, "title: T\ndate: 2025-10-19\nsumary: x\n")
    assert errors == [(3, "unknown field 'sumary'", "did you mean 'summary'?")]


def test_wrong_type_names_the_line():
    _, errors = check(ArticleFrontMatter, "title: [a, b]\ndate: 2025-10-19\n")
    assert errors == [(1, "'title' must be text, not a list", "write a single value (quote it if needed)")]


def test_date_in_words_is_refused():
    _, errors = check(ArticleFrontMatter, "title: T\ndate: October 19, 2025\n")
    assert errors[0][0] == 2 and "is not a date: write YYYY-MM-DD" in errors[0][1]


def test_outlet_unknown_means_not_stated():
    spec, _ = check(ArticleFrontMatter, "title: T\ndate: 2025-10-19\noutlet: unknown\n")
    assert spec.outlet is None


def test_url_must_be_http():
    _, errors = check(ArticleFrontMatter, "title: T\ndate: 2025-10-19\nurl: javascript:alert(1)\n")
    assert errors == [(3, "'url': must be a full http:// or https:// address", "")]


def test_event_ending_before_it_starts():
    _, errors = check(EventSpec, "id: e\ndate: 2025-10-19\nend: 2025-10-01\ntitle: T\ncitations: [a]\n")
    assert errors == [(3, "'end': the event ends (2025-10-01) before it starts (2025-10-19): correct `date:` or `end:`", "")]


def test_uncited_event_is_valid_as_a_record():
    # Uncited events are a build warning (see test_assemble), not a schema error.
    spec, errors = check(EventSpec, "id: e\ndate: 2025-10-19\ntitle: T\n")
    assert errors == [] and spec.citations == ()


def test_ongoing_event_cannot_have_an_end():
    _, errors = check(EventSpec, "id: e\ndate: 2025-10\nend: 2025-11\nongoing: true\ntitle: T\n")
    assert errors == [(4, "'ongoing': an ongoing event has not ended: remove `end:`, or remove `ongoing: true` if it is over", "")]


def test_citations_in_accounts_count():
    text = """\
id: e
date: 2025-10
title: T
disputes:
  - about: date
    accounts:
      - says: one
        citations: [a]
      - says: two
        citations: [b]
"""
    spec, errors = check(EventSpec, text)
    assert errors == [] and len(spec.disputes[0].accounts) == 2


def test_a_dispute_needs_two_accounts():
    text = ("id: e\ndate: 2025-10\ntitle: T\ncitations: [a]\n"
            "disputes:\n  - about: date\n    accounts:\n      - says: one\n        citations: [a]\n")
    _, errors = check(EventSpec, text)
    assert errors == [(7, "'disputes[0].accounts' needs at least 2 item(s)", "add the missing entries")]


def test_wrong_kind_suggests_a_close_value():
    from generator.schema import ActorSpec

    _, errors = check(ActorSpec, "id: a\nname: A\nkind: persn\n")
    assert errors == [(3, "'kind' is 'persn', which is not allowed", "did you mean 'person'?")]


def test_id_with_path_characters_is_refused():
    _, errors = check(EventSpec, "id: ../../etc\ndate: 2025-10\ntitle: T\ncitations: [a]\n")
    assert errors[0][:2] == (1, "'id' is '../../etc', which is not a valid id")


def test_period_needs_a_month_precision_date():
    base = "id: e\ntitle: E\ncitations: [a]\nperiod: early\n"
    spec, errors = check(EventSpec, base + "date: 2025-10\n")
    assert errors == [] and spec.period == "early"
    _, errors = check(EventSpec, base + "date: 2025-10-05\n")
    assert [line for line, _, _ in errors] == [4] and "give `date:` as a month" in errors[0][1]


def test_a_correction_names_exactly_one_thing():
    from generator.schema import ChangeSpec

    spec, errors = check(ChangeSpec, "date: 2025-10-19\ncorrections:\n  - {event: e, note: fixed}\n")
    assert errors == [] and spec.corrections[0].event == "e"
    _, errors = check(ChangeSpec, "date: 2025-10-19\ncorrections:\n  - event: e\n    actor: a\n    note: fixed\n")
    assert errors == [(3, "'corrections[0]': a correction names exactly one of `event:`, `article:` or `actor:`", "")]
    _, errors = check(ChangeSpec, "date: 2025-10-19\nnew_event: [e]\n")
    assert errors == [(2, "unknown field 'new_event'", "did you mean 'new_events'?")]


def test_author_is_a_byline_of_one_name_or_several():
    spec, errors = check(ArticleFrontMatter, "title: T\ndate: 2025-10-19\nauthor: Jane Doe\n")
    assert errors == [] and spec.author == ("Jane Doe",)
    spec, errors = check(ArticleFrontMatter, "title: T\ndate: 2025-10-19\nauthor: [Jane Doe, Ali Khan]\n")
    assert errors == [] and spec.author == ("Jane Doe", "Ali Khan")


def test_did_you_mean_only_suggests_close_matches():
    # 'categries' is a misspelling of nothing briefing has; 'tgas' is one of 'tags'.
    _, errors = check(ArticleFrontMatter, "title: T\ndate: 2025-10-19\ntgas: [a]\nactros: [b]\nregion: x\n")
    assert [hint for _, _, hint in errors] == [
        "did you mean 'tags'?", "did you mean 'actors'?",
        "known fields: actors, author, circa, date, date_note, draft, extra, kind, language, note, outlet, quotes, "
        "summary, tags, title, url, via; keep your own data under 'extra:'"]


def test_fields_of_other_generators_name_the_briefing_field():
    text = "title: T\ndate: 2025-10-19\ndescription: x\ncategories: [a]\nauthors: [b]\nkeywords: [c]\nlayout: post\n"
    _, errors = check(ArticleFrontMatter, text)
    assert errors == [
        (3, "unknown field 'description'",
         "briefing calls this 'summary' (the standfirst shown under the headline); keep the original under 'extra:' "
         "if you need it"),
        (4, "unknown field 'categories'",
         "briefing calls this 'tags' (a list of ids); keep the original under 'extra:' if you need it"),
        (5, "unknown field 'authors'",
         "briefing calls this 'author' (one name, or a list of names); keep the original under 'extra:' if you need it"),
        (6, "unknown field 'keywords'",
         "briefing calls this 'tags' (a list of ids); keep the original under 'extra:' if you need it"),
        (7, "unknown field 'layout'", "briefing has one page layout per kind of page: remove the line"),
    ]


def test_a_field_briefing_has_is_never_renamed():
    # Events have a description of their own: no hint about summary there.
    _, errors = check(EventSpec, "id: e\ndate: 2025-10-19\ntitle: T\ndescription: x\ncategories: [a]\n")
    assert errors == [(5, "unknown field 'categories'",
                       "briefing calls this 'tags' (a list of ids); keep the original under 'extra:' if you need it")]


def test_a_date_with_a_time_and_zone_says_how_to_write_it():
    _, errors = check(ArticleFrontMatter, 'title: T\ndate: "2013-05-06 02:12:52 +0200"\n')
    [(line, message, _)] = errors
    assert line == 2
    assert message.startswith("'date': '2013-05-06 02:12:52 +0200' has a time and a time zone: a date here is a day "
                              "in the site's time zone, written `date: 2013-05-06`")
    assert 'extra: {time: "02:12:52 +0200"}' in message


def test_a_yaml_timestamp_says_how_to_write_it():
    _, errors = check(ArticleFrontMatter, "title: T\ndate: 2013-05-06 02:12:52\n")
    [(_, message, _)] = errors
    assert message == ("'date': '2013-05-06 02:12:52' has a time of day: a date here is a day, written "
                       "`date: 2013-05-06`. Keep the time under `extra:` if it matters, e.g. `extra: {time: \"02:12:52\"}`")
