"""The API's HTTP behaviour whatever answers: bounded pages, JSON errors, HEAD as GET."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import Client, RequestFactory

from chancery.api.middleware import ApiHttpMiddleware
from chancery.api.pagination import MAX_LIMIT, MAX_OFFSET

pytestmark = pytest.mark.django_db

PAGED = ["/api/v1/missions", "/api/v1/news", "/api/v1/import-runs"]


def _assert_json_error(response: HttpResponse, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert isinstance(body["detail"], str)
    assert body["detail"]
    assert b"<html" not in response.content.lower()
    assert b"Traceback" not in response.content
    return body


@pytest.fixture
def staff_client(client: Client) -> Client:
    """Import runs are for staff: a logged-in staff member sees them."""
    user = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    client.force_login(user)
    return client


# --- limit and offset -----------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGED)
@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("offset", "9223372036854775808"),  # one past SQLite's and PostgreSQL's bigint
        ("offset", str(2**63 - 1)),
        ("offset", str(10**30)),
        ("offset", str(MAX_OFFSET + 1)),
        ("offset", "-1"),
        ("limit", "0"),
        ("limit", str(MAX_LIMIT + 1)),
        ("limit", str(2**64)),
    ],
)
def test_out_of_range_page_is_422_naming_the_parameter(
    staff_client: Client, path: str, parameter: str, value: str
) -> None:
    body = _assert_json_error(staff_client.get(path, {parameter: value}), 422)
    assert body["detail"].startswith(f"{parameter}:"), body["detail"]


@pytest.mark.parametrize("path", PAGED)
def test_an_offset_past_the_data_is_an_empty_page(staff_client: Client, path: str) -> None:
    whole = staff_client.get(path, {"limit": 1}).json()
    for offset in (whole["count"], whole["count"] + 1, MAX_OFFSET):
        response = staff_client.get(path, {"offset": offset, "limit": MAX_LIMIT})
        assert response.status_code == 200, response.content
        assert response.json() == {"items": [], "count": whole["count"]}


def test_the_bounds_are_in_the_schema(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    for path in PAGED:
        parameters = {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}
        assert parameters["offset"]["minimum"] == 0
        assert parameters["offset"]["maximum"] == MAX_OFFSET
        assert parameters["limit"]["minimum"] == 1
        assert parameters["limit"]["maximum"] == MAX_LIMIT


# --- every error in JSON --------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nope",
        "/api/v2/x",
        "/api/",
        "/api/v1/",
        "/api/v1/countries/RU/extra",
        "/api/v1/missions/",
        "/api/v1/%3Cscript%3E",
    ],
)
def test_unknown_api_address_is_a_json_404(client: Client, path: str) -> None:
    body = _assert_json_error(client.get(path), 404)
    assert "/api/v1/docs" in body["detail"]


def test_a_page_that_does_not_exist_keeps_the_html_404(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/countries"),
        ("put", "/api/v1/missions"),
        ("delete", "/api/v1/countries/RU"),
        ("patch", "/api/v1/missions/Q4373990"),
        ("post", "/api/v1/search"),
        ("options", "/api/v1/news"),
    ],
)
def test_wrong_method_is_a_json_405_listing_get_and_head(
    client: Client, method: str, path: str
) -> None:
    response = getattr(client, method)(path)
    body = _assert_json_error(response, 405)
    assert method.upper() in body["detail"]
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    ("path", "patched"),
    [
        ("/api/v1/countries/RU", "chancery.api.api.country_lookup"),
        ("/api/v1/missions?host=RU", "chancery.api.api.mission_filters"),
        ("/api/v1/news", "chancery.api.api.visible_articles"),
    ],
)
def test_an_exception_in_a_view_is_a_json_500_logged_with_its_traceback(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, path: str, patched: str
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the secret internals of the failure")

    monkeypatch.setattr(patched, broken)
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get(path)
    _assert_json_error(response, 500)
    assert b"secret internals" not in response.content
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is not None
    assert "secret internals" in str(record.exc_info[1])


def test_the_existing_json_errors_pass_unchanged(client: Client) -> None:
    response = client.get("/api/v1/missions", {"kind": "castle"})
    body = _assert_json_error(response, 422)
    assert body["detail"].startswith("kind:")
    assert body["errors"]
    body = _assert_json_error(client.get("/api/v1/countries/atlantis"), 404)
    assert "atlantis" in body["detail"]


# --- HEAD -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/countries",
        "/api/v1/missions",
        "/api/v1/missions?host=RU&limit=5",
        "/api/v1/countries/RU",
        "/api/v1/missions/Q4373990",
        "/api/v1/search?q=German+embassy+Moscow",
        "/api/v1/assist?nationality=NL&country=ID",
        "/api/v1/advisories?country=RU",
        "/api/v1/banners",
        "/api/v1/news",
        "/api/v1/openapi.json",
        "/api/v1/docs",
        # Errors too: the same status and headers as GET.
        "/api/v1/nope",
        "/api/v1/missions?host=Atlantis",
        "/api/v1/missions?offset=-1",
        "/api/v1/import-runs",
    ],
)
def test_head_answers_as_get_without_a_body(client: Client, path: str) -> None:
    get = client.get(path)
    head = client.head(path)
    assert head.status_code == get.status_code
    assert head.content == b""
    assert dict(head.headers) == dict(get.headers)


def test_head_leaves_the_get_answers_length_and_sends_no_body() -> None:
    """Below the test client, which drops HEAD bodies itself: the middleware's own answer."""
    seen: list[str] = []

    def view(request: object) -> HttpResponse:
        seen.append(request.method)  # type: ignore[attr-defined]
        response = HttpResponse(b'{"items": []}', content_type="application/json")
        response["Content-Length"] = "13"
        return response

    request = RequestFactory().head("/api/v1/countries")
    response = ApiHttpMiddleware(view)(request)
    assert seen == ["GET"]
    assert request.method == "HEAD"
    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Length"] == "13"


def test_head_outside_the_api_is_left_to_the_pages() -> None:
    seen: list[str] = []

    def view(request: object) -> HttpResponse:
        seen.append(request.method)  # type: ignore[attr-defined]
        return HttpResponse("<p>page</p>", status=404)

    response = ApiHttpMiddleware(view)(RequestFactory().head("/in/russia/"))
    assert seen == ["HEAD"]
    assert response.content == b"<p>page</p>"
