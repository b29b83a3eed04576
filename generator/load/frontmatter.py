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
    if lines[0].rstrip() != FENCE:
        _explain_missing_opening(lines, path, problems)
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            return SplitArticle(
                front_matter="\n".join(lines[1:index]),
                front_matter_line=2,
                body="\n".join(lines[index + 1 :]),
                body_line=index + 2,
            )
    problems.error(path, 1, "the front matter that starts here never closes",
                   "add a line '---' after the last front-matter field, before the article's text")
    return None


def _explain_missing_opening(lines: list[str], path: str, problems: Problems) -> None:
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    if lines[first].rstrip() == FENCE:
        problems.error(path, first + 1, "the front matter must start on the first line of the file",
                       f"delete the {first} blank line(s) above this '---'")
    elif lines[first].rstrip() == "+++":
        problems.error(path, first + 1, "this is TOML front matter (+++); briefing reads YAML front matter",
                       "write the fields as YAML between two lines '---'")
    else:
        problems.error(path, 1, "the article has no front matter",
                       "start the file with a line '---', then `title:` and `date:`, then a line '---'")
