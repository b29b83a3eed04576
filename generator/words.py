"""How the site and the terminal say a count: one rule for both."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 article``, ``2 articles``; ``many`` where the plural is not the word and an s."""
    return f"{n} {word if n == 1 else (many or word + 's')}"
