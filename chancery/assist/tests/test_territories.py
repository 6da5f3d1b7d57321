"""Who can help in a territory (Hong Kong, Martinique, Guam, Greenland …): the sender's missions
there first, then in the state the territory is part of, then the other rules with the
territory's legal status; on the real 2022 file, through the API and the page."""

from __future__ import annotations

import math

import pytest
from django.db.models import F
from django.test import Client

from chancery.assist.engine import SOVEREIGN_CONSULATES
from chancery.assist.location import location_from
from chancery.assist.rules import rules
from chancery.assist.types import Rule
from chancery.countries.models import NATIONALITY_KINDS
from chancery.countries.places import place_facts
from chancery.directory.models import CONSULAR_KINDS, Mission, MissionKind
from chancery.lexicon.selectors import city_coordinates

from .helpers import ask, assert_rules_in_order, country, with_rule

pytestmark = pytest.mark.django_db

API = "/api/v1/assist"
CENTRAL_HONG_KONG = {"lat": 22.28, "lon": 114.16}
#: How far from each mission the walk stands, and the bearings it tries (north first).
WALK_KM = 2.0
BEARINGS = range(0, 360, 45)
EARTH_KM = 6371.0088


def _api(client: Client, **params: object) -> dict:
    response = client.get(API, params)
    assert response.status_code == 200, response.content
    return response.json()


def _first_mission(payload: dict) -> dict:
    return payload["options"][0]["mission"]


def _moved(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    """The point `km` away on a bearing (great circle on the mean sphere)."""
    delta, theta = km / EARTH_KM, math.radians(bearing)
    phi1, lambda1 = math.radians(lat), math.radians(lon)
    phi2 = math.asin(
        math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta)
    )
    lambda2 = lambda1 + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi1),
        math.cos(delta) - math.sin(phi1) * math.sin(phi2),
    )
    return math.degrees(phi2), (math.degrees(lambda2) + 540) % 360 - 180


def _where(mission: Mission) -> tuple[float, float]:
    """The mission's coordinates, else its town's centre in the place it stands in."""
    if mission.latitude is not None and mission.longitude is not None:
        return mission.latitude, mission.longitude
    found = city_coordinates(mission.city, mission.located_in.pk)
    assert found is not None, f"{mission.name}: no coordinates and no town centre"
    return found[1], found[2]


def _walk_point(mission: Mission) -> tuple[float, float]:
    """A point 2 km from the mission in the same territory and on land: of the bearings whose
    point stays in the territory, the one nearest a town (GeoNames has towns on land only, so
    a point out at sea is farther from them)."""
    lat, lon = _where(mission)
    code = mission.located_in.iso_alpha2
    candidates = []
    for bearing in BEARINGS:
        point = _moved(lat, lon, WALK_KM, bearing)
        place = location_from(latitude=point[0], longitude=point[1]).place
        assert place is not None
        if place.country_code == code and not place.remote:
            candidates.append((place.distance_km, bearing, point))
    assert candidates, f"{mission.name}: every point 2 km away leaves {code}"
    return min(candidates)[2]


def _not_a_helper(mission: Mission) -> str:
    """Why a mission cannot be the first answer for its sender's citizens ("" if it can)."""
    if mission.sending_country.kind not in NATIONALITY_KINDS:
        return f"{mission.sending_country.name} is not a nationality (no passport of its own)"
    if not MissionKind.is_career(mission.kind) and mission.kind != MissionKind.HONORARY_CONSULATE:
        return f"a {mission.get_kind_display()} gives no consular help"
    return ""


def test_walk_every_mission_standing_in_a_territory_of_its_host() -> None:
    """Each is the first answer for its own nationality 2 km from it."""
    missions = list(
        Mission.objects.active()
        .exclude(territory=None)
        .exclude(territory=F("host_country"))
        .select_related("sending_country", "host_country", "territory")
        .order_by("territory__iso_alpha2", "name")
    )
    structural: dict[str, str] = {}
    failures: list[str] = []
    for mission in missions:
        reason = _not_a_helper(mission)
        if reason:
            structural[mission.name] = reason
            continue
        lat, lon = _walk_point(mission)
        result = ask(mission.sending_country.code, latitude=lat, longitude=lon)
        assert result.location.country.pk == mission.territory_id, mission.name
        first = result.options[0].mission if result.options else None
        if first is None or first.pk != mission.pk:
            failures.append(f"{mission.name}: first is {first.name if first else None}")
    print(
        f"\nwalk: {len(missions)} active missions stand in a territory other than their host; "
        f"{len(missions) - len(structural)} answered first for their nationality 2 km away; "
        f"{len(structural)} cannot be by their nature:"
    )
    for name, reason in structural.items():
        print(f"  {name}: {reason}")
    assert not failures, failures
    # The one structural exception on the 2022 file: a Quebec delegation (Quebec is not a
    # nationality, and a delegation does no consular work).
    assert set(structural) == {"Delegation of Quebec in Hong Kong"}
    assert len(missions) >= 30


