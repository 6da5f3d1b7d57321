"""Read the database-of-embassies CSV (a Wikidata extract): parse and validate, no ORM.

Yields `MissionRecord`s for good rows and `RowError`s for bad ones; raises `SourceFormatError` when
the file as a whole cannot be read (wrong delimiter, missing columns, not UTF-8, empty).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.html import strip_tags

from chancery.core.weblinks import email_problem, web_address_problem

if TYPE_CHECKING:
    from _csv import Reader as CsvReader

SOURCE_NAME = "wikidata-csv"
DELIMITER = ";"
#: The file's columns, in its order (the CSV export writes them so, before its own).
COLUMNS = (
    "operator",
    "operatorQID",
    "jurisdictions",
    "jurisdictionQIDs",
    "country",
    "countryQID",
    "city",
    "cityQID",
    "address",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
    "facebook",
    "twitter",
    "youtube",
    "picture",
    "pictureAuthor",
    "pictureLicense",
    "pictureLicenseURL",
    "type",
    "typeQID",
    "creation",
    "QID",
)
#: Columns a file may lack: it is still read, with these values left empty.
OPTIONAL_COLUMNS = frozenset(
    {
        "address",
        "facebook",
        "twitter",
        "youtube",
        "picture",
        "pictureAuthor",
        "pictureLicense",
        "pictureLicenseURL",
        "creation",
    }
)
#: A file without one of these is refused as a whole.
REQUIRED_COLUMNS = tuple(column for column in COLUMNS if column not in OPTIONAL_COLUMNS)
#: Zero-width characters found around values in the source.
_EDGE_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_QID_RE = re.compile(r"^(?:https?://www\.wikidata\.org/entity/)?(Q[1-9][0-9]*)$")


class SourceFormatError(Exception):
    """The file cannot be read at all; nothing in it is imported."""


@dataclass(frozen=True)
class EntityRef:
    wikidata_id: str
    label: str


@dataclass
class MissionRecord:
    line: int
    wikidata_id: str
    sending: EntityRef
    host: EntityRef
    jurisdictions: list[EntityRef]
    type_label: str
    type_wikidata_id: str
    city: str = ""
    city_wikidata_id: str = ""
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    phones: list[str] = field(default_factory=list)
    email: str = ""
    website: str = ""
    facebook: str = ""
    twitter: str = ""
    youtube: str = ""
    image_url: str = ""
    image_author: str = ""
    image_licence: str = ""
    image_licence_url: str = ""
    opened_on: dt.date | None = None
    #: Only the live Wikidata source gives the fields below (the CSV has no columns for them).
    #: The language the address (P6375) is written in; its postal code (P281).
    address_language: str = ""
    postal_code: str = ""
    fax: str = ""
    #: When the mission closed (P576 dissolved, P3999 closing date, P582 end time).
    closed_on: dt.date | None = None
    #: Labels and aliases by language code.
    names: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: Fields the row gives a value for that was refused: a mission already stored keeps its own.
    refused: frozenset[str] = frozenset()


#: The record's address fields and the columns they are read from.
ADDRESS_COLUMNS = {
    "email": "email",
    "website": "website",
    "image_url": "picture",
    "image_licence_url": "pictureLicenseURL",
}


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str
    #: The row's QID when it could be read: that mission is in the file, so it is not withdrawn.
    wikidata_id: str = ""


class RowInvalid(ValueError):
    pass


def parse_qid(value: str, column: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if not value:
        if required:
            raise RowInvalid(f"{column} is empty")
        return ""
    match = _QID_RE.match(value)
    if not match:
        raise RowInvalid(f"{column} is not a Wikidata ID: {value!r}")
    return match.group(1)


def _coordinate(value: str, column: str, limit: float) -> float | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise RowInvalid(f"{column} is not a number: {value!r}") from None
    if not -limit <= number <= limit:
        raise RowInvalid(f"{column} {value} is out of range (-{limit:g} to {limit:g})")
    return number


def _date(value: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        raise RowInvalid(f"creation is not a date: {value!r}") from None


def _trimmed(value: str) -> str:
    """The value without spaces or invisible characters around it (Wikidata values sometimes
    end in a zero-width space); invisible characters inside stay, for the checks to refuse."""
    return (value or "").strip().strip(_EDGE_INVISIBLE).strip()


def _url(value: str, column: str, warnings: list[str]) -> str:
    """An http(s) URL that browsers read as it is written; scheme-less forms are completed,
    anything else is dropped with a warning saying why."""
    value = _trimmed(value)
    if not value:
        return ""
    if value.startswith("//"):
        value = f"https:{value}"
    elif re.match(r"^[\w-]+(\.[\w-]+)+(/\S*)?$", value):
        value = f"https://{value}"
    if not re.match(r"^https?://[^\s/]+\.[^\s]+$", value):
        warnings.append(f"{column} is not an http(s) URL, left out: {value!r}")
        return ""
    with translation.override("en"):
        problem = web_address_problem(value)
    if problem:
        warnings.append(f"{column} {value!r} left out. {problem}")
        return ""
    return value


def _email(value: str, warnings: list[str]) -> str:
    """An email address (the source writes "mailto:" before it) with nothing but an address in
    it; anything else is dropped with a warning saying why."""
    value = _trimmed(value)
    with translation.override("en"):
        problem = email_problem(value, allow_mailto=True)
    if problem:
        warnings.append(f"email {value!r} left out. {problem}")
        return ""
    return value


def _entities(labels: str, qids: str) -> list[EntityRef]:
    qid_list = [q for q in (qids or "").split("|") if q.strip()]
    label_list = (labels or "").split("|")
    refs = []
    for position, raw in enumerate(qid_list):
        label = label_list[position].strip() if position < len(label_list) else ""
        refs.append(EntityRef(parse_qid(raw, "jurisdictionQIDs"), label))
    return refs


def parse_row(line: int, row: dict[str, str]) -> MissionRecord:
    sending = EntityRef(parse_qid(row["operatorQID"], "operatorQID"), row["operator"].strip())
    host = EntityRef(parse_qid(row["countryQID"], "countryQID"), row["country"].strip())
    latitude = _coordinate(row["latitude"], "latitude", 90)
    longitude = _coordinate(row["longitude"], "longitude", 180)
    if (latitude is None) != (longitude is None):
        raise RowInvalid("latitude and longitude must be given together")
    warnings: list[str] = []
    record = MissionRecord(
        line=line,
        wikidata_id=parse_qid(row["QID"], "QID"),
        sending=sending,
        host=host,
        jurisdictions=_entities(row["jurisdictions"], row["jurisdictionQIDs"]),
        type_label=row["type"].strip(),
        type_wikidata_id=parse_qid(row["typeQID"], "typeQID", required=False),
        city=row["city"].strip(),
        city_wikidata_id=parse_qid(row["cityQID"], "cityQID", required=False),
        address=(row.get("address") or "").strip(),
        latitude=latitude,
        longitude=longitude,
        phones=[p.strip() for p in re.split(r"[|;]", row["phone"] or "") if p.strip()],
        email=_email(row["email"], warnings),
        website=_url(row["website"], "website", warnings),
        facebook=(row.get("facebook") or "").strip(),
        twitter=(row.get("twitter") or "").strip(),
        youtube=(row.get("youtube") or "").strip(),
        image_url=_url(row.get("picture") or "", "picture", warnings),
        # Credits sometimes arrive as HTML snippets: keep their text.
        image_author=" ".join(strip_tags(row.get("pictureAuthor") or "").split()),
        image_licence=(row.get("pictureLicense") or "").strip(),
        image_licence_url=_url(row.get("pictureLicenseURL") or "", "pictureLicenseURL", warnings),
        opened_on=_date(row.get("creation") or ""),
        warnings=warnings,
    )
    record.refused = frozenset(
        name
        for name, column in ADDRESS_COLUMNS.items()
        if _trimmed(row.get(column) or "") and not getattr(record, name)
    )
    return record


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceFormatError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise SourceFormatError(f"{path}: the file is empty")
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = bom + exc.start
        line = data.count(b"\n", 0, offset) + 1
        raise SourceFormatError(
            f"{path}, line {line}: the file is not UTF-8 (byte {data[offset]:#04x} "
            f"at offset {offset})"
        ) from exc


def check_header(path: Path, header: list[str]) -> None:
    if len(header) <= 1:
        found = header[0] if header else ""
        other = next((d for d in (",", "\t", "|") if d in found), None)
        hint = f" (it looks {other!r}-separated)" if other else ""
        raise SourceFormatError(
            f"{path}, line 1: expected a header separated by {DELIMITER!r}{hint}"
        )
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise SourceFormatError(f"{path}, line 1: missing columns: {', '.join(missing)}")


def read_missions(path: Path) -> Iterator[MissionRecord | RowError]:
    """Parse the whole file; raises SourceFormatError before yielding anything if it is unusable."""
    text = read_text(path)
    # The format has no quoting: a '"' is part of the value (authors' names, HTML credits).
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=DELIMITER, quoting=csv.QUOTE_NONE)
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration:
        raise SourceFormatError(f"{path}: the file is empty") from None
    check_header(path, header)
    width = len([c for c in header if c])
    return _rows(reader, header, width, path)


def _rows(
    reader: CsvReader, header: list[str], width: int, path: Path
) -> Iterator[MissionRecord | RowError]:
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = reader.line_num
            raise SourceFormatError(f"{path}, line {line}: unreadable CSV ({exc})") from exc
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) < width:
            yield RowError(line, f"expected {width} fields, found {len(values)}")
            continue
        row = dict(zip(header, values, strict=False))
        try:
            yield parse_row(line, row)
        except RowInvalid as exc:
            match = _QID_RE.match((row.get("QID") or "").strip())
            yield RowError(line, str(exc), match.group(1) if match else "")
