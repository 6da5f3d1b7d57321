"""The plain records contact sources yield (no ORM): what one record of one source says about
one diplomatic office, before it is matched to a mission.

A source module (`osm`, `govuk`, …) reads its format and yields `ContactRecord`s for the
records it could read and `RowError`s for those it could not; `SourceFormatError` when the
input as a whole is unusable. Everything else (matching, precedence, writing) happens above.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .wikidata_csv import RowError, SourceFormatError

__all__ = ["AddressValue", "ContactRecord", "PhoneValue", "RowError", "SourceFormatError"]


@dataclass(frozen=True)
class PhoneValue:
    """One number as the source writes it, with the source's label for it."""

    number: str
    #: "Consular assistance, 24/7", "Telephone" … ("" when the source gives none).
    label: str = ""


@dataclass(frozen=True)
class AddressValue:
    """A postal address in parts; `text` alone when the source gives one line."""

    street_address: str = ""
    locality: str = ""
    region: str = ""
    postal_code: str = ""
    #: ISO 3166-1 alpha-2 of the country the address is in ("" when unknown).
    country_code: str = ""
    #: The language the address is written in (Wikidata's monolingual text), "" unknown.
    language: str = ""
    #: The address as one text, when the source does not split it.
    text: str = ""

    def is_empty(self) -> bool:
        return not any(
            (self.street_address, self.locality, self.region, self.postal_code, self.text)
        )


@dataclass
class ContactRecord:
    """One office as one source record describes it."""

    #: The provider: "osm", "govuk" …
    source: str
    #: The record's id in its source: "node/3483711795", "british-embassy-manila".
    record_id: str
    #: Where a person can read the record.
    record_url: str
    #: Where in the input the record was found (feature index, file name), for messages.
    where: str
    name: str = ""
    #: The sending state as an ISO 3166-1 alpha-2 code (or a polity code the countries know,
    #: such as "EU"); "" when the record does not say and its name does not either.
    sending_code: str = ""
    #: A `MissionKind` value, "" when unknown.
    kind: str = ""
    latitude: float | None = None
    longitude: float | None = None
    #: ISO alpha-2 of the country the office stands in, when the record says ("" otherwise).
    host_code: str = ""
    #: For a permanent mission or delegation: the organisation or state it is accredited to.
    target: str = ""
    city: str = ""
    #: A Wikidata item the record says it describes ("wikidata", "subject:wikidata" tags).
    wikidata_id: str = ""
    phones: list[PhoneValue] = field(default_factory=list)
    fax: str = ""
    email: str = ""
    website: str = ""
    address: AddressValue | None = None
    #: OpenStreetMap opening_hours syntax.
    opening_hours: str = ""
    #: Names by language code.
    names: dict[str, str] = field(default_factory=dict)
    closed_on: dt.date | None = None
    #: Services offered, as the source names them ("Passports", "Visas").
    services: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
