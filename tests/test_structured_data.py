"""The JSON-LD of each page, read as a search engine reads it (extruct): a mission as an Embassy
or a GovernmentOffice, an article as a NewsArticle, the home page's search, and on every page a
BreadcrumbList that says what the visible breadcrumbs say."""

from __future__ import annotations

import extruct
import pytest
from django.conf import settings
from django.test import Client

from chancery.core.structured_data import json_ld_text
from chancery.directory.models import Mission

from .seo_helpers import (
    GERMAN_EMBASSY_IN_RUSSIA,
    NOT_FOUND_URLS,
    RICH_QID,
    Page,
    article_with_image,
    get_page,
    mission,
    page_urls,
)

pytestmark = pytest.mark.django_db

SITE = settings.CHANCERY_SITE_URL.rstrip("/")
SCHEMA_DAY = "https://schema.org/{}"


def json_ld(page: Page) -> list[dict]:
    return extruct.extract(page.html, base_url=SITE, syntaxes=["json-ld"])["json-ld"]


def of_type(page: Page, kind: str) -> list[dict]:
    found = []
    for item in json_ld(page):
        types = item.get("@type")
        if kind == types or (isinstance(types, list) and kind in types):
            found.append(item)
    return found


def the(page: Page, kind: str) -> dict:
    (item,) = of_type(page, kind)
    return item


# --- Breadcrumbs -----------------------------------------------------------------------------


def test_every_page_has_a_breadcrumb_list_matching_its_visible_breadcrumbs(
    client: Client,
) -> None:
    urls = page_urls(article_with_image())
    del urls["home"]  # the home page is the first step of every trail: it shows none
    for kind, url in [*urls.items(), *((f"missing {u}", u) for u in NOT_FOUND_URLS)]:
        page = get_page(client, url)
        crumbs = the(page, "BreadcrumbList")["itemListElement"]
        visible = page.breadcrumbs()
        assert visible and visible[0] in ("Home", "Accueil"), kind
        assert [crumb["name"] for crumb in crumbs] == visible, kind
        assert [crumb["position"] for crumb in crumbs] == list(range(1, len(visible) + 1))
        links = page.doc.xpath('//nav[@class="breadcrumbs"]/ol/li/a/@href')
        assert [crumb["item"] for crumb in crumbs[: len(links)]] == [SITE + h for h in links]
        if kind.startswith("missing"):
            assert "item" not in crumbs[-1], kind  # no address for a page that is not there
        else:
            assert crumbs[-1]["item"] == page.canonical[0], kind


def test_the_breadcrumbs_of_a_territory_pass_through_its_state(client: Client) -> None:
    page = get_page(client, "/in/hong-kong/")
    names = [crumb["name"] for crumb in the(page, "BreadcrumbList")["itemListElement"]]
    assert names == ["Home", "Countries", "China", "Hong Kong"]


# --- Missions --------------------------------------------------------------------------------


@pytest.fixture
def rich_mission() -> Mission:
    """The Belgian consulate-general in Rio, given a postal address and opening hours."""
    item = mission(RICH_QID)
    Mission.objects.filter(pk=item.pk).update(
        address_parts={
            "street_address": "Avenida Presidente Wilson, 231",
            "locality": "Rio de Janeiro",
            "region": "RJ",
            "postal_code": "20030-021",
            "country_code": "BR",
        },
        opening_hours="Mo-Th 09:00-13:00,14:00-16:00; Fr 09:00-13:00; Sa,Su off",
    )
    item.refresh_from_db()
    return item


def test_a_consulate_is_a_government_office_with_its_contact_details(
    client: Client, rich_mission: Mission
) -> None:
    page = get_page(client, rich_mission.get_absolute_url())
    office = the(page, "GovernmentOffice")
    assert office["@type"] == "GovernmentOffice"
    assert office["name"] == "Consulate-General of Belgium in Rio de Janeiro"
    assert office["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Avenida Presidente Wilson, 231",
        "addressLocality": "Rio de Janeiro",
        "addressRegion": "RJ",
        "postalCode": "20030-021",
        "addressCountry": "BR",
    }
    assert office["geo"]["@type"] == "GeoCoordinates"
    assert office["geo"]["latitude"] == pytest.approx(rich_mission.latitude, abs=1e-6)
    assert office["geo"]["longitude"] == pytest.approx(rich_mission.longitude, abs=1e-6)
    assert office["telephone"] == rich_mission.phones[0]["e164"]
    assert office["email"] == "riodejaneiro@diplobel.fed.be"
    assert f"https://www.wikidata.org/wiki/{RICH_QID}" in office["sameAs"]
    assert office["parentOrganization"] == {
        "@type": "GovernmentOrganization",
        "name": "Government of Belgium",
    }
    assert office["mainEntityOfPage"] == page.canonical[0]
    assert office["description"] == page.description
    hours = {
        (spec["opens"], spec["closes"]): spec["dayOfWeek"]
        for spec in office["openingHoursSpecification"]
    }
    weekdays = [SCHEMA_DAY.format(day) for day in ("Monday", "Tuesday", "Wednesday", "Thursday")]
    assert hours == {
        ("09:00", "13:00"): [*weekdays, SCHEMA_DAY.format("Friday")],
        ("14:00", "16:00"): weekdays,
    }
    if rich_mission.website:
        assert office["url"] == rich_mission.website


