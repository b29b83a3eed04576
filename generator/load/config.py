"""Loading ``site.yaml``."""

from __future__ import annotations

from pathlib import Path

from generator.errors import Problems
from generator.load.content import Source
from generator.load.files import site_file
from generator.load.text import read_source_text
from generator.load.validate import validate_record
from generator.load.yamlsrc import load_yaml
from generator.schema import SiteConfig

CONFIG_FILE = "site.yaml"


def load_config(site_dir: Path, problems: Problems) -> Source[SiteConfig] | None:
    path = site_file(site_dir, CONFIG_FILE, problems)
    if path is None:
        if not (site_dir / CONFIG_FILE).is_symlink():  # a link is refused above, with its reason
            problems.error(CONFIG_FILE, None, f"no {CONFIG_FILE} in {site_dir}",
                           "run briefing in a site directory, or pass --site DIR")
        return None
    text = read_source_text(path, CONFIG_FILE, problems)
    if text is None:
        return None
    located = load_yaml(text, CONFIG_FILE, problems)
    if located is None:
        return None
    if located.data is None:
        problems.error(CONFIG_FILE, 1, f"{CONFIG_FILE} is empty", "add at least `title: ...`")
        return None
    spec = validate_record(SiteConfig, located.data, located, (), problems, CONFIG_FILE)
    return None if spec is None else Source(spec, CONFIG_FILE, located, ())
