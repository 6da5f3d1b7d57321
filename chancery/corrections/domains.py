"""Official-domain check (anti-scam): is a mission's website or email on its government's
domains? The domains are project data (`data/official_domains.toml`), each with a source.

Hosts are read the way browsers read them (`chancery.core.weblinks`), so that an address written
to look official ("https://fake.example\\@germania.diplo.de") is judged by where it leads."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import translation

from chancery.core.weblinks import browser_host, email_domain, email_problem, web_address_problem

DATA = Path(__file__).resolve().parent / "data" / "official_domains.toml"

OFFICIAL, UNOFFICIAL, UNKNOWN = "official", "unofficial", "unknown"
#: An honorary consul's own address: not the government's, and that is normal.
PRIVATE = "private"
#: The contact fields whose domain is checked, in the order their flags are listed.
CONTACT_FIELDS = ("website", "email")


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


def _is_email(value: str) -> bool:
    return value.lower().startswith("mailto:") or ("@" in value and "://" not in value)


def host_of(value: str) -> str:
    """The host a URL leads to as a browser reads it (a bare domain counts as https), or an
    email address's domain: lower case, ASCII (punycode for other scripts), without "www."."""
    value = (value or "").strip()
    host = email_domain(value) if _is_email(value) else browser_host(value)
    return host.strip(".").removeprefix("www.")


def address_problem(value: str) -> str:
    """Why a website or email may not be stored (a sentence), or "" when it may."""
    value = (value or "").strip()
    if not value:
        return ""
    if _is_email(value):
        return email_problem(value, allow_mailto=True)
    return web_address_problem(value if "://" in value else f"https://{value}")


def domain_status(sending_code: str, value: str) -> str:
    """official / unofficial / unknown (no list for that government), or "" for no value.

    An address written to mislead (a backslash, a user name before the host, a hidden
    character …) is never official, whatever host it names."""
    if not (value or "").strip():
        return ""
    if address_problem(value):
        return UNOFFICIAL
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


@dataclass(frozen=True)
class ContactFlag:
    """Why a proposed website or email needs a moderator's closer look."""

    #: A few words beside the value in the moderation queue's diff.
    mark: str
    #: The sentence kept in the suggestion's review flags.
    reason: str


def contact_flags(sending_code: str, values: Mapping[str, Any]) -> dict[str, ContactFlag]:
    """Field → its flag, for the website and email among `values` that need one.

    The one decision behind a suggestion's review flags and the queue's warnings. Flags are
    for the editors' queue, so they are written in English whatever the submitter's language."""
    flags = {}
    with translation.override("en"):
        for field in CONTACT_FIELDS:
            value = str(values.get(field) or "").strip()
            if not value:
                continue
            problem = address_problem(value)
            if problem:
                flags[field] = ContactFlag(
                    "not a safe address", f"The {field} {value!r} is not a safe address: {problem}"
                )
            elif domain_status(sending_code, value) == UNOFFICIAL:
                flags[field] = ContactFlag(
                    "not an official domain",
                    f"The {field} {host_of(value)} is not on a known domain of the government.",
                )
    return flags


def website_or_email_flags(sending_code: str, website: str, email: str) -> list[str]:
    flags = contact_flags(sending_code, {"website": website, "email": email})
    return [flag.reason for flag in flags.values()]
