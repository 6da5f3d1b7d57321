"""Schemathesis hooks: the API's rules that OpenAPI cannot state, applied to generated requests.

The schema states every form a parameter may take (patterns, lists of values, bounds), and the
server refuses exactly what it refuses. What remains is described in each operation's 400
response, and no JSON Schema keyword can express it:

- a country parameter must name a country the directory holds (any ISO code, slug or name in
  any language: a list of data, not a form);
- one parameter needs another (`radius_km` only with `near`; the assistant needs a place: a
  country, or `lat` with `lon`);
- two numbers in one value are ordered (a `bbox`'s min_lat at most its max_lat).

One more limit is not the API's: a front server (gunicorn, nginx) answers 414 with its own page
to a request line over its limit (4 KB for gunicorn), before the application sees the request.
Such answers are not held against the API; the run's summary counts them as dropped.

For requests meant to be valid (positive mode), these hooks bend the generated values to those
rules, so that every such request must be accepted; requests meant to be invalid are left
alone. Used by tests/fuzz/test_schemathesis.py and by `schemathesis run` through
schemathesis.toml. No Django here: the CLI loads this module without the project's settings.
"""

from __future__ import annotations

import zlib
from http import HTTPStatus
from typing import Any

import schemathesis

#: Ways of naming a country that the directory knows, as a user would write them.
COUNTRIES = (
    "RU",
    "de",
    "FRA",
    "japan",
    "United Kingdom",
    "Deutschland",
    "BR",
    "india",
    "ZA",
    "united-states",
)
#: Places where missions stand, states and territories alike.
PLACES = (*COUNTRIES, "HK", "hong-kong", "New Caledonia", "Q35", "MO", "GL")
#: Issuers of travel advisories: a source's short name, or a government's ISO code.
ISSUERS = ("us", "uk", "ca", "US", "GB", "FR")
#: Points for `near` (lat,lon): Moscow, Nairobi, Lima, Sydney.
POINTS = ("55.75,37.62", "-1.29,36.82", "-12.05,-77.04", "-33.87,151.21")

#: The parameters of each operation that name a country, and the values they may take.
COUNTRY_PARAMETERS: dict[str, dict[str, tuple[str, ...]]] = {
    "/api/v1/missions": {"sending": COUNTRIES, "host": COUNTRIES, "territory": PLACES},
    "/api/v1/advisories": {"country": COUNTRIES, "issuer": ISSUERS},
    "/api/v1/banners": {"country": COUNTRIES},
    "/api/v1/news": {"country": COUNTRIES},
    "/api/v1/assist": {
        "nationality": COUNTRIES,
        "country": COUNTRIES,
        "other_nationality": COUNTRIES,
    },
}


def _pick(choices: tuple[str, ...], seed: object) -> str:
    """The same choice for the same generated value, so that a failure replays."""
    return choices[zlib.crc32(repr(seed).encode()) % len(choices)]


def _present(query: dict[str, Any], name: str) -> bool:
    return query.get(name) not in (None, "")


def _known_countries(query: dict[str, Any], parameters: dict[str, tuple[str, ...]]) -> None:
    for name, choices in parameters.items():
        value = query.get(name)
        # Empty counts as not given where the parameter is optional; a required one is never
        # generated empty in positive mode (its schema has minLength 1).
        if value in (None, "") or value in choices:
            continue
        query[name] = _pick(choices, value)


def _missions(query: dict[str, Any]) -> None:
    if "radius_km" in query and query["radius_km"] is not None and not _present(query, "near"):
        query["near"] = _pick(POINTS, query["radius_km"])
    corners = str(query.get("bbox") or "").split(",")
    if len(corners) == 4:
        min_lon, min_lat, max_lon, max_lat = corners
        if float(min_lat) > float(max_lat):
            query["bbox"] = f"{min_lon},{max_lat},{max_lon},{min_lat}"


def _assist(query: dict[str, Any]) -> None:
    has_lat = query.get("lat") is not None
    has_lon = query.get("lon") is not None
    if has_lat != has_lon:
        query["lon" if has_lat else "lat"] = 0
    if not has_lat and not has_lon and not _present(query, "country"):
        query["country"] = _pick(COUNTRIES, sorted(query.items(), key=str))


@schemathesis.hook
def map_case(context: schemathesis.HookContext, case: schemathesis.Case) -> schemathesis.Case:
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return case
    path = case.operation.path
    query = dict(case.query or {})
    _known_countries(query, COUNTRY_PARAMETERS.get(path, {}))
    if path == "/api/v1/missions":
        _missions(query)
    elif path == "/api/v1/assist":
        _assist(query)
    if query != (case.query or {}):
        case.query = query
    return case


@schemathesis.hook
def filter_failure(
    context: schemathesis.HookContext,
    failure: Any,
    case: schemathesis.Case,
    response: schemathesis.Response,
) -> bool:
    return response.status_code != HTTPStatus.REQUEST_URI_TOO_LONG
