"""JSON API v1: the same selectors as the HTML pages. Schema at /api/v1/openapi.json."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from chancery.countries.models import Country, CountryKind
from chancery.countries.selectors import country_lookup
from chancery.directory.models import Mission, MissionKind
from chancery.directory.selectors import mission_get_by_wikidata_id, mission_list
from chancery.search.presenters import search_payload
from chancery.search.services import DEFAULT_LIMIT, MAX_LIMIT, search

from .schemas import CountryOut, ErrorOut, MissionOut, SearchOut

api = NinjaAPI(
    title="Chancery API",
    version="1",
    description="Embassies, consulates and other diplomatic missions of the world.",
    urls_namespace="api-v1",
)


def _country_or_400(code: str | None, parameter: str) -> Country | None:
    if not code:
        return None
    country = country_lookup(code).country
    if country is None:
        raise HttpError(400, f"{parameter}: unknown country {code!r}")
    return country


class MissionFilters(Schema):
    sending: str | None = None
    host: str | None = None
    kind: MissionKind | None = None
    city: str | None = None
    include_withdrawn: bool = False


@api.get("/countries", response=list[CountryOut], tags=["countries"])
def countries_list(request: HttpRequest, kind: CountryKind | None = None) -> QuerySet[Country]:
    """Every country, territory, region and organisation that sends or hosts a mission."""
    countries = Country.objects.order_by("name")
    if kind:
        countries = countries.filter(kind=kind.value)
    return countries


@api.get("/countries/{code}", response={200: CountryOut, 404: ErrorOut}, tags=["countries"])
def countries_get(request: HttpRequest, code: str) -> Country:
    """One country by ISO alpha-2 (or alpha-3) code or slug."""
    country = country_lookup(code).country
    if country is None:
        raise HttpError(404, f"No country {code!r}")
    return country


@api.get("/missions", response={200: list[MissionOut], 400: ErrorOut}, tags=["missions"])
@paginate(LimitOffsetPagination)
def missions_list(request: HttpRequest, filters: Query[MissionFilters]) -> QuerySet[Mission]:
    """Missions, filtered by sending and host country (ISO code or slug), kind and city."""
    missions = mission_list(
        sending=_country_or_400(filters.sending, "sending"),
        host=_country_or_400(filters.host, "host"),
        kind=filters.kind.value if filters.kind else None,
        city=filters.city,
        include_withdrawn=filters.include_withdrawn,
    ).prefetch_related("jurisdictions")
    return missions


@api.get("/missions/{wikidata_id}", response={200: MissionOut, 404: ErrorOut}, tags=["missions"])
def missions_get(request: HttpRequest, wikidata_id: str) -> Mission:
    """One mission by its Wikidata ID (e.g. Q106450319)."""
    mission = mission_get_by_wikidata_id(wikidata_id)
    if mission is None:
        raise HttpError(404, f"No mission {wikidata_id!r}")
    return mission


@api.get("/search", response=SearchOut, tags=["search"])
def search_missions(
    request: HttpRequest,
    q: str = "",
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> dict:
    """Free-text search in any language: "German embassy Moscow", "посольство Германии в Москве".

    `interpretation` says which sending country, host country, city and kind the query was read
    as; each result says `why` it matched. Queries longer than 200 characters are cut, and
    `truncated` says so.
    """
    return search_payload(search(q, limit))
