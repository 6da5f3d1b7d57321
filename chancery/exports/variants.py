"""The two variants of every export, and the licence of what each holds.

The full variant carries every source's values and is under the ODbL (OpenStreetMap's values
are ODbL; GOV.UK's, under the OGL, may go into an ODbL database with their notice). The CC0
variant carries public-domain values only: a field whose shown value comes from a source that is
not public domain (`sourcing.Licence.public_domain`) takes the best public-domain value instead
(Wikidata's; an editor's value is no source's and stays), or none; those sources' record ids are
left out, and so are the missions they created (known only from OpenStreetMap).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from chancery.directory.models import Mission, SourceLink
from chancery.directory.selectors import FieldSource, mission_field_sources
from chancery.directory.source_values import (
    SourcedValue,
    columns_from,
    external_ids,
    sourced_values,
)
from chancery.directory.sourcing import (
    LICENCES,
    PROVIDER_OF_SOURCE,
    Licence,
    licence_of,
    provider_name,
    provider_of,
    rank_of,
)

#: SPDX identifiers of the sources' licences, by their URL (the per-mission `licence` column).
SPDX = {
    "https://creativecommons.org/publicdomain/zero/1.0/": "CC0-1.0",
    "https://opendatacommons.org/licenses/odbl/1-0/": "ODbL-1.0",
    "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/": "OGL-UK-3.0",
}
PICTURES = (
    "Linked photographs are Wikimedia Commons files under their own licences (see picture_licence)."
)


def _notices() -> list[dict[str, str]]:
    """Each source's licence and the credit it asks for, as the full export declares them."""
    return [
        {
            "source": provider,
            "name": "Chancery's editors" if provider == "editor" else provider_name(provider),
            "licence": licence.name,
            "url": licence.url,
            "credit": licence.credit,
        }
        for provider, licence in sorted(LICENCES.items(), key=lambda item: -rank_of(item[0]))
    ]


#: The full export: the whole database is ODbL (OpenStreetMap's share-alike terms); each
#: source's notice is listed, GOV.UK's OGL attribution among them.
LICENCE_FULL: dict[str, Any] = {
    "name": "Open Database License (ODbL) v1.0",
    "spdx": "ODbL-1.0",
    "url": "https://opendatacommons.org/licenses/odbl/1-0/",
    "attribution": (
        "© OpenStreetMap contributors (ODbL). "
        f"{LICENCES['govuk'].credit} "
        "Mission data from Wikidata (CC0) via the database-of-embassies project, with "
        f"corrections by Chancery's editors (CC0). {PICTURES}"
    ),
    "sources": _notices(),
}
#: The CC0 export: public-domain values only.
LICENCE_CC0: dict[str, Any] = {
    "name": "CC0 1.0 Universal",
    "spdx": "CC0-1.0",
    "url": "https://creativecommons.org/publicdomain/zero/1.0/",
    "attribution": (
        "Mission data from Wikidata (CC0) via the database-of-embassies project, with "
        "corrections by Chancery's editors (CC0); values from OpenStreetMap (ODbL) and GOV.UK "
        f"(OGL) are left out. {PICTURES}"
    ),
    "sources": [n for n in _notices() if LICENCES[n["source"]].public_domain],
}


@dataclass(frozen=True)
class Variant:
    name: str
    #: What the export declares, in its body (JSON, GeoJSON) and its Link header.
    licence: dict[str, Any]
    #: Only public-domain values, and no mission known only from another source.
    public_domain_only: bool


FULL = Variant("full", LICENCE_FULL, public_domain_only=False)
CC0 = Variant("cc0", LICENCE_CC0, public_domain_only=True)


def missions_of(missions: QuerySet[Mission], variant: Variant) -> QuerySet[Mission]:
    """The missions an export of `variant` holds: the CC0 one leaves out the missions created
    from a source that is not public domain (OpenStreetMap's, unverified or not)."""
    if not variant.public_domain_only:
        return missions
    closed = [source for source, provider in PROVIDER_OF_SOURCE.items() if not _open(provider)]
    return missions.exclude(source__in=closed)


