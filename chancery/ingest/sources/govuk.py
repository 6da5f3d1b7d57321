"""The United Kingdom's own list of its offices abroad, from the GOV.UK Content API (OGL v3.0).

GOV.UK publishes each post as a `worldwide_organisation` ("British Embassy Manila") with one
main office and sometimes more (`worldwide_office` items); an office links to one `contact`
holding its postal address, phone numbers and email addresses. The "Find a British embassy"
page (`embassies_index`) lists, per country, the organisations that receive the public.

- `read_offices(path)` reads saved content items (one file, or a directory of them);
- `fetch_offices(api_url=…)` walks index → organisations → offices on the live API;
- `parse_office(item, where)` turns one office item into a `ContactRecord`.

Plain records only, no ORM. A record's id is the organisation's slug
("british-embassy-manila"): GOV.UK's most stable name for a post, and the one the public
pages and the API show.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chancery.core.weblinks import email_problem
from chancery.directory.models import MissionKind

from ..fetch import FetchError
from ..hours_text import opening_hours_from_html, plain_text
from ..polite import polite_fetch
from ..safe_json import JSONError, load_json
from .records import AddressValue, ContactRecord, PhoneValue, RowError, SourceFormatError

__all__ = [
    "LICENCE",
    "SOURCE_NAME",
    "FetchError",
    "IndexEntry",
    "fetch_offices",
    "index_entries",
    "kind_from_title",
    "opening_hours_from_html",
    "parse_office",
    "read_offices",
]

logger = logging.getLogger(__name__)

SOURCE_NAME = "govuk"
#: The provider's licence is declared in chancery.directory.sourcing.LICENCES["govuk"].
LICENCE = "OGL v3.0"
SITE = "https://www.gov.uk"
SENDING_CODE = "GB"
OFFICE_SCHEMA = "worldwide_office"
ORGANISATION_SCHEMA = "worldwide_organisation"
INDEX_SCHEMA = "embassies_index"
#: A content item is a few kB to a few hundred; the index of every post about 100 kB.
MAX_ITEM_BYTES = 4 * 1024 * 1024
MAX_INDEX_BYTES = 8 * 1024 * 1024
#: Whitehall publishes organisations under this prefix (older items under /government/world).
_ORGANISATION_PATH = re.compile(r"^(?:/government)?/world/organisations/([a-z0-9][a-z0-9-]*)$")
#: A path the index or an organisation may send us to: within the content API, nothing else.
_SAFE_PATH = re.compile(r"^/[a-z0-9][a-z0-9/_.-]*$")

Item = dict[str, Any]


class ItemInvalid(ValueError):
    """One content item cannot give a record; the others still can."""


# --- kinds -------------------------------------------------------------------------------

#: Title phrases and the kind they name, most specific first ("Deputy High Commission" before
#: "High Commission", "Consulate General" before "Consulate").
_KIND_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        # A deputy (or assistant) high commission is how one Commonwealth country styles its
        # consular posts in another: the consulate of the Commonwealth. The model has no kind
        # of its own for it, and "consulate" is what a traveller should understand.
        (r"\b(?:deputy|assistant) high commission(?:er)?\b", MissionKind.CONSULATE),
        (r"\bhigh commission\b", MissionKind.HIGH_COMMISSION),
        (r"\bembassy\b", MissionKind.EMBASSY),
        (r"\bconsulate[- ]general\b", MissionKind.CONSULATE_GENERAL),
        (r"\bvice[- ]consulate\b", MissionKind.VICE_CONSULATE),
        (r"\bhonorary consul(?:ate)?\b", MissionKind.HONORARY_CONSULATE),
        (r"\bconsulate\b", MissionKind.CONSULATE),
        (r"\binterests section\b", MissionKind.INTERESTS_SECTION),
        (r"\bdelegation\b", MissionKind.DELEGATION),
        (r"\b(?:permanent )?(?:mission|representation)\b", MissionKind.PERMANENT_MISSION),
        (
            r"\b(?:british (?:trade (?:and cultural )?)?office|uk government office)\b",
            MissionKind.REPRESENTATIVE_OFFICE,
        ),
        # A consular office under another name (Goa): it helps British nationals.
        (r"\bnationals assistance office\b", MissionKind.OTHER),
    )
)
#: Whitehall's office types (`details.type` on older items) that name a kind.
_OFFICE_TYPES = {
    "embassy": MissionKind.EMBASSY,
    "consulate": MissionKind.CONSULATE,
    "high commission": MissionKind.HIGH_COMMISSION,
    "deputy high commission": MissionKind.CONSULATE,
    "delegation": MissionKind.DELEGATION,
    "joint delegation": MissionKind.DELEGATION,
    "permanent delegation": MissionKind.DELEGATION,
    "permanent representation": MissionKind.PERMANENT_MISSION,
    "mission": MissionKind.PERMANENT_MISSION,
    "british trade and cultural office": MissionKind.REPRESENTATIVE_OFFICE,
    "british interests section": MissionKind.INTERESTS_SECTION,
    "honorary consul": MissionKind.HONORARY_CONSULATE,
}


def kind_from_title(title: str) -> str:
    """The `MissionKind` value a GOV.UK title names ("British Embassy Manila" → "embassy"),
    "" when it names none ("UK Science & Innovation Network in Argentina")."""
    return _kind_match(title)[0]


def _kind_match(title: str) -> tuple[str, re.Match[str] | None]:
    for pattern, kind in _KIND_PHRASES:
        match = pattern.search(title)
        if match:
            return str(kind), match
    return "", None


def _town_in_title(title: str) -> str:
    """The town a post's title ends with: "British Embassy Manila" → "Manila"; "" for "UK
    Mission to the United Nations" (a mission is named after what it is accredited to)."""
    _kind, match = _kind_match(title)
    if match is None:
        return ""
    rest = title[match.end() :].strip(" ,-–")
    rest = re.sub(r"^in\s+", "", rest, flags=re.IGNORECASE)
    if not rest or re.match(r"(?:to|for|of)\b", rest, re.IGNORECASE):
        return ""
    return rest


