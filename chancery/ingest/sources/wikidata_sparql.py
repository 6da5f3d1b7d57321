"""Read diplomatic missions live from the Wikidata Query Service (SPARQL): no ORM.

The same data as the CSV extract (`wikidata_csv`), asked for directly, with what the extract
lacks: street address (P6375, with its language), postal code, fax, closures and labels and
aliases in the site's languages.

How the work is split. One small query lists the host countries (P17) that have missions and
how many each has; then one query per batch of host countries asks for those countries'
missions, so each request stays well inside the service's 60-second limit. A last query asks
for missions with no country at all (they are reported as rejected, and so are not withdrawn).

Why UNION rather than one row per combination. Every value of a mission comes back on its
own row (one branch of a UNION per property), so a mission with 3 phones, 7 labels and 12
aliases gives 22 rows rather than 252. `parse_results` groups rows per item whatever their
shape, so a result set written as a join (one row per combination) reads the same.

Labels come from rdfs:label / skos:altLabel filtered by language, not from the label
service, which is slow when asked for many languages at once.

All pages are fetched and checked before anything is returned: a failed request, a page
that is not JSON or is cut short, or a page without the expected variables raises, and the
import never starts. `line` in the records and errors is the 1-based position of the item
among the items of the whole result set (every page, in order of first appearance).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from tqdm import tqdm

from ..fetch import FetchError
from ..polite import polite_fetch
from .wikidata_csv import (
    _QID_RE,
    EntityRef,
    MissionRecord,
    RowError,
    RowInvalid,
    SourceFormatError,
    _coordinate,
    _date,
    _email,
    _trimmed,
    _url,
    parse_qid,
)

__all__ = [
    "HOSTS_QUERY",
    "SOURCE_NAME",
    "FetchError",
    "SourceFormatError",
    "fetch_missions",
    "host_batches",
    "host_counts",
    "missions_query",
    "parse_results",
    "read_missions",
]

SOURCE_NAME = "wikidata-sparql"
#: The class every diplomatic mission is an instance of (through its subclasses).
MISSION_CLASS = "Q7843791"
#: Human settlement: the town P131 is walked up to.
SETTLEMENT_CLASS = "Q486972"
#: Labels and aliases are kept in these languages; addresses in several languages are
#: chosen in this order too.
LANGUAGES = ("en", "fr", "es", "de", "ru", "ar", "zh")
#: Missions asked for in one request: a few hundred answer in a few seconds.
BATCH_MISSIONS = 300
#: Host countries in one request, so that the URL stays short.
BATCH_HOSTS = 40
#: One page of results is a few megabytes; this leaves room without accepting anything.
MAX_PAGE_BYTES = 64 * 1024 * 1024
ACCEPT = "application/sparql-results+json"
_ENTITY = "http://www.wikidata.org/entity/"
_EARTH = f"{_ENTITY}Q2"
_POINT_RE = re.compile(r"^\s*(?:<([^>]*)>\s*)?point\s*\(\s*(\S+)\s+(\S+)\s*\)\s*$", re.IGNORECASE)

PREFIXES = """
PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

HOSTS_VARIABLES = ("country", "missions")
HOSTS_QUERY = f"""{PREFIXES}
SELECT ?country (COUNT(DISTINCT ?m) AS ?missions) WHERE {{
  ?class wdt:P279* wd:{MISSION_CLASS} .
  ?m wdt:P31 ?class .
  OPTIONAL {{ ?m wdt:P17 ?country }}
}} GROUP BY ?country
"""

