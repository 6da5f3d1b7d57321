"""HTTP behaviour of the open data: ETag and 304, CORS for GET, one error shape, the docs."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.test import Client

from chancery.api.api import api as ninja_api

from .helpers import GERMAN_EMBASSY_IN_RUSSIA, ORIGIN

pytestmark = pytest.mark.django_db

API_URLS = [
    "/api/v1/missions?host=RU",
    f"/api/v1/missions/{GERMAN_EMBASSY_IN_RUSSIA}",
    "/api/v1/countries/RU",
    "/api/v1/banners",
    "/api/v1/news",
]
PAGE_URLS = [
    "/",
    "/countries/",
    "/in/russia/",
    "/from/germany/in/russia/",
    "/missions/embassy-of-germany-in-russia/",
    "/news/",
    "/advisories/",
]
EXPORT_URLS = [
    "/exports/missions.csv?host=RU",
    "/exports/missions.json?host=RU",
    "/exports/missions.geojson?host=RU",
]


# --- ETag / If-None-Match ---------------------------------------------------------------------


@pytest.mark.parametrize("url", API_URLS + PAGE_URLS)
def test_etag_and_304(client: Client, url: str) -> None:
    first = client.get(url)
    assert first.status_code == 200
    etag = first.headers.get("ETag")
    assert etag, f"no ETag on {url}"
    again = client.get(url)
    assert again.headers.get("ETag") == etag, "the ETag changes between identical requests"

    not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified.headers.get("ETag") == etag


@pytest.mark.parametrize("url", ["/api/v1/missions?host=RU", "/in/russia/"])
def test_a_stale_etag_gets_the_full_answer(client: Client, url: str) -> None:
    response = client.get(url, HTTP_IF_NONE_MATCH='"not-the-current-etag"')
    assert response.status_code == 200
    assert response.content


def test_etag_changes_when_the_data_changes(client: Client) -> None:
    from chancery.directory.models import Mission

    url = f"/api/v1/missions/{GERMAN_EMBASSY_IN_RUSSIA}"
    etag = client.get(url).headers["ETag"]
    Mission.objects.filter(wikidata_id=GERMAN_EMBASSY_IN_RUSSIA).update(city="Moskva")
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["city"] == "Moskva"


# --- CORS -------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [*API_URLS, *EXPORT_URLS, "/api/v1/openapi.json"])
def test_cors_header_on_open_data_get(client: Client, url: str) -> None:
    response = client.get(url, HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200
    assert response.headers.get("Access-Control-Allow-Origin") == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers


@pytest.mark.parametrize("url", [*PAGE_URLS, "/missions/embassy-of-germany-in-russia.vcf"])
def test_no_cors_header_on_html_pages(client: Client, url: str) -> None:
    response = client.get(url, HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


def test_no_cors_header_without_an_origin(client: Client) -> None:
    response = client.get("/api/v1/missions?host=RU")
    assert "Access-Control-Allow-Origin" not in response.headers


def _methods(response) -> set[str]:  # type: ignore[no-untyped-def]
    allowed = response.headers.get("Access-Control-Allow-Methods", "")
    return {m.strip().upper() for m in allowed.split(",") if m.strip()}


@pytest.mark.parametrize("url", ["/api/v1/missions", "/exports/missions.csv"])
def test_preflight_allows_get_only(client: Client, url: str) -> None:
    get = client.options(url, HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert get.status_code in (200, 204)
    assert get.headers.get("Access-Control-Allow-Origin") == "*"
    assert "GET" in _methods(get)

    post = client.options(url, HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        assert method not in _methods(post)


def test_exports_refuse_post(client: Client) -> None:
    response = client.post("/exports/missions.csv", HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 405


# --- one error shape ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status", "mentions"),
    [
        ("/api/v1/missions/Q999999999999", 404, "Q999999999999"),
        ("/api/v1/news/no-such-article", 404, "no-such-article"),
        ("/api/v1/countries/atlantis", 404, "atlantis"),
        ("/api/v1/missions?bbox=1,2,3", 400, "bbox"),
        ("/api/v1/missions?near=55,37&radius_km=0", 400, "radius_km"),
        ("/api/v1/banners?country=atlantis", 400, "country"),
        ("/api/v1/news?country=atlantis", 400, "country"),
        ("/api/v1/missions?limit=abc", 422, "limit"),
        ("/api/v1/missions?offset=-1", 422, "offset"),
        ("/api/v1/missions?kind=palace", 422, "kind"),
        ("/api/v1/missions?near=55,37&radius_km=far", 422, "radius_km"),
        ("/api/v1/news?limit=abc", 422, "limit"),
        ("/api/v1/import-runs", 401, ""),
    ],
)
def test_every_4xx_has_a_string_detail(
    client: Client, url: str, status: int, mentions: str
) -> None:
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    payload = response.json()
    assert isinstance(payload, dict)
    assert isinstance(payload.get("detail"), str), payload
    assert payload["detail"]
    assert mentions in payload["detail"]
    assert set(payload) <= {"detail", "errors"}
    if status == 422:
        assert isinstance(payload["errors"], list)
        assert payload["errors"]


def test_422_detail_names_the_parameter_first(client: Client) -> None:
    payload = client.get("/api/v1/missions?limit=abc").json()
    assert payload["detail"].startswith("limit:")


@pytest.mark.parametrize(
    "url", ["/exports/missions.csv", "/exports/missions.json", "/exports/missions.geojson"]
)
def test_export_bad_filter_is_the_same_error_shape(client: Client, url: str) -> None:
    response = client.get(url, {"near": "95,0"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail"}
    assert response.json()["detail"].startswith("near:")


# --- documentation ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/docs", "/api/docs/"])
def test_api_docs_redirects_to_the_docs_page(client: Client, url: str) -> None:
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == "/api/v1/docs"
    assert response.status_code == 200
    assert b"openapi.json" in response.content


def _operations(schema: dict) -> list[tuple[str, str, dict]]:
    return [
        (method, path, operation)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    ]


@pytest.mark.parametrize(
    "schema",
    [
        pytest.param(
            json.loads((settings.BASE_DIR / "docs" / "openapi.json").read_text()), id="committed"
        ),
        pytest.param("live", id="live"),
    ],
)
def test_every_operation_documents_400_and_422_with_error_out(schema: dict | str) -> None:
    if schema == "live":
        from ninja.responses import NinjaJSONEncoder

        schema = json.loads(json.dumps(ninja_api.get_openapi_schema(), cls=NinjaJSONEncoder))
    assert isinstance(schema, dict)
    error_ref = "#/components/schemas/ErrorOut"
    error_out = schema["components"]["schemas"]["ErrorOut"]
    assert error_out["required"] == ["detail"]
    assert error_out["properties"]["detail"]["type"] == "string"
    operations = _operations(schema)
    assert len(operations) >= 11
    for method, path, operation in operations:
        responses = operation["responses"]
        for status in ("400", "422"):
            assert status in responses, f"{method.upper()} {path} does not document {status}"
            content = responses[status]["content"]["application/json"]["schema"]
            assert content == {"$ref": error_ref}, f"{method.upper()} {path} {status}"
        for status, response in responses.items():
            if status.startswith("4"):
                content = response["content"]["application/json"]["schema"]
                assert content == {"$ref": error_ref}, f"{method.upper()} {path} {status}"
        if "{" in path:
            assert "404" in responses, f"{method.upper()} {path} does not document 404"


def test_new_endpoints_are_documented() -> None:
    schema = json.loads((settings.BASE_DIR / "docs" / "openapi.json").read_text())
    for path in ("/api/v1/banners", "/api/v1/news", "/api/v1/news/{slug}", "/api/v1/import-runs"):
        assert path in schema["paths"], path
    runs = schema["paths"]["/api/v1/import-runs"]["get"]["responses"]
    assert {"401", "403"} <= set(runs)
    missions = schema["paths"]["/api/v1/missions"]["get"]
    names = {p["name"] for p in missions["parameters"]}
    assert {"status", "bbox", "near", "radius_km", "limit", "offset"} <= names
    mission_out = schema["components"]["schemas"]["MissionOut"]["properties"]
    assert "distance_km" in mission_out
