"""Where a redirect may lead: only to a path on this site.

Browsers read `//host/…` and `/\\host/…` as another site, and drop tabs and line breaks anywhere
in a URL before reading it (the WHATWG URL standard), so `/\\t/host` is `//host` too. A path built
from what a client sent is made local here before it goes into a Location header or a link.
"""

from __future__ import annotations

from urllib.parse import urlsplit

#: Removed from anywhere in a URL by browsers before they parse it.
_IGNORED_BY_BROWSERS = str.maketrans("", "", "\t\n\r")


def local_path(path: str) -> str:
    """`path` as a path on this site: one leading slash, never a scheme-relative `//host`."""
    return "/" + path.translate(_IGNORED_BY_BROWSERS).lstrip("/\\ ")


def is_local_redirect(location: str, own_hosts: set[str]) -> bool:
    """Whether a browser following `location` stays on this site (a path, or an absolute URL
    on one of `own_hosts`)."""
    seen = location.translate(_IGNORED_BY_BROWSERS).replace("\\", "/").strip()
    parts = urlsplit(seen)
    if not parts.scheme and not parts.netloc:
        return not seen.startswith("//")
    if parts.scheme not in ("http", "https"):
        return False
    return (parts.netloc or "").lower() in own_hosts