#: Entities whose English label comes with them (?type → ?typeLabel …).
ENTITY_VARIABLES = ("type", "operator", "country", "jurisdiction")
#: The walk from P131 up to a town: the first place, each place above it, its parent, and
#: whether it is a settlement.
PLACE_VARIABLES = ("adm", "place", "placeParent", "placeIsTown", "placeLabel")
#: One value each (the first is kept when there are several).
VALUE_VARIABLES = {
    "coord": "P625",
    "address": "P6375",
    "postalCode": "P281",
    "phone": "P1329",
    "fax": "P2900",
    "email": "P968",
    "website": "P856",
    "image": "P18",
    "facebook": "P2013",
    "twitter": "P2002",
    "youtube": "P2397",
    "inception": "P571",
    "dissolved": "P576",
    "closing": "P3999",
    "endTime": "P582",
}
CLOSURE_VARIABLES = ("dissolved", "closing", "endTime")
#: Every variable a page of missions must declare: a page without one was not made by this
#: query (the format changed).
VARIABLES = (
    "m",
    *(name for entity in ENTITY_VARIABLES for name in (entity, f"{entity}Label")),
    *PLACE_VARIABLES,
    *VALUE_VARIABLES,
    "label",
    "alias",
)
_PROPERTY = {"type": "P31", "operator": "P137", "country": "P17", "jurisdiction": "P1001"}


def _english_label(variable: str) -> str:
    return (
        f"OPTIONAL {{ ?{variable} rdfs:label ?{variable}Label . "
        f'FILTER(LANG(?{variable}Label) = "en") }}'
    )


def missions_query(hosts: Sequence[str]) -> str:
    """The query for the missions in `hosts` (QIDs of host countries); with no hosts, for
    the missions that have no country (P17) at all."""
    if hosts:
        scope = f"VALUES ?host {{ {' '.join(f'wd:{qid}' for qid in hosts)} }} ?m wdt:P17 ?host ."
    else:
        scope = "FILTER NOT EXISTS { ?m wdt:P17 ?anyHost }"
    languages = ", ".join(f'"{lang}"' for lang in LANGUAGES)
    entity_branches = [
        f"{{ ?m wdt:P31 ?type . ?type wdt:P279* wd:{MISSION_CLASS} . {_english_label('type')} }}",
        *(
            f"{{ ?m wdt:{_PROPERTY[name]} ?{name} . {_english_label(name)} }}"
            for name in ENTITY_VARIABLES[1:]
        ),
    ]
    # The nearest settlement is picked from the walk afterwards: SPARQL paths give no depth.
    place_branch = (
        "{ ?m wdt:P131 ?adm . ?adm wdt:P131* ?place . "
        "OPTIONAL { ?place wdt:P131 ?placeParent } "
        f"BIND(EXISTS {{ ?place wdt:P31/wdt:P279* wd:{SETTLEMENT_CLASS} }} AS ?placeIsTown) "
        f"{_english_label('place')} }}"
    )
    value_branches = [f"{{ ?m wdt:{prop} ?{name} }}" for name, prop in VALUE_VARIABLES.items()]
    label_branches = [
        f"{{ ?m rdfs:label ?label . FILTER(LANG(?label) IN ({languages})) }}",
        f"{{ ?m skos:altLabel ?alias . FILTER(LANG(?alias) IN ({languages})) }}",
    ]
    branches = "\n  UNION ".join([*entity_branches, place_branch, *value_branches, *label_branches])
    return f"""{PREFIXES}
SELECT {" ".join(f"?{name}" for name in VARIABLES)} WHERE {{
  {{ SELECT DISTINCT ?m WHERE {{
    {scope}
    ?m wdt:P31 ?class .
    ?class wdt:P279* wd:{MISSION_CLASS} .
  }} }}
  {branches}
}}
"""


def host_batches(
    counts: dict[str, int], *, limit: int = BATCH_MISSIONS, max_hosts: int = BATCH_HOSTS
) -> list[tuple[str, ...]]:
    """Host countries packed into requests of about `limit` missions each (a country with
    more has a request of its own), in QID order so that the pages are the same each run."""
    batches: list[tuple[str, ...]] = []
    current: list[str] = []
    size = 0
    for qid in sorted(counts, key=lambda q: int(q[1:])):
        if current and (size + counts[qid] > limit or len(current) >= max_hosts):
            batches.append(tuple(current))
            current, size = [], 0
        current.append(qid)
        size += counts[qid]
    if current:
        batches.append(tuple(current))
    return batches


