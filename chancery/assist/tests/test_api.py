"""GET /api/v1/assist: the documented shape, and errors that name the parameter."""

from __future__ import annotations

import pytest
from django.test import Client

from chancery.assist.rules import rules
from chancery.core.geo import great_circle_km

pytestmark = pytest.mark.django_db

URL = "/api/v1/assist"
TOP = {"nationality", "location", "options", "caveats"}
OPTION = {
    "rule",
    "rule_label",
    "mission",
    "distance_km",
    "note",
    "phone",
    "web",
    "supervising",
    "source",
    "basis",
    "hours",
    "is_24_7",
    "other_phones",
    "as_of",
}
COUNTRY = {"code", "name", "slug"}
LOCATION = {
    "country",
    "part_of",
    "city",
    "latitude",
    "longitude",
    "found_from",
    "nearest_place_km",
}
MISSION = {
    "id",
    "verified",
    "wikidata_id",
    "slug",
    "url",
    "vcard_url",
    "name",
    "kind",
    "sending_country",
    "host_country",
    "territory",
    "city",
    "address",
    "latitude",
    "longitude",
    "phones",
    "email",
    "website",
}
RULES = {
    "resident",
    "sovereign_state",
    "accredited",
    "eu_directive",
    "consular_sharing",
    "protecting_power",
    "honorary_consulate",
    "ministry_line",
}


def _get(client: Client, **params: object) -> dict:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def _check_shape(body: dict) -> None:
    assert set(body) == TOP
    assert set(body["nationality"]) == COUNTRY
    assert set(body["location"]) == LOCATION
    assert set(body["location"]["country"]) == COUNTRY
    assert isinstance(body["caveats"], list)
    assert all(isinstance(caveat, str) for caveat in body["caveats"])
    for option in body["options"]:
        assert set(option) == OPTION
        assert option["rule"] in RULES
        assert option["rule_label"] and option["note"]
        for key in ("mission", "supervising"):
            if option[key] is not None:
                assert set(option[key]) == MISSION
                assert set(option[key]["sending_country"]) == COUNTRY
                assert option[key]["vcard_url"] == f"/missions/{option[key]['slug']}.vcf"
                assert option[key]["url"] == f"/missions/{option[key]['slug']}/"
        if option["rule"] == "ministry_line":
            assert option["mission"] is None
            assert option["phone"].startswith("+")
            assert isinstance(option["is_24_7"], bool)
            assert option["hours"]
            assert option["as_of"]
            assert all(other["phone"].startswith("+") for other in option["other_phones"])
        else:
            assert option["mission"] is not None
            assert option["phone"] == ""
            assert option["is_24_7"] is None
            assert option["other_phones"] == []
            assert option["as_of"] is None


def test_by_country_and_city(client: Client) -> None:
    body = _get(client, nationality="NL", country="ID", city="Denpasar")

    _check_shape(body)
    assert body["nationality"] == {"code": "NL", "name": "Netherlands", "slug": "netherlands"}
    location = body["location"]
    assert location["country"]["code"] == "ID"
    assert location["city"] == "Denpasar"
    assert location["found_from"] == "city"
    assert location["latitude"] == pytest.approx(-8.65, abs=0.1)
    assert location["longitude"] == pytest.approx(115.22, abs=0.1)
    assert location["nearest_place_km"] is None

    rules_seen = [option["rule"] for option in body["options"]]
    assert rules_seen[0] == "resident"
    assert rules_seen[-1] == "ministry_line"
    first = body["options"][0]
    assert first["mission"]["sending_country"]["code"] == "NL"
    assert first["mission"]["host_country"]["code"] == "ID"
    assert first["distance_km"] == pytest.approx(
        great_circle_km(
            location["latitude"],
            location["longitude"],
            first["mission"]["latitude"],
            first["mission"]["longitude"],
        ),
        abs=0.1,
    )
    assert body["options"][-1]["phone"] == rules().lines["NL"].phone
    honorary = [o for o in body["options"] if o["rule"] == "honorary_consulate"]
    assert honorary
    assert all(o["supervising"]["kind"] == "embassy" for o in honorary)


def test_by_coordinates(client: Client) -> None:
    body = _get(client, nationality="NL", lat=-8.65, lon=115.22)

    _check_shape(body)
    location = body["location"]
    assert location["country"]["code"] == "ID"
    assert location["found_from"] == "coordinates"
    assert (location["latitude"], location["longitude"]) == (-8.65, 115.22)
    assert location["nearest_place_km"] is not None and location["nearest_place_km"] < 50
    assert location["city"]
    distances = [o["distance_km"] for o in body["options"] if o["rule"] == "resident"]
    assert distances[0] is not None


def test_country_by_name_or_slug(client: Client) -> None:
    by_code = _get(client, nationality="FR", country="RU")
    by_name = _get(client, nationality="France", country="Russia")
    by_slug = _get(client, nationality="france", country="russia")
    assert by_code == by_name == by_slug


def test_australian_in_bali(client: Client) -> None:
    body = _get(client, nationality="AU", lat=-8.65, lon=115.22)
    resident = [o for o in body["options"] if o["rule"] == "resident"]
    assert resident[0]["mission"]["city"] == "Surabaya"
    assert 250 <= resident[0]["distance_km"] <= 350
    assert resident[1]["mission"]["city"] == "Jakarta"


