"""The typed schemas of every file a site is written in: ``site.yaml``, article front matter,
actors, events and outlets.

Known fields are typed and checked when parsed; anything else an editor wants to keep goes under
``extra``. Unknown keys are errors (with a did-you-mean), never silently attached to objects.
These models only describe single records: references between files are checked by the model.
"""

from __future__ import annotations

import re
import zoneinfo
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from generator.dates import PartialDate, Period
from generator.eventkinds import DEFAULT_EVENT_KINDS
from generator.weburl import check_web_url

# An id is what a page's file name is made of: letters (any script), digits and single hyphens.
ID_PATTERN = r"^[^\W_]+(?:-[^\W_]+)*$"


def _lowercase_id(value: str) -> str:
    # Ids name files: Bob.html and bob.html are one file on macOS, Windows and many hosts.
    if value != value.lower():
        raise PydanticCustomError("string_pattern_mismatch", "an id is lowercase", {"pattern": ID_PATTERN})
    return value


def _not_reserved(value: str) -> str:
    if value == "index":
        raise ValueError("'index' is the name of the page that lists them all: choose another id")
    if re.fullmatch(r"page-[0-9]+", value):
        raise ValueError(f"'{value}' is the name of a page of the list of them all (when it is long): choose another id")
    return value


Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=120), AfterValidator(_lowercase_id)]
# The id of a record with a page of its own (actors/ID.html): "index" is the page listing them all.
PageId = Annotated[Id, AfterValidator(_not_reserved)]
Text = Annotated[str, Field(min_length=1)]
LanguageTag = Annotated[str, Field(pattern=r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")]


def _parse_date(value: Any) -> PartialDate:
    return PartialDate.parse(value)


Date = Annotated[
    PartialDate,
    BeforeValidator(_parse_date),
    PlainSerializer(str),
    # As an editor's YAML tooling reads it (YAML 1.2): 2025-10-19 and 2025-10 are text, 2021 a number.
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                              {"type": "integer", "minimum": 1, "maximum": 9999}]}),
]


# Only web addresses, valid by the URL Standard: a javascript: or data: URL in a front-matter field
# must never reach a link, nor a quote or an angle bracket an attribute.
# Editors' schemas say so as well (format "uri", an http(s) pattern): an editor marks a bad
# address as it is typed, before any build.
Url = Annotated[str, AfterValidator(check_web_url),
                WithJsonSchema({"type": "string", "format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"})]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _one_or_more(value: Any) -> Any:
    # `author: Jane Doe` and `author: [Jane Doe, Ali Khan]` are both usual in front matter.
    return [value] if isinstance(value, str) else value


def _citation_shorthand(value: Any) -> Any:
    return {"article": value} if isinstance(value, str) else value


class CitationSpec(Record):
    """A reference to an article, optionally with the words quoted from it."""

    article: Id
    excerpt: Text | None = None
    note: Text | None = None


# Written either as a bare article id or as a mapping; the JSON Schema says so too.
Citation = Annotated[CitationSpec, BeforeValidator(_citation_shorthand, json_schema_input_type=Id | CitationSpec)]
Citations = tuple[Citation, ...]


class QuoteSpec(Record):
    """Words the article attributes to an actor, copied exactly as the article has them."""

    text: Text
    by: Id
    note: Text | None = None


class ArticleFrontMatter(Record):
    title: Text
    date: Date
    circa: bool = False
    date_note: Text | None = None
    outlet: Id | None = None  # None, or the word "unknown": the outlet is not stated
    via: Id | None = None
    url: Url | None = None
    # The byline: who wrote the article, as the source prints it (one name or a list).
    author: Annotated[tuple[Text, ...], BeforeValidator(_one_or_more, json_schema_input_type=Text | list[Text])] = ()
    language: LanguageTag | None = None
    summary: Text | None = None
    kind: Literal["article", "digest"] = "article"
    actors: tuple[Id, ...] = ()
    tags: tuple[Id, ...] = ()
    quotes: tuple[QuoteSpec, ...] = ()
    note: Text | None = None
    draft: bool = False
    extra: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _unknown_outlet(self) -> ArticleFrontMatter:
        if self.outlet == "unknown":
            object.__setattr__(self, "outlet", None)
        return self


ActorKind = Literal[
    "person",
    "government",
    "state",
    "armed-group",
    "mediator-state",
    "military",
    "intelligence-agency",
    "international-organisation",
    "media",
    "other",
]


class ActorSpec(Record):
    id: PageId
    name: Text
    kind: ActorKind
    aliases: tuple[Text, ...] = ()
    role: Text | None = None
    side: Text | None = None
    affiliation: Id | None = None
    description: str = ""
    citations: Citations = ()
    extra: dict[str, Any] = Field(default_factory=dict)


OutletKind = Literal[
    "wire",
    "national-paper",
    "broadcaster",
    "state-broadcaster",
    "news-site",
    "aggregator",
    "social-media",
    "unknown",
]


class OutletSpec(Record):
    id: PageId
    name: Text
    country: Text | None = None
    language: LanguageTag | None = None
    kind: OutletKind = "unknown"
    url: Url | None = None
    description: str = ""
    citations: Citations = ()
    extra: dict[str, Any] = Field(default_factory=dict)


class AccountSpec(Record):
    """One source's version of a disputed point, with the citations that carry it."""

    says: Text
    date: Date | None = None
    location: Text | None = None
    citations: Annotated[Citations, Field(min_length=1)]


