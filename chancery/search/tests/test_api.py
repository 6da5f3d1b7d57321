"""GET /api/v1/search: shape, limits, hostile and odd input, determinism."""

from __future__ import annotations

import pytest
from django.test import Client

from chancery.directory.models import Mission, MissionKind

pytestmark = pytest.mark.django_db

URL = "/api/v1/search"
COUNTRY_REF_KEYS = {"code", "name", "slug"}
RESULT_KEYS = {
    "id",
    "wikidata_id",
    "name",
    "kind",
    "sending_country",
    "host_country",
    "territory",
    "city",
    "url",
    "score",
    "why",
}


def get(client: Client, **params: object) -> dict:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def assert_country_ref(value: object, *, in_interpretation: bool = False) -> None:
    assert isinstance(value, dict)
    keys = COUNTRY_REF_KEYS | ({"name_in_sentence"} if in_interpretation else set())
    assert set(value) == keys
    assert all(isinstance(value[key], str) and value[key] for key in keys)


# --- shape ---------------------------------------------------------------------------------------


def test_response_shape_and_types(client: Client) -> None:
    body = get(client, q="Swiss embassy in Kenya", limit=5)

    assert set(body) == {"query", "truncated", "notices", "interpretation", "results"}
    assert body["query"] == "Swiss embassy in Kenya"
    assert body["truncated"] is False
    assert body["notices"] == []

    interpretation = body["interpretation"]
    assert set(interpretation) == {"sending", "host", "city", "kind"}
    assert_country_ref(interpretation["sending"], in_interpretation=True)
    assert_country_ref(interpretation["host"], in_interpretation=True)
    assert interpretation["sending"] == {
        "code": "CH",
        "name": "Switzerland",
        "slug": "switzerland",
        "name_in_sentence": "Switzerland",
    }
    assert interpretation["host"]["code"] == "KE"
    assert interpretation["city"] is None or isinstance(interpretation["city"], str)
    assert interpretation["kind"] == "embassy"

    results = body["results"]
    assert 1 <= len(results) <= 5
    kinds = set(MissionKind.values)
    for result in results:
        assert set(result) == RESULT_KEYS
        assert isinstance(result["wikidata_id"], str) and result["wikidata_id"].startswith("Q")
        assert isinstance(result["name"], str) and result["name"]
        assert result["kind"] in kinds
        assert_country_ref(result["sending_country"])
        assert_country_ref(result["host_country"])
        assert isinstance(result["city"], str)
        assert isinstance(result["url"], str) and result["url"].startswith("/missions/")
        assert isinstance(result["score"], int | float)
        assert isinstance(result["why"], str) and result["why"]

    scores = [result["score"] for result in results]
    assert scores == sorted(scores, reverse=True)


def test_result_fields_match_the_mission(client: Client) -> None:
    body = get(client, q="Swiss embassy in Kenya", limit=1)
    top = body["results"][0]
    mission = Mission.objects.select_related("sending_country", "host_country").get(
        wikidata_id=top["wikidata_id"]
    )
    assert top["name"] == mission.name
    assert top["kind"] == mission.kind
    assert top["city"] == mission.city
    assert top["url"] == mission.get_absolute_url()
    assert top["sending_country"] == {
        "code": mission.sending_country.code,
        "name": mission.sending_country.name,
        "slug": mission.sending_country.slug,
    }
    assert top["host_country"]["slug"] == mission.host_country.slug
    assert (mission.sending_country.iso_alpha2, mission.host_country.iso_alpha2) == ("CH", "KE")


def test_result_url_opens_the_mission_page(client: Client) -> None:
    top = get(client, q="Swiss embassy in Kenya", limit=1)["results"][0]
    response = client.get(top["url"])
    assert response.status_code == 200
    assert top["name"] in response.content.decode()


# --- limit ---------------------------------------------------------------------------------------


def test_default_limit_is_ten(client: Client) -> None:
    # Germany has far more than ten missions: the default cuts the list at ten.
    body = get(client, q="missions of Germany")
    assert len(body["results"]) == 10


@pytest.mark.parametrize("limit", [1, 3, 50])
def test_limit_within_bounds(client: Client, limit: int) -> None:
    body = get(client, q="missions of Germany", limit=limit)
    assert len(body["results"]) == limit


@pytest.mark.parametrize("limit", ["0", "51", "-1", "1000", "ten"])
def test_limit_out_of_bounds_is_rejected(client: Client, limit: str) -> None:
    response = client.get(URL, {"q": "German embassy Nairobi", "limit": limit})
    assert response.status_code == 422
    assert "detail" in response.json()


def test_larger_limit_extends_the_same_ranking(client: Client) -> None:
    short = get(client, q="missions of Germany", limit=5)["results"]
    long = get(client, q="missions of Germany", limit=20)["results"]
    assert [r["wikidata_id"] for r in long[:5]] == [r["wikidata_id"] for r in short]


