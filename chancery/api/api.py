"""JSON API v1: the same selectors as the HTML pages. Schema at /api/v1/openapi.json."""

from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Path, Query
from ninja.errors import HttpError, ValidationError
from ninja.pagination import paginate
from pydantic import WithJsonSchema

from chancery.advisories.presenters import advisory_payload, banner_payload
from chancery.advisories.selectors import active_banners, advisories_for, issuer_country_code
from chancery.assist.presenters import answer_payload
from chancery.assist.selectors import help_answer
from chancery.assist.types import AssistInputError
from chancery.countries.models import Country, CountryKind
from chancery.countries.selectors import country_lookup
from chancery.directory.filters import FilterError, mission_filters
from chancery.directory.models import Mission
from chancery.directory.selectors import SOURCE_FILTERS, mission_get_by_public_id, mission_list
from chancery.ingest.models import ImportRun
from chancery.ingest.selectors import import_run_list
from chancery.news.models import Article
from chancery.news.selectors import visible_articles
from chancery.search.presenters import search_payload
from chancery.search.services import DEFAULT_LIMIT, MAX_LIMIT, search

from .pagination import BoundedLimitOffsetPagination
from .params import (
    LANGUAGE_DESCRIPTION,
    Language,
    Latitude,
    Longitude,
    MissionFilters,
    RequiredCountry,
    refuse_undeclared_forms,
)
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


#: The `source` filter's values; any other is a 400 naming them (as `status`).
SourceFilter = Annotated[str, WithJsonSchema({"type": "string", "enum": ["", *SOURCE_FILTERS]})]

UNKNOWN_COUNTRY = "{} names no country the directory knows (ISO code, slug or name)"


def _refused(*reasons: str) -> dict:
    """The operation's 400 response, described: what the server refuses although the schema
    cannot say it (a value that must name something the directory holds, or one parameter
    that needs another)."""
    description = "Bad Request: " + "; ".join(reasons) + ". `detail` names the parameter."
    return {"responses": {400: {"description": description}}}


def _country_or_400(code: str | None, parameter: str) -> Country | None:
    if not code:
        return None
    country = country_lookup(code).country
    if country is None:
        raise HttpError(400, f"{parameter}: unknown country {code!r}")
    return country


@api.get(
    "/countries", response={200: list[CountryOut], 400: ErrorOut, 422: ErrorOut}, tags=["countries"]
)
def countries_list(request: HttpRequest, kind: CountryKind | None = None) -> list[Country]:
    """Every place of ISO 3166-1 (states, territories, special administrative regions), and
    every other entity that sends or hosts a mission (sub-national governments,
    organisations), each with its `kind` and, for a territory, the state it is `part_of`."""
    countries = Country.objects.select_related("part_of").order_by("name")
    if kind:
        countries = countries.filter(kind=kind.value)
    # Read here, not while the answer is written: there a database error would come wrapped in
    # a validation error (a 500) instead of reaching the outage handler (503, Retry-After).
    return list(countries)


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
    country = Country.objects.select_related("part_of").get(pk=country.pk)
    country.advisories_out = [advisory_payload(a) for a in advisories_for(country)]  # type: ignore[attr-defined]  # read by CountryDetailOut
    country.banners_out = [banner_payload(b) for b in active_banners(country)]  # type: ignore[attr-defined]  # read by CountryDetailOut
    return country


@api.get(
    "/missions",
    response={200: list[MissionOut], 400: ErrorOut, 422: ErrorOut},
    tags=["missions"],
    openapi_extra=_refused(
        UNKNOWN_COUNTRY.format("`sending`, `host` or `territory`"),
        "`radius_km` without `near`",
        "a `bbox` whose min_lat is above its max_lat",
        "a `bbox`, `near`, `status` or `source` not in the documented form",
    ),
)
@paginate(BoundedLimitOffsetPagination)
def missions_list(
    request: HttpRequest,
    filters: Query[MissionFilters],
    lang: Annotated[Language, Query(description=LANGUAGE_DESCRIPTION)] = "en",
    source: Annotated[
        SourceFilter,
        Query(
            "",
            description=(
                "The source that created the missions: osm (known only from OpenStreetMap: "
                "no QID, unverified) or wikidata."
            ),
        ),
    ] = "",
) -> QuerySet[Mission]:
    """Missions, filtered by sending country, host country as the source names it, the place
    they stand in (`territory`, ISO code, slug or name), kind, city, status, the source that
    created them, a bounding box, or a point and radius (nearest first, with `distance_km`). A
    filter given empty counts as not given. Each mission carries both `host_country` and
    `territory`: the British Consulate-General in Hong Kong has China as its host and Hong Kong
    as its territory. Missions created from OpenStreetMap are listed with the others, with
    `verified` false until editors confirm them."""
    params = filters.dict()
    params["kind"] = filters.kind.value if filters.kind else None
    params["source"] = source
    try:
        arguments = mission_filters(params)
    except FilterError as exc:
        raise HttpError(400, str(exc)) from exc
    refuse_undeclared_forms(filters)
    # The sources of a whole page in two queries, not two per mission.
    return mission_list(**arguments).prefetch_related("jurisdictions", "source_links__values")


@api.get(
    "/missions/{id}",
    response={200: MissionOut, 404: ErrorOut, 400: ErrorOut, 422: ErrorOut},
    tags=["missions"],
)
def missions_get(
    request: HttpRequest,
    id: Annotated[
        str,
        Path(
            description=(
                "The mission's id: its Wikidata QID (Q106450319, any case), or its slug when it "
                "has no QID (a mission created from OpenStreetMap)."
            ),
            example="Q4373990",
        ),
    ],
    lang: Annotated[Language, Query(description=LANGUAGE_DESCRIPTION)] = "en",
) -> Mission:
    """One mission by its id: the Wikidata QID, or the slug of a mission that has none."""
    mission = mission_get_by_public_id(id)
    if mission is None:
        raise HttpError(404, f"No mission {id!r}")
    return mission