# --- text --------------------------------------------------------------------------------


#: A text field with GOV.UK's mix of CRLF, CR and LF made into single LFs.
_text = plain_text


def _paragraphs(value: object) -> list[str]:
    """A free text's paragraphs (blank-line separated), each on one line."""
    if not isinstance(value, str):
        return []
    normal = re.sub(r"\r\n|\r", "\n", value)
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", normal) if part.strip()]


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


# --- phones ------------------------------------------------------------------------------

_PHONE_SEPARATOR = re.compile(r"\s+/\s+|\s*;\s*|\s+or\s+|\n", re.IGNORECASE)
#: A trailing "(line open 24/7)": a parenthesised note with a letter in it, unlike "(02)".
_TRAILING_NOTE = re.compile(r"\s*\(([^()]*[A-Za-z][^()]*)\)\s*$")
_LEADING_NOTE = re.compile(r"^([A-Za-z][^:+\d]*):\s*(.+)$")
_MIN_DIGITS = 6
#: A phone-like run of characters inside prose.
_NUMBER_IN_TEXT = re.compile(r"\+?[\d(][\d\s().-]{6,}\d")
CONSULAR_24_7_LABEL = "Consular assistance, 24/7"


def _split_numbers(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """Free text → [(number, note)] and the parts that are not numbers.

    "+63 (02) 8 858 2200 / +44 20 7136 6857 (line open 24/7)" gives two numbers. A note
    written after the last number only, as here, is GOV.UK's way of saying it of all of them;
    when several parts carry notes, each keeps its own."""
    parts = [part.strip() for part in _PHONE_SEPARATOR.split(_text(text)) if part.strip()]
    found: list[tuple[str, str]] = []
    dropped: list[str] = []
    for part in parts:
        note = ""
        trailing = _TRAILING_NOTE.search(part)
        if trailing:
            note, part = trailing.group(1).strip(), part[: trailing.start()].strip()
        leading = _LEADING_NOTE.match(part)
        if leading:
            note = ", ".join(filter(None, (leading.group(1).strip(), note)))
            part = leading.group(2).strip()
        if len(_digits(part)) < _MIN_DIGITS:
            dropped.append(part if not note else f"{part} ({note})")
            continue
        found.append((part, note))
    notes = [note for _number, note in found if note]
    if len(found) > 1 and len(notes) == 1 and found[-1][1]:
        found = [(number, found[-1][1]) for number, _note in found]
    return found, dropped


def _consular_24_7_digits(texts: list[str]) -> set[str]:
    """Digits of the numbers a text gives for round-the-clock consular help.

    GOV.UK's contacts say so in prose ("24/7 consular support is available by telephone …
    Please call +63 …"). A paragraph counts when it speaks of 24/7 (or 24-hour) help, of
    consular work or emergencies, and of the telephone; the numbers written in that
    paragraph are the ones it means. Nothing else is inferred."""
    numbers: set[str] = set()
    for paragraph in texts:
        lower = paragraph.lower()
        if not re.search(r"24/7|24 hours|24-hour", lower):
            continue
        if not re.search(r"consular|emergenc", lower):
            continue
        if not re.search(r"telephone|phone|\bcall\b", lower):
            continue
        numbers.update(_digits(m.group()) for m in _NUMBER_IN_TEXT.finditer(paragraph))
    return {number for number in numbers if len(number) >= _MIN_DIGITS + 1}


def _phones(contact: Item, consular: set[str], warnings: list[str]) -> tuple[list[PhoneValue], str]:
    """The contact's phone numbers with labels, and its fax."""
    phones: list[PhoneValue] = []
    fax = ""
    for entry in _list(contact.get("phone_numbers")):
        if not isinstance(entry, dict):
            continue
        title = _text(entry.get("title")) or "Telephone"
        numbers, dropped = _split_numbers(str(entry.get("number") or ""))
        for part in dropped:
            warnings.append(f"phone {title!r}: {part!r} is not a number; dropped")
        if re.search(r"\bfax\b|facsimile", title, re.IGNORECASE):
            for number, _note in numbers:
                if not fax:
                    fax = number
                elif _digits(number) != _digits(fax):
                    warnings.append(f"second fax number {number!r} dropped (one fax is kept)")
            continue
        for number, note in numbers:
            label = f"{title} ({note})" if note else title
            if _digits(number) in consular:
                label = CONSULAR_24_7_LABEL
            if all(_digits(number) != _digits(kept.number) for kept in phones):
                phones.append(PhoneValue(number, label))
    return phones, fax


# --- one office --------------------------------------------------------------------------

#: Words in a heading or contact title that name a service rather than access or transport.
_SERVICE_WORDS = re.compile(
    r"consular|visa|passport|notar|legali[sz]|document|registration|trade|business|"
    r"emergency|births?|deaths?|marriage",
    re.IGNORECASE,
)


def _dict(value: object) -> Item:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _first(value: object) -> Item:
    items = [item for item in _list(value) if isinstance(item, dict)]
    return items[0] if items else {}


def _organisation(data: Item) -> tuple[str, str, str]:
    """(slug, base_path, title) of the organisation an office belongs to."""
    links = _dict(data.get("links"))
    organisation = _first(links.get("worldwide_organisation")) or _first(links.get("parent"))
    base_path = str(organisation.get("base_path") or "")
    match = _ORGANISATION_PATH.match(base_path)
    if match is None:
        raise ItemInvalid(
            "links.worldwide_organisation[0].base_path is "
            f"{base_path!r}, not /world/organisations/<slug>"
        )
    title = _text(organisation.get("title")) or _text(data.get("title"))
    if not title:
        raise ItemInvalid("the office has no title and its organisation none either")
    return match.group(1), base_path.removeprefix("/government"), " ".join(title.split())


def _split_locality(locality: str, postal_code: str) -> tuple[str, str]:
    """GOV.UK sometimes writes the postcode into the locality ("81675 Munich")."""
    match = re.fullmatch(r"(\d[\d -]{2,9}\d)\s+(\D.*)", locality)
    if match and not postal_code:
        return match.group(2), match.group(1)
    if match and _digits(match.group(1)) == _digits(postal_code):
        return match.group(2), postal_code
    return locality, postal_code


def _address(contact: Item, warnings: list[str]) -> tuple[AddressValue | None, str]:
    """The first postal address, and its country code (upper case, "" when not given)."""
    addresses = [item for item in _list(contact.get("post_addresses")) if isinstance(item, dict)]
    if not addresses:
        return None, ""
    first = addresses[0]
    if len(addresses) > 1:
        warnings.append(f"{len(addresses) - 1} further postal address(es) dropped")
    code = _text(first.get("iso2_country_code")).upper()
    if code and not re.fullmatch(r"[A-Z]{2}", code):
        warnings.append(f"iso2_country_code {code!r} is not a two-letter code; dropped")
        code = ""
    locality, postal_code = _split_locality(
        " ".join(_text(first.get("locality")).split()), _text(first.get("postal_code"))
    )
    address = AddressValue(
        street_address=_text(first.get("street_address")),
        locality=locality,
        region=" ".join(_text(first.get("region")).split()),
        postal_code=postal_code,
        country_code=code,
        language="en",
    )
    return (None if address.is_empty() else address), code


def _email(contact: Item, warnings: list[str]) -> str:
    found = ""
    for entry in _list(contact.get("email_addresses")):
        value = _text(entry.get("email")) if isinstance(entry, dict) else ""
        if not value or value.lower() == found.lower():
            continue
        problem = email_problem(value)
        if problem:
            warnings.append(f"email {value!r} dropped: {problem}")
        elif not found:
            found = value
        else:
            warnings.append(f"second email {value!r} dropped (one email is kept)")
    return found


def _services(data: Item, contact: Item, titles: set[str], headings: list[str]) -> list[str]:
    """Services as GOV.UK names them: `details.services` (older items), the contact's title
    when it names a section ("Consular section"), headings of the access text that name a
    service. "Disabled access" or "Public holidays" are not services."""
    details = _dict(data.get("details"))
    found = [_text(s.get("title")) for s in _list(details.get("services")) if isinstance(s, dict)]
    contact_title = _text(contact.get("title"))
    # "Consular section" names a service; "British Embassy Kabul (operating from Doha)" the post.
    if (
        contact_title
        and contact_title.casefold() not in titles
        and not kind_from_title(contact_title)
        and _SERVICE_WORDS.search(contact_title)
    ):
        found.append(contact_title)
    found.extend(heading for heading in headings if _SERVICE_WORDS.search(heading))
    unique: list[str] = []
    for service in found:
        if service and service.casefold() not in {known.casefold() for known in unique}:
            unique.append(service)
    return unique


def _office_slug(data: Item) -> str:
    return str(data.get("base_path") or "").rstrip("/").rsplit("/", 1)[-1]


def parse_office(data: Item, where: str, *, main: bool = True) -> ContactRecord:
    """One `worldwide_office` content item → a ContactRecord; ItemInvalid when it cannot be.

    `main`: whether it is its organisation's main office (the embassy itself). The main
    office is the organisation's record, under its slug; another office (a consulate the
    same organisation runs in another town) gets "<organisation>/<office slug>"."""
    slug, organisation_path, organisation_title = _organisation(data)
    links = _dict(data.get("links"))
    details = _dict(data.get("details"))
    contact_link = _first(links.get("contact"))
    contact = _dict(contact_link.get("details"))
    contact = {**contact, "title": _text(contact_link.get("title")) or _text(contact.get("title"))}
    warnings: list[str] = []
    if not contact_link:
        warnings.append("the office links no contact: no address, phones or email")

    contact_title = contact["title"]
    own_kind = kind_from_title(contact_title)
    office_type = str(_OFFICE_TYPES.get(_text(details.get("type")).casefold(), ""))
    name = organisation_title
    if main:
        kind = kind_from_title(organisation_title) or office_type or own_kind
    else:
        # Every office item carries its organisation's title; another office's own name, when
        # it has one, is its contact's ("British Consulate Barcelona").
        kind = own_kind or office_type or kind_from_title(organisation_title)
        name = contact_title if own_kind else organisation_title
    if not kind:
        warnings.append(f"kind unknown: {name!r} names no kind of office")

    access = opening_hours_from_html(str(details.get("access_and_opening_times") or ""))
    warnings.extend(access.warnings)
    consular = _consular_24_7_digits(_paragraphs(contact.get("description")) + access.paragraphs)
    phones, fax = _phones(contact, consular, warnings)
    address, host_code = _address(contact, warnings)
    city = address.locality if address else ""
    if not city:
        city = _town_in_title(name)
    if not host_code:
        warnings.append("no iso2_country_code: host country unknown")
    withdrawn = data.get("withdrawn_notice")
    if isinstance(withdrawn, dict) and withdrawn.get("explanation"):
        warnings.append("GOV.UK has withdrawn this page")

    website = SITE + organisation_path
    record_id, record_url = slug, website
    if not main:
        record_id = f"{slug}/{_office_slug(data)}"
        # Only a path of this site: "@evil.example/x" after the host would lead elsewhere.
        path = str(data.get("base_path") or "")
        safe = bool(_SAFE_PATH.fullmatch(path)) and ".." not in path
        record_url = SITE + (path if safe else organisation_path)
    titles = {organisation_title.casefold(), name.casefold()}
    locale = _text(data.get("locale")) or "en"
    return ContactRecord(
        source=SOURCE_NAME,
        record_id=record_id,
        record_url=record_url,
        where=where,
        name=name,
        sending_code=SENDING_CODE,
        kind=kind,
        host_code=host_code,
        city=city,
        phones=phones,
        fax=fax,
        email=_email(contact, warnings),
        website=website,
        address=address,
        opening_hours=access.opening_hours,
        names={locale: name},
        services=_services(data, contact, titles, access.headings),
        warnings=warnings,
    )


# --- organisations -----------------------------------------------------------------------


def _office_links(organisation: Item) -> list[tuple[Item, bool]]:
    """The offices an organisation item lists: (link, is main), main office first."""
    links = _dict(organisation.get("links"))
    found: list[tuple[Item, bool]] = []
    seen: set[str] = set()
    for key, main in (("main_office", True), ("home_page_offices", False)):
        for link in _list(links.get(key)):
            path = str(link.get("base_path") or "") if isinstance(link, dict) else ""
            if path and path not in seen:
                seen.add(path)
                found.append((link, main))
    return found


def _embedded_offices(organisation: Item) -> list[tuple[Item, bool]]:
    """The offices embedded in an organisation item, each rebuilt as the office item GOV.UK
    serves: its contact comes from `links.contacts` through
    `details.office_contact_associations`, its title is the organisation's."""
    links = _dict(organisation.get("links"))
    details = _dict(organisation.get("details"))
    contacts = {
        str(contact.get("content_id")): contact
        for contact in _list(links.get("contacts"))
        if isinstance(contact, dict)
    }
    contact_of = {
        str(pair.get("office_content_id")): str(pair.get("contact_content_id"))
        for pair in _list(details.get("office_contact_associations"))
        if isinstance(pair, dict)
    }
    parent = {
        "base_path": organisation.get("base_path"),
        "title": organisation.get("title"),
    }
    offices = []
    for link, main in _office_links(organisation):
        contact = contacts.get(contact_of.get(str(link.get("content_id")), ""))
        office = {
            "schema_name": OFFICE_SCHEMA,
            "base_path": link.get("base_path"),
            "title": organisation.get("title"),
            "locale": link.get("locale") or organisation.get("locale"),
            "details": _dict(link.get("details")),
            "links": {"contact": [contact] if contact else [], "worldwide_organisation": [parent]},
        }
        offices.append((office, main))
    return offices


# --- files -------------------------------------------------------------------------------


def _schema(data: object) -> str:
    if not isinstance(data, dict):
        return type(data).__name__
    return str(data.get("schema_name") or data.get("document_type") or "none")


def _load_file(path: Path) -> Item:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceFormatError(f"{path}: cannot be read ({exc.strerror})") from None
    if size > MAX_ITEM_BYTES:
        raise SourceFormatError(f"{path.name}: {size} bytes, more than a content item can be")
    try:
        data = load_json(path.read_bytes())
    except JSONError as exc:
        raise SourceFormatError(f"{path.name}: {exc}") from None
    schema = _schema(data)
    if schema not in (OFFICE_SCHEMA, ORGANISATION_SCHEMA):
        raise SourceFormatError(
            f"{path.name}: schema {schema!r} is not a GOV.UK worldwide_office "
            "(or worldwide_organisation) content item"
        )
    return _dict(data)


def read_offices(path: Path) -> Iterator[ContactRecord | RowError]:
    """Records from one saved content item or a directory of them (`*.json`, in name order).

    Every file is read and checked before the first record is yielded, so a wrong file in a
    directory refuses the whole directory (SourceFormatError) rather than half of it. When
    several offices of one organisation are read without it, which is the main one is not
    known: each then gets "<organisation>/<office>" as its id."""
    path = Path(path)
    if path.is_dir():
        files = sorted(child for child in path.iterdir() if child.suffix == ".json")
        if not files:
            raise SourceFormatError(f"{path}: no .json content items in this directory")
    elif path.exists():
        files = [path]
    else:
        raise SourceFormatError(f"{path}: no such file or directory")
    items = [(file, _load_file(file)) for file in files]

    offices: list[tuple[str, Item, bool | None]] = []
    for file, data in items:
        if _schema(data) == ORGANISATION_SCHEMA:
            embedded = _embedded_offices(data)
            if not embedded:
                offices.append((file.name, data, None))  # reported below
            for number, (office, is_main) in enumerate(embedded, start=1):
                offices.append((f"{file.name} office {number}", office, is_main))
        else:
            offices.append((file.name, data, None))

    per_organisation: dict[str, int] = {}
    for _where, data, _main in offices:
        key = _organisation_key(data)
        per_organisation[key] = per_organisation.get(key, 0) + 1
    for line, (where, data, main) in enumerate(offices, start=1):
        if _schema(data) == ORGANISATION_SCHEMA:
            yield RowError(line, f"{where}: the organisation item embeds no offices")
            continue
        if main is None:
            main = per_organisation[_organisation_key(data)] == 1
        try:
            yield parse_office(data, where, main=main)
        except ItemInvalid as exc:
            yield RowError(line, f"{where}: {exc}")


def _organisation_key(data: Item) -> str:
    try:
        return _organisation(data)[0]
    except ItemInvalid:
        return f"?{id(data)}"


# --- live --------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexEntry:
    """One organisation the "Find a British embassy" page lists."""

    path: str
    name: str
    location: str
    #: For a post that serves `location` from another country ("Qatar" for Kabul).
    remote_from: str = ""


def index_entries(index: Item, where: str) -> list[IndexEntry]:
    """The organisations an `embassies_index` item lists, in its order, each once."""
    details = _dict(index.get("details"))
    locations = details.get("world_locations")
    if not isinstance(locations, list):
        raise SourceFormatError(f"{where}: details.world_locations is missing")
    entries: list[IndexEntry] = []
    seen: set[str] = set()
    for location in locations:
        if not isinstance(location, dict):
            continue
        place = _text(location.get("name"))
        candidates = [
            IndexEntry(str(o.get("path") or ""), _text(o.get("name")), place)
            for o in _list(location.get("organisations_with_embassy_offices"))
            if isinstance(o, dict)
        ]
        remote = location.get("remote_office")
        if isinstance(remote, dict):
            candidates.append(
                IndexEntry(
                    str(remote.get("path") or ""),
                    _text(remote.get("name")),
                    place,
                    _text(remote.get("country")),
                )
            )
        for entry in candidates:
            if entry.path and entry.path not in seen:
                seen.add(entry.path)
                entries.append(entry)
    return entries


def _public_problem(title: str) -> str:
    """Why an organisation is not an office the public can turn to, "" when it is."""
    if kind_from_title(title):
        return ""
    return "its title names no embassy, high commission, consulate, mission or office"


class _Api:
    def __init__(self, api_url: str, sleep: Callable[[float], object]) -> None:
        self.base = api_url.rstrip("/")
        self.sleep = sleep

    def url(self, path: str) -> str:
        if not _SAFE_PATH.fullmatch(path) or ".." in path:
            raise SourceFormatError(f"GOV.UK gave the path {path!r}, which is not a content path")
        return f"{self.base}/content{path}"

    def item(self, path: str, schema: str, *, max_bytes: int = MAX_ITEM_BYTES) -> Item:
        url = self.url(path)
        body = polite_fetch(
            url, max_bytes=max_bytes, headers={"Accept": "application/json"}, sleep=self.sleep
        )
        try:
            data = load_json(body)
        except JSONError as exc:
            raise SourceFormatError(f"{url}: {exc}") from None
        if _schema(data) != schema:
            raise SourceFormatError(
                f"{url}: schema {_schema(data)!r} where {schema!r} was expected"
            )
        return _dict(data)


def fetch_offices(
    *,
    api_url: str,
    sleep: Callable[[float], object] = time.sleep,
    limit: int | None = None,
) -> list[ContactRecord | RowError]:
    """Every office the live "Find a British embassy" page lists, read and parsed.

    Index → each organisation → each of its offices. All of it is fetched before anything
    is returned: a failed request (FetchError) or an item in another shape
    (SourceFormatError) raises, so an import never applies half a run. Organisations that
    do not receive the public (science, trade and other networks) are skipped and logged.
    An office of the same organisation in the main office's town is one of its sections
    (the consular section, the visa section): it is folded into the main record. `limit`
    stops after that many organisations, for trial runs."""
    api = _Api(api_url, sleep)
    index = api.item("/world/embassies", INDEX_SCHEMA, max_bytes=MAX_INDEX_BYTES)
    results: list[ContactRecord | RowError] = []
    line = 0
    organisations = 0
    for entry in index_entries(index, api.url("/world/embassies")):
        problem = _public_problem(entry.name)
        if problem:
            logger.info("GOV.UK: skipped %s (%s): %s", entry.name, entry.path, problem)
            continue
        if limit is not None and organisations >= limit:
            break
        organisations += 1
        organisation = api.item(entry.path, ORGANISATION_SCHEMA)
        problem = _public_problem(_text(organisation.get("title")))
        if problem:
            logger.info("GOV.UK: skipped %s: %s", entry.path, problem)
            continue
        offices = _office_links(organisation)
        if not offices:
            line += 1
            results.append(
                RowError(line, f"{api.url(entry.path)}: the organisation lists no offices")
            )
            continue
        parsed: list[tuple[ContactRecord, Item, bool]] = []
        for link, main in offices:
            line += 1
            url = api.url(str(link["base_path"]))
            office = api.item(str(link["base_path"]), OFFICE_SCHEMA)
            try:
                record = parse_office(office, url, main=main)
            except ItemInvalid as exc:
                results.append(RowError(line, f"{url}: {exc}"))
                continue
            if entry.remote_from:
                record.warnings.append(
                    f"GOV.UK lists it as serving {entry.location} from {entry.remote_from}"
                )
            parsed.append((record, office, main))
        results.extend(_fold_sections(parsed))
    return results


def _fold_sections(parsed: list[tuple[ContactRecord, Item, bool]]) -> list[ContactRecord]:
    """The main office's record with its same-town sections folded in, and the offices in
    other towns as records of their own."""
    main = next((record for record, _item, is_main in parsed if is_main), None)
    if main is None:
        return [record for record, _item, _main in parsed]
    kept = [main]
    for record, item, is_main in parsed:
        if is_main:
            continue
        if not (record.city and record.city.casefold() == main.city.casefold()):
            kept.append(record)
            continue
        section = _text(_first(_dict(item.get("links")).get("contact")).get("title"))
        for phone in record.phones:
            if all(_digits(phone.number) != _digits(known.number) for known in main.phones):
                label = phone.label
                if section and section.casefold() != main.name.casefold():
                    label = f"{section}: {label}"
                main.phones.append(PhoneValue(phone.number, label))
        main.fax = main.fax or record.fax
        main.email = main.email or record.email
        main.services.extend(s for s in record.services if s not in main.services)
        main.warnings.append(f"office {record.record_id} in the same town folded into this one")
    return kept
