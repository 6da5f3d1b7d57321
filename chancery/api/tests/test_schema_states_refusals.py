"""What the server refuses, the schema says: each stated form is what the server accepts, and
what no form can state is described in the operation's 400 response."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client: Client) -> dict:
    return client.get("/api/v1/openapi.json").json()


def _parameter(schema: dict, path: str, name: str) -> dict:
    for parameter in schema["paths"][path]["get"]["parameters"]:
        if parameter["name"] == name:
            return parameter["schema"]
    raise AssertionError(f"{path} has no parameter {name}")


def _schema_admits(rules: dict, value: str) -> bool:
    """Whether a string satisfies a parameter's pattern, list of values and length."""
    pattern = rules.get("pattern")
    if pattern is not None:
        # ECMA-262's "$" ends the text; Python's also matches before a final newline.
        python = pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern
        if not re.search(python, value):
            return False
    if "enum" in rules and value not in rules["enum"]:
        return False
    return len(value) >= rules.get("minLength", 0)


@pytest.mark.parametrize(
    ("path", "parameter", "others"),
    [
        ("/api/v1/advisories", "country", {}),
        ("/api/v1/assist", "nationality", {"country": "ID"}),
    ],
)
@pytest.mark.parametrize("blank", ["", " ", "\t\n"])
def test_a_required_country_given_blank_is_refused_and_the_schema_says_so(
    client: Client, schema: dict, path: str, parameter: str, others: dict, blank: str
) -> None:
    rules = _parameter(schema, path, parameter)
    assert rules["minLength"] >= 1
    assert not _schema_admits(rules, blank)
    response = client.get(path, {parameter: blank, **others})
    assert response.status_code == 400, response.content
    assert response.json()["detail"].startswith(f"{parameter}:")


@pytest.mark.parametrize(
    ("parameter", "value", "accepted"),
    [
        ("bbox", "", True),
        ("bbox", "37.3,55.5,37.9,56.0", True),
        ("bbox", "-180,-90,180,90", True),
        ("bbox", "170,-50,-170,-10", True),  # across the antimeridian
        ("bbox", "179.999,89.5,-179.999,90.0", True),
        ("bbox", "1e1,0,20,10", False),
        ("bbox", " 37.3,55.5,37.9,56.0", False),
        ("bbox", "37.3,55.5,37.9,56.0\n", False),
        ("bbox", "37.3, 55.5, 37.9, 56.0", False),
        ("bbox", "5.,1,6,2", False),
        ("bbox", "+37.3,55.5,37.9,56.0", False),
        ("bbox", "037,55,38,56", False),
        ("bbox", "١,٢,٣,٤", False),  # Arabic-Indic digits, which float() reads
        ("bbox", "190,0,200,10", False),
        ("bbox", "37.3,55.5,37.9", False),
        ("near", "", True),
        ("near", "55.75,37.62", True),
        ("near", "-90,180", True),
        ("near", "90.0,-180.0", True),
        ("near", "95,37", False),
        ("near", "55.75", False),
        ("near", "55.75,37.62,1", False),
        ("near", "nan,0", False),
        ("near", "55.75,1_0", False),
        ("status", "", True),
        ("status", "active", True),
        ("status", "withdrawn", True),
        ("status", "closed", True),
        ("status", "all", True),
        ("status", " all", False),
        ("status", "ALL", False),
        ("status", "demolished", False),
    ],
)
def test_the_server_accepts_exactly_the_forms_the_schema_states(
    client: Client, schema: dict, parameter: str, value: str, accepted: bool
) -> None:
    rules = _parameter(schema, "/api/v1/missions", parameter)
    assert _schema_admits(rules, value) is accepted
    response = client.get("/api/v1/missions", {parameter: value, "limit": 1})
    if accepted:
        assert response.status_code == 200, response.content
    else:
        assert response.status_code == 400, response.content
        assert response.json()["detail"].startswith(f"{parameter}:")


@pytest.mark.parametrize(
    ("params", "accepted"),
    [
        ({"near": "55.75,37.62", "radius_km": "20000"}, True),
        ({"near": "55.75,37.62", "radius_km": "0.001"}, True),
        ({"near": "55.75,37.62", "radius_km": "20000.001"}, False),
        ({"near": "55.75,37.62", "radius_km": "0"}, False),
        ({"near": "55.75,37.62", "radius_km": "-5"}, False),
    ],
)
def test_radius_bounds_are_the_schemas(
    client: Client, schema: dict, params: dict, accepted: bool
) -> None:
    rules = _parameter(schema, "/api/v1/missions", "radius_km")
    [number] = [branch for branch in rules.get("anyOf", [rules]) if branch.get("type") == "number"]
    radius = float(params["radius_km"])
    assert (number["exclusiveMinimum"] < radius <= number["maximum"]) is accepted
    response = client.get("/api/v1/missions", {**params, "limit": 1})
    assert response.status_code == (200 if accepted else 400), response.content


@pytest.mark.parametrize(
    ("lat", "lon", "accepted"),
    [
        ("90", "180", True),
        ("-90", "-180", True),
        ("-8.65", "115.22", True),
        ("90.01", "0", False),
        ("0", "-180.5", False),
    ],
)
def test_assist_coordinates_bounds_are_the_schemas(
    client: Client, schema: dict, lat: str, lon: str, accepted: bool
) -> None:
    for name, value in (("lat", lat), ("lon", lon)):
        rules = _parameter(schema, "/api/v1/assist", name)
        [number] = [branch for branch in rules["anyOf"] if branch.get("type") == "number"]
        inside = number["minimum"] <= float(value) <= number["maximum"]
        assert inside or not accepted
    response = client.get("/api/v1/assist", {"nationality": "NL", "lat": lat, "lon": lon})
    assert response.status_code == (200 if accepted else 400), response.content


@pytest.mark.parametrize(
    ("path", "params", "named"),
    [
        ("/api/v1/missions", {"radius_km": "10"}, ["radius_km", "near"]),
        ("/api/v1/missions", {"bbox": "37.3,56.0,37.9,55.5"}, ["bbox", "min_lat"]),
        ("/api/v1/missions", {"host": "Atlantis"}, ["host"]),
        ("/api/v1/news", {"country": "Atlantis"}, ["country"]),
        ("/api/v1/banners", {"country": "Atlantis"}, ["country"]),
        ("/api/v1/advisories", {"country": "RU", "issuer": "Atlantis"}, ["issuer"]),
        ("/api/v1/assist", {"nationality": "NL", "lat": "1"}, ["lat", "lon"]),
        ("/api/v1/assist", {"nationality": "NL"}, ["country", "lat", "lon"]),
    ],
)
def test_refusals_no_form_can_state_are_described_in_the_400_response(
    client: Client, schema: dict, path: str, params: dict, named: list[str]
) -> None:
    """A request the schema's forms admit, refused for a reason stated in words only."""
    response = client.get(path, params)
    assert response.status_code == 400, response.content
    description = schema["paths"][path]["get"]["responses"]["400"]["description"]
    for name in named:
        assert name in description, (name, description)
