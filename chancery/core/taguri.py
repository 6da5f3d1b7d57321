"""Identifiers the site mints for what it publishes: tag: URIs (RFC 4151).

A feed entry's id must be a URI that never changes (RFC 4287 §4.2.6): readers compare ids to
know what they have shown. A database key is no such thing (a rebuilt database numbers rows
anew), and a page address changes with the language. So an id is made of what names the thing
outside the database, under the site's own authority: the host of CHANCERY_SITE_URL and
`TAG_DATE`, which never change, as in `tag:chancery.example,2026:news/https://gov.example/n/1`.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from django.conf import settings

#: The date of the tagging authority: a year in which the site's host name was the site's.
#: Fixed, because changing it changes every id the site has published.
TAG_DATE = "2026"

#: What RFC 4151 lets stand in the specific part (RFC 3986 pchar, "/" and "?"); anything else
#: is percent-encoded as UTF-8.
_SPECIFIC_SAFE = "-._~!$&'()*+,;=:@/?"
#: A tag: URI with a DNS name as its authority, a date, and a specific part (RFC 4151 §2.1).
TAG_URI = re.compile(
    r"tag:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*"
    r",\d{4}(?:-\d{2}(?:-\d{2})?)?"
    r":(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*"
)


def tag_authority() -> str:
    """The site's public host name, in lower case, without port: the tagging authority."""
    return (urlsplit(settings.CHANCERY_SITE_URL).hostname or "localhost").lower().rstrip(".")


def tag_uri(specific: str) -> str:
    """The site's tag: URI for `specific`, which names the thing (e.g. "advisory/us/fr/…")."""
    return f"tag:{tag_authority()},{TAG_DATE}:{quote(specific, safe=_SPECIFIC_SAFE)}"
