"""Missions are listed where they stand: a consulate-general whose host in the source is China
but which stands in Hong Kong is on Hong Kong's hub, and on China's in a group of its own."""

from __future__ import annotations

import re

import pytest
from django.db.models import F
from django.test import Client

from chancery.countries.models import Country
from chancery.directory.models import Mission

pytestmark = pytest.mark.django_db


def _section(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    return html[start : html.index("</section>", start)]


def _links(html: str) -> set[str]:
    return set(re.findall(r'href="/missions/([^/"]+)/"', html))


def test_hong_kong_hub_lists_every_mission_standing_there(client: Client) -> None:
    hong_kong = Country.objects.get(iso_alpha2="HK")
    standing = Mission.objects.active().filter(territory=hong_kong)
    filed_under_china = standing.filter(host_country__iso_alpha2="CN")
    # The source files most of them under China; before, the hub showed only the other four.
    assert filed_under_china.count() >= 18
    assert standing.filter(host_country=hong_kong).count() == 4
    response = client.get("/in/hong-kong/")
    assert response.status_code == 200
    html = response.content.decode()
    assert _links(html) == set(standing.values_list("slug", flat=True))
    assert "Consulate-General of the United Kingdom in Hong Kong" in html or (
        "united-kingdom" in html
    )
    assert '<a href="/from/united-kingdom/in/hong-kong/">United Kingdom</a>' in html
    assert "Hong Kong is a special administrative region of" in html
    assert '<a href="/in/china/">China</a>' in html  # breadcrumb and status line


def test_china_hub_groups_hong_kong_and_counts_each_mission_once(client: Client) -> None:
    china = Country.objects.get(iso_alpha2="CN")
    html = client.get("/in/china/").content.decode()
    start = html.index('id="in-hong-kong"')
    following = html.find('<section class="territory"', start)
    in_hong_kong = html[start : following if following > 0 else None]
    assert "In Hong Kong (SAR of China)" in in_hong_kong
    hong_kong_slugs = set(
        Mission.objects.active().filter(territory__iso_alpha2="HK").values_list("slug", flat=True)
    )
    assert _links(in_hong_kong) == hong_kong_slugs
    everything = _links(html)
    mainland = set(Mission.objects.active().filter(territory=china).values_list("slug", flat=True))
    realm = Mission.objects.active().filter(territory__in=[china, *china.territories.all()])
    assert everything == set(realm.values_list("slug", flat=True))
    assert mainland.isdisjoint(hong_kong_slugs)
    # Counted once: the lead's total is the sum over the places.
    assert f"{realm.count()} foreign missions of" in html
    assert html.count('href="/missions/') == realm.count()


def test_a_territory_the_source_never_names_has_its_hub(client: Client) -> None:
    response = client.get("/in/new-caledonia/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "New Caledonia is part of" in html
    in_noumea = Mission.objects.active().filter(territory__iso_alpha2="NC")
    assert in_noumea.count() >= 4
    assert _links(html) == set(in_noumea.values_list("slug", flat=True))
    assert client.get("/in/NC/").url == "/in/new-caledonia/"  # its ISO code leads there too
    france = client.get("/in/france/").content.decode()
    assert "In New Caledonia (France)" in france


def test_country_list_counts_a_mission_once_in_the_place_it_stands(client: Client) -> None:
    html = client.get("/countries/").content.decode()
    active = Mission.objects.active()
    for code in ("HK", "CN", "NC", "FR"):
        place = Country.objects.get(iso_alpha2=code)
        count = active.filter(territory=place).count()
        assert f'<a href="/in/{place.slug}/">{count}</a>' in html, code
    assert 'Hong Kong <span class="meta">(China)</span>' in html
    # Every active mission is counted in exactly one place.
    counts = [int(n) for n in re.findall(r'<td><a href="/in/[^"]+/">(\d+)</a></td>', html)]
    outside_places = active.exclude(
        territory__kind__in=[
            "sovereign_state",
            "partially_recognised",
            "territory",
            "special_administrative_region",
            "treaty_area",
        ]
    ).count()
    assert sum(counts) + outside_places == active.count()


def test_sender_page_groups_by_the_place_a_mission_stands_in(client: Client) -> None:
    html = client.get("/from/united-kingdom/").content.decode()
    in_hong_kong = _section(html, "in-hong-kong")
    british = Mission.objects.active().filter(
        sending_country__iso_alpha2="GB", territory__iso_alpha2="HK"
    )
    assert british.exists()
    assert _links(in_hong_kong) == set(british.values_list("slug", flat=True))
    assert _links(_section(html, "in-china")).isdisjoint(_links(in_hong_kong))


def test_pair_pages_follow_where_missions_stand(client: Client) -> None:
    british = Mission.objects.active().get(
        sending_country__iso_alpha2="GB", territory__iso_alpha2="HK", kind="consulate_general"
    )
    html = client.get("/from/united-kingdom/in/hong-kong/").content.decode()
    assert "The United Kingdom has 1 mission in Hong Kong." in html
    china = client.get("/from/united-kingdom/in/china/").content.decode()
    territories = china[china.index('class="territories"') :]
    assert british.get_absolute_url() in territories
    # A territory where the sender has no mission shows its missions in the sovereign state.
    sender = Country.objects.get(iso_alpha2="DE")
    assert not Mission.objects.active().filter(sending_country=sender, territory__iso_alpha2="NC")
    page = client.get("/from/germany/in/new-caledonia/").content.decode()
    assert "New Caledonia is part of France" in page
    embassy = Mission.objects.active().get(
        sending_country=sender, territory__iso_alpha2="FR", kind="embassy"
    )
    assert embassy.get_absolute_url() in page


def test_every_mission_stands_in_its_host_or_one_of_its_territories() -> None:
    elsewhere = Mission.objects.exclude(territory=F("host_country"))
    assert elsewhere.exists()
    for mission in elsewhere.select_related("territory", "host_country"):
        assert mission.territory.part_of_id == mission.host_country_id, mission
