"""Which source's value a mission shows, field by field, and under which licence.

A mission's contact fields can be given by several sources at once (`SourceLink`,
`SourceValue`). The mission row holds the chosen value of each; the others stay with their
source. The order is written here once and documented in docs/data-sources.md:

1. an editor (an editor's value is never overwritten: `corrections` guards it on every import);
2. the sending government's own list (GOV.UK for the United Kingdom's offices);
3. Wikidata;
4. OpenStreetMap.

Within one source, the record fetched last wins.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Provider → rank; lower ranks win. "editor" is listed for the documentation and the API.
PRECEDENCE: dict[str, int] = {"editor": 0, "govuk": 10, "wikidata": 20, "osm": 30}
#: A provider not listed comes after every listed one.
UNLISTED_RANK = 99
#: Fields whose order differs. The town: Wikidata's (a populated place, checked against
#: GeoNames on import) before a government's postal locality, which is often a district or a
#: municipality ("Taguig City" for a post known as Manila's).
FIELD_PRECEDENCE: dict[str, dict[str, int]] = {
    "city": {"editor": 0, "wikidata": 10, "govuk": 20, "osm": 30},
}

#: The fields sources give, in the order pages list them. "coordinates" covers latitude and
#: longitude together; "names" is by language.
SOURCED_FIELDS = (
    "phones",
    "fax",
    "email",
    "website",
    "address",
    "opening_hours",
    "services",
    "coordinates",
    "city",
    "names",
)


#: How people name each provider (the name is the provider's own, in every language).
PROVIDER_NAMES: dict[str, str] = {
    "wikidata": "Wikidata",
    "osm": "OpenStreetMap",
    "govuk": "GOV.UK",
}


def provider_name(provider: str) -> str:
    """The name people know a provider (or a source module) by: "osm" → "OpenStreetMap"."""
    return PROVIDER_NAMES.get(provider_of(provider), provider)


@dataclass(frozen=True)
class Licence:
    name: str
    url: str
    #: The credit a page or an export must show next to the values.
    credit: str
    #: Whether values under it may go into the CC0 export.
    public_domain: bool


LICENCES: dict[str, Licence] = {
    "wikidata": Licence(
        "CC0 1.0",
        "https://creativecommons.org/publicdomain/zero/1.0/",
        "Wikidata",
        public_domain=True,
    ),
    "osm": Licence(
        "ODbL 1.0",
        "https://opendatacommons.org/licenses/odbl/1-0/",
        "© OpenStreetMap contributors",
        public_domain=False,
    ),
    "govuk": Licence(
        "OGL v3.0",
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        "Contains public sector information licensed under the Open Government Licence v3.0.",
        public_domain=False,
    ),
    "editor": Licence(
        "CC0 1.0",
        "https://creativecommons.org/publicdomain/zero/1.0/",
        "Chancery editors",
        public_domain=True,
    ),
}

#: The provider each import source module reads.
PROVIDER_OF_SOURCE = {
    "wikidata-csv": "wikidata",
    "wikidata-sparql": "wikidata",
    "osm": "osm",
    "govuk": "govuk",
}


def provider_of(source: str) -> str:
    """The provider a source module (or a mission's `source`) reads: "wikidata-csv" →
    "wikidata"; an unknown name is its own provider."""
    return PROVIDER_OF_SOURCE.get(source, source)


def rank_of(provider: str, field: str = "") -> int:
    """Where `provider` comes for `field` (lower first)."""
    return FIELD_PRECEDENCE.get(field, PRECEDENCE).get(provider, UNLISTED_RANK)


def licence_of(provider: str) -> Licence | None:
    return LICENCES.get(provider)
