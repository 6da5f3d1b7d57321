"""Import missions: validate records, upsert on the Wikidata ID, record an ImportRun.

Records become field values here (names, kinds, the host of a self-hosted mission, phone
numbers read in the host's plan); the directory's door (`missions_import_write`) writes them,
which keeps editors' values and records the history of what changes.

All-or-nothing: everything a run writes happens in one transaction, so a failure or a killed
process leaves the database as it was.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from tqdm import tqdm

from chancery.core.geo import nearest_place
from chancery.core.text import without_controls
from chancery.countries.models import Country
from chancery.countries.places import territories_of
from chancery.countries.services import countries_sync
from chancery.directory.models import Mission, MissionStatus
from chancery.directory.naming import kind_for_label, mission_name
from chancery.directory.placing import Placer
from chancery.directory.services import (
    BATCH_SIZE,
    MissionRow,
    MissionWrite,
    missions_import_write,
)
from chancery.directory.source_values import (
    LinkEntry,
    SourcedValue,
    columns_from,
    missions_sources_apply,
    source_links_write,
    sourced_values,
)
from chancery.directory.sourcing import SOURCED_FIELDS, provider_of

from .models import ImportKind, ImportRun
from .runs import import_run_finish, import_run_start, import_transaction
from .sources.wikidata_csv import SOURCE_NAME, MissionRecord, RowError
from .town_memo import TownMemo

#: Bump when the way records become field values changes, so that the next run rewrites them.
NORMALISATION_VERSION = 3


@dataclass
class ImportReport:
    location: str
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    countries_created: int = 0
    conflicts: int = 0
    rejected: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False
    run_id: int | None = None

    def summary(self) -> str:
        return (
            f"{self.rows_read} rows read: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.withdrawn} withdrawn, "
            f"{len(self.rejected)} rejected; {self.countries_created} countries created"
            + (
                f"; {self.conflicts} conflicts with editors' changes sent to the moderation queue"
                if self.conflicts
                else ""
            )
        )


def missions_import(
    items: Iterable[MissionRecord | RowError],
    *,
    location: str,
    source: str = SOURCE_NAME,
    dry_run: bool = False,
    progress: bool = False,
) -> ImportReport:
    """Upsert the missions of one complete source file; see the module docstring."""
    report = ImportReport(location=location, dry_run=dry_run)
    records = _accept(items, report)
    # Missions whose rows were rejected are still in the file: keep them as they are.
    keep = {error.wikidata_id for error in report.rejected if error.wikidata_id}
    entities: dict[str, Counter[str]] = {}
    for record in records:
        for ref in (record.sending, record.host, *record.jurisdictions):
            entities.setdefault(ref.wikidata_id, Counter())[ref.label] += 1

    started = timezone.now()
    with import_transaction(source=source, dry_run=dry_run):
        sync = countries_sync(entities)
        report.countries_created = sync.created
        report.warnings.extend(sync.warnings)
        run = import_run_start(ImportKind.MISSIONS, source, location, started_at=started)
        run.save()
        _write_missions(records, sync.by_wikidata_id, run, report, source, progress, keep)
        run.rows_read = report.rows_read
        run.created, run.updated = report.created, report.updated
        run.unchanged, run.withdrawn = report.unchanged, report.withdrawn
        run.countries_created = report.countries_created
        import_run_finish(
            run,
            rejections=[{"line": e.line, "reason": e.reason} for e in report.rejected],
            warnings=report.warnings,
        )
        report.run_id = None if dry_run else run.pk
    return report


def _accept(items: Iterable[MissionRecord | RowError], report: ImportReport) -> list[MissionRecord]:
    """Split good records from rejected rows; a QID seen twice keeps its first row."""
    records: list[MissionRecord] = []
    first_line: dict[str, int] = {}
    for item in items:
        report.rows_read += 1
        if isinstance(item, RowError):
            report.rejected.append(item)
            continue
        if item.wikidata_id in first_line:
            report.rejected.append(
                RowError(
                    item.line,
                    f"QID {item.wikidata_id} already appears on line "
                    f"{first_line[item.wikidata_id]}",
                )
            )
            continue
        first_line[item.wikidata_id] = item.line
        report.warnings.extend(f"line {item.line}: {warning}" for warning in item.warnings)
        records.append(item)
    return records


def _self_hosted_fix(
    record: MissionRecord, sender: Country, countries: dict[str, Country]
) -> tuple[Country, str] | None:
    """The real host of a mission the source places in its own country, and how it was found.

    Wikidata sometimes gives an embassy's operator as its country ("Embassy of Australia",
    country Australia, city Tokyo). The host is then the jurisdiction where the coordinates
    fall, else the country the coordinates fall in, else the only jurisdiction.
    """
    jurisdictions = [
        countries[ref.wikidata_id]
        for ref in record.jurisdictions
        if countries[ref.wikidata_id].pk != sender.pk
    ]
    if record.latitude is not None and record.longitude is not None:
        code = nearest_place(record.latitude, record.longitude).country_code
        if code != sender.iso_alpha2:
            for country in jurisdictions:
                if country.iso_alpha2 == code:
                    return country, "coordinates"
            found = Country.objects.filter(iso_alpha2=code).first()
            if found is not None:
                return found, "coordinates"
    if len(jurisdictions) == 1:
        return jurisdictions[0], "jurisdiction"
    return None


def _neighbours(
    values_by_qid: dict[str, dict], countries_by_id: dict[int, Country]
) -> dict[str, _Placed]:
    """Town Wikidata ID → where most of its missions with coordinates stand, and their town."""
    seen: dict[str, Counter[tuple[int, str]]] = {}
    for values in values_by_qid.values():
        if values["city_wikidata_id"] and values["city"]:
            key = (values["territory_id"], values["city"])
            seen.setdefault(values["city_wikidata_id"], Counter())[key] += 1
    placed: dict[str, _Placed] = {}
    for city_qid, counts in seen.items():
        (territory_id, town), _ = counts.most_common(1)[0]
        if territory_id in countries_by_id:
            placed[city_qid] = _Placed(countries_by_id[territory_id], town)
    return placed


@dataclass(frozen=True)
class _Placed:
    """Where the missions of one town (by its Wikidata ID) that have coordinates stand."""

    territory: Country
    town: str


@dataclass
class _Placing:
    """What placing one import's missions needs, read once: the directory's placing rule, the
    countries by id, the towns kept between imports, and where each town's missions stand."""

    placer: Placer = field(default_factory=Placer)
    by_id: dict[int, Country] = field(default_factory=lambda: Country.objects.in_bulk())
    memo: TownMemo = field(default_factory=TownMemo)
    neighbours: dict[str, _Placed] = field(default_factory=dict)

    def territory(self, host: Country, record: MissionRecord) -> Country:
        """Where a mission stands: its host, or the host's territory its coordinates or town
        lie in (the rule the directory's door applies to every write)."""
        found = self.placer.territory_id(host.pk, record.latitude, record.longitude, record.city)
        return self.by_id.get(found, host)