def test_american_in_iran(client: Client) -> None:
    body = _get(client, nationality="US", country="IR")
    _check_shape(body)
    assert body["options"][0]["rule"] == "protecting_power"
    assert body["options"][0]["mission"]["sending_country"]["code"] == "CH"
    assert body["options"][0]["source"].startswith("https://")


def test_caveats(client: Client) -> None:
    body = _get(
        client, nationality="FR", country="RU", other_nationality="RU", permanent_resident="true"
    )
    assert any("also a citizen" in c for c in body["caveats"])
    assert any("permanent resident" in c for c in body["caveats"])
    plain = _get(client, nationality="FR", country="RU")
    assert plain["caveats"] == []


def test_own_country(client: Client) -> None:
    body = _get(client, nationality="FR", country="FR")
    assert body["options"] == []
    assert len(body["caveats"]) == 1


def test_at_sea(client: Client) -> None:
    body = _get(client, nationality="US", lat=30, lon=-40)
    assert body["options"]
    assert body["location"]["nearest_place_km"] > 50
    assert body["location"]["city"] == ""
    assert any(f"{body['location']['nearest_place_km']:.0f} km" in c for c in body["caveats"])


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"nationality": "XX", "country": "ID"}, "nationality"),
        ({"nationality": "Narnia", "country": "ID"}, "nationality"),
        ({"nationality": "", "country": "ID"}, "nationality"),
        ({"nationality": "NL", "country": "Atlantis"}, "country"),
        ({"nationality": "NL"}, "country"),
        ({"nationality": "NL", "city": "Denpasar"}, "country"),
        ({"nationality": "NL", "lat": "-8.65"}, "lon"),
        ({"nationality": "NL", "lon": "115.22"}, "lat"),
        ({"nationality": "NL", "lat": "91", "lon": "0"}, "lat"),
        ({"nationality": "NL", "lat": "-90.5", "lon": "0"}, "lat"),
        ({"nationality": "NL", "lat": "0", "lon": "-181"}, "lon"),
        ({"nationality": "NL", "lat": "0", "lon": "180.01"}, "lon"),
        ({"nationality": "NL", "lat": "nan", "lon": "0"}, "lat"),
        ({"nationality": "NL", "country": "ID", "other_nationality": "Zz"}, "other_nationality"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(
    client: Client, params: dict, parameter: str
) -> None:
    response = client.get(URL, params)
    assert response.status_code == 400, response.content
    detail = response.json()["detail"]
    assert isinstance(detail, str)
    assert detail.startswith(f"{parameter}: ")


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"nationality": "NL", "lat": "abc", "lon": "0"}, "lat"),
        ({"nationality": "NL", "lat": "0", "lon": "east"}, "lon"),
        ({"country": "ID"}, "nationality"),
        (
            {"nationality": "NL", "country": "ID", "permanent_resident": "perhaps"},
            "permanent_resident",
        ),
    ],
)
def test_unparsable_input_is_a_422_naming_the_parameter(
    client: Client, params: dict, parameter: str
) -> None:
    response = client.get(URL, params)
    assert response.status_code == 422, response.content
    body = response.json()
    # The one error shape of the API: a sentence naming the parameter, and the details.
    assert body["detail"].startswith(f"{parameter}: ")
    assert [error["loc"] for error in body["errors"]] == [["query", parameter]]


def test_one_request_reads_few_queries(
    client: Client, django_assert_max_num_queries, settings
) -> None:  # type: ignore[no-untyped-def]
    # As in production, the search lexicon (city coordinates) is re-checked at most every few
    # seconds, not on every lookup as in the test settings.
    settings.CHANCERY_SEARCH_RECHECK_SECONDS = 60
    client.get(URL, {"nationality": "FR", "country": "US"})  # warm the lexicon cache
    with django_assert_max_num_queries(15):
        _get(client, nationality="FR", country="US", city="Chicago")
    with django_assert_max_num_queries(15):
        _get(client, nationality="EE", lat=-34.6, lon=-58.4)


def test_post_is_not_allowed(client: Client) -> None:
    response = client.post(URL, {"nationality": "NL", "country": "ID"})
    assert response.status_code == 405


def test_documented_in_openapi(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/assist"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"nationality", "country", "city", "lat", "lon"} <= names
    assert {"other_nationality", "permanent_resident"} <= names
    assert set(operation["responses"]) >= {"200", "400"}
    assert "resident" in operation["description"]


def test_a_line_not_known_to_answer_at_all_hours_is_not_called_24_7(client: Client) -> None:
    # Spain's ministry line answers in office hours only; Austria's round the clock.
    spain = _get(client, nationality="ES", country="AU")["options"][-1]
    assert spain["rule"] == "ministry_line"
    assert spain["is_24_7"] is False
    assert "24/7" not in spain["rule_label"]
    assert "office hours" in spain["hours"]
    austria = _get(client, nationality="AT", country="AU")["options"][-1]
    assert austria["is_24_7"] is True
    assert "24/7" in austria["rule_label"]
    assert austria["other_phones"][0]["phone"].startswith("+43")
