"""Writes to countries: create or refresh them from the entities a source names."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from chancery.core.slugs import slug_unique

from . import reference
from .models import Country, CountryKind
from .places import world_sync
from .resolution import EntityInfo, describe_entity, describe_iso, slug_for
from .signals import country_merging

_KIND_ORDER: dict[str, int] = {
    CountryKind.SOVEREIGN_STATE: 0,
    CountryKind.PARTIALLY_RECOGNISED: 1,
    CountryKind.TERRITORY: 2,
    CountryKind.SPECIAL_ADMINISTRATIVE_REGION: 2,
    CountryKind.TREATY_AREA: 2,
    CountryKind.INTERNATIONAL_ORGANISATION: 3,
    CountryKind.SUBNATIONAL: 4,
    CountryKind.OTHER: 5,
}


@dataclass
class CountrySyncResult:
    by_wikidata_id: dict[str, Country]
    created: int = 0
    updated: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Group:
    info: EntityInfo
    qids: list[str]
    labels: set[str]


def countries_sync(entities: dict[str, Counter[str]]) -> CountrySyncResult:
    """Make sure every entity (QID → its labels, with counts) has a Country.

    Entities that resolve to the same ISO code become one Country (e.g. "Netherlands" and
    "Kingdom of the Netherlands"); its primary QID is the most referenced one and never changes
    afterwards. Every place of ISO 3166-1 exists first, with its kind and sovereign, so that an
    entity naming one is tied to it. Returns every QID mapped to its Country.
    """
    world_created = countries_world_sync()
    existing = list(Country.objects.all())
    by_qid: dict[str, Country] = {}
    by_iso: dict[str, Country] = {}
    for stored in existing:
        for qid in [stored.wikidata_id, *stored.other_wikidata_ids]:
            if qid:
                by_qid[qid] = stored
        if stored.iso_alpha2:
            by_iso[stored.iso_alpha2] = stored
    slugs = {stored.slug for stored in existing}

    groups: dict[str, _Group] = {}
    for qid, labels in entities.items():
        ordered = [label for label, _ in labels.most_common() if label]
        body_of = reference.STATE_BODY_ITEMS.get(qid)
        info = describe_iso(body_of) if body_of else describe_entity(ordered or [qid])
        known = by_qid.get(qid)
        if info.iso_alpha2 is None and known is not None and known.iso_alpha2:
            # Already tied to a state: an unfamiliar new label does not change what it is.
            info = describe_iso(known.iso_alpha2, ordered)
        key = info.iso_alpha2 or qid
        group = groups.setdefault(key, _Group(info, [], set()))
        group.qids.append(qid)
        if not body_of:  # a body's label ("Ministry of Foreign Affairs") names no state
            group.labels.update(ordered)

    result = CountrySyncResult(by_wikidata_id={}, created=world_created)
    references = {qid: labels.total() for qid, labels in entities.items()}
    for _key, group in sorted(groups.items(), key=lambda kv: (_KIND_ORDER[kv[1].info.kind], kv[0])):
        info = group.info
        if not info.classified:
            result.warnings.append(
                f"{info.name} ({', '.join(sorted(group.qids))}) has no ISO code and is not in the "
                "reference tables: imported with kind 'other'"
            )
        country = (by_iso.get(info.iso_alpha2) if info.iso_alpha2 else None) or next(
            (by_qid[q] for q in group.qids if q in by_qid), None
        )
        if country is not None:
            for qid in group.qids:
                previous = by_qid.get(qid)
                if previous is not None and previous.pk != country.pk:
                    _country_merge_qid(previous, qid, country)
                    result.warnings.append(
                        f"{qid} now resolves to {country.name}; moved from {previous.name}"
                    )
        aliases = sorted((set(info.aliases) | group.labels) - {info.name})
        if country is None:
            primary = max(group.qids, key=lambda q: (references[q], -int(q[1:])))
            slug = slug_unique(slug_for(info.name), slugs, qualifier=info.iso_alpha2 or primary)
            country = Country.objects.create(
                wikidata_id=primary,
                other_wikidata_ids=sorted(set(group.qids) - {primary}, key=lambda q: int(q[1:])),
                iso_alpha2=info.iso_alpha2,
                iso_alpha3=info.iso_alpha3,
                iso_numeric=info.iso_numeric,
                kind=info.kind,
                name=info.name,
                names=info.names,
                aliases=aliases,
                slug=slug,
            )
            result.created += 1
            if country.iso_alpha2:
                by_iso[country.iso_alpha2] = country
        else:
            if country.wikidata_id is None:
                # A place created from ISO 3166 alone, now named by a source.
                primary = max(group.qids, key=lambda q: (references[q], -int(q[1:])))
                country.wikidata_id = primary
                country.save(update_fields=["wikidata_id", "updated_at"])
            held_qids = {country.wikidata_id, *country.other_wikidata_ids}
            wanted = {
                "iso_alpha2": info.iso_alpha2,
                "iso_alpha3": info.iso_alpha3,
                "iso_numeric": info.iso_numeric,
                "other_wikidata_ids": sorted(
                    (held_qids | set(group.qids)) - {country.wikidata_id},
                    key=lambda q: int(q[1:]),
                ),
                "kind": info.kind,
                "name": info.name,
                "names": info.names,
                "aliases": sorted(set(country.aliases) | set(aliases)),
            }
            changed = [name for name, value in wanted.items() if getattr(country, name) != value]
            if changed:
                for name in changed:
                    setattr(country, name, wanted[name])
                country.save(update_fields=[*changed, "updated_at"])
                result.updated += 1
        for qid in group.qids:
            result.by_wikidata_id[qid] = country
            by_qid[qid] = country
    return result


def _country_merge_qid(previous: Country, qid: str, target: Country) -> None:
    """Move a QID, and what points at the Country it was, to `target`.

    When `previous` has no QID left it is deleted; the apps holding rows that point at it
    (missions and their accreditations) move them first, on `country_merging`.
    """
    remaining = [q for q in [previous.wikidata_id, *previous.other_wikidata_ids] if q != qid]
    if remaining:
        previous.wikidata_id, previous.other_wikidata_ids = remaining[0], remaining[1:]
        previous.save(update_fields=["wikidata_id", "other_wikidata_ids", "updated_at"])
        return
    country_merging.send(sender=Country, previous=previous, target=target)
    Country.objects.filter(part_of=previous).update(part_of=target)
    previous.delete()


def countries_world_sync() -> int:
    """Every place of the world as a Country, with its kind and the state it is part of;
    returns how many were created."""
    return world_sync(Country, describe_iso)