def _values(
    record: MissionRecord,
    countries: dict[str, Country],
    report: ImportReport,
    placing: _Placing | None = None,
) -> dict:
    """The model fields of one record. A record without coordinates whose town (by its Wikidata
    ID) other missions with coordinates share stands where they stand, in the town they are
    in (`neighbours`): "Saint-Denis" is then the one in Réunion, "Tianhe District" Guangzhou."""
    sender = countries[record.sending.wikidata_id]
    host = countries[record.host.wikidata_id]
    if host.pk == sender.pk:
        fixed = _self_hosted_fix(record, sender, countries)
        if fixed is not None:
            host, how = fixed
            report.warnings.append(
                f"line {record.line}: {record.wikidata_id} gives {sender.name} as both sender and "
                f"host; placed in {host.name} from its {how}"
            )
    kind, known = kind_for_label(record.type_label)
    if not known:
        report.warnings.append(
            f"line {record.line}: unknown mission type {record.type_label!r}, imported as 'other'"
        )
    placing = placing or _Placing()
    placed = placing.neighbours.get(record.city_wikidata_id) if record.latitude is None else None
    if placed is not None and host.pk in (placed.territory.pk, placed.territory.part_of_id):
        territory, town_name = placed.territory, placed.town
    else:
        territory = placing.territory(host, record)
        if record.latitude is not None and record.longitude is not None:
            codes = (host.iso_alpha2, *territories_of(host.iso_alpha2)) if host.iso_alpha2 else ()
        else:
            codes = (territory.iso_alpha2,) if territory.iso_alpha2 else ()
        town = placing.memo.town_for(
            record.city,
            record.latitude,
            record.longitude,
            codes,
            territory_named=territory.pk != host.pk,
        )
        town_name = town.name
    return {
        # Named after the place it stands in: "… of Estonia in Hong Kong", whose host is China.
        "name": mission_name(kind, sender.name, territory.name, town_name),
        "kind": kind.value,
        "type_label": record.type_label,
        "type_wikidata_id": record.type_wikidata_id,
        "sending_country_id": sender.pk,
        "host_country_id": host.pk,
        "territory_id": territory.pk,
        "city": town_name,
        "city_source_label": record.city,
        "city_wikidata_id": record.city_wikidata_id,
        "latitude": record.latitude,
        "longitude": record.longitude,
        "facebook": record.facebook,
        "twitter": record.twitter,
        "youtube": record.youtube,
        "image_url": record.image_url,
        "image_author": record.image_author,
        "image_licence": record.image_licence,
        "image_licence_url": record.image_licence_url,
        "opened_on": record.opened_on,
        "closed_on": record.closed_on,
    }


