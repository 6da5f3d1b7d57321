from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from chancery.countries.models import Country
from chancery.directory.hours import hours_structured
from chancery.directory.models import Mission, SourceLink
from chancery.directory.selectors import mission_field_sources, sourced_values_of
from chancery.directory.source_values import SourcedValue, external_ids
from chancery.directory.sourcing import licence_of
from chancery.directory.timezones import time_zone_at
from chancery.news.models import Article


class CountryRef(Schema):
    code: str
    name: str
    slug: str


class CountryOut(Schema):
    """A country, territory, region or organisation. `kind`: sovereign_state,
    partially_recognised, territory, special_administrative_region, treaty_area (places), or
    subnational, international_organisation, other; `part_of`: the state a territory belongs to
    (Hong Kong: China), else null; `wikidata_id`: null for a place no source has named yet."""

    code: str
    slug: str
    name: str
    kind: str
    part_of: CountryRef | None
    wikidata_id: str | None
    other_wikidata_ids: list[str]
    iso_alpha2: str | None
    iso_alpha3: str | None
    iso_numeric: str | None
    names: dict[str, str]
    aliases: list[str]


class PhoneOut(Schema):
    raw: str
    e164: str
    valid: bool
    #: What the number is for, as its source says ("Consular assistance, 24/7"); "" if unsaid.
    label: str = ""


class SourceOut(Schema):
    name: str
    id: str
    url: str
    first_seen: dt.datetime
    last_seen: dt.datetime


class ErrorOut(Schema):
    """Every 4xx answer: what was wrong, naming the parameter; `errors` lists each one for
    invalid parameters (422)."""

    detail: str
    errors: list[dict] | None = None


class ExternalIdsOut(Schema):
    """The mission's record in each source: its Wikidata item, its OpenStreetMap elements (a
    list: one office is at times mapped twice) and its GOV.UK page; null or [] where the
    source has none."""

    wikidata: str | None = None
    osm: list[str] = Field(default_factory=list)
    govuk: str | None = None


class AddressPartsOut(Schema):
    """The address in parts, as its source gives it; `text` holds the address when the source
    gives one line only; `language` is the language it is written in."""

    street_address: str = ""
    locality: str = ""
    region: str = ""
    postal_code: str = ""
    country_code: str = ""
    language: str = ""
    text: str = ""


class HoursDayOut(Schema):
    """One day of the current week (Monday first): `intervals` as ["09:00", "17:00"], in the
    mission's own time; `unconfirmed` those the hours mark unknown (by appointment)."""

    day: str
    intervals: list[list[str]]
    unconfirmed: list[list[str]] = Field(default_factory=list)
    note: str = ""


class HoursStructuredOut(Schema):
    """The hours read: `valid` is false (and `week` empty) when the text is not
    opening_hours syntax; `time_zone` is the mission's IANA zone, "" when unknown."""

    valid: bool
    time_zone: str
    week: list[HoursDayOut]
    notes: list[str] = Field(default_factory=list)


class OpeningHoursOut(Schema):
    """`raw` in OpenStreetMap's opening_hours syntax, and `structured`, its week read."""

    raw: str
    structured: HoursStructuredOut | None


class LicenceOut(Schema):
    name: str
    url: str
    #: The credit to show next to the value ("© OpenStreetMap contributors").
    credit: str


class SourcedValueOut(Schema):
    """One source's value for a field: `source` is the provider (wikidata, osm, govuk),
    `record_id` and `url` its record, `value` as the source gives it (phones: a list of
    {"number", "label"}; address: its parts; coordinates: [latitude, longitude]; names: a
    label in `language`). `shown` marks the value the mission shows; none is shown when the
    mission holds an editor's value."""

    source: str
    record_id: str
    url: str
    fetched_at: dt.datetime
    licence: LicenceOut | None
    language: str
    value: Any
    shown: bool


