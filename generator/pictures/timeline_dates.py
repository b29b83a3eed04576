"""How the drawn timeline words and places an event's date: short dates, how precise a date is,
which events are known only roughly, and the dates that differing accounts give."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.dates import PartialDate
from generator.model import Account, Event
from generator.pictures.timeaxis import MONTH_ABBR, MONTH_NAMES

_MONTH_NAME = re.compile("|".join(sorted(MONTH_NAMES[1:], key=len, reverse=True)))


def short_date(event: Event) -> str:
    """The event's date as the timeline page words it, with months abbreviated."""
    return abbreviated(event.when.text)


def abbreviated(text: str) -> str:
    return _MONTH_NAME.sub(lambda m: MONTH_ABBR[MONTH_NAMES.index(m.group())], text)


def precision_text(event: Event) -> str:
    """How well the sources date the event, in words (for the table beside the picture)."""
    when, start = event.when, event.when.start
    if start.precision == "year":
        text = "year only"
    elif start.precision == "month":
        text = f"{when.period} in the month" if when.period else "month only"
    elif when.end is not None and when.end != start:
        text = "a range of days" if when.end.precision == "day" else "from a day to a month"
    else:
        text = "to the day"
    if when.end is not None and start.precision != "day" and when.end != start:
        text = "a range of months" if when.end.precision == "month" else text
    if when.circa:
        text += ", approximate"
    if when.ongoing:
        text += ", ongoing"
    return text


def mark_kind(event: Event) -> str:
    when = event.when
    day_precise = (when.start.precision == "day" and (when.end is None or when.end.precision == "day")
                   and not when.period)
    if not day_precise:
        return "vague"
    single = when.end is None or when.end == when.start
    return ("dot" if single else "bar") + ("-approx" if when.circa else "")


def is_loose(event: Event) -> bool:
    """Known only to its month (with no early, mid or late) or its year: such an event does not
    set where the story starts or ends, and comes last in its lane."""
    return event.when.start.precision != "day" and not event.when.period


def anchor_days(event: Event, days: tuple[int, int], horizon: int) -> tuple[int, int] | None:
    """The days that place the event in the story: its span, without an end known only to the
    month ("25 October to November": from the 25th) and, for a part of a month ("early November"),
    not beyond ``horizon``, the day after the latest source; none for an event known only roughly."""
    if is_loose(event):
        return None
    first, end = days
    if event.when.end is not None and event.when.end.precision != "day":
        end = min(end, max(first + 1, event.when.end.first_day.toordinal()))
    if event.when.period:
        end = min(end, max(first + 1, horizon))
    return first, end


@dataclass(frozen=True)
class DatedAccount:
    """An account of a dispute that gives the event a date of its own."""

    dispute: int  # from 1, in the event's disputes
    number: int  # from 1, in the dispute's accounts
    account: Account

    @property
    def date(self) -> PartialDate:
        assert self.account.date is not None
        return self.account.date


def dated_accounts(event: Event) -> tuple[DatedAccount, ...]:
    """The accounts that date the event differently: those of each dispute whose accounts give
    two or more different days (a dispute about the date). Accounts that differ on the month
    only are told in words: a mark in the middle of a month would claim a day nobody gave."""
    found: list[DatedAccount] = []
    for d, dispute in enumerate(event.disputes, start=1):
        dated = [DatedAccount(d, a, account) for a, account in enumerate(dispute.accounts, start=1)
                 if account.date and account.date.precision == "day"]
        if len({x.date for x in dated}) > 1:
            found += dated
    return tuple(found)


def dates_text(dates: list[PartialDate]) -> str:
    """Several dates as one label: "11 or 19 Oct 2025", or "30 Sep or 2 Oct 2025"."""
    ordered = sorted(set(dates), key=lambda d: d.sort_key)
    if all(d.precision == "day" and (d.year, d.month) == (ordered[0].year, ordered[0].month) for d in ordered):
        return " or ".join(str(d.day) for d in ordered) + " " + abbreviated(ordered[0].month_human)
    return " or ".join(abbreviated(d.human) for d in ordered)