#: At most this many numbers per mission: an office has a few; an item with hundreds is
#: vandalism or a mistake.
MAX_PHONES = 20


def _record_values(
    record: MissionRecord, town: str, warnings: list[str]
) -> list[tuple[str, str, Any]]:
    """What a Wikidata record says about the sourced fields, as (field, language, value); labels
    lose control characters (a bidi override would reverse the page's title)."""
    values: list[tuple[str, str, Any]] = []
    if len(record.phones) > MAX_PHONES:
        warnings.append(
            f"line {record.line}: {record.wikidata_id} gives {len(record.phones)} phone "
            f"numbers; the first {MAX_PHONES} are kept"
        )
    if record.phones:
        phones = record.phones[:MAX_PHONES]
        values.append(("phones", "", [{"number": raw, "label": ""} for raw in phones]))
    for name in ("fax", "email", "website"):
        if getattr(record, name):
            values.append((name, "", getattr(record, name)))
    if record.address:
        address = {"text": record.address, "postal_code": record.postal_code}
        address["language"] = record.address_language
        values.append(("address", "", {k: v for k, v in address.items() if v}))
    if record.latitude is not None and record.longitude is not None:
        values.append(("coordinates", "", [record.latitude, record.longitude]))
    if town:
        values.append(("city", "", town))
    for language, label in sorted(record.names.items()):
        clean = without_controls(label).strip()
        if clean:
            values.append(("names", language, clean[:300]))
    return values


_MAX_LENGTHS = {
    f.attname: f.max_length
    for f in Mission._meta.concrete_fields
    if getattr(f, "max_length", None) and f.get_internal_type() in {"CharField", "URLField"}
}


def _too_long(values: dict[str, Any]) -> str:
    """A reason when a value exceeds its column (SQLite would store it, PostgreSQL refuses)."""
    for name, value in values.items():
        limit = _MAX_LENGTHS.get(name)
        if limit and isinstance(value, str) and len(value) > limit:
            return f"{name} is longer than {limit} characters ({len(value)})"
    return ""


def _fingerprint(values: dict[str, Any], jurisdiction_ids: list[int]) -> str:
    payload = json.dumps(
        [NORMALISATION_VERSION, values, jurisdiction_ids], sort_keys=True, default=str
    )
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()


IMAGE_CREDITS = ("image_author", "image_licence", "image_licence_url")


def _stored_image_credits(batch: list[MissionRecord]) -> dict[str, dict[str, Any]]:
    """QID → the stored credits of a photo that a record gives again without them: the live
    Wikidata source names the photo (P18) but not its author and licence, which the CSV
    gave; the same photo keeps them."""
    bare = {
        record.wikidata_id: record.image_url
        for record in batch
        if record.image_url and not any(getattr(record, name) for name in IMAGE_CREDITS)
    }
    if not bare:
        return {}
    stored = Mission.objects.filter(wikidata_id__in=bare).values(
        "wikidata_id", "image_url", *IMAGE_CREDITS
    )
    return {
        row["wikidata_id"]: {name: row[name] for name in IMAGE_CREDITS}
        for row in stored
        if row["image_url"] == bare[row["wikidata_id"]] and any(row[name] for name in IMAGE_CREDITS)
    }


def _stored_values_of_refused(batch: list[MissionRecord]) -> dict[str, dict[str, Any]]:
    """QID → the stored values of the fields whose new value was refused (see
    `MissionRecord.refused`), for the missions of `batch` already in the directory."""
    refused = {record.wikidata_id: record.refused for record in batch if record.refused}
    if not refused:
        return {}
    fields = sorted(set().union(*refused.values()))
    stored = Mission.objects.filter(wikidata_id__in=refused).values("wikidata_id", *fields)
    return {
        row["wikidata_id"]: {name: row[name] for name in refused[row["wikidata_id"]]}
        for row in stored
    }


