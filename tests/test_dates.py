import datetime as dt

import pytest

from generator.dates import DateSpan, PartialDate


@pytest.mark.parametrize(
    ("value", "iso", "precision", "human"),
    [
        (dt.date(2025, 10, 19), "2025-10-19", "day", "19 October 2025"),
        ("2025-10", "2025-10", "month", "October 2025"),
        (2025, "2025", "year", "2025"),
    ],
)
def test_parse(value, iso, precision, human):
    date = PartialDate.parse(value)
    assert (date.iso, date.precision, date.human) == (iso, precision, human)


@pytest.mark.parametrize("value", ["2025-02-30", "2025-13", "October 19, 2025", "19/10/2025", True, [2025]])
def test_parse_refuses(value):
    with pytest.raises(ValueError):
        PartialDate.parse(value)


def test_month_precision_sorts_before_the_days_of_its_month():
    month, day = PartialDate.parse("2025-10"), PartialDate.parse("2025-10-01")
    assert sorted([day, month], key=lambda d: d.sort_key) == [month, day]


@pytest.mark.parametrize(
    ("start", "end", "circa", "ongoing", "text"),
    [
        ("2025-10-18", "2025-10-19", True, False, "c. 18–19 October 2025"),
        ("2025-10-25", "2025-11-02", False, False, "25 October–2 November 2025"),
        ("2025-10", "2025-11", False, False, "October–November 2025"),
        ("2024-12-30", "2025-01-02", False, False, "30 December 2024–2 January 2025"),
        ("2025-10-25", None, False, True, "25 October 2025 (ongoing)"),
    ],
)
def test_span_text(start, end, circa, ongoing, text):
    span = DateSpan(PartialDate.parse(start), PartialDate.parse(end) if end else None, circa, ongoing)
    assert span.text == text


def test_period_reads_and_sorts_within_its_month():
    october = PartialDate.parse("2025-10")
    late = DateSpan(october, period="late")
    assert late.text == "late October 2025"
    days = [DateSpan(PartialDate.parse(d)) for d in ("2025-10-05", "2025-10-25")]
    assert sorted([*days, late], key=lambda s: s.sort_key) == [days[0], late, days[1]]
