import datetime as dt

import pytest

from generator.dates import MONTHS, DateSpan, PartialDate


def span(start, end=None, **kw):
    return DateSpan(PartialDate.parse(start), PartialDate.parse(end) if end else None, **kw)


@pytest.mark.parametrize(
    ("value", "iso", "precision", "human"),
    [
        (dt.date(2025, 10, 19), "2025-10-19", "day", "19 October 2025"),
        ("2025-10", "2025-10", "month", "October 2025"),
        (2025, "2025", "year", "2025"),
        ("0999-01-02", "0999-01-02", "day", "2 January 999"),
    ],
)
def test_parse(value, iso, precision, human):
    date = PartialDate.parse(value)
    assert (date.iso, date.precision, date.human) == (iso, precision, human)


@pytest.mark.parametrize("value", ["2025-02-30", "2025-13", "2025-00", "October 19, 2025", "19/10/2025", "2025-1-5",
                                   True, [2025], dt.datetime(2025, 10, 19, 12, 0)])
def test_parse_refuses(value):
    with pytest.raises(ValueError):
        PartialDate.parse(value)


def test_month_names_do_not_depend_on_the_locale():
    assert MONTHS[1] == "January" and MONTHS[12] == "December" and len(MONTHS) == 13


def test_first_and_last_day_of_partial_dates():
    assert PartialDate.parse("2024-02").last_day == dt.date(2024, 2, 29)
    assert PartialDate.parse("2025").first_day == dt.date(2025, 1, 1)
    assert PartialDate.parse("2025").last_day == dt.date(2025, 12, 31)


def test_month_precision_sorts_before_the_days_of_its_month():
    month, day = PartialDate.parse("2025-10"), PartialDate.parse("2025-10-01")
    assert sorted([day, month], key=lambda d: d.sort_key) == [month, day]


@pytest.mark.parametrize(
    ("start", "end", "options", "text"),
    [
        ("2025-10-19", None, {}, "19 October 2025"),
        ("2025-10-19", "2025-10-19", {}, "19 October 2025"),
        ("2025-10-18", "2025-10-19", {"circa": True}, "c. 18–19 October 2025"),
        ("2025-10-25", "2025-11-02", {}, "25 October–2 November 2025"),
        ("2025-10", "2025-11", {}, "October–November 2025"),
        ("2025-10-25", "2025-11", {}, "25 October–November 2025"),
        ("2025-10", "2025-11-04", {}, "October–4 November 2025"),
        ("2024-12-30", "2025-01-02", {}, "30 December 2024–2 January 2025"),
        ("2024", "2025-03", {}, "2024–March 2025"),
        ("2021", "2025", {"circa": True}, "c. 2021–2025"),
        ("2025-10-25", None, {"ongoing": True}, "since 25 October 2025, ongoing"),
        ("2025-10", None, {"ongoing": True, "circa": True}, "since c. October 2025, ongoing"),
        ("2025-10", None, {"ongoing": True, "period": "late"}, "since late October 2025, ongoing"),
        ("2025-10", None, {"period": "early"}, "early October 2025"),
        ("2025-10", "2025-11", {"period": "late"}, "late October–November 2025"),
    ],
)
def test_span_text(start, end, options, text):
    assert span(start, end, **options).text == text


def test_span_parts_carry_machine_readable_dates():
    parts = span("2025-10-25", "2025-11-02").parts
    assert [(sep, p.iso, p.text) for sep, p in parts] == [("", "2025-10-25", "25 October"), ("–", "2025-11-02", "2 November 2025")]


def test_period_reads_and_sorts_within_its_month():
    late = span("2025-10", period="late")
    early, mid = span("2025-10", period="early"), span("2025-10", period="mid")
    days = [span(d) for d in ("2025-10-05", "2025-10-15", "2025-10-25")]
    order = sorted([*days, late, mid, early], key=lambda s: s.sort_key)
    assert order == [early, days[0], mid, days[1], late, days[2]]


def test_year_then_month_then_days():
    year, month, day = span("2025"), span("2025-01"), span("2025-01-01")
    assert sorted([day, month, year], key=lambda s: s.sort_key) == [year, month, day]


def test_last_day_is_the_end_of_the_span():
    assert span("2025-10-25", "2025-11").last_day == dt.date(2025, 11, 30)
    assert span("2025-10").last_day == dt.date(2025, 10, 31)