def _write_missions(
    records: list[MissionRecord],
    countries: dict[str, Country],
    run: ImportRun,
    report: ImportReport,
    source: str,
    progress: bool,
    keep: set[str],
) -> None:
    rows: list[MissionRow] = []
    provider = provider_of(source)
    # Values other sources give for missions already stored: the best one of each field wins.
    stored_ids = dict(
        Mission.objects.filter(wikidata_id__in=[r.wikidata_id for r in records]).values_list(
            "wikidata_id", "id"
        )
    )
    others = sourced_values(stored_ids.values(), except_provider=provider)
    entries: dict[str, list[tuple[str, str, Any]]] = {}
    # Missions with coordinates first: those without stand where their town's others do.
    placing = _Placing()
    located = {
        record.wikidata_id: _values(record, countries, report, placing)
        for record in records
        if record.latitude is not None and record.longitude is not None
    }
    placing.neighbours = _neighbours(located, placing.by_id)
    for start in range(0, len(records), BATCH_SIZE):
        batch = records[start : start + BATCH_SIZE]
        kept = _stored_values_of_refused(batch)
        for qid, credits in _stored_image_credits(batch).items():
            kept.setdefault(qid, {}).update(credits)
        for record in batch:
            values = located.get(record.wikidata_id) or _values(record, countries, report, placing)
            # A value the source now gives in a form we refuse does not erase a good one.
            refused = kept.get(record.wikidata_id, {})
            own = _record_values(record, values["city"], report.warnings)
            entries[record.wikidata_id] = own
            mission_id = stored_ids.get(record.wikidata_id)
            values.update(
                _sourced_columns(
                    own,
                    others.get(mission_id, []) if mission_id else [],
                    provider,
                    record,
                    # The host the values give: a self-hosted mission's real one.
                    placing.by_id[values["host_country_id"]].iso_alpha2 or "",
                )
            )
            if values["latitude"] != record.latitude:  # placed by another source's point
                values["territory_id"] = None
            values.update(refused)
            too_long = _too_long(values)
            if too_long:
                report.rejected.append(RowError(record.line, too_long, record.wikidata_id))
                keep.add(record.wikidata_id)  # still in the file: not withdrawn
                continue
            host_id = values["host_country_id"]
            jurisdiction_ids = sorted(
                {countries[ref.wikidata_id].pk for ref in record.jurisdictions} - {host_id}
            )
            fingerprint = _fingerprint(values, jurisdiction_ids)
            status = MissionStatus.CLOSED if record.closed_on else MissionStatus.ACTIVE
            rows.append(
                MissionRow(record.wikidata_id, values, jurisdiction_ids, fingerprint, status)
            )

    placing.memo.save()
    with tqdm(total=len(rows), desc="Importing missions", unit="row", disable=not progress) as bar:
        written = missions_import_write(
            rows, source=source, run=run, seen_at=run.started_at, present=keep, progress=bar.update
        )
    report.created += written.created
    report.updated += written.updated
    report.unchanged += written.unchanged
    report.withdrawn += written.withdrawn
    report.conflicts += written.conflicts
    _links_write(provider, source, entries, run, keep)


def _sourced_columns(
    own: list[tuple[str, str, Any]],
    others: list[SourcedValue],
    provider: str,
    record: MissionRecord,
    region: str,
) -> dict[str, Any]:
    """The sourced columns of one mission: the best of this record's values and the other
    sources' (the town stays this import's: it places the mission)."""
    now = timezone.now()
    mine = [
        SourcedValue(provider, record.wikidata_id, "", now, name, value, language)
        for name, language, value in own
    ]
    fields = [name for name in SOURCED_FIELDS if name != "city"]
    return columns_from([*mine, *others], region=region, fields=fields)


def _links_write(
    provider: str,
    source: str,
    entries: dict[str, list[tuple[str, str, Any]]],
    run: ImportRun,
    keep: set[str],
) -> None:
    """Record what each Wikidata item says, field by field, and drop the links of items no
    longer in the source (those whose rows were refused this time keep theirs)."""
    ids = dict(
        Mission.objects.filter(wikidata_id__in=list(entries)).values_list("wikidata_id", "id")
    )
    links = [
        LinkEntry(
            mission_id=ids[qid],
            record_id=qid,
            record_url=f"https://www.wikidata.org/wiki/{qid}",
            matched_by="id",
            values=values,
        )
        for qid, values in entries.items()
        if qid in ids
    ]
    written = source_links_write(
        provider,
        links,
        fetched_at=run.started_at,
        run_id=run.pk,
        scope=~Q(record_id__in=keep),
    )
    # Missions whose Wikidata item left the source may now show another source's values.
    gone = written.mission_ids - set(ids.values())
    if gone:
        missions_sources_apply(
            gone,
            write=MissionWrite(actor="import", source=source, owned=False, import_run_id=run.pk),
        )
