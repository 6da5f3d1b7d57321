"""Import a contact source (OpenStreetMap, a government's list): match each record to a
mission, keep what it says field by field, and show the best value of each field.

A record that matches no mission becomes a new one, marked as coming from its source and
unverified, for editors to confirm (records of one office mapped twice make one mission).
A run is all-or-nothing: everything it writes happens in one transaction, so a failure
leaves the database as it was, and `dry_run` rolls back after reporting.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from chancery.core.text import without_controls
from chancery.core.weblinks import email_problem, web_address_problem
from chancery.countries.models import Country
from chancery.countries.places import country_code_at, sovereign_code, territories_of
from chancery.countries.reference import CLDR_CODES
from chancery.directory.models import Mission, MissionKind, MissionStatus, SourceLink
from chancery.directory.naming import mission_name
from chancery.directory.services import MissionWrite, mission_create
from chancery.directory.source_values import (
    LinkEntry,
    missions_sources_apply,
    source_links_write,
)

from .matching import Match, MissionCandidate, match_records
from .models import ImportKind, ImportRun
from .runs import import_run_finish, import_run_start, import_transaction
from .sources.osm import SkippedFeature
from .sources.records import ContactRecord, RowError
from .town_memo import TownMemo


@dataclass
class ContactsReport:
    location: str
    source: str
    rows_read: int = 0
    linked: int = 0
    #: How the records were matched: "linked" (as before), "tag", "score", "none".
    by_method: Counter[str] = field(default_factory=Counter)
    created: list[str] = field(default_factory=list)
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    withdrawn: int = 0
    conflicts: int = 0
    disagreements: int = 0
    ambiguous: list[str] = field(default_factory=list)
    #: Records read and left out on purpose (an ambassador's residence), with the reason.
    skipped: list[str] = field(default_factory=list)
    rejected: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False
    run_id: int | None = None

    def summary(self) -> str:
        methods = ", ".join(f"{n} by {m}" for m, n in sorted(self.by_method.items()))
        return (
            f"{self.rows_read} records read ({methods or 'none matched'}): "
            f"{len(self.created)} missions created, {len(self.ambiguous)} ambiguous left to "
            f"editors, {len(self.skipped)} skipped, {self.updated} missions' values updated, "
            f"{self.removed} records gone from the source, {self.withdrawn} missions withdrawn, "
            f"{len(self.rejected)} rejected; {self.disagreements} disagreements between sources "
            f"and {self.conflicts} conflicts with editors' values sent to the moderation queue"
        )


def report_write(command: BaseCommand, report: ContactsReport) -> None:
    """A contact import's outcome on a command's output: problems on stderr, the missions it
    created and its summary on stdout."""
    for error in report.rejected:
        command.stderr.write(f"rejected: {report.location}, {error.reason}")
    for warning in report.warnings:
        command.stderr.write(f"warning: {warning}")
    for created in report.created:
        command.stdout.write(f"created (unverified): {created}")
    prefix = "Dry run, rolled back: " if report.dry_run else ""
    suffix = f" (import run #{report.run_id})" if report.run_id else ""
    command.stdout.write(command.style.SUCCESS(f"{prefix}{report.summary()}{suffix}"))


def contacts_import(
    items: Iterable[ContactRecord | RowError],
    *,
    source: str,
    location: str,
    scope: Q | None = None,
    dry_run: bool = False,
) -> ContactsReport:
    """Match, link and apply one contact source's records.

    `scope` is the part of the source this run read completely (e.g. the missions in one
    country, or `Q()` for all): the source's links there whose records were not read are
    removed. Without it, nothing is removed.
    """
    report = ContactsReport(location=location, source=source, dry_run=dry_run)
    records = _accept(items, report)
    started = timezone.now()
    with import_transaction(source=source, dry_run=dry_run):
        run = import_run_start(ImportKind.MISSIONS, source, location, started_at=started)
        run.save()
        _apply(records, source, run, report, scope)
        run.rows_read = report.rows_read
        run.created, run.updated = len(report.created), report.updated
        run.unchanged, run.withdrawn = report.unchanged, report.withdrawn
        import_run_finish(
            run,
            rejections=[{"item": e.line, "reason": e.reason} for e in report.rejected],
            warnings=report.warnings,
        )
        report.run_id = None if dry_run else run.pk
    return report


def _accept(
    items: Iterable[ContactRecord | RowError], report: ContactsReport
) -> list[ContactRecord]:
    records: list[ContactRecord] = []
    seen: set[str] = set()
    for item in items:
        report.rows_read += 1
        if isinstance(item, SkippedFeature):
            report.skipped.append(item.reason)
            continue
        if isinstance(item, RowError):
            report.rejected.append(item)
            continue
        if item.record_id in seen:
            report.warnings.append(f"{item.where}: {item.record_id} read twice, kept once")
            continue
        seen.add(item.record_id)
        report.warnings.extend(f"{item.where}: {warning}" for warning in item.warnings)
        records.append(item)
    return records


def _candidates(records: list[ContactRecord], provider: str) -> list[MissionCandidate]:
    """The missions the records may describe: those of the records' senders (or all, when a
    record's sender is unknown), with the source's records already linked to each."""
    senders = {record.sending_code for record in records}
    missions = Mission.objects.exclude(status=MissionStatus.WITHDRAWN).select_related(
        "sending_country", "host_country", "territory"
    )
    if "" not in senders:
        by_code = codes_known()
        missions = missions.filter(
            sending_country__in=[by_code[c] for c in senders if c in by_code]
        )
    linked: dict[int, set[str]] = {}
    for mission_id, record_id in SourceLink.objects.filter(source=provider).values_list(
        "mission_id", "record_id"
    ):
        linked.setdefault(mission_id, set()).add(f"{provider}:{record_id}")
    return [
        MissionCandidate(
            id=mission.pk,
            wikidata_id=mission.wikidata_id,
            sending_code=code_of(mission.sending_country),
            host_code=mission.host_country.iso_alpha2 or "",
            territory_code=mission.located_in.iso_alpha2 or "",
            kind=mission.kind,
            name=mission.name,
            city=mission.city,
            latitude=mission.latitude,
            longitude=mission.longitude,
            linked=frozenset(linked.get(mission.pk, ())),
        )
        for mission in missions.iterator(chunk_size=2000)
    ]


def code_of(country: Country) -> str:
    """The code sources use for a sender: its ISO alpha-2 code, or the code CLDR gives an
    entity without one (the European Union's delegations are tagged "EU")."""
    return country.iso_alpha2 or CLDR_CODES.get(country.name.lower(), "")


def codes_known() -> dict[str, Country]:
    """Code (as `code_of` gives it) → country, for every country that has one."""
    return {code: country for country in Country.objects.all() if (code := code_of(country))}


def _place_of(latitude: float, longitude: float) -> str:
    return country_code_at(latitude, longitude)


#: The longest value each field keeps (the mission's columns, and what a page can show); a
#: longer one is left out with a warning naming the record.
MAX_LENGTHS = {
    "number": 100,
    "label": 200,
    "fax": Mission._meta.get_field("fax").max_length or 100,
    "email": Mission._meta.get_field("email").max_length or 254,
    "website": Mission._meta.get_field("website").max_length or 1000,
    "opening_hours": Mission._meta.get_field("opening_hours").max_length or 500,
    "name": Mission._meta.get_field("name").max_length or 300,
    "address": 500,
    "service": 200,
}
#: At most this many numbers, and services, per record: an office has a few.
MAX_ITEMS = 20


def _fits(record: ContactRecord, field: str, value: str, limit: str, problems: list[str]) -> bool:
    if len(value) <= MAX_LENGTHS[limit]:
        return True
    problems.append(
        f"{record.where} ({record.record_id}): {field} is longer than {MAX_LENGTHS[limit]} "
        f"characters ({len(value)}); left out"
    )
    return False


def record_values(record: ContactRecord, problems: list[str]) -> list[tuple[str, str, Any]]:
    """What a record says about the sourced fields, as (field, language, value). A value too
    long to be one, or an email or web address that would not be safe to link, is left out
    with a line in `problems`; names lose control characters (a bidi override would reverse
    the page's title)."""
    values: list[tuple[str, str, Any]] = []
    phones = [
        {"number": p.number, "label": p.label}
        for p in record.phones
        if _fits(record, "phone", p.number, "number", problems)
        and _fits(record, "phone label", p.label, "label", problems)
    ]
    if len(phones) > MAX_ITEMS:
        problems.append(
            f"{record.where} ({record.record_id}): {len(phones)} phone numbers; "
            f"the first {MAX_ITEMS} are kept"
        )
    if phones:
        values.append(("phones", "", phones[:MAX_ITEMS]))
    if record.fax and _fits(record, "fax", record.fax, "fax", problems):
        values.append(("fax", "", record.fax))
    if record.email and _fits(record, "email", record.email, "email", problems):
        problem = email_problem(record.email, allow_mailto=True)
        if problem:
            problems.append(f"{record.where}: email {record.email!r} left out. {problem}")
        else:
            values.append(("email", "", record.email.removeprefix("mailto:")))
    if record.website and _fits(record, "website", record.website, "website", problems):
        problem = web_address_problem(record.website)
        if problem:
            problems.append(f"{record.where}: website {record.website!r} left out. {problem}")
        else:
            values.append(("website", "", record.website))
    if record.address is not None and not record.address.is_empty():
        parts = {
            k: v
            for k, v in dataclasses.asdict(record.address).items()
            if v and _fits(record, f"address {k}", v, "address", problems)
        }
        if parts:
            values.append(("address", "", parts))
    hours = record.opening_hours
    if hours and _fits(record, "opening_hours", hours, "opening_hours", problems):
        values.append(("opening_hours", "", hours))
    services = [s for s in record.services if _fits(record, "service", s, "service", problems)][
        :MAX_ITEMS
    ]
    if services:
        values.append(("services", "", services))
    if record.latitude is not None and record.longitude is not None:
        values.append(("coordinates", "", [record.latitude, record.longitude]))
    for language, name in sorted(record.names.items()):
        clean = without_controls(name).strip()
        if clean != name.strip():
            problems.append(
                f"{record.where} ({record.record_id}): control characters removed from the "
                f"{language} name"
            )
        if clean and _fits(record, f"{language} name", clean, "name", problems):
            values.append(("names", language, clean))
    return values


def _apply(
    records: list[ContactRecord],
    source: str,
    run: ImportRun,
    report: ContactsReport,
    scope: Q | None,
) -> None:
    provider = source
    matches = match_records(records, _candidates(records, provider), place_of=_place_of)
    memo = TownMemo()
    entries: list[LinkEntry] = []
    groups: dict[int, list[Match]] = {}
    for match in matches:
        report.by_method[match.method] += 1
        if match.mission_id is None:
            if match.reasons and match.reasons[0].startswith("ambiguous"):
                # Two missions fit about as well: an editor decides, rather than a duplicate.
                report.ambiguous.append(
                    f"{match.record.record_id} {match.record.name!r}: {'; '.join(match.reasons)}"
                )
                continue
            groups.setdefault(match.group, []).append(match)
            continue
        entries.append(_entry(match, match.mission_id, report, memo))
    codes = codes_known()
    for group in groups.values():
        mission = _mission_from(group[0].record, source, memo, codes, report)
        if mission is None:
            continue
        for match in group:
            entries.append(_entry(match, mission.pk, report, memo, matched_by="created"))
    memo.save()

    written = source_links_write(
        provider, entries, fetched_at=run.started_at, run_id=run.pk, scope=scope
    )
    report.linked = len(entries)
    report.removed = written.removed
    report.unchanged = written.unchanged
    # A mission this source created is withdrawn when none of its records is left.
    orphans = Mission.objects.filter(
        pk__in=written.mission_ids, source=source, status=MissionStatus.ACTIVE, wikidata_id=None
    ).exclude(source_links__source=provider)
    report.withdrawn = orphans.update(status=MissionStatus.WITHDRAWN, last_import_run=run)
    write = MissionWrite(actor="import", source=source, owned=False, import_run_id=run.pk)
    applied = missions_sources_apply(written.mission_ids, write=write)
    report.updated = applied.updated
    report.conflicts = applied.conflicts
    report.disagreements = applied.disagreements
    if report.ambiguous:
        report.warnings.extend(f"ambiguous, not matched: {line}" for line in report.ambiguous)


def _entry(
    match: Match,
    mission_id: int,
    report: ContactsReport,
    memo: TownMemo,
    *,
    matched_by: str = "",
) -> LinkEntry:
    record = match.record
    values = record_values(record, report.warnings)
    town = town_of(record, memo)
    if town:
        values.append(("city", "", town))
    return LinkEntry(
        mission_id=mission_id,
        record_id=record.record_id,
        record_url=record.record_url,
        matched_by=matched_by or match.method,
        score=round(match.score, 3) if match.score else None,
        values=values,
    )


def town_of(record: ContactRecord, memo: TownMemo) -> str:
    """The populated place a record's office stands in: from its point (and the locality it
    names), the rule the Wikidata import follows; the locality as written without a point."""
    named = record.city or (record.address.locality if record.address else "")
    if record.latitude is None or record.longitude is None:
        return named
    at = record.host_code or country_code_at(record.latitude, record.longitude)
    state = sovereign_code(at) or at
    return memo.town_for(
        named, record.latitude, record.longitude, (state, *territories_of(state))
    ).name


def _mission_from(
    record: ContactRecord,
    source: str,
    memo: TownMemo,
    codes: dict[str, Country],
    report: ContactsReport,
) -> Mission | None:
    """A new, unverified mission for a record that matched none; None (rejected) when the
    record does not say enough: who sends it and where it stands."""
    sender = codes.get(record.sending_code)
    if sender is None:
        report.rejected.append(
            RowError(0, f"{record.where} ({record.record_id}): no known sending country")
        )
        return None
    if record.latitude is None or record.longitude is None:
        report.rejected.append(
            RowError(0, f"{record.where} ({record.record_id}): no coordinates to place it by")
        )
        return None
    at = record.host_code or country_code_at(record.latitude, record.longitude)
    host = codes.get(sovereign_code(at) or at)
    territory = codes.get(at) or host
    if host is None or territory is None:
        report.rejected.append(
            RowError(0, f"{record.where} ({record.record_id}): stands in an unknown place {at!r}")
        )
        return None
    kind = record.kind or MissionKind.OTHER
    town = town_of(record, memo)
    mission = mission_create(
        {
            "name": mission_name(kind, sender.name, territory.name, town),
            "kind": kind,
            "sending_country": sender,
            "host_country": host,
            "city": town,
            "city_source_label": record.city[:200],
            "latitude": record.latitude,
            "longitude": record.longitude,
            "verified": False,
        },
        wikidata_id=None,
        source=source,
        source_id=record.record_id,
    )
    report.created.append(f"{mission.name} ({record.record_id}, {record.name!r})")
    return mission