@pytest.mark.parametrize("code", ["GB", "CA", "RU", "SG", "KR", "KP"])
def test_central_hong_kong_answers_the_consulate_general_first(client: Client, code: str) -> None:
    payload = _api(client, nationality=code, **CENTRAL_HONG_KONG)
    assert payload["location"]["country"]["code"] == "HK"
    assert payload["location"]["part_of"]["code"] == "CN"
    in_hong_kong = Mission.objects.active().filter(
        sending_country__iso_alpha2=code, territory__iso_alpha2="HK", kind__in=MissionKind.career()
    )
    assert in_hong_kong.exists()
    first = payload["options"][0]
    assert first["rule"] == "resident"
    assert first["mission"]["wikidata_id"] in {m.wikidata_id for m in in_hong_kong}
    assert first["mission"]["host_country"]["code"] == "CN"  # as the source files it
    assert first["mission"]["territory"]["code"] == "HK"
    assert first["distance_km"] < 3
    assert not any("No mission" in caveat for caveat in payload["caveats"])


def test_a_german_in_hong_kong_gets_germany_not_another_eu_state(client: Client) -> None:
    payload = _api(client, nationality="DE", **CENTRAL_HONG_KONG)
    first = _first_mission(payload)
    assert first["sending_country"]["code"] == "DE"
    assert first["territory"]["code"] == "HK"
    assert "eu_directive" not in [option["rule"] for option in payload["options"]]


def test_an_estonian_in_hong_kong_gets_estonia_first_then_the_eu_rule(client: Client) -> None:
    payload = _api(client, nationality="EE", **CENTRAL_HONG_KONG)
    rules_seen = [option["rule"] for option in payload["options"]]
    first = _first_mission(payload)
    assert first["sending_country"]["code"] == "EE"
    assert first["territory"]["code"] == "HK"
    # Estonia has only an honorary consul in Hong Kong: the embassy in Beijing follows, then
    # other EU states' missions in Hong Kong, each with Hong Kong's status as its basis.
    assert rules_seen[:2] == ["honorary_consulate", "sovereign_state"]
    eu = [o for o in payload["options"] if o["rule"] == "eu_directive"]
    assert eu and all(o["mission"]["territory"]["code"] == "HK" for o in eu)
    assert all("Hong Kong" in o["basis"] and o["source"].startswith("https://") for o in eu)
    assert rules_seen.index("eu_directive") > rules_seen.index("sovereign_state")


@pytest.mark.parametrize(
    ("code", "lat", "lon", "territory"),
    [
        ("VE", 14.61, -61.07, "MQ"),  # Fort-de-France
        ("LC", 14.61, -61.07, "MQ"),
        ("JP", 13.49, 144.78, "GU"),  # Tamuning
        ("NO", 64.18, -51.72, "GL"),  # Nuuk
        ("DO", 16.24, -61.53, "GP"),  # Pointe-à-Pitre
    ],
)
def test_citizens_in_overseas_territories_get_their_mission(
    client: Client, code: str, lat: float, lon: float, territory: str
) -> None:
    payload = _api(client, nationality=code, lat=lat, lon=lon)
    assert payload["location"]["country"]["code"] == territory
    first = _first_mission(payload)
    assert first["sending_country"]["code"] == code
    assert first["territory"]["code"] == territory
    page = client.get("/help/", {"nationality": code, "lat": lat, "lon": lon})
    assert page.status_code == 200
    assert first["name"] in page.content.decode()


def test_the_state_a_territory_is_part_of_comes_next() -> None:
    """A Venezuelan in Martinique also gets the embassy in Paris and the nearest consulates."""
    result = ask("VE", latitude=14.61, longitude=-61.07)
    assert_rules_in_order(result)
    france = country("FR")
    in_france = with_rule(result, Rule.SOVEREIGN_STATE)
    assert in_france
    assert all(o.mission is not None and o.mission.located_in == france for o in in_france)
    assert any(o.mission is not None and o.mission.kind == MissionKind.EMBASSY for o in in_france)
    consulates = [o for o in in_france if o.mission and o.mission.kind in CONSULAR_KINDS]
    assert len(consulates) <= SOVEREIGN_CONSULATES
    assert all(o.source.startswith("https://") and o.basis for o in in_france)
    distances = [o.distance_km for o in in_france]
    assert distances == sorted(distances)


def test_the_states_other_territories_serve_too() -> None:
    """A German in Macau, where Germany has no mission: the consulate-general in Hong Kong, an
    hour away by ferry, comes before the consulates and the embassy on the mainland."""
    result = ask("DE", latitude=22.19, longitude=113.54)
    assert result.location.country == country("MO")
    in_realm = with_rule(result, Rule.SOVEREIGN_STATE)
    first = in_realm[0].mission
    assert first is not None and first.located_in == country("HK")
    assert first.kind == MissionKind.CONSULATE_GENERAL
    assert any(o.mission and o.mission.kind == MissionKind.EMBASSY for o in in_realm)
    # Named without a position, the territory's main town orders them, and no distance is
    # claimed from it.
    named = with_rule(ask("DE", country="MO"), Rule.SOVEREIGN_STATE)
    assert named[0].mission is not None and named[0].mission.located_in == country("HK")
    assert all(o.distance_km is None for o in named)