@api.get("/search", response={200: SearchOut, 400: ErrorOut, 422: ErrorOut}, tags=["search"])
def search_missions(
    request: HttpRequest,
    q: str = "",
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    lang: Annotated[Language, Query(description=LANGUAGE_DESCRIPTION)] = "en",
) -> dict:
    """Free-text search in any language: "German embassy Moscow", "посольство Германии в Москве".

    `interpretation` says which sending country, host country, city and kind the query was read
    as; each result says `why` it matched. Queries longer than 200 characters are cut, and
    `truncated` says so.
    """
    return search_payload(search(q, limit), lang)


@api.get(
    "/assist",
    response={200: AssistOut, 400: ErrorOut, 422: ErrorOut},
    tags=["assist"],
    openapi_extra=_refused(
        UNKNOWN_COUNTRY.format("`nationality`, `country` or `other_nationality`"),
        "no location: neither `country` nor both `lat` and `lon`",
        "`lat` without `lon`, or `lon` without `lat`",
        "coordinates in no country the directory knows",
    ),
)
def assist(
    request: HttpRequest,
    nationality: Annotated[
        RequiredCountry,
        Query(description="The person's nationality: ISO code, slug or name.", example="NL"),
    ],
    country: Annotated[
        str | None,
        Query(description="Where the person is: ISO code, slug or name.", example="ID"),
    ] = None,
    city: Annotated[str | None, Query(description="The city there, in any language.")] = None,
    lat: Annotated[Latitude | None, Query(description="Where the person is, with lon.")] = None,
    lon: Annotated[Longitude | None, Query(description="Where the person is, with lat.")] = None,
    other_nationality: Annotated[
        str | None, Query(description="A second nationality: ISO code, slug or name.")
    ] = None,
    permanent_resident: bool = False,
    lang: Annotated[Language, Query(description=LANGUAGE_DESCRIPTION)] = "en",
) -> dict:
    """Who can help a person of this nationality where they are, best first.

    Give where the person is as `country` (ISO code, slug or name) with an optional `city`, or
    as `lat` and `lon` alone (the country is found offline). Each option names the rule that
    produced it: `resident`, `accredited`, `eu_directive`, `consular_sharing`,
    `protecting_power`, `honorary_consulate`, `ministry_line`. `other_nationality` and
    `permanent_resident` add the caveats that apply.
    """
    try:
        result = help_answer(
            nationality,
            country=country,
            city=city,
            latitude=lat,
            longitude=lon,
            other_nationality=other_nationality,
            permanent_resident=permanent_resident,
        )
    except AssistInputError as exc:
        raise HttpError(400, str(exc)) from exc
    return answer_payload(result)


@api.get(
    "/advisories",
    response={200: list[AdvisoryOut], 400: ErrorOut, 422: ErrorOut},
    tags=["advisories"],
    openapi_extra=_refused(UNKNOWN_COUNTRY.format("`country` or `issuer`")),
)
def advisories_list(
    request: HttpRequest,
    country: Annotated[
        RequiredCountry, Query(description="The destination: ISO code or slug.", example="RU")
    ],
    issuer: Annotated[
        str | None,
        Query(description="One government's advisory: us, uk, ca or an ISO code.", example="us"),
    ] = None,
) -> list[dict]:
    """Each government's current advisory for a country (`country`: ISO code or slug), or one
    government's (`issuer`: us, uk, ca or an ISO code). Levels are 1–4 with the issuer's own
    words in `level_text`; they are never merged into one score."""
    place = _country_or_400(country, "country")
    if place is None:
        raise HttpError(400, "country: required (an ISO code such as RU, or a slug)")
    by_issuer = None
    if issuer:
        by_issuer = _country_or_400(issuer_country_code(issuer), "issuer")
    return [advisory_payload(a) for a in advisories_for(place, by_issuer)]


@api.get(
    "/banners",
    response={200: list[BannerOut], 400: ErrorOut, 422: ErrorOut},
    tags=["advisories"],
    openapi_extra=_refused(UNKNOWN_COUNTRY.format("`country`")),
)
def banners_list(
    request: HttpRequest,
    country: Annotated[
        str | None,
        Query(description="One country's banners: ISO code or slug (empty: all).", example="RU"),
    ] = None,
) -> list[dict]:
    """Banners in force now (editors' and those derived from level-4 advisories), for every
    country or one (`country`: ISO code or slug)."""
    place = _country_or_400(country, "country") if country else None
    return [banner_payload(b) for b in active_banners(place)]


@api.get(
    "/news",
    response={200: list[ArticleOut], 400: ErrorOut, 422: ErrorOut},
    tags=["news"],
    openapi_extra=_refused(UNKNOWN_COUNTRY.format("`country`")),
)
@paginate(BoundedLimitOffsetPagination)
def news_list(
    request: HttpRequest,
    country: Annotated[
        str | None,
        Query(
            description="Articles about one country: ISO code or slug (empty: all).", example="RU"
        ),
    ] = None,
) -> QuerySet[Article]:
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
@paginate(BoundedLimitOffsetPagination)
def import_runs(request: HttpRequest) -> QuerySet[ImportRun]:
    """Import runs of missions, advisories and news, newest first (staff only: log in to the
    admin first)."""
    user = request.user
    if not user.is_authenticated:
        raise HttpError(401, "Log in as staff to see import runs")
    if not user.is_staff:
        raise HttpError(403, "Import runs are for staff only")
    return import_run_list()