def _event_kind_schema() -> dict[str, Any]:
    # The default kinds are offered for completion; any id is accepted, since site.yaml may add
    # kinds of its own (the build checks them).
    defaults = [{"const": kind.id, "description": f"{kind.label}: {kind.description}"} for kind in DEFAULT_EVENT_KINDS]
    return {"anyOf": [*defaults, {"type": "string", "pattern": ID_PATTERN}, {"type": "null"}],
            "description": "What kind of event this is: one of the default kinds ("
                           + ", ".join(kind.id for kind in DEFAULT_EVENT_KINDS)
                           + ") or one added under `event_kinds:` in site.yaml."}


_EVENT_KIND_SCHEMA = _event_kind_schema()


class DisputeSpec(Record):
    about: Text
    accounts: Annotated[tuple[AccountSpec, ...], Field(min_length=2)]


class EventSpec(Record):
    id: Id
    date: Date
    end: Date | None = None
    circa: bool = False
    period: Period | None = None
    ongoing: bool = False
    date_note: Text | None = None
    order: int = 0
    title: Text
    # One of the site's event kinds (generator.eventkinds, and `event_kinds:` in site.yaml),
    # checked against them when the briefing is assembled.
    kind: Annotated[Id | None, WithJsonSchema(_EVENT_KIND_SCHEMA)] = None
    description: str = ""
    location: Text | None = None
    actors: tuple[Id, ...] = ()
    tags: tuple[Id, ...] = ()
    citations: Citations = ()
    disputes: tuple[DisputeSpec, ...] = ()
    extra: dict[str, Any] = Field(default_factory=dict)

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: PartialDate | None, info: ValidationInfo) -> PartialDate | None:
        start = info.data.get("date")
        if end is not None and start is not None and end.last_day < start.first_day:
            raise ValueError(f"the event ends ({end}) before it starts ({start}): correct `date:` or `end:`")
        return end

    @field_validator("period")
    @classmethod
    def _period_needs_a_month(cls, period: str | None, info: ValidationInfo) -> str | None:
        start = info.data.get("date")
        if period is not None and start is not None and start.precision != "month":
            raise ValueError(f"'{period}' says where in a month the event falls: give `date:` as a month (YYYY-MM), "
                             "or remove `period:`")
        return period

    @field_validator("ongoing")
    @classmethod
    def _ongoing_has_no_end(cls, ongoing: bool, info: ValidationInfo) -> bool:
        if ongoing and info.data.get("end") is not None:
            raise ValueError("an ongoing event has not ended: remove `end:`, or remove `ongoing: true` if it is over")
        return ongoing


class CorrectionSpec(Record):
    """One correction in an edition: what was corrected (one id) and what changed (Markdown)."""

    event: Id | None = None
    article: Id | None = None
    actor: Id | None = None
    note: Text

    @model_validator(mode="after")
    def _one_target(self) -> CorrectionSpec:
        if sum(x is not None for x in (self.event, self.article, self.actor)) != 1:
            raise ValueError("a correction names exactly one of `event:`, `article:` or `actor:`")
        return self


class ChangeSpec(Record):
    """One edition of the briefing, in content/changes.yaml: what it added and what it corrected."""

    date: Date
    title: Text | None = None
    summary: str = ""
    new_articles: tuple[Id, ...] = ()
    new_events: tuple[Id, ...] = ()
    new_actors: tuple[Id, ...] = ()
    corrections: tuple[CorrectionSpec, ...] = ()
    extra: dict[str, Any] = Field(default_factory=dict)


class EventKindSpec(Record):
    """A kind of event added to the default vocabulary (or relabelling one of it), in site.yaml."""

    id: Id
    label: Text
    description: Text


class KeyPoint(Record):
    text: Text
    citations: Citations = ()


PageName = Literal["home", "timeline", "actors", "sources", "disputes", "changes", "data", "search"]


class NavItem(Record):
    label: Text
    page: PageName


class MarkdownOptions(Record):
    html: bool = False  # raw HTML in Markdown is escaped unless a site opts in
    typographer: bool = False


class PaginationOptions(Record):
    """How long a listing may grow on one page before it continues on further pages, so that no
    page grows with the size of the briefing."""

    # Events on one timeline page: beyond it, the timeline gets a page per month (and a month with
    # more events than this, several).
    timeline: int = Field(default=100, ge=1)
    # Entries on one page of every other long list: an actor's events, articles and quotes, an
    # outlet's articles, the disagreements, the list of every page...
    lists: int = Field(default=50, ge=1)


def _timezone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not a known time zone (e.g. UTC, Asia/Karachi)") from None
    return value


DEFAULT_NAV = (
    NavItem(label="Briefing", page="home"),
    NavItem(label="Timeline", page="timeline"),
    NavItem(label="Who's who", page="actors"),
    NavItem(label="Sources", page="sources"),
    NavItem(label="Accounts differ", page="disputes"),
    NavItem(label="What changed", page="changes"),
    NavItem(label="Data", page="data"),
    NavItem(label="Search", page="search"),
)


class SiteConfig(Record):
    title: Text
    subtitle: Text | None = None
    description: Text | None = None
    language: LanguageTag = "en"
    base_url: Url | None = None
    timezone: Annotated[str, AfterValidator(_timezone)] = "UTC"
    key_points: tuple[KeyPoint, ...] = ()
    nav: tuple[NavItem, ...] = DEFAULT_NAV
    markdown: MarkdownOptions = MarkdownOptions()
    pagination: PaginationOptions = PaginationOptions()
    event_kinds: tuple[EventKindSpec, ...] = ()
    extra: dict[str, Any] = Field(default_factory=dict)
