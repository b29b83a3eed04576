"""What ``briefing import`` tells the editor: per source, its article (or why there is none) with
what was found, guessed and is to be checked; the outlets proposed or written; one summary line;
and, after Ctrl+C, the line that says what is true of the site."""

from __future__ import annotations

import sys

from generator.importing.run import ImportReport
from generator.interrupt import INTERRUPTED_IMPORT


def print_import_report(report: ImportReport) -> None:
    """Per source, what became of it and what the editor must check; then the outlets and the summary."""
    verb = "Would write" if report.dry_run else "Wrote"
    for item in report.imported:
        if item.failed is not None:
            print(f"{item.source}: error: {item.failed}", file=sys.stderr)
            continue
        assert item.draft is not None
        if item.skipped is not None:
            print(f"Skipped {item.source}: {item.skipped}")
        else:
            print(f"{verb} {item.path} from {item.source} ({item.kind})")
        for label, lines in (("found", item.draft.found), ("guessed", item.draft.guessed),
                             ("check", item.draft.check)):
            for line in lines:
                print(f"  {label}: {line}")
        for problem in item.problems:
            print(f"  error: {problem}")
    for rel, name, written in report.outlets:
        if written:
            print(f"Wrote {rel} (the outlet “{name}”)")
        else:
            print(f"Proposed outlet “{name}”: run again with --yes to write {rel}")
    print(import_summary(report))


def import_summary(report: ImportReport) -> str:
    """The import's last line: what it did, and what comes next only when there is something to check."""
    done = len(report.written)
    skipped = sum(1 for item in report.imported if item.skipped is not None)
    failed = sum(1 for item in report.imported if item.failed is not None)
    counts = (f"{'Dry run: ' if report.dry_run else ''}{done} article(s) "
              + ("to import" if report.dry_run else "imported")
              + (f", {skipped} already imported (skipped)" if skipped else "")
              + (f", {failed} source(s) failed" if failed else ""))
    if report.dry_run:
        return counts + "; nothing was written"
    if done:
        return counts + "; next: `briefing check --strict`"
    if any(written for _, _, written in report.outlets):
        return counts + "; no article was written"
    return counts + "; nothing was written"


def interrupted_import(written: list[str], left: int) -> str:
    """Ctrl+C during `briefing import`: what is true of the site then (it has no output to speak of)."""
    if not written:
        return INTERRUPTED_IMPORT
    articles = [path for path in written if path.startswith("content/articles/")]
    return (f"interrupted; {len(written)} file(s) written before it are complete (the last: {written[-1]})"
            + (f", {len(articles)} of them article(s)" if len(articles) != len(written) else "")
            + (f"; {left} source(s) not imported: run the same import again for them (those imported are skipped)"
               if left else "; every source was dealt with"))
