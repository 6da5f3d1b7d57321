from __future__ import annotations

import datetime as dt

from ninja import Schema

from chancery.countries.models import Country
from chancery.directory.models import Mission
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


class MissionOut(Schema):
    """Serialises a Mission model instance directly (resolvers fill the derived fields)."""

    wikidata_id: str
    slug: str
    url: str
    name: str
    kind: str
    type_label: str
    sending_country: CountryRef
    #: The host as the source names it (China for a consulate-general in Hong Kong).
    host_country: CountryRef
    #: Where the mission stands: its host, or the host's territory it lies in (Hong Kong).
    territory: CountryRef
    city: str
    latitude: float | None
    longitude: float | None
    phones: list[PhoneOut]
    email: str
    website: str
    jurisdictions: list[CountryRef]
    opened_on: dt.date | None
    status: str
    source: SourceOut
    distance_km: float | None = None

    @staticmethod
    def resolve_distance_km(obj: object) -> float | None:
        value = getattr(obj, "distance_km", None)
        return round(value, 2) if value is not None else None

    @staticmethod
    def resolve_url(obj: Mission) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_territory(obj: Mission) -> Country:
        return obj.located_in

    @staticmethod
    def resolve_email(obj: Mission) -> str:
        return obj.email_address

    @staticmethod
    def resolve_source(obj: Mission) -> dict[str, object]:
        return {
            "name": obj.source,
            "id": obj.source_id,
            "url": obj.wikidata_url,
            "first_seen": obj.first_seen,
            "last_seen": obj.last_seen,
        }


class SearchCountry(CountryRef):
    name_in_sentence: str


class SearchInterpretation(Schema):
    sending: SearchCountry | None
    host: SearchCountry | None
    city: str | None
    kind: str | None


class SearchHitOut(Schema):
    wikidata_id: str
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
    wikidata_id: str
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
