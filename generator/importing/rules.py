"""The rules that tell page chrome from an article, as data: ``chrome.yaml`` beside this module,
and the site's own ``import.yaml`` beside them (validated like every other file of the site).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import model_validator

from generator.errors import Problems
from generator.load.files import site_file
from generator.load.text import read_source_text
from generator.load.validate import validate_record
from generator.load.yamlsrc import load_yaml
from generator.schema import Record

DEFAULT_RULES = Path(__file__).with_name("chrome.yaml")
SITE_RULES = "import.yaml"


class RuleSpec(Record):
    """One rule: a whole line, matched exactly, by its start, or by a regular expression."""

    line: str | None = None
    starts: str | None = None
    pattern: str | None = None
    drop: Literal["line", "rest"] = "line"

    @model_validator(mode="after")
    def _one_way(self) -> RuleSpec:
        if sum(x is not None for x in (self.line, self.starts, self.pattern)) != 1:
            raise ValueError("a rule has exactly one of `line:`, `starts:` or `pattern:`")
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"the pattern is not a regular expression: {exc}") from None
        return self


class RulesSpec(Record):
    chrome: tuple[RuleSpec, ...] = ()
    captions: tuple[RuleSpec, ...] = ()
    trailer: tuple[RuleSpec, ...] = ()


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    rest: bool  # drop the rest of the text from here

    @classmethod
    def of(cls, spec: RuleSpec) -> Rule:
        if spec.line is not None:
            regex = re.escape(spec.line)
        elif spec.starts is not None:
            regex = re.escape(spec.starts) + ".*"
        else:
            regex = str(spec.pattern)
        return cls(re.compile(regex, re.IGNORECASE), spec.drop == "rest")

    def matches(self, line: str) -> bool:
        return self.pattern.fullmatch(" ".join(line.split())) is not None


@dataclass(frozen=True)
class Rules:
    chrome: tuple[Rule, ...]
    captions: tuple[Rule, ...]
    trailer: tuple[Rule, ...]

    def chrome_rule(self, line: str) -> Rule | None:
        return next((rule for rule in self.chrome if rule.matches(line)), None)

    def is_caption(self, line: str) -> bool:
        return any(rule.matches(line) for rule in self.captions)

    def is_trailer(self, line: str) -> bool:
        return any(rule.matches(line) for rule in self.trailer)


def load_rules(site_dir: Path, problems: Problems) -> Rules:
    """The default rules, and the site's ``import.yaml`` if it has one (its problems are
    reported, with their lines, into ``problems``)."""
    specs = [_read(DEFAULT_RULES.read_text(encoding="utf-8"), "generator/importing/chrome.yaml", problems)]
    if (site_dir / SITE_RULES).exists():
        path = site_file(site_dir, SITE_RULES, problems)
        text = read_source_text(path, SITE_RULES, problems) if path is not None else None
        if text is not None:
            specs.append(_read(text, SITE_RULES, problems))
    found = [spec for spec in specs if spec is not None]
    return Rules(*(tuple(Rule.of(rule) for spec in found for rule in getattr(spec, part))
                   for part in ("chrome", "captions", "trailer")))


def _read(text: str, rel: str, problems: Problems) -> RulesSpec | None:
    located = load_yaml(text, rel, problems)
    if located is None:
        return None
    if located.data is None:
        return RulesSpec()
    return validate_record(RulesSpec, located.data, located, (), problems, rel)