# --- empty, long and odd queries -----------------------------------------------------------------


@pytest.mark.parametrize(
    "q", ["", " ", "   \t  ", "\n"], ids=["empty", "space", "blank", "newline"]
)
def test_empty_query_gives_no_results(client: Client, q: str) -> None:
    body = get(client, q=q)
    assert body["results"] == []
    assert body["query"] == ""
    assert body["truncated"] is False
    assert body["interpretation"] == {"sending": None, "host": None, "city": None, "kind": None}


def test_missing_q_gives_no_results(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_long_query_is_truncated_with_a_notice(client: Client) -> None:
    q = "Swiss embassy in Kenya " + "please " * 60
    assert len(q) > 200
    body = get(client, q=q)
    assert body["truncated"] is True
    assert len(body["query"]) == 200
    assert q.startswith(body["query"])
    assert len(body["notices"]) == 1
    assert "200" in body["notices"][0]
    # The part kept still finds the mission.
    top = body["results"][0]
    assert (top["sending_country"]["code"], top["host_country"]["code"]) == ("CH", "KE")


def test_query_of_exactly_200_characters_is_not_truncated(client: Client) -> None:
    q = ("Swiss embassy in Kenya" + " x" * 100)[:200]
    assert len(q) == 200
    body = get(client, q=q)
    assert body["truncated"] is False
    assert body["notices"] == []
    assert body["query"] == q


def test_truncation_counts_characters_after_cleaning(client: Client) -> None:
    # 150 visible characters padded with white space: cleaned, it is short enough.
    q = "Swiss embassy in Kenya" + "    " * 60
    body = get(client, q=q)
    assert body["truncated"] is False
    assert body["query"] == "Swiss embassy in Kenya"


def test_very_long_query_answers(client: Client) -> None:
    body = get(client, q="embassy " * 2000)
    assert body["truncated"] is True
    assert len(body["query"]) <= 200


def test_control_characters_are_dropped(client: Client) -> None:
    clean = get(client, q="Swiss embassy in Kenya")
    dirty = get(client, q="Swiss\x00 embassy\x1b in\u200b Kenya\x7f")
    for character in "\x00\x1b\u200b\x7f":
        assert character not in dirty["query"]
    assert dirty["query"] == "Swiss embassy in Kenya"
    assert [r["wikidata_id"] for r in dirty["results"]] == [
        r["wikidata_id"] for r in clean["results"]
    ]


@pytest.mark.parametrize(
    "q",
    ["Swiss embassy in Ken\u200bya", "Swiss embassy in Ken\x00ya", "Swi\u00adss embassy in Kenya"],
    ids=["zero_width_space", "nul", "soft_hyphen"],
)
def test_invisible_characters_inside_a_word_are_dropped(client: Client, q: str) -> None:
    """Dropped, not turned into word breaks: pasted text often carries them unseen."""
    body = get(client, q=q)
    assert body["query"] == "Swiss embassy in Kenya"
    top = body["results"][0]
    assert (top["sending_country"]["code"], top["host_country"]["code"]) == ("CH", "KE")


def test_only_control_characters_is_an_empty_query(client: Client) -> None:
    body = get(client, q="\x00\x01\x02\x1f")
    assert body["query"] == ""
    assert body["results"] == []


@pytest.mark.parametrize(
    "q",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)> embassy",
        "' OR 1=1 --",
        "'; DROP TABLE directory_mission; --",
        '" OR ""="',
        "%' AND 1=0 UNION SELECT * FROM auth_user --",
        "\\x00\\n%00",
        "{{ 7*7 }} {% debug %}",
        "../../etc/passwd",
        "Q4373990",
        "🇩🇪 embassy 🇷🇺",
        "%%%%",
        "____",
        "??",
    ],
)
def test_hostile_or_odd_queries_answer_200(client: Client, q: str) -> None:
    body = get(client, q=q)
    assert isinstance(body["results"], list)
    assert Mission.objects.filter(wikidata_id="Q4373990").exists()  # nothing dropped


def test_wikidata_id_query_finds_that_mission(client: Client) -> None:
    mission = Mission.objects.get(
        sending_country__iso_alpha2="CH", host_country__iso_alpha2="KE", kind="embassy"
    )
    body = get(client, q=mission.wikidata_id)
    assert body["results"][0]["wikidata_id"] == mission.wikidata_id


# --- determinism ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "q", ["Swiss embassy in Kenya", "missions of Germany", "embassy in Peru", "consulate"]
)
def test_same_query_same_answer(client: Client, q: str) -> None:
    first = get(client, q=q, limit=50)
    second = get(client, q=q, limit=50)
    assert first == second