# --- Reading pages ----------------------------------------------------------------------------

Binding = dict[str, dict[str, str]]


def _json(data: bytes, where: str) -> object:
    if not data.strip():
        raise SourceFormatError(f"{where}: the answer is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceFormatError(f"{where}: not UTF-8 (byte offset {exc.start})") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        # A page cut short (the service stops writing when a query runs out of time) ends
        # inside a string or before the document closes.
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            problem = "the JSON ends too early (the answer was cut short)"
        else:
            problem = f"not valid JSON ({exc.msg})"
        raise SourceFormatError(
            f"{where}, line {exc.lineno} column {exc.colno}: {problem}"
        ) from exc


def _bindings(data: bytes, where: str, required: Sequence[str]) -> list[Binding]:
    """The rows of one SPARQL JSON results document, checked for the shape this module reads
    (W3C SPARQL 1.1 Query Results JSON Format)."""
    document = _json(data, where)
    head = document.get("head") if isinstance(document, dict) else None
    names = head.get("vars") if isinstance(head, dict) else None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise SourceFormatError(f"{where}: no head.vars (not SPARQL JSON results)")
    missing = [name for name in required if name not in names]
    if missing:
        raise SourceFormatError(
            f"{where}: missing variables {', '.join(f'?{n}' for n in missing)} "
            "(the query or the format changed)"
        )
    results = document.get("results") if isinstance(document, dict) else None
    rows = results.get("bindings") if isinstance(results, dict) else None
    if not isinstance(rows, list):
        raise SourceFormatError(f"{where}: no results.bindings (not SPARQL JSON results)")
    for number, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            raise SourceFormatError(f"{where}, binding {number}: not an object")
        for name, term in row.items():
            if not (
                isinstance(term, dict)
                and isinstance(term.get("type"), str)
                and isinstance(term.get("value"), str)
            ):
                raise SourceFormatError(
                    f"{where}, binding {number}, ?{name}: not an RDF term (type and value)"
                )
    return rows


def host_counts(data: bytes, where: str) -> tuple[dict[str, int], int]:
    """The answer to HOSTS_QUERY: host QID → missions, and the missions with no host."""
    counts: dict[str, int] = {}
    without = 0
    for number, row in enumerate(_bindings(data, where, HOSTS_VARIABLES), 1):
        value = row.get("missions", {}).get("value", "")
        if not value.isdigit():
            raise SourceFormatError(f"{where}, binding {number}: ?missions is not a count")
        if "country" not in row:
            without += int(value)
            continue
        match = _QID_RE.match(row["country"]["value"])
        if match:  # an unknown value ("somevalue") is no host to ask about
            counts[match.group(1)] = counts.get(match.group(1), 0) + int(value)
    return counts, without


@dataclass
class _Item:
    """Everything the rows say about one mission, before it is read into a record."""

    qid: str
    values: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # entity QID → English label
    parents: dict[str, list[str]] = field(default_factory=dict)  # place → places above it
    towns: set[str] = field(default_factory=set)
    starts: list[str] = field(default_factory=list)  # the places P131 names directly

    def add(self, name: str, term: dict[str, str]) -> None:
        terms = self.values.setdefault(name, [])
        if term not in terms:
            terms.append(term)

    def first(self, name: str) -> str:
        terms = self.values.get(name)
        return _trimmed(terms[0]["value"]) if terms else ""


def _group(pages: Iterable[tuple[str, list[Binding]]]) -> dict[str, _Item]:
    """Rows grouped per item, items in order of first appearance across the pages."""
    items: dict[str, _Item] = {}
    for where, rows in pages:
        for number, row in enumerate(rows, 1):
            subject = row.get("m", {}).get("value", "")
            match = _QID_RE.match(subject)
            if not match:
                raise SourceFormatError(
                    f"{where}, binding {number}: ?m is not a Wikidata item: {subject!r}"
                )
            item = items.setdefault(match.group(1), _Item(match.group(1)))
            _collect(item, row)
    return items


def _collect(item: _Item, row: Binding) -> None:
    for name in ENTITY_VARIABLES:
        if name in row:
            item.add(name, row[name])
            label = row.get(f"{name}Label", {}).get("value", "")
            if label:
                item.labels.setdefault(row[name]["value"], label.strip())
    if "place" in row:
        place = row["place"]["value"]
        if "adm" in row and row["adm"]["value"] not in item.starts:
            item.starts.append(row["adm"]["value"])
        parents = item.parents.setdefault(place, [])
        parent = row.get("placeParent", {}).get("value", "")
        if parent and parent not in parents:
            parents.append(parent)
        if row.get("placeIsTown", {}).get("value") in ("true", "1"):
            item.towns.add(place)
        if row.get("placeLabel", {}).get("value"):
            item.labels.setdefault(place, row["placeLabel"]["value"].strip())
    for name in (*VALUE_VARIABLES, "label", "alias"):
        if name in row:
            item.add(name, row[name])


# --- Items into records -----------------------------------------------------------------------


def _qid_number(qid: str) -> int:
    return int(qid[1:])


def _choose(item: _Item, name: str, warnings: list[str]) -> EntityRef | None:
    """The entity `name` names: with several, the most specific type (the generic "diplomatic
    mission" gives way to any other) and else the lowest QID, the same one every run; a
    value that is no item (an unknown value) is left out with a warning."""
    qids: list[str] = []
    for term in item.values.get(name, []):
        try:
            qid = parse_qid(term["value"], f"{name} ({_PROPERTY[name]})")
        except RowInvalid as exc:
            warnings.append(f"{exc}, left out")
            continue
        if qid not in qids:
            qids.append(qid)
    if name == "type" and len(qids) > 1 and MISSION_CLASS in qids:
        qids.remove(MISSION_CLASS)
    if not qids:
        return None
    qids.sort(key=_qid_number)
    if len(qids) > 1:
        warnings.append(
            f"several values for {name} ({_PROPERTY[name]}): {', '.join(qids)}; took {qids[0]}"
        )
    return EntityRef(qids[0], item.labels.get(f"{_ENTITY}{qids[0]}", ""))


def _jurisdictions(item: _Item, warnings: list[str]) -> list[EntityRef]:
    refs: list[EntityRef] = []
    for term in item.values.get("jurisdiction", []):
        try:
            qid = parse_qid(term["value"], "jurisdiction (P1001)")
        except RowInvalid as exc:
            warnings.append(f"{exc}, left out")
            continue
        if all(ref.wikidata_id != qid for ref in refs):
            refs.append(EntityRef(qid, item.labels.get(term["value"], "")))
    return refs


def _point(item: _Item, warnings: list[str]) -> tuple[float | None, float | None]:
    """The coordinates (P625, WKT "Point(longitude latitude)"); the first when there are
    several, with a warning."""
    terms = item.values.get("coord", [])
    if not terms:
        return None, None
    if len(terms) > 1:
        warnings.append(f"{len(terms)} coordinates (P625); took {terms[0]['value']!r}")
    match = _POINT_RE.match(terms[0]["value"])
    if not match:
        raise RowInvalid(f"coordinates (P625) are not a WKT point: {terms[0]['value']!r}")
    globe, longitude, latitude = match.groups()
    if globe and globe != _EARTH:
        warnings.append(f"coordinates (P625) are on another globe ({globe}), left out")
        return None, None
    return (
        _coordinate(latitude, "latitude (P625)", 90),
        _coordinate(longitude, "longitude (P625)", 180),
    )


def _town(item: _Item) -> tuple[str, str]:
    """The nearest settlement above the place P131 names (breadth first), else that place."""
    queue = list(item.starts)
    seen = set(queue)
    while queue:
        place = queue.pop(0)
        if place in item.towns:
            return place, item.labels.get(place, "")
        for parent in item.parents.get(place, []):
            if parent not in seen:
                seen.add(parent)
                queue.append(parent)
    if item.starts:
        return item.starts[0], item.labels.get(item.starts[0], "")
    return "", ""


def _address(item: _Item, warnings: list[str]) -> tuple[str, str]:
    """The street address (P6375) and its language; with several, the first in LANGUAGES
    order, then by language code."""
    terms = item.values.get("address", [])
    if not terms:
        return "", ""

    def order(term: dict[str, str]) -> tuple[int, str]:
        lang = term.get("xml:lang", "")
        return (LANGUAGES.index(lang) if lang in LANGUAGES else len(LANGUAGES), lang)

    chosen = sorted(terms, key=order)[0]
    if len(terms) > 1:
        others = ", ".join(t.get("xml:lang", "?") for t in terms if t is not chosen)
        warnings.append(
            f"addresses (P6375) in several languages; kept {chosen.get('xml:lang', '?')}, "
            f"left out {others}"
        )
    return _trimmed(chosen["value"]), chosen.get("xml:lang", "")


def _day(value: str, what: str, warnings: list[str]) -> dt.date | None:
    """An xsd:dateTime as a date; a value that is not one (an unknown value, a date before
    the year 1) is left out with a warning."""
    try:
        return _date(value)
    except RowInvalid:
        warnings.append(f"{what} is not a date, left out: {value!r}")
        return None


def _closed_on(item: _Item, warnings: list[str]) -> dt.date | None:
    """The earliest of the closure dates (P576 dissolved, P3999 closed, P582 end time)."""
    dates = []
    for name in CLOSURE_VARIABLES:
        what = f"{name} ({VALUE_VARIABLES[name]})"
        for term in item.values.get(name, []):
            if term["type"] != "literal":  # "unknown value": closed, but when is not known
                warnings.append(f"{what} has no date; the closure is not recorded")
                continue
            day = _day(term["value"], what, warnings)
            if day is not None:
                dates.append(day)
    return min(dates) if dates else None


def _names(item: _Item) -> tuple[dict[str, str], dict[str, list[str]]]:
    names: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}
    for term in item.values.get("label", []):
        lang, text = term.get("xml:lang", ""), term["value"].strip()
        if lang in LANGUAGES and text:
            names.setdefault(lang, text)
    for term in item.values.get("alias", []):
        lang, text = term.get("xml:lang", ""), term["value"].strip()
        if lang in LANGUAGES and text and text not in aliases.setdefault(lang, []):
            aliases[lang].append(text)
    return names, {lang: texts for lang, texts in aliases.items() if texts}


