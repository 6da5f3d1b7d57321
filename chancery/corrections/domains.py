"""Official-domain check (anti-scam): is a mission's website or email on its government's
domains? The domains are project data (`data/official_domains.toml`), each with a source."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

DATA = Path(__file__).resolve().parent / "data" / "official_domains.toml"

OFFICIAL, UNOFFICIAL, UNKNOWN = "official", "unofficial", "unknown"
#: An honorary consul's own address: not the government's, and that is normal.
PRIVATE = "private"
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u206f\ufeff\\s]")


@dataclass(frozen=True)
class Government:
    code: str
    domains: tuple[str, ...]
    patterns: tuple[str, ...]
    source: str


@cache
def governments() -> dict[str, Government]:
    with DATA.open("rb") as handle:
        data = tomllib.load(handle)
    out = {}
    for index, entry in enumerate(data.get("government", []), start=1):
        code = entry.get("code")
        if not isinstance(code, str) or len(code) != 2:
            raise ValueError(f"{DATA.name}: [[government]] entry {index}: bad code {code!r}")
        out[code] = Government(
            code,
            tuple(d.lower().strip(".") for d in entry.get("domains", [])),
            tuple(p.lower() for p in entry.get("patterns", [])),
            entry.get("source", ""),
        )
    return out


def host_of(value: str) -> str:
    """The host name of a URL or an email address, lower case, without "www."."""
    value = _INVISIBLE.sub("", value or "").strip().lower().removeprefix("mailto:")
    if "@" in value and "://" not in value:
        host = value.rsplit("@", 1)[1]
    else:
        host = urlsplit(value if "://" in value else f"https://{value}").hostname or ""
    return host.strip(".").removeprefix("www.")


def domain_status(sending_code: str, value: str) -> str:
    """official / unofficial / unknown (no list for that government), or "" for no value."""
    host = host_of(value)
    if not host:
        return ""
    government = governments().get(sending_code or "")
    if government is None:
        return UNKNOWN
    if any(host == d or host.endswith(f".{d}") for d in government.domains):
        return OFFICIAL
    if any(fnmatch(host, pattern) for pattern in government.patterns):
        return OFFICIAL
    return UNOFFICIAL


def website_or_email_flags(sending_code: str, website: str, email: str) -> list[str]:
    flags = []
    for label, value in (("website", website), ("email", email)):
        if domain_status(sending_code, value) == UNOFFICIAL:
            flags.append(
                f"The {label} {host_of(value)} is not on a known domain of the government."
            )
    return flags
