"""An event as a short HTML fragment, for the formats that carry HTML but not the site's pages:
TimelineJS slides and the events feed. Built with markupsafe, which escapes every value it is
given, so text from the content can never become markup."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from generator.model import Briefing, Citation, Event

# The address of an article's page as the format can use it, or None where no link would work.
ArticleHref = Callable[[str], "str | None"]


def article_reference(briefing: Briefing, citation: Citation, href: ArticleHref) -> Markup:
    article = briefing.article(citation.article_id)
    outlet = briefing.outlet(article.outlet_id)
    address = href(article.id)
    title = (Markup('<a href="{}">{}</a>').format(address, article.title) if address
             else Markup("<cite>{}</cite>").format(article.title))
    reference = Markup("{} ({}, {})").format(title, outlet.name if outlet else "outlet not stated", article.when.text)
    if citation.excerpt:
        reference += Markup(": <q>{}</q>").format(citation.excerpt)
    return reference


def _reference_list(briefing: Briefing, citations: tuple[Citation, ...], href: ArticleHref) -> Markup:
    items = Markup("").join(Markup("<li>{}</li>").format(article_reference(briefing, c, href)) for c in citations)
    return Markup("<ul>{}</ul>").format(items)


def event_html(briefing: Briefing, event: Event, href: ArticleHref) -> Markup:
    """Description, place, who was involved, the differing accounts, and the sources."""
    parts = [Markup(event.description_html)] if event.description_html else []
    if event.location:
        parts.append(Markup("<p>Place: {}</p>").format(event.location))
    if event.actor_ids:
        parts.append(Markup("<p>Involved: {}</p>").format(", ".join(briefing.actor(i).name for i in event.actor_ids)))
    for dispute in event.disputes:
        accounts = Markup("").join(
            Markup("<li>{}<p>According to:</p>{}</li>").format(Markup(account.says_html),
                                                              _reference_list(briefing, account.citations, href))
            for account in dispute.accounts)
        parts.append(Markup("<p><strong>Accounts differ</strong> on {}:</p><ul>{}</ul>").format(dispute.about, accounts))
    if event.citations:
        parts.append(Markup("<p>Sources:</p>{}").format(_reference_list(briefing, event.citations, href)))
    return Markup("\n").join(parts)
