"""Stable identifiers for the formats that need one beyond a page address (Atom entry ids,
iCalendar UIDs): name-based UUIDs (RFC 4122 version 5), the same from build to build and
whether or not ``base_url`` is set, as long as the site's title and the object's id stay the
same."""

from __future__ import annotations

import uuid

from generator.schema import SiteConfig

# briefing's own namespace (a constant, chosen once at random), so that its ids never collide
# with UUIDs other software derives from the same names. Never change it: every id would change.
NAMESPACE = uuid.UUID("2fc3af53-8f52-4a27-8af3-023decb09ecc")


def stable_uuid(config: SiteConfig, kind: str, object_id: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{config.title}\n{kind}\n{object_id}")