class MissionOut(Schema):
    """Serialises a Mission model instance directly (resolvers fill the derived fields).

    `id` is the mission's id in this API: its Wikidata QID, or its slug when it has none (a
    mission created from OpenStreetMap, `wikidata_id` null, `verified` false until editors
    confirm it). `sources` gives, for each field some source has a value for, every source's
    value, the shown one first, then by precedence (editor, GOV.UK, Wikidata, OpenStreetMap)."""

    id: str
    wikidata_id: str | None
    slug: str
    url: str
    name: str
    #: The mission's own name by language code (Wikidata's labels).
    names: dict[str, str]
    kind: str
    type_label: str
    sending_country: CountryRef
    #: The host as the source names it (China for a consulate-general in Hong Kong).
    host_country: CountryRef
    #: Where the mission stands: its host, or the host's territory it lies in (Hong Kong).
    territory: CountryRef
    city: str
    #: The street address, written the way the host country writes it (lines apart).
    address: str
    address_parts: AddressPartsOut | None
    latitude: float | None
    longitude: float | None
    phones: list[PhoneOut]
    fax: str
    email: str
    website: str
    opening_hours: OpeningHoursOut | None
    #: What the office does for the public, as its source names it.
    services: list[str]
    jurisdictions: list[CountryRef]
    opened_on: dt.date | None
    closed_on: dt.date | None
    status: str
    verified: bool
    external_ids: ExternalIdsOut
    source: SourceOut
    sources: dict[str, list[SourcedValueOut]]
    distance_km: float | None = None

    @staticmethod
    def resolve_id(obj: Mission) -> str:
        return obj.public_id

    @staticmethod
    def resolve_distance_km(obj: object) -> float | None:
        value = getattr(obj, "distance_km", None)
        return round(value, 2) if value is not None else None

    @staticmethod
    def resolve_url(obj: Mission) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_name(obj: Mission) -> str:
        return obj.data_name

    @staticmethod
    def resolve_city(obj: Mission) -> str:
        return obj.data_town

    @staticmethod
    def resolve_territory(obj: Mission) -> Country:
        return obj.located_in

    @staticmethod
    def resolve_email(obj: Mission) -> str:
        return obj.email_address

    @staticmethod
    def resolve_address_parts(obj: Mission) -> dict[str, str] | None:
        return obj.address_parts or None

    @staticmethod
    def resolve_opening_hours(obj: Mission) -> dict[str, Any] | None:
        if not obj.opening_hours:
            return None
        zone = time_zone_at(obj.latitude, obj.longitude, obj.located_in.iso_alpha2 or "")
        return {
            "raw": obj.opening_hours,
            "structured": hours_structured(obj.opening_hours, time_zone=zone),
        }

    @staticmethod
    def resolve_external_ids(obj: Mission) -> dict[str, Any]:
        ids = external_ids(_links(obj))
        if obj.wikidata_id:
            ids["wikidata"] = obj.wikidata_id  # the mission's own item, whatever links say
        return ids

    @staticmethod
    def resolve_source(obj: Mission) -> dict[str, object]:
        url = obj.wikidata_url or next(
            (link.record_url for link in _links(obj) if link.record_id == obj.source_id), ""
        )
        return {
            "name": obj.source,
            "id": obj.source_id,
            "url": url,
            "first_seen": obj.first_seen,
            "last_seen": obj.last_seen,
        }

    @staticmethod
    def resolve_sources(obj: Mission) -> dict[str, list[dict[str, Any]]]:
        by_field = mission_field_sources(obj, sourced_values_of(_links(obj)))
        return {
            name: [_sourced_value(item.value, item.shown) for item in items]
            for name, items in by_field.items()
        }


def _links(mission: Mission) -> list[SourceLink]:
    # Prefetched with `source_links__values` by the list and the lookup: no query per mission.
    return list(mission.source_links.all())


def _sourced_value(value: SourcedValue, shown: bool) -> dict[str, Any]:
    licence = licence_of(value.provider)
    return {
        "source": value.provider,
        "record_id": value.record_id,
        "url": value.record_url,
        "fetched_at": value.fetched_at,
        "licence": None
        if licence is None
        else {"name": licence.name, "url": licence.url, "credit": licence.credit},
        "language": value.language,
        "value": value.value,
        "shown": shown,
    }


class SearchCountry(CountryRef):
    name_in_sentence: str


class SearchInterpretation(Schema):
    sending: SearchCountry | None
    host: SearchCountry | None
    city: str | None
    kind: str | None