def test_an_embassy_is_an_embassy_and_says_only_what_is_known(client: Client) -> None:
    embassy = mission(GERMAN_EMBASSY_IN_RUSSIA)
    page = get_page(client, embassy.get_absolute_url())
    data = the(page, "Embassy")
    assert "Embassy" in data["@type"]
    assert data["name"] == "Embassy of Germany in Russia"
    # No postal address in the data: the town and the country.
    assert data["address"] == {
        "@type": "PostalAddress",
        "addressLocality": embassy.city,
        "addressCountry": "RU",
    }
    assert "telephone" not in data and "openingHoursSpecification" not in data
    assert data["url"] == embassy.website
    assert data["geo"]["@type"] == "GeoCoordinates"


def test_a_mission_photo_and_map_records_are_linked(client: Client) -> None:
    from django.utils import timezone

    from chancery.directory.models import SourceLink

    item = Mission.objects.exclude(image_url="").order_by("pk").first()
    assert item is not None
    SourceLink.objects.create(
        mission=item,
        source="osm",
        record_id="node/3483711795",
        fetched_at=timezone.now(),
        matched_by="tag",
    )
    data = json_ld(get_page(client, item.get_absolute_url()))[0]
    assert data["image"] == item.image_https_url and data["image"].startswith("https://")
    assert "https://www.openstreetmap.org/node/3483711795" in data["sameAs"]


def test_a_mission_name_cannot_close_its_script_element(client: Client) -> None:
    item = mission(GERMAN_EMBASSY_IN_RUSSIA)
    hostile = "Embassy </script><script>alert('x')</script> & <!-- more"
    Mission.objects.filter(pk=item.pk).update(name=hostile, names={})
    page = get_page(client, item.get_absolute_url())
    assert "<script>alert(" not in page.html
    assert the(page, "Embassy")["name"] == hostile
    crumbs = the(page, "BreadcrumbList")["itemListElement"]
    assert crumbs[-1]["name"] == hostile
    for script in page.doc.xpath('//script[@type="application/ld+json"]'):
        assert "<" not in script.text and ">" not in script.text and "&" not in script.text


def test_json_ld_text_escapes_what_could_end_a_script() -> None:
    text = json_ld_text({"name": "</script><!--&"})
    assert text == '{"name":"\\u003C/script\\u003E\\u003C!--\\u0026"}'


# --- Hubs, articles and the home page --------------------------------------------------------


def test_a_host_hub_is_a_collection_about_its_country(client: Client) -> None:
    page = get_page(client, "/in/russia/")
    hub = the(page, "CollectionPage")
    assert hub["url"] == f"{SITE}/in/russia/"
    assert hub["name"] == "Embassies and consulates in Russia"
    assert hub["about"]["@type"] == "Country" and hub["about"]["name"] == "Russia"
    assert hub["about"]["sameAs"].startswith("https://www.wikidata.org/wiki/Q")
    assert hub["mainEntity"]["numberOfItems"] > 100
    assert hub["inLanguage"] == "en"
    assert the(get_page(client, "/fr/in/russia/"), "CollectionPage")["inLanguage"] == "fr"


def test_an_article_is_a_news_article(client: Client) -> None:
    article = article_with_image()
    page = get_page(client, article.get_absolute_url())
    data = the(page, "NewsArticle")
    assert data["headline"] == "Consular hours change in Moscow"
    assert data["url"] == f"{SITE}{article.get_absolute_url()}" == page.canonical[0]
    published = article.published_at.replace(microsecond=0).isoformat()
    assert data["datePublished"] == published
    assert data["dateModified"] >= published
    assert data["author"] == {"@type": "Person", "name": "Press office"}
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "Chancery"
    assert data["publisher"]["logo"]["url"].startswith(SITE)
    assert data["image"] == article.image_url
    assert data["inLanguage"] == "en"
    assert data["description"] == "The embassy opens on Saturdays in March."


def test_the_home_page_offers_its_search(client: Client) -> None:
    page = get_page(client, "/")
    site = the(page, "WebSite")
    assert site["url"] == f"{SITE}/"
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    template = action["target"]["urlTemplate"]
    assert template == f"{SITE}/search/?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"
    # The template leads to the search page.
    search = client.get(template.removeprefix(SITE).replace("{search_term_string}", "embassy"))
    assert search.status_code == 200
    french = the(get_page(client, "/fr/"), "WebSite")
    assert french["potentialAction"]["target"]["urlTemplate"].startswith(f"{SITE}/fr/search/")
