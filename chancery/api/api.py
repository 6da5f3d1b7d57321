"""JSON API v1: the same selectors as the HTML pages. Schema at /api/v1/openapi.json."""

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError, ValidationError
from ninja.pagination import LimitOffsetPagination, paginate

from chancery.advisories.presenters import advisory_payload, banner_payload
from chancery.advisories.selectors import active_banners, advisories_for
from chancery.assist.presenters import answer_payload
from chancery.assist.services import (
    AssistInputError,
    answer,
    country_from,
    location_from,
    snapshot_for,
)
from chancery.countries.models import Country, CountryKind
from chancery.countries.selectors import country_lookup
from chancery.directory.filters import FilterError, mission_filters
from chancery.directory.models import Mission, MissionKind
from chancery.directory.selectors import mission_get_by_wikidata_id, mission_list
from chancery.ingest.models import ImportRun
from chancery.news.models import Article
from chancery.news.selectors import visible_articles
from chancery.search.presenters import search_payload
from chancery.search.services import DEFAULT_LIMIT, MAX_LIMIT, search

from .schemas import (
    AdvisoryOut,
    ArticleOut,
    AssistOut,
    BannerOut,
    CountryDetailOut,
    CountryOut,
    ErrorOut,
    ImportRunOut,
    MissionOut,
    SearchOut,
)