def _record(line: int, item: _Item) -> MissionRecord:
    warnings: list[str] = []
    sending = _choose(item, "operator", warnings)
    if sending is None:
        raise RowInvalid("no operator (P137): the sending state is not known")
    host = _choose(item, "country", warnings)
    if host is None:
        raise RowInvalid("no country (P17): the host state is not known")
    kind = _choose(item, "type", warnings) or EntityRef("", "")
    latitude, longitude = _point(item, warnings)
    town_uri, town_label = _town(item)
    address, address_language = _address(item, warnings)
    names, aliases = _names(item)
    phones: list[str] = []
    for term in item.values.get("phone", []):
        number = _trimmed(term["value"])
        if number and number not in phones:
            phones.append(number)
    inception = item.first("inception")
    record = MissionRecord(
        line=line,
        wikidata_id=item.qid,
        sending=sending,
        host=host,
        jurisdictions=_jurisdictions(item, warnings),
        type_label=kind.label,
        type_wikidata_id=kind.wikidata_id,
        city=town_label,
        city_wikidata_id=parse_qid(town_uri, "town (P131)", required=False),
        address=address,
        address_language=address_language,
        postal_code=item.first("postalCode"),
        latitude=latitude,
        longitude=longitude,
        phones=phones,
        fax=item.first("fax"),
        email=_email(item.first("email"), warnings) if item.first("email") else "",
        website=_url(item.first("website"), "website (P856)", warnings),
        facebook=item.first("facebook"),
        twitter=item.first("twitter"),
        youtube=item.first("youtube"),
        image_url=_url(item.first("image"), "image (P18)", warnings),
        opened_on=_day(inception, "inception (P571)", warnings) if inception else None,
        closed_on=_closed_on(item, warnings),
        names=names,
        aliases=aliases,
        warnings=warnings,
    )
    # A value given but refused: a mission already stored keeps its own (as for the CSV).
    given = {"email": "email", "website": "website", "image_url": "image"}
    record.refused = frozenset(
        name
        for name, variable in given.items()
        if item.first(variable) and not getattr(record, name)
    )
    return record


