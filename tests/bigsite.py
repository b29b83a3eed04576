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
