"""Splitting an article into its YAML front matter and its Markdown body."""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import Problems

FENCE = "---"


@dataclass(frozen=True)
class SplitArticle:
    front_matter: str
    front_matter_line: int  # file line where the YAML starts
    body: str
    body_line: int  # file line where the body starts


def split_front_matter(text: str, path: str, problems: Problems) -> SplitArticle | None:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        problems.error(path, 1, "the article has no front matter",
                       "start the file with a line '---', then `title:` and `date:`, then a line '---'")
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            return SplitArticle(
                front_matter="\n".join(lines[1:index]),
                front_matter_line=2,
                body="\n".join(lines[index + 1 :]),
                body_line=index + 2,
            )
    problems.error(path, 1, "the front matter never closes", "add a line '---' after the last front-matter field")
    return None
