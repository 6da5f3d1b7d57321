"""The rules' data: EU membership, consular-sharing arrangements, protecting powers and the
ministries' emergency lines, read from the versioned TOML files in `data/`.

Every entry names its source and the date it was true; a malformed file stops with the file,
the entry and the field that are wrong.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


class RulesDataError(ValueError):
    """A rules data file is missing, unreadable or has a bad entry."""


@dataclass(frozen=True)
class Sourced:
    source: str
    as_of: dt.date


@dataclass(frozen=True)
class Membership(Sourced):
    code: str
    name: str
    joined: dt.date
    left: dt.date | None

    def member_on(self, day: dt.date) -> bool:
        # A state is a member on the day it leaves (the UK left at midnight CET, 31 Jan 2020).
        return self.joined <= day and (self.left is None or day <= self.left)


@dataclass(frozen=True)
class SharingAgreement(Sourced):
    id: str
    name: str
    provider: str
    beneficiaries: frozenset[str]
    countries: frozenset[str]
    services: str
    note: str
    #: "listed": only in `countries`; "unrepresented": anywhere the beneficiary has no mission.
    scope: str = "listed"

    parties: frozenset[str] = frozenset()

    def applies_in(self, host: str) -> bool:
        if self.scope == "unrepresented":
            return host not in self.parties
        return host in self.countries


@dataclass(frozen=True)
class ProtectingMandate(Sourced):
    protecting: str
    protected: str
    host: str
    office: str
    city: str
    since: dt.date | None
    ended: dt.date | None
    services: str
    #: False when the mandate covers the diplomatic channel only, no help for citizens.
    consular: bool = True

    def active_on(self, day: dt.date) -> bool:
        started = self.since is None or self.since <= day
        return started and (self.ended is None or day < self.ended)


@dataclass(frozen=True)
class OtherPhone:
    phone: str
    phone_display: str
    note: str


@dataclass(frozen=True)
class EmergencyLine(Sourced):
    country: str
    ministry: str
    phone: str
    phone_display: str
    hours: str
    web: str
    #: True only when a published source says the line is answered round the clock.
    is_24_7: bool = False
    other_phones: tuple[OtherPhone, ...] = ()
    note: str = ""
    confidence: str = "medium"


@dataclass(frozen=True)
class RuleSet:
    eu: tuple[Membership, ...]
    eu_directive: dict[str, Any]
    sharing: tuple[SharingAgreement, ...]
    mandates: tuple[ProtectingMandate, ...]
    lines: dict[str, EmergencyLine]
    versions: dict[str, int]

    def eu_members(self, day: dt.date) -> frozenset[str]:
        return frozenset(m.code for m in self.eu if m.member_on(day))


def _load(name: str) -> dict[str, Any]:
    path = DATA_DIR / name
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise RulesDataError(f"{name}: cannot read ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RulesDataError(f"{name}: not valid TOML ({exc})") from exc


def _field(name: str, table: str, index: int, entry: dict[str, Any], key: str, kind: type) -> Any:
    if key not in entry:
        raise RulesDataError(f"{name}: [[{table}]] entry {index + 1}: missing field {key!r}")
    value = entry[key]
    if not isinstance(value, kind):
        raise RulesDataError(
            f"{name}: [[{table}]] entry {index + 1}: field {key!r} should be "
            f"{kind.__name__}, got {value!r}"
        )
    return value


def _code(name: str, table: str, index: int, key: str, value: Any) -> str:
    if not (isinstance(value, str) and len(value) == 2 and value.isalpha() and value.isupper()):
        raise RulesDataError(
            f"{name}: [[{table}]] entry {index + 1}: field {key!r} should be an upper-case "
            f"ISO alpha-2 code, got {value!r}"
        )
    return value


def _codes(name: str, table: str, index: int, entry: dict[str, Any], key: str) -> frozenset[str]:
    values = _field(name, table, index, entry, key, list)
    return frozenset(_code(name, table, index, key, value) for value in values)


def _entries(name: str, data: dict[str, Any], table: str) -> list[dict[str, Any]]:
    entries = data.get(table)
    if not isinstance(entries, list) or not entries:
        raise RulesDataError(f"{name}: no [[{table}]] entries")
    return entries


def _sourced(name: str, table: str, index: int, entry: dict[str, Any]) -> dict[str, Any]:
    source = _field(name, table, index, entry, "source", str)
    if not source.startswith("https://"):
        raise RulesDataError(f"{name}: [[{table}]] entry {index + 1}: source must be an https URL")
    return {"source": source, "as_of": _field(name, table, index, entry, "as_of", dt.date)}


def _phone(name: str, index: int, key: str, value: str) -> str:
    if not (value.startswith("+") and value[1:].isdigit() and 8 <= len(value) <= 16):
        raise RulesDataError(
            f"{name}: [[line]] entry {index + 1}: field {key!r} must be in E.164 (+ and 7 to 15 "
            f"digits), got {value!r}"
        )
    return value


def _https(name: str, index: int, key: str, value: str) -> str:
    if value and not value.startswith("https://"):
        raise RulesDataError(
            f"{name}: [[line]] entry {index + 1}: field {key!r} must be an https URL, got {value!r}"
        )
    return value


def _confidence(name: str, index: int, value: Any) -> str:
    if value not in ("high", "medium"):
        raise RulesDataError(
            f"{name}: [[line]] entry {index + 1}: field 'confidence' should be 'high' or "
            f"'medium', got {value!r}"
        )
    return value


def _scope(name: str, index: int, entry: dict[str, Any]) -> str:
    scope = entry.get("scope", "listed")
    if scope not in ("listed", "unrepresented"):
        raise RulesDataError(
            f"{name}: [[agreement]] entry {index + 1}: field 'scope' should be 'listed' or "
            f"'unrepresented', got {scope!r}"
        )
    if scope == "listed" and not entry.get("countries"):
        raise RulesDataError(
            f"{name}: [[agreement]] entry {index + 1}: a 'listed' agreement needs countries"
        )
    return scope


@cache
def rules() -> RuleSet:
    """All four data files, validated (read once per process)."""
    versions: dict[str, int] = {}

    name = "eu_membership.toml"
    data = _load(name)
    versions[name] = int(data.get("version", 0))
    eu = tuple(
        Membership(
            **_sourced(name, "member", i, e),
            code=_code(name, "member", i, "code", e.get("code")),
            name=_field(name, "member", i, e, "name", str),
            joined=_field(name, "member", i, e, "joined", dt.date),
            left=e.get("left"),
        )
        for i, e in enumerate(_entries(name, data, "member"))
    )
    directive = data.get("directive", {})

    name = "consular_sharing.toml"
    data = _load(name)
    versions[name] = int(data.get("version", 0))
    sharing = tuple(
        SharingAgreement(
            **_sourced(name, "agreement", i, e),
            id=_field(name, "agreement", i, e, "id", str),
            name=_field(name, "agreement", i, e, "name", str),
            provider=_code(name, "agreement", i, "provider", e.get("provider")),
            beneficiaries=_codes(name, "agreement", i, e, "beneficiary"),
            countries=_codes(name, "agreement", i, e, "countries"),
            services=str(e.get("services", "")),
            note=str(e.get("note", "")),
            scope=_scope(name, i, e),
            parties=frozenset(e.get("parties", ())),
        )
        for i, e in enumerate(_entries(name, data, "agreement"))
    )

    name = "protecting_powers.toml"
    data = _load(name)
    versions[name] = int(data.get("version", 0))
    mandates = tuple(
        ProtectingMandate(
            **_sourced(name, "mandate", i, e),
            protecting=_code(name, "mandate", i, "protecting", e.get("protecting")),
            protected=_code(name, "mandate", i, "for", e.get("for")),
            host=_code(name, "mandate", i, "in", e.get("in")),
            office=_field(name, "mandate", i, e, "office", str),
            city=str(e.get("city", "")),
            since=e.get("since"),
            ended=e.get("ended"),
            services=str(e.get("services", "")),
            consular=bool(e.get("consular", True)),
        )
        for i, e in enumerate(_entries(name, data, "mandate"))
    )

    name = "emergency_lines.toml"
    data = _load(name)
    versions[name] = int(data.get("version", 0))
    lines = {}
    for i, e in enumerate(_entries(name, data, "line")):
        line = EmergencyLine(
            **_sourced(name, "line", i, e),
            country=_code(name, "line", i, "country", e.get("country")),
            ministry=_field(name, "line", i, e, "ministry", str),
            phone=_phone(name, i, "phone", _field(name, "line", i, e, "phone", str)),
            phone_display=str(e.get("phone_display") or e["phone"]),
            hours=str(e.get("hours", "")),
            web=_https(name, i, "web", str(e.get("web", ""))),
            is_24_7=_field(name, "line", i, e, "is_24_7", bool),
            other_phones=tuple(
                OtherPhone(
                    phone=_phone(name, i, "other_phones", str(other.get("phone", ""))),
                    phone_display=str(other.get("phone_display") or other.get("phone")),
                    note=str(other.get("note", "")),
                )
                for other in e.get("other_phones", ())
            ),
            note=str(e.get("note", "")),
            confidence=_confidence(name, i, e.get("confidence", "medium")),
        )
        if line.country in lines:
            raise RulesDataError(
                f"{name}: [[line]] entry {i + 1}: a second line for {line.country!r}"
            )
        lines[line.country] = line
    return RuleSet(eu, directive, sharing, mandates, lines, versions)
