"""Query parameters whose form the OpenAPI schema states exactly (a pattern, a list of values,
bounds), and the check that the server refuses what the schema refuses and nothing else.

The API's clear 400 messages ("bbox: latitude must be between -90 and 90") come from the
shared filters; the form is declared here with `json_schema_extra` rather than as a pydantic
constraint, so that breaking it stays a 400 naming the parameter, as it always was, while a
client (or a schema-driven fuzzer) reads the rule from the schema.

Given empty, a filter counts as not given (`?bbox=&near=` as a form sends them), so each
pattern also admits the empty string.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from ninja import Field, Schema
from ninja.errors import HttpError
from pydantic import WithJsonSchema
from pydantic.json_schema import JsonDict

from chancery.directory.filters import DEFAULT_RADIUS_KM, MAX_RADIUS_KM
from chancery.directory.models import MissionKind
from chancery.directory.selectors import STATUS_FILTERS

# Plain decimal degrees: no exponent, no spaces, no sign but "-", ASCII digits only. The
# bounds are part of the form (-90…90, -180…180), so that every value the pattern admits is
# one the filters accept.
LATITUDE = r"-?(?:90(?:\.0+)?|[1-8]?[0-9](?:\.[0-9]+)?)"
LONGITUDE = r"-?(?:180(?:\.0+)?|(?:1[0-7][0-9]|[1-9]?[0-9])(?:\.[0-9]+)?)"
NEAR_PATTERN = rf"^(?:{LATITUDE},{LONGITUDE})?$"
BBOX_PATTERN = rf"^(?:{LONGITUDE},{LATITUDE},{LONGITUDE},{LATITUDE})?$"
#: A required country (ISO code, slug or name): anything but blanks, which the server refuses.
RequiredCountry = Annotated[
    str, WithJsonSchema({"type": "string", "minLength": 1, "pattern": r"\S"})
]
#: Coordinates the server refuses out of these bounds (a 400 naming the parameter).
Latitude = Annotated[float, WithJsonSchema({"type": "number", "minimum": -90, "maximum": 90})]
Longitude = Annotated[float, WithJsonSchema({"type": "number", "minimum": -180, "maximum": 180})]
RadiusKm = Annotated[
    float, WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "maximum": MAX_RADIUS_KM})
]

#: The languages names and towns can be asked in; `UrlLanguageMiddleware` reads `?lang=`.
Language = Literal["en", "fr", "es", "de", "ru", "ar"]
LANGUAGE_DESCRIPTION = (
    "The language of mission names and towns: en (the default, as stored), fr, es, de, ru "
    'or ar ("Ambassade d’Allemagne en Russie", "Посольство Германии в России").'
)


def _declared(
    *,
    pattern: str | None = None,
    enum: list[str] | None = None,
    example: str | None = None,
) -> JsonDict:
    """The form of a parameter, for its schema (`json_schema_extra`)."""
    extra: JsonDict = {}
    if pattern is not None:
        extra["pattern"] = pattern
    if enum is not None:
        extra["enum"] = list(enum)
    if example is not None:
        extra["example"] = example
    return extra


class MissionFilters(Schema):
    """The filters of GET /api/v1/missions (and of the exports, through the same rules)."""

    sending: str = Field(
        "",
        description="Sending country: ISO code, slug or name.",
        json_schema_extra=_declared(example="DE"),
    )
    host: str = Field(
        "",
        description=(
            "Host country as the source names it: ISO code, slug or name (China's includes the "
            "consulates-general in Hong Kong the source files under China)."
        ),
        json_schema_extra=_declared(example="RU"),
    )
    territory: str = Field(
        "",
        description=(
            "Where the missions stand: a state proper (CN: not Hong Kong or Macau) or a "
            "territory (HK, NC, GL), whatever host the source gives: ISO code, slug or name."
        ),
        json_schema_extra=_declared(example="HK"),
    )
    include_territories: bool = Field(
        False,
        description=(
            "With territory: also the missions standing in its territories (CN: Hong Kong and "
            "Macau too); without territory it has no effect."
        ),
    )
    kind: MissionKind | None = None
    city: str = Field("", description="City name, in any language the directory knows.")
    status: str = Field(
        "",
        description="active (the default, also when empty), withdrawn, closed or all.",
        json_schema_extra=_declared(enum=["", *STATUS_FILTERS]),
    )
    include_withdrawn: bool = False
    bbox: str = Field(
        "",
        description=(
            "min_lon,min_lat,max_lon,max_lat in decimal degrees (longitudes -180 to 180, "
            "latitudes -90 to 90, min_lat at most max_lat; a box may cross the antimeridian)."
        ),
        json_schema_extra=_declared(pattern=BBOX_PATTERN, example="37.3,55.5,37.9,56.0"),
    )
    near: str = Field(
        "",
        description=(
            "lat,lon in decimal degrees: missions within radius_km, nearest first, with "
            "distance_km."
        ),
        json_schema_extra=_declared(pattern=NEAR_PATTERN, example="55.75,37.62"),
    )
    radius_km: RadiusKm | None = Field(
        None,
        description=f"Only with near (without it, 400); default {DEFAULT_RADIUS_KM:.0f}.",
    )


def _python_pattern(pattern: str) -> str:
    # In a schema (ECMA-262) "$" ends the text; in Python it also matches before a final
    # newline, which the schema refuses.
    return pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern


def refuse_undeclared_forms(values: Schema) -> None:
    """A 400 naming the first parameter whose text the schema's pattern or list of values
    refuses, so that the server and its schema agree on every value."""
    for name, field in type(values).model_fields.items():
        value = getattr(values, name)
        extra = field.json_schema_extra
        if not isinstance(value, str) or not isinstance(extra, dict):
            continue
        pattern = extra.get("pattern")
        enum = extra.get("enum")
        if isinstance(pattern, str) and not re.search(_python_pattern(pattern), value):
            raise HttpError(400, f"{name}: expected {field.description} Got {value[:80]!r}")
        if isinstance(enum, list) and value not in enum:
            allowed = ", ".join(str(v) for v in enum if v)
            raise HttpError(400, f"{name}: one of {allowed}, got {value[:40]!r}")