def test_missions_in_a_territory_are_not_resident_in_its_state() -> None:
    """In Guangzhou, the British consulate-general in Hong Kong is not a mission in China."""
    result = ask("GB", latitude=23.13, longitude=113.26)
    assert result.location.country == country("CN")
    resident = with_rule(result, Rule.RESIDENT)
    assert resident
    assert all(o.mission is not None and o.mission.located_in == country("CN") for o in resident)


def test_a_country_named_as_a_territory_works(client: Client) -> None:
    for value in ("HK", "Hong Kong", "HKG", "Q8646"):
        payload = _api(client, nationality="GB", country=value)
        assert payload["location"]["country"]["code"] == "HK"
        assert payload["options"][0]["rule"] == "resident"


def test_own_state_in_its_territory_is_home() -> None:
    result = ask("FR", latitude=14.61, longitude=-61.07)
    assert not result.options
    assert result.caveats


# --- the legal status of territories --------------------------------------------------------


def test_every_territory_of_an_eu_state_has_its_own_status() -> None:
    ruleset = rules()
    members = ruleset.eu_members(ruleset.eu[0].joined.today())
    named = {code for entry in ruleset.territories for code in entry.codes}
    of_members = {c for c, f in place_facts().items() if f.part_of in members}
    assert of_members <= named, of_members - named
    # Every code named is a territory of the places file.
    assert all(place_facts()[code].part_of for code in named)


def test_the_directive_applies_as_the_treaties_say() -> None:
    status = rules().territory_status
    assert not status("MQ").directive_applies and status("MQ").status == "eu_territory"
    assert not status("NC").directive_applies and not status("NC").settled
    assert status("HK").directive_applies and status("HK").represented_by == "territory"
    assert status("GU").directive_applies and status("GU").caveat  # a third country's
    for entry in rules().territories:
        assert entry.source.startswith("https://") and entry.as_of and entry.reason


def test_an_agreement_for_a_state_is_not_assumed_in_its_territories() -> None:
    """Pakistan protects Iran's interests in the United States; nothing says so for Guam."""
    result = ask("IR", latitude=13.49, longitude=144.78)
    assert not with_rule(result, Rule.PROTECTING_POWER)
    assert any("Guam" in caveat and "does not say" in caveat for caveat in result.caveats)


def test_an_agreement_that_names_the_territory_applies_there() -> None:
    """Australia helps Canadians in New Caledonia, which the agreement names."""
    result = ask("CA", latitude=-22.28, longitude=166.44)
    sharing = with_rule(result, Rule.CONSULAR_SHARING)
    assert sharing and all(o.mission and o.mission.located_in == country("NC") for o in sharing)


def test_a_point_near_a_border_says_so() -> None:
    near = ask("GB", latitude=22.53, longitude=114.1)  # the Shenzhen River
    assert any("near a border" in caveat for caveat in near.caveats)
    central = ask("GB", **{"latitude": 22.28, "longitude": 114.16})
    assert not any("near a border" in caveat for caveat in central.caveats)


def test_a_point_at_sea_still_answers() -> None:
    result = ask("GB", latitude=21.5, longitude=114.5)  # the South China Sea
    assert result.options
    assert any("at sea" in caveat for caveat in result.caveats)


def test_the_help_page_shows_the_banner_for_the_place(client: Client) -> None:
    from chancery.advisories.models import Banner

    Banner.objects.create(country=country("HK"), headline="Typhoon signal 8 in Hong Kong")
    page = client.get("/help/", {"nationality": "GB", **CENTRAL_HONG_KONG})
    assert "Typhoon signal 8 in Hong Kong" in page.content.decode()


@pytest.mark.parametrize(("lat", "lon"), [(-90.0, 0.0), (-77.85, 166.67), (-62.2, -58.9)])
def test_a_point_in_antarctica_is_in_antarctica(lat: float, lon: float) -> None:
    """South of 60° S the Antarctic Treaty applies: not South Georgia, not New Zealand."""
    result = ask("US", latitude=lat, longitude=lon)
    assert result.location.country == country("AQ")
    assert not with_rule(result, Rule.RESIDENT)


def test_an_accreditation_to_the_state_names_the_state() -> None:
    """Dominica has no mission in France; its High Commission in London is accredited to
    France, which Guadeloupe is part of: the note says France, not Guadeloupe."""
    result = ask("DM", latitude=16.24, longitude=-61.53)
    accredited = with_rule(result, Rule.ACCREDITED)
    assert accredited
    assert all("accredited to France" in o.note for o in accredited)
