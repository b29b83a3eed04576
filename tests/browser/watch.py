"""Watching a browser page for what a reader would run into: console errors, uncaught exceptions,
failed requests; and asking axe-core what it finds."""

from __future__ import annotations

from dataclasses import dataclass, field

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@dataclass
class PageWatch:
    expected_statuses: dict[str, int] = field(default_factory=dict)  # url -> a status that is no failure
    problems: list[str] = field(default_factory=list)

    def attach(self, page) -> PageWatch:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught exception: {error}"))
        page.on("requestfailed", lambda request: self.problems.append(
            f"request failed: {request.url} ({request.failure})"))
        page.on("response", self._response)
        return self

    def _console(self, message) -> None:
        url = message.location.get("url", "")
        if message.text.startswith("Failed to load resource") and url in self.expected_statuses:
            return  # the browser's own note of an expected status (the 404 page), already checked
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text} ({url})")

    def _response(self, response) -> None:
        if response.status >= 400 and self.expected_statuses.get(response.url) != response.status:
            self.problems.append(f"HTTP {response.status}: {response.url}")


def axe_violations(page, axe_source: str) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is now, one line per element."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    result = page.evaluate("opts => axe.run(document, opts)", {"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    return [f"{v['id']} ({v['impact']}): {v['help']} at {node['target']}: {node.get('failureSummary', '')}"
            for v in result["violations"] for node in v["nodes"]]