api = NinjaAPI(
    title="Chancery API",
    version="1",
    description="Embassies, consulates and other diplomatic missions of the world.",
    urls_namespace="api-v1",
)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Invalid parameters: the same error shape as every other 4xx ({"detail": …}), with the
    details per parameter in "errors"."""
    messages = []
    for error in exc.errors:
        where = ".".join(str(part) for part in error.get("loc", ())[1:]) or "request"
        messages.append(f"{where}: {error.get('msg', 'invalid')}")
    return api.create_response(
        request,
        {"detail": "; ".join(messages) or "invalid request", "errors": exc.errors},
        status=422,
    )


def _country_or_400(code: str | None, parameter: str) -> Country | None:
    if not code:
        return None
    country = country_lookup(code).country
    if country is None:
        raise HttpError(400, f"{parameter}: unknown country {code!r}")
    return country


class MissionFilters(Schema):
    sending: str | None = Field(None, description="Sending country: ISO code, slug or name.")
    host: str | None = Field(None, description="Host country: ISO code, slug or name.")
    kind: MissionKind | None = None
    city: str | None = None
    status: str | None = Field(None, description="active (default), withdrawn, closed or all.")
    include_withdrawn: bool = False
    bbox: str | None = Field(None, description="min_lon,min_lat,max_lon,max_lat")
    near: str | None = Field(None, description="lat,lon: nearest first, with distance_km.")
    radius_km: float | None = Field(None, description="With near; default 50.")


@api.get(
    "/countries", response={200: list[CountryOut], 400: ErrorOut, 422: ErrorOut}, tags=["countries"]
)
def countries_list(request: HttpRequest, kind: CountryKind | None = None) -> QuerySet[Country]:
    """Every country, territory, region and organisation that sends or hosts a mission."""
    countries = Country.objects.order_by("name")
    if kind:
        countries = countries.filter(kind=kind.value)
    return countries


@api.get(
    "/countries/{code}",
    response={200: CountryDetailOut, 404: ErrorOut, 400: ErrorOut, 422: ErrorOut},
    tags=["countries"],
)
def countries_get(request: HttpRequest, code: str) -> Country:
    """One country by ISO alpha-2 (or alpha-3) code or slug, with each government's current
    travel advisory for it and the banners in force."""
    country = country_lookup(code).country
    if country is None:
        raise HttpError(404, f"No country {code!r}")
    country.advisories_out = [advisory_payload(a) for a in advisories_for(country)]  # type: ignore[attr-defined]
    country.banners_out = [banner_payload(b) for b in active_banners(country)]  # type: ignore[attr-defined]
    return country


@api.get(
    "/missions", response={200: list[MissionOut], 400: ErrorOut, 422: ErrorOut}, tags=["missions"]
)
@paginate(LimitOffsetPagination)
def missions_list(request: HttpRequest, filters: Query[MissionFilters]) -> QuerySet[Mission]:
    """Missions, filtered by sending and host country (ISO code, slug or name), kind, city,
    status, a bounding box, or a point and radius (nearest first, with `distance_km`)."""
    params = filters.dict()
    params["kind"] = filters.kind.value if filters.kind else None
    try:
        arguments = mission_filters(params)
    except FilterError as exc:
        raise HttpError(400, str(exc)) from exc
    return mission_list(**arguments).prefetch_related("jurisdictions")


@api.get(
    "/missions/{wikidata_id}",
    response={200: MissionOut, 404: ErrorOut, 400: ErrorOut, 422: ErrorOut},
    tags=["missions"],
)
def missions_get(request: HttpRequest, wikidata_id: str) -> Mission:
    """One mission by its Wikidata ID (e.g. Q106450319)."""
    mission = mission_get_by_wikidata_id(wikidata_id)
    if mission is None:
        raise HttpError(404, f"No mission {wikidata_id!r}")
    return mission


@api.get("/search", response={200: SearchOut, 400: ErrorOut, 422: ErrorOut}, tags=["search"])
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


@api.get("/assist", response={200: AssistOut, 400: ErrorOut, 422: ErrorOut}, tags=["assist"])
def assist(
    request: HttpRequest,
    nationality: str,
    country: str | None = None,
    city: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    other_nationality: str | None = None,
    permanent_resident: bool = False,
) -> dict:
    """Who can help a person of this nationality where they are, best first.

    Give where the person is as `country` (ISO code, slug or name) with an optional `city`, or
    as `lat` and `lon` alone (the country is found offline). Each option names the rule that
    produced it: `resident`, `accredited`, `eu_directive`, `consular_sharing`,
    `protecting_power`, `honorary_consulate`, `ministry_line`. `other_nationality` and
    `permanent_resident` add the caveats that apply.
    """
    try:
        citizen = country_from(nationality, "nationality")
        location = location_from(country=country, city=city, latitude=lat, longitude=lon)
        other = country_from(other_nationality, "other_nationality") if other_nationality else None
    except AssistInputError as exc:
        raise HttpError(400, str(exc)) from exc
    result = answer(
        citizen,
        location,
        snapshot_for(citizen, location.country),
        other_nationality=other,
        permanent_resident=permanent_resident,
    )
    return answer_payload(result)


@api.get(
    "/advisories",
    response={200: list[AdvisoryOut], 400: ErrorOut, 422: ErrorOut},
    tags=["advisories"],
)
def advisories_list(request: HttpRequest, country: str, issuer: str | None = None) -> list[dict]:
    """Each government's current advisory for a country (`country`: ISO code or slug), or one
    government's (`issuer`: us, uk, ca or an ISO code). Levels are 1–4 with the issuer's own
    words in `level_text`; they are never merged into one score."""
    place = _country_or_400(country, "country")
    if place is None:
        raise HttpError(400, "country: required (an ISO code such as RU, or a slug)")
    by_issuer = None
    if issuer:
        from chancery.advisories.sources import SOURCES

        module = SOURCES.get(issuer.lower())
        by_issuer = _country_or_400(module.ISSUER if module else issuer, "issuer")
    return [advisory_payload(a) for a in advisories_for(place, by_issuer)]


@api.get(
    "/banners", response={200: list[BannerOut], 400: ErrorOut, 422: ErrorOut}, tags=["advisories"]
)
def banners_list(request: HttpRequest, country: str | None = None) -> list[dict]:
    """Banners in force now (editors' and those derived from level-4 advisories), for every
    country or one (`country`: ISO code or slug)."""
    place = _country_or_400(country, "country") if country else None
    return [banner_payload(b) for b in active_banners(place)]


@api.get("/news", response={200: list[ArticleOut], 400: ErrorOut, 422: ErrorOut}, tags=["news"])
@paginate(LimitOffsetPagination)
def news_list(request: HttpRequest, country: str | None = None) -> QuerySet[Article]:
    """Published news, newest first; `country` keeps the articles about one country."""
    place = _country_or_400(country, "country") if country else None
    return visible_articles(place)


@api.get(
    "/news/{slug}",
    response={200: ArticleOut, 404: ErrorOut, 400: ErrorOut, 422: ErrorOut},
    tags=["news"],
)
def news_get(request: HttpRequest, slug: str) -> Article:
    """One published article by its slug."""
    article = visible_articles().filter(slug=slug).first()
    if article is None:
        raise HttpError(404, f"No article {slug!r}")
    return article


@api.get(
    "/import-runs",
    response={200: list[ImportRunOut], 401: ErrorOut, 403: ErrorOut, 400: ErrorOut, 422: ErrorOut},
    tags=["import runs"],
)
@paginate(LimitOffsetPagination)
def import_runs(request: HttpRequest) -> QuerySet[ImportRun]:
    """Import runs, newest first (staff only: log in to the admin first)."""
    user = request.user
    if not user.is_authenticated:
        raise HttpError(401, "Log in as staff to see import runs")
    if not user.is_staff:
        raise HttpError(403, "Import runs are for staff only")
    return ImportRun.objects.order_by("-started_at")
