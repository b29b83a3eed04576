"""What kind of thing an event is: clashes, strikes, talks, statements, claims...

An event may name its ``kind`` from a vocabulary: the default one below, which a site extends
(or relabels) with ``event_kinds:`` in site.yaml. The default follows the event types conflict
trackers use, so that a briefing's events line up with theirs: ACLED's (battles, explosions and
remote violence, violence against civilians, protests and riots, strategic developments) and
the developments CrisisWatch reports month by month (talks and agreements, statements and
threats, political change, humanitarian news).

The vocabulary's order is the order kinds are shown in: the chart's lanes, the timeline's filter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class EventKind:
    id: str
    label: str  # a heading for the events of the kind: "Talks and agreements"
    description: str  # what belongs in it


DEFAULT_EVENT_KINDS = (
    EventKind("clash", "Clashes", "Armed forces or groups fight each other (ACLED: battles)."),
    EventKind("strike", "Strikes and attacks",
              "Air or drone strikes, shelling, bombings, raids and other attacks on a target, and explosions "
              "(ACLED: explosions and remote violence)."),
    EventKind("civilians", "Violence against civilians",
              "Armed forces or groups attack, abduct or kill civilians (ACLED: violence against civilians)."),
    EventKind("protest", "Protests and riots", "Demonstrations, protests and riots (ACLED: protests, riots)."),
    EventKind("diplomacy", "Talks and agreements",
              "Negotiations, mediation, delegations, ceasefires and agreements (CrisisWatch: resolution efforts)."),
    EventKind("statement", "Statements",
              "Official statements, warnings, threats and announcements by the parties or others."),
    EventKind("claim", "Claims and accusations",
              "Allegations, accusations, unverified or false claims, disinformation."),
    EventKind("measure", "Measures",
              "Border closures, sanctions, trade or travel restrictions, deployments and other moves short of "
              "force (ACLED: strategic developments)."),
    EventKind("political", "Political change",
              "Changes of government or leadership, appointments, elections (CrisisWatch: political developments)."),
    EventKind("humanitarian", "Humanitarian",
              "Displacement, refugees, casualties counted, aid and access."),
)


def vocabulary(site_kinds: Iterable[EventKind]) -> tuple[EventKind, ...]:
    """The default kinds, with those of site.yaml: one with a default's id relabels it in place,
    a new one comes after the defaults, in the order site.yaml gives."""
    kinds = {kind.id: kind for kind in DEFAULT_EVENT_KINDS}
    for kind in site_kinds:
        kinds[kind.id] = kind
    return tuple(kinds.values())