def with_sources(missions: Iterable[Mission], variant: Variant) -> Iterator[Mission]:
    """Each mission of a chunk with its records' ids (`export_external_ids`) and the licences of
    the values it holds (`export_licence`), made public-domain for the CC0 variant; two queries
    per chunk: its links and its values."""
    batch = list(missions)
    ids = [m.pk for m in batch]
    links: dict[int, list[SourceLink]] = {}
    for link in SourceLink.objects.filter(mission_id__in=ids).only(
        "mission_id", "source", "record_id"
    ):
        links.setdefault(link.mission_id, []).append(link)
    values = sourced_values(ids)
    for mission in batch:
        mine = values.get(mission.pk, [])
        field_sources = mission_field_sources(mission, mine)
        if variant.public_domain_only:
            providers = _public_domain_only(mission, mine, field_sources)
            ids_of = {k: v for k, v in external_ids(links.get(mission.pk, [])).items() if _open(k)}
            field_sources = mission_field_sources(mission, [v for v in mine if _open(v.provider)])
        else:
            providers = _shown_providers(field_sources)
            ids_of = external_ids(links.get(mission.pk, []))
        if mission.wikidata_id:
            ids_of["wikidata"] = mission.wikidata_id
        providers.add(provider_of(mission.source))
        mission.export_external_ids = ids_of  # type: ignore[attr-defined]  # read by the serializers
        # Field → the source of the value the mission holds (a field an editor set has none).
        mission.export_field_sources = {  # type: ignore[attr-defined]  # read by the serializers
            name: items[0].value.provider
            for name, items in field_sources.items()
            if items and items[0].shown
        }
        mission.export_licence = _licence_expression(providers)  # type: ignore[attr-defined]  # read by the serializers
        yield mission


def _licence(provider: str) -> Licence:
    # A source with no licence of its own (an editor's suggestion) is the editors': CC0.
    return licence_of(provider) or LICENCES["editor"]


def _open(provider: str) -> bool:
    return _licence(provider).public_domain


def _shown_providers(field_sources: dict[str, list[FieldSource]]) -> set[str]:
    return {item.value.provider for items in field_sources.values() for item in items if item.shown}


def _licence_expression(providers: Iterable[str]) -> str:
    """The SPDX expression of the licences of a mission's values ("CC0-1.0 AND ODbL-1.0")."""
    ids = {SPDX.get(_licence(provider).url, _licence(provider).name) for provider in providers}
    return " AND ".join(sorted(ids))


def _public_domain_only(
    mission: Mission, values: list[SourcedValue], field_sources: dict[str, list[FieldSource]]
) -> set[str]:
    """Replace each field whose shown value is not public domain with the best public-domain
    value (or nothing); the providers of the values the mission then shows."""
    open_values = [value for value in values if _open(value.provider)]
    region = mission.host_country.iso_alpha2 or ""
    providers: set[str] = set()
    for name, items in field_sources.items():
        for item in items:
            if not item.shown:
                continue
            if _open(item.value.provider):
                providers.add(item.value.provider)
                continue
            if name == "names":
                mission.names = dict(mission.names)
                language = item.value.language
                best = next(
                    (v for v in _ranked(open_values) if (v.field, v.language) == (name, language)),
                    None,
                )
                if best is None:
                    mission.names.pop(language, None)
                else:
                    mission.names[language] = best.value
                    providers.add(best.provider)
                continue
            mine = [v for v in open_values if v.field == name]
            for column, value in columns_from(mine, region=region, fields=[name]).items():
                setattr(mission, column, value)
            providers.update(v.provider for v in _ranked(mine)[:1])
    return providers


def _ranked(values: list[SourcedValue]) -> list[SourcedValue]:
    return sorted(values, key=lambda v: v.sort_key)