class SearchHitOut(Schema):
    #: The QID, or the slug of a mission no QID names (see MissionOut).
    id: str
    #: Null for a mission created from OpenStreetMap.
    wikidata_id: str | None
    name: str
    kind: str
    sending_country: CountryRef
    #: The host as the source names it; `territory`: where the mission stands.
    host_country: CountryRef
    territory: CountryRef
    city: str
    url: str
    score: float
    why: str


class SearchOut(Schema):
    query: str
    truncated: bool
    notices: list[str]
    interpretation: SearchInterpretation
    results: list[SearchHitOut]


class AssistMissionOut(Schema):
    #: Null for a mission created from OpenStreetMap (see MissionOut).
    #: The QID, or the slug of a mission no QID names (one found on OpenStreetMap).
    id: str
    wikidata_id: str | None
    slug: str
    url: str
    vcard_url: str
    name: str
    kind: str
    sending_country: CountryRef
    host_country: CountryRef
    territory: CountryRef
    city: str
    address: str
    latitude: float | None
    longitude: float | None
    phones: list[PhoneOut]
    email: str
    website: str
    #: False for a mission found in a source that editors have not confirmed yet.
    verified: bool


class OtherPhoneOut(Schema):
    phone: str
    phone_display: str
    note: str


class AssistOptionOut(Schema):
    rule: str
    rule_label: str
    mission: AssistMissionOut | None
    distance_km: float | None
    note: str
    phone: str
    web: str
    supervising: AssistMissionOut | None
    source: str
    #: Why the rule applies where the person is (a territory's status, with its source).
    basis: str = ""
    #: Ministry lines only: when the line answers, whether round the clock, its other
    #: numbers and the date the number was last published.
    hours: str
    is_24_7: bool | None
    other_phones: list[OtherPhoneOut]
    as_of: dt.date | None


class AssistLocationOut(Schema):
    country: CountryRef
    #: The state the place is part of, when it is a territory (Hong Kong: China).
    part_of: CountryRef | None = None
    city: str
    latitude: float | None
    longitude: float | None
    found_from: str
    nearest_place_km: float | None


class AssistOut(Schema):
    nationality: CountryRef
    location: AssistLocationOut
    options: list[AssistOptionOut]
    caveats: list[str]


class AdvisoryOut(Schema):
    """`destination` is the place the advice is written for; `shown_for` the place asked about.
    They differ when a territory without advice of its own is shown its state's: `coverage`
    is "named" when that advice names the territory, "state" when it does not say ("own"
    otherwise), and `coverage_note` says so in words."""

    destination: CountryRef
    shown_for: CountryRef | None = None
    coverage: str = "own"
    coverage_note: str = ""
    issuer: CountryRef
    level: int
    level_text: str
    title: str
    summary_html: str
    source_url: str
    issuer_updated_at: dt.datetime | None
    date_note: str
    fetched_at: dt.datetime
    last_seen_at: dt.datetime | None
    stale: bool
    attribution: str


class BannerOut(Schema):
    country: CountryRef
    headline: str
    body: str
    call_to_action: str
    link: str
    severity: str
    derived: bool
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    #: The place the banner is shown for, and why when it is its state's banner.
    shown_for: CountryRef | None = None
    note: str = ""


class CountryDetailOut(CountryOut):
    advisories: list[AdvisoryOut]
    banners: list[BannerOut]

    @staticmethod
    def resolve_advisories(obj: object) -> list[dict]:
        return getattr(obj, "advisories_out", [])

    @staticmethod
    def resolve_banners(obj: object) -> list[dict]:
        return getattr(obj, "banners_out", [])


class ArticleOut(Schema):
    slug: str
    url: str
    title: str
    summary: str
    body_html: str
    published_at: dt.datetime
    updated_at: dt.datetime
    author: str
    source_name: str
    source_url: str
    image_url: str
    image_credit: str
    countries: list[CountryRef]

    @staticmethod
    def resolve_url(obj: Article) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_countries(obj: Article) -> list[Country]:
        return list(obj.countries.all())


class ImportRunOut(Schema):
    """One run of an importer: `kind` is what it imports (missions, advisories or news); `ok`
    is false, with the reason in `error`, when its source could not be used."""

    id: int
    kind: str
    source: str
    location: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    ok: bool
    error: str
    rows_read: int
    created: int
    updated: int
    unchanged: int
    withdrawn: int
    rejected: int
    countries_created: int
