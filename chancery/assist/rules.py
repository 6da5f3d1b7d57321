"""The rules' data: EU membership, consular-sharing arrangements, protecting powers, the
ministries' emergency lines and the legal status of territories, read from the versioned TOML
files in `data/`.

Every entry names its source and the date it was true. The files are validated with pydantic
models; a malformed file stops with the file, the entry and the field that are wrong.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

DATA_DIR = Path(__file__).resolve().parent / "data"


class RulesDataError(ValueError):
    """A rules data file is missing, unreadable or has a bad entry."""


def _iso_code(value: str) -> str:
    if len(value) == 2 and value.isalpha() and value.isupper():
        return value
    raise PydanticCustomError("iso_code", "should be an upper-case ISO alpha-2 code")


def _e164(value: str) -> str:
    if value.startswith("+") and value[1:].isdigit() and 8 <= len(value) <= 16:
        return value
    raise PydanticCustomError("e164", "must be in E.164 (+ and 7 to 15 digits)")


def _https(value: str) -> str:
    if value.startswith("https://"):
        return value
    raise PydanticCustomError("https", "must be an https URL")


# TOML has its own strings, booleans and dates: a value of another type is a mistake in the
# file, not something to convert.
Text = Annotated[str, Strict()]
Flag = Annotated[bool, Strict()]
Day = Annotated[dt.date, Strict()]
Code = Annotated[str, Strict(), AfterValidator(_iso_code)]
Phone = Annotated[str, Strict(), AfterValidator(_e164)]
Https = Annotated[str, Strict(), AfterValidator(_https)]
#: A web address that may be left out ("").
OptionalHttps = Annotated[str, Strict(), AfterValidator(lambda value: value and _https(value))]


class _Entry(BaseModel):
    """One entry of a file; fields the rules do not use (notes for maintainers) are ignored."""

    model_config = ConfigDict(frozen=True, extra="ignore", validate_by_name=True)


class Sourced(_Entry):
    source: Https
    as_of: Day


class Membership(Sourced):
    code: Code
    name: Text
    joined: Day
    left: Day | None = None

    def member_on(self, day: dt.date) -> bool:
        # A state is a member on the day it leaves (the UK left at midnight CET, 31 Jan 2020).
        return self.joined <= day and (self.left is None or day <= self.left)


class SharingAgreement(Sourced):
    id: Text
    name: Text
    provider: Code
    beneficiaries: frozenset[Code] = Field(alias="beneficiary")
    #: "listed": only in `countries`; "unrepresented": anywhere the beneficiary has no mission.
    scope: Literal["listed", "unrepresented"] = "listed"
    countries: frozenset[Code]
    services: Text = ""
    note: Text = ""
    parties: frozenset[Code] = frozenset()

    @field_validator("countries")
    @classmethod
    def _listed_somewhere(cls, value: frozenset[str], info: ValidationInfo) -> frozenset[str]:
        if info.data.get("scope") == "listed" and not value:
            raise PydanticCustomError("listed", "should not be empty in a 'listed' agreement")
        return value

    def applies_in(self, host: str) -> bool:
        if self.scope == "unrepresented":
            return host not in self.parties
        return host in self.countries

    def applies_at(self, place: str, sovereign: str) -> bool | None:
        """Whether it applies at a place that is part of `sovereign` (itself for a state).

        An arrangement "outside the parties" does not apply in a party's own territories (the
        Helsinki Treaty: outside the Nordic countries). A listed one applies in a territory
        only when its source names the territory; one that names only the sovereign state is
        not known to apply there (None).
        """
        if self.scope == "unrepresented":
            return place not in self.parties and sovereign not in self.parties
        if place in self.countries:
            return True
        return None if sovereign != place and sovereign in self.countries else False


class ProtectingMandate(Sourced):
    protecting: Code
    protected: Code = Field(alias="for")
    host: Code = Field(alias="in")
    office: Text
    city: Text = ""
    since: Day | None = None
    ended: Day | None = None
    services: Text = ""
    #: False when the mandate covers the diplomatic channel only, no help for citizens.
    consular: Flag = True

    def active_on(self, day: dt.date) -> bool:
        started = self.since is None or self.since <= day
        return started and (self.ended is None or day < self.ended)

    def applies_at(self, place: str, sovereign: str) -> bool | None:
        """Whether it applies at a place that is part of `sovereign`: a mandate for a state is
        not known to apply in its territories unless its source names them (None)."""
        if self.host == place:
            return True
        return None if sovereign != place and self.host == sovereign else False


class _Dialled(_Entry):
    """A number to call: `phone` is what `tel:` dials, `phone_display` the number as written
    (the E.164 form when the file gives none)."""

    phone: Phone
    phone_display: Text

    @model_validator(mode="before")
    @classmethod
    def display_defaults_to_phone(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("phone_display"):
            return {**data, "phone_display": data.get("phone")}
        return data


class OtherPhone(_Dialled):
    note: Text = ""


class EmergencyLine(_Dialled, Sourced):
    country: Code
    ministry: Text
    hours: Text = ""
    web: OptionalHttps = ""
    #: True only when a published source says the line is answered round the clock.
    is_24_7: Flag
    other_phones: tuple[OtherPhone, ...] = ()
    note: Text = ""
    confidence: Literal["high", "medium"] = "medium"


class TerritoryStatus(Sourced):
    """The legal status of a group of territories for the EU rule (`territory_status.toml`)."""

    id: Text
    codes: frozenset[Code] = frozenset()
    other_places: tuple[Text, ...] = ()
    default: Flag = False
    status: Literal["eu_territory", "member_state_outside_eu", "third_country"]
    eu_directive: Literal["applies", "does_not_apply"]
    represented_by: Literal["territory", "territory_or_sovereign"]
    settled: Flag
    reason: Text
    caveat: Text = ""

    @model_validator(mode="after")
    def _consistent(self) -> TerritoryStatus:
        if self.default == bool(self.codes):
            raise PydanticCustomError(
                "codes", "list codes, or set default = true with no codes (not both)"
            )
        if not self.settled and not self.caveat:
            raise PydanticCustomError("caveat", "an unsettled status needs a caveat")
        return self

    @property
    def directive_applies(self) -> bool:
        return self.eu_directive == "applies"


class _File(BaseModel):
    """A data file: its version, and its entries under one table name."""

    model_config = ConfigDict(extra="ignore")
    version: int = 0


class _MembershipFile(_File):
    directive: dict[str, Any] = {}
    member: list[Membership] = Field(min_length=1)


class _SharingFile(_File):
    agreement: list[SharingAgreement] = Field(min_length=1)


class _MandatesFile(_File):
    mandate: list[ProtectingMandate] = Field(min_length=1)


class _LinesFile(_File):
    line: list[EmergencyLine] = Field(min_length=1)


class _StatusFile(_File):
    status: list[TerritoryStatus] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_entry_per_territory(self) -> _StatusFile:
        defaults = [entry.id for entry in self.status if entry.default]
        if len(defaults) != 1:
            raise PydanticCustomError("default", "exactly one entry must be the default")
        seen: set[str] = set()
        for entry in self.status:
            twice = seen & entry.codes
            if twice:
                raise PydanticCustomError(
                    "codes", "{codes} listed twice", {"codes": ", ".join(sorted(twice))}
                )
            seen |= entry.codes
        return self


@dataclass(frozen=True)
class RuleSet:
    eu: tuple[Membership, ...]
    eu_directive: dict[str, Any]
    sharing: tuple[SharingAgreement, ...]
    mandates: tuple[ProtectingMandate, ...]
    lines: dict[str, EmergencyLine]
    versions: dict[str, int]
    territories: tuple[TerritoryStatus, ...] = ()

    def eu_members(self, day: dt.date) -> frozenset[str]:
        return frozenset(m.code for m in self.eu if m.member_on(day))

    def territory_status(self, code: str) -> TerritoryStatus:
        """The status of a territory: its own entry, else the default (a third country's)."""
        for entry in self.territories:
            if code in entry.codes:
                return entry
        return next(entry for entry in self.territories if entry.default)


def _problem(name: str, table: str, error: ErrorDetails) -> str:
    """One validation error as "file: [[table]] entry N: field 'name' what is wrong"."""
    loc = error["loc"]
    if loc[:1] != (table,) or len(loc) < 2:
        if loc == (table,):
            return f"{name}: no [[{table}]] entries"
        field = ".".join(str(part) for part in loc)
        return f"{name}: field {field!r}: {error['msg']}"
    entry = f"{name}: [[{table}]] entry {int(loc[1]) + 1}"
    # Positions inside a field (the second of `other_phones`) count from 1, like entries.
    field = ".".join(str(p + 1) if isinstance(p, int) else p for p in loc[2:])
    if not field:
        return f"{entry}: {error['msg']}"
    if error["type"] == "missing":
        return f"{entry}: missing field {field!r}"
    # "Input should be a valid date" reads "field 'as_of' should be a valid date".
    message = error["msg"].removeprefix("Input ")
    message = message[:1].lower() + message[1:]
    return f"{entry}: field {field!r} {message}, got {error['input']!r}"


FileModel = TypeVar("FileModel", bound=_File)


def _load(name: str, model: type[FileModel], table: str) -> FileModel:
    path = DATA_DIR / name
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise RulesDataError(f"{name}: cannot read ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RulesDataError(f"{name}: not valid TOML ({exc})") from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(name, table, error) for error in exc.errors()]
        raise RulesDataError("\n".join(dict.fromkeys(problems))) from None


@cache
def rules() -> RuleSet:
    """All the data files, validated (read once per process)."""
    eu = _load("eu_membership.toml", _MembershipFile, "member")
    sharing = _load("consular_sharing.toml", _SharingFile, "agreement")
    mandates = _load("protecting_powers.toml", _MandatesFile, "mandate")
    name = "emergency_lines.toml"
    lines_file = _load(name, _LinesFile, "line")
    territories = _load("territory_status.toml", _StatusFile, "status")
    lines: dict[str, EmergencyLine] = {}
    for number, line in enumerate(lines_file.line, start=1):
        if line.country in lines:
            raise RulesDataError(
                f"{name}: [[line]] entry {number}: a second line for {line.country!r}"
            )
        lines[line.country] = line
    return RuleSet(
        eu=tuple(eu.member),
        eu_directive=eu.directive,
        sharing=tuple(sharing.agreement),
        mandates=tuple(mandates.mandate),
        lines=lines,
        territories=tuple(territories.status),
        versions={
            "eu_membership.toml": eu.version,
            "consular_sharing.toml": sharing.version,
            "protecting_powers.toml": mandates.version,
            name: lines_file.version,
            "territory_status.toml": territories.version,
        },
    )