def _records(pages: Iterable[tuple[str, list[Binding]]]) -> list[MissionRecord | RowError]:
    records: list[MissionRecord | RowError] = []
    for line, item in enumerate(_group(pages).values(), 1):
        try:
            records.append(_record(line, item))
        except RowInvalid as exc:
            records.append(RowError(line, f"{item.qid}: {exc}", item.qid))
    return records


def parse_results(data: bytes, where: str) -> list[MissionRecord | RowError]:
    """One SPARQL JSON results document (a page of missions) read into records; `where`
    names it in errors. SourceFormatError when the document is not such a page."""
    return _records([(where, _bindings(data, where, VARIABLES))])


# --- Files and the live service ---------------------------------------------------------------


def read_missions(path: Path) -> Iterator[MissionRecord | RowError]:
    """The missions in a SPARQL JSON results file, or in a directory of them (the pages, read
    in name order). Every page is read and checked before the first record is returned."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix == ".json")
        if not files:
            raise SourceFormatError(f"{path}: no .json files in this directory")
    elif path.is_file():
        files = [path]
    else:
        raise SourceFormatError(f"{path}: no such file or directory")
    pages = []
    for file in files:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise SourceFormatError(f"{file}: cannot be read ({exc.strerror or exc})") from exc
        pages.append((str(file), _bindings(data, str(file), VARIABLES)))
    return iter(_records(pages))


def _ask(endpoint: str, query: str, where: str, sleep: Callable[[float], object]) -> bytes:
    """The answer to `query`, retried when the service says it is busy; a FetchError names
    `where` rather than the URL, which holds the whole query."""
    # Whitespace is collapsed to keep the URL short; the queries hold no string with spaces.
    url = f"{endpoint}?{urlencode({'query': ' '.join(query.split())})}"
    try:
        return polite_fetch(url, max_bytes=MAX_PAGE_BYTES, headers={"Accept": ACCEPT}, sleep=sleep)
    except FetchError as exc:
        raise FetchError(
            where, exc.problem, status=exc.status, retry_after=exc.retry_after
        ) from exc


def fetch_missions(
    endpoint: str, *, progress: bool = False, sleep: Callable[[float], object] = time.sleep
) -> list[MissionRecord | RowError]:
    """Every mission Wikidata knows, asked for page by page at `endpoint`. Raises FetchError
    or SourceFormatError, before returning anything, when any page fails."""
    where = f"{endpoint} (host countries)"
    counts, without = host_counts(_ask(endpoint, HOSTS_QUERY, where, sleep), where)
    batches = host_batches(counts, limit=BATCH_MISSIONS, max_hosts=BATCH_HOSTS)
    if without:
        batches.append(())
    pages: list[tuple[str, list[Binding]]] = []
    for number, hosts in enumerate(
        tqdm(batches, desc="Asking Wikidata", unit="page", disable=not progress), 1
    ):
        scope = f"hosts {' '.join(hosts)}" if hosts else "missions without a country"
        where = f"{endpoint}, page {number} of {len(batches)} ({scope})"
        data = _ask(endpoint, missions_query(hosts), where, sleep)
        pages.append((where, _bindings(data, where, VARIABLES)))
    return _records(pages)
