"""The outlet of an imported article: the one given, the briefing's own that the source names (by
name or web site), or a new one, proposed to the editor and written with ``--yes``; and, for a
source imported before while its outlet was only proposed, the earlier article pointed at it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generator.importing.again import Earlier, set_outlet
from generator.importing.draft import Draft, yaml_scalar
from generator.importing.names import match_outlet
from generator.load.content import METADATA_DIRS
from generator.newfiles import claim_id, short_slug, yaml_file
from generator.schema import OutletSpec

NewOutlets = dict[str, tuple[str, OutletSpec]]  # an outlet's name -> (its new file, its record)


def choose_outlet(draft: Draft, given: str | None, outlets: Sequence[OutletSpec], new_outlets: NewOutlets,
                  site_dir: Path, *, yes: bool) -> None:
    """The draft's outlet: the one given (--outlet), else the briefing's outlet its source names,
    else a new outlet, proposed (and the draft's outlet unknown) or, with --yes, taken."""
    if given is not None:
        draft.outlet = None if given == "unknown" else given
        return
    if draft.outlet_name is None and draft.outlet_home is None:
        return
    match = match_outlet(draft.outlet_name, draft.outlet_home, outlets)
    if match is not None:
        draft.outlet = match.id
        draft.found.append(f"outlet {match.id}")
        return
    if not draft.outlet_name:
        return
    if draft.outlet_name not in new_outlets:
        taken = {o.id for o in outlets} | {spec.id for _, spec in new_outlets.values()}
        outlet_id, path = claim_id(site_dir / METADATA_DIRS["outlets"], ".yaml", None, short_slug(draft.outlet_name),
                                 frozenset(taken), "outlet")
        spec = OutletSpec(id=outlet_id, name=draft.outlet_name, url=draft.outlet_home,
                          kind="news-site" if draft.kind == "html" else "unknown")
        new_outlets[draft.outlet_name] = (path.relative_to(site_dir).as_posix(), spec)
    rel, spec = new_outlets[draft.outlet_name]
    if yes:
        draft.outlet = spec.id
        draft.found.append(f"outlet {spec.id} (new: {rel})")
    else:
        draft.extra["outlet_name"] = draft.outlet_name
        draft.check.append(f"the outlet “{draft.outlet_name}” is not one of the briefing's: run again with --yes to "
                           f"write {rel} and set it here, or add it with `briefing new outlet \"{draft.outlet_name}\"` "
                           f"and set `outlet: {spec.id}` (it is `unknown` for now)")


def outlet_file(site_dir: Path, spec: OutletSpec) -> str:
    lines = [f"- id: {spec.id}", f"  name: {yaml_scalar(spec.name)}", f"  kind: {spec.kind}"]
    if spec.url:
        lines.append(f"  url: {yaml_scalar(spec.url)}")
    lines.append("  # country: ...     # only what the sources state")
    return yaml_file(site_dir, "outlet", lines)


def point_at_outlet(site_dir: Path, draft: Draft, article: Earlier, new_outlets: NewOutlets, *, yes: bool,
                    dry_run: bool) -> bool:
    """A source imported before, whose article says `outlet: unknown` because its outlet was only
    proposed then: with --yes, the earlier article is pointed at the outlet the briefing has now.
    Whether its file was changed."""
    draft.found, draft.guessed, draft.check = [], [], []  # what the first import reported stands
    name = draft.outlet_name
    if name is None or article.outlet != "unknown" or article.outlet_name != name:
        return False
    if draft.outlet is None:
        if name in new_outlets:
            draft.check.append(f"the outlet “{name}” is not one of the briefing's: run again with --yes to write "
                               f"{new_outlets[name][0]} and set it in {article.path}")
        return False
    if not yes:
        line = f" (line {article.outlet_line})" if article.outlet_line else ""
        draft.check.append(f"the briefing has the outlet {draft.outlet} now: set `outlet: {draft.outlet}` in "
                           f"{article.path}{line}, or run again with --yes to have it set")
        return False
    result = set_outlet(site_dir, article, draft.outlet, name, dry_run=dry_run)
    if result is None:
        return False
    done, said = result
    (draft.found if done else draft.check).append(said)
    return done and not dry_run
