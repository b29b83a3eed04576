"""A generated site of any size, for the tests that need a build to take a while (kill -9) or
many files in many folders (determinism)."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

PARAGRAPH = ("Delegations from both sides met again on the {n}th day of talks, and the mediators said "
             "that the ceasefire was holding along the border crossings, while officials of Example "
             "Ministry {m} described the discussions as difficult but useful. ")


def big_site_files(articles: int, paragraphs: int = 20) -> dict[str, str]:
    files = {
        "site.yaml": "title: A generated briefing\ndescription: Generated for tests.\n",
        "content/outlets/outlets.yaml": "".join(f"- id: outlet-{i}\n  name: Outlet {i}\n  kind: wire\n" for i in range(10)),
        "content/actors/actors.yaml": "".join(
            f"- id: ministry-{i}\n  name: Example Ministry {i}\n  kind: government\n" for i in range(20)),
    }
    events = []
    for i in range(articles):
        body = "\n\n".join(PARAGRAPH.format(n=i + p, m=(i + p) % 20) for p in range(paragraphs))
        files[f"content/articles/article-{i:05d}.md"] = (
            f"---\ntitle: Generated article {i}\ndate: 2025-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
            f"outlet: outlet-{i % 10}\n---\n## Section\n\n{body}\n")
        events.append(f"- id: event-{i:05d}\n  date: 2025-{1 + i % 12:02d}-{1 + i % 28:02d}\n  title: Event {i}\n"
                      f"  actors: [ministry-{i % 20}]\n  citations: [article-{i:05d}]\n")
    files["content/events/events.yaml"] = "".join(events)
    return files


def make_big_site(root: Path, articles: int, paragraphs: int = 20, order: str = "sorted") -> Path:
    """Write the site; ``order`` "reversed" creates the files (and folders) in the opposite order."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "templates", root / "templates", dirs_exist_ok=True)
    shutil.copytree(REPO / "static", root / "static", dirs_exist_ok=True)
    files = big_site_files(articles, paragraphs)
    for rel in sorted(files, reverse=(order == "reversed")):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[rel], encoding="utf-8")
    return root


# A briefing whose listings outgrow their pages: one actor in every event, one outlet with many
# articles, actors and outlets as many as the articles allow (an eighth and a twelfth of them),
# articles with no outlet and articles received through an aggregator, events dated to the day,
# the month or only the year, disagreements and quotes. With small ``pagination`` thresholds,
# every kind of split page appears with a few hundred articles.
PAGED_OUTLETS = 4
PAGED_ACTORS = 9


def paged_site_files(articles: int, timeline: int = 5, lists: int = 4) -> dict[str, str]:
    outlets = [f"- id: outlet-{i}\n  name: Outlet {i}\n  kind: wire\n" for i in range(PAGED_OUTLETS)]
    outlets.append("- id: digest\n  name: The Digest\n  kind: aggregator\n")
    actors = ["- id: hub\n  name: Hub Person\n  kind: person\n  affiliation: ministry-0\n"]
    actors += [f"- id: ministry-{i}\n  name: Ministry {i}\n  kind: government\n" for i in range(PAGED_ACTORS)]
    actors += [f"- id: minor-{j}\n  name: Minor Figure {j}\n  kind: person\n" for j in range(articles // 8)]
    outlets += [f"- id: local-{j}\n  name: Local Paper {j}\n  kind: news-site\n" for j in range(articles // 12)]
    files = {
        "site.yaml": f"title: A paged briefing\npagination:\n  timeline: {timeline}\n  lists: {lists}\n",
        "content/outlets/outlets.yaml": "".join(outlets),
        "content/actors/actors.yaml": "".join(actors),
    }
    events = []
    for i in range(articles):
        day = f"2024-{1 + i % 12:02d}-{1 + (i // 12) % 28:02d}"
        outlet = "" if i % 5 == 4 else f"outlet: outlet-{0 if i % 3 else 1 + i % PAGED_OUTLETS % 3}\n"
        outlet = f"outlet: local-{i // 12}\n" if i % 12 == 11 else outlet
        minor = f"minor-{i // 8}" if i % 8 == 7 else None
        via = "via: digest\n" if i % 7 == 0 else ""
        files[f"content/articles/article-{i:05d}.md"] = (
            f"---\ntitle: Article {i}\ndate: {day}\n{outlet}{via}---\n"
            f"Ministry {i % PAGED_ACTORS} met the envoys on day {i}.\n\n"
            f"\"We will keep talking about item {i},\" Hub Person said.\n"
            + (f"\nMinor Figure {i // 8} was there.\n" if minor else ""))
        date = "2023" if i % 37 == 0 else day[:7] if i % 11 == 0 else day
        dispute = ""
        if i % 6 == 0:
            dispute = (f"  disputes:\n    - about: date\n      accounts:\n"
                       f"        - says: One account of {i}.\n          citations: [article-{i:05d}]\n"
                       f"        - says: Another account of {i}.\n          citations: [article-{i:05d}]\n")
        events.append(f"- id: event-{i:05d}\n  date: {date}\n  title: Event {i}\n"
                      f"  actors: [hub, ministry-{i % PAGED_ACTORS}{', ' + minor if minor else ''}]\n"
                      f"  citations:\n    - article: article-{i:05d}\n      excerpt: met the envoys on day {i}\n{dispute}")
    files["content/events/events.yaml"] = "".join(events)
    return files
