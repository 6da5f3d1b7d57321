"""What each page's head tells search engines and link previews: its canonical address, whether
to list it, its description, its OpenGraph and Twitter card tags; and the small markup fixes
the HTML checker and Lighthouse asked for (datetimes, photo size, heading order)."""

from __future__ import annotations

import itertools
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from chancery.directory.models import Mission

from .seo_helpers import (
    GERMAN_EMBASSY_IN_RUSSIA,
    NOINDEX_TYPES,
    NOT_FOUND_URLS,
    RICH_QID,
    article_with_image,
    get_page,
    mission,
    page_urls,
)

pytestmark = pytest.mark.django_db

SITE = settings.CHANCERY_SITE_URL.rstrip("/")


@pytest.fixture
def pages(client: Client) -> dict:
    """Every page type, fetched once: type → (url, Page)."""
    urls = page_urls(article_with_image())
    fetched = {kind: (url, get_page(client, url)) for kind, url in urls.items()}
    for kind, (url, page) in fetched.items():
        assert page.status == 200, (kind, url, page.status)
    return fetched


# --- Canonical addresses and robots rules -----------------------------------------------------


def test_every_page_names_its_own_absolute_canonical_address(pages: dict) -> None:
    for kind, (url, page) in pages.items():
        assert len(page.canonical) == 1, kind
        canonical = page.canonical[0]
        assert canonical.startswith(f"{SITE}/"), (kind, canonical)
        if kind in ("help answer", "search", "news about a country"):
            # The parameters that define the page stay, in the page's own spelling.
            assert canonical == SITE + url, (kind, canonical)
        else:
            assert canonical == SITE + url.split("?")[0], (kind, canonical)


def test_the_canonical_address_drops_tracking_parameters_and_keeps_the_language(
    client: Client,
) -> None:
    page = get_page(client, "/fr/in/russia/?utm_source=newsletter&fbclid=abc")
    assert page.canonical == [f"{SITE}/fr/in/russia/"]
    # Each language's alternate is that language's canonical page.
    assert f"{SITE}/de/in/russia/" in page.alternates
    assert f"{SITE}/in/russia/" in page.alternates
    assert not [link for link in page.alternates if "utm_source" in link]
    assert page.one_meta(prop="og:url") == f"{SITE}/fr/in/russia/"


def test_news_pages_keep_their_number_and_country_in_the_canonical_address(
    client: Client,
) -> None:
    from chancery.news.tests.helpers import make_article

    for n in range(21):
        make_article(f"Embassy note {n}", countries=("RU",))
    assert get_page(client, "/news/?page=2").canonical == [f"{SITE}/news/?page=2"]
    # A number past the last page shows the last page: that page's own address.
    assert get_page(client, "/news/?page=9&country=RU&utm_medium=x").canonical == [
        f"{SITE}/news/?page=2&country=russia"
    ]
    assert get_page(client, "/news/?page=1").canonical == [f"{SITE}/news/"]


def test_results_and_answers_are_noindex_and_the_rest_is_indexable(pages: dict) -> None:
    for kind, (_url, page) in pages.items():
        if kind in NOINDEX_TYPES:
            assert page.robots == ["noindex"], kind
        else:
            assert page.robots == [], kind


def test_the_bare_search_form_is_noindex_too(client: Client) -> None:
    assert get_page(client, "/search/").robots == ["noindex"]


@pytest.mark.parametrize("url", NOT_FOUND_URLS)
def test_a_missing_page_is_noindex_without_canonical_or_alternates(
    client: Client, url: str
) -> None:
    page = get_page(client, url)
    assert page.status == 404
    assert page.robots == ["noindex"]
    assert page.canonical == []
    assert page.alternates == []
    assert page.meta(prop="og:url") == []
    assert 'hreflang="x-default"' not in page.html


# --- Descriptions -----------------------------------------------------------------------------


def test_each_page_has_its_own_description(pages: dict) -> None:
    descriptions = {kind: page.description for kind, (_url, page) in pages.items()}
    default = "Find your country's embassy or consulate, wherever you are."
    for kind, text in descriptions.items():
        assert text and text != default, kind
        assert len(text) <= 160, (kind, text)
    assert len(set(descriptions.values())) == len(descriptions), descriptions


def test_a_mission_description_names_its_city_and_only_what_the_page_shows(
    client: Client,
) -> None:
    rich = mission(RICH_QID)
    text = get_page(client, rich.get_absolute_url()).description
    assert rich.city == "Rio de Janeiro"
    assert text.startswith("Consulate-General of Belgium in Rio de Janeiro: ")
    assert "phone" in text and "email" in text
    assert text.endswith("who else can help citizens of Belgium in Brazil.")
    # The page offers that link.
    assert "Who else can help citizens of Belgium in Brazil" in get_page(
        client, rich.get_absolute_url()
    ).doc.text_content().replace("\n", " ")

    embassy = mission(GERMAN_EMBASSY_IN_RUSSIA)
    assert not embassy.phones and not embassy.address
    text = get_page(client, embassy.get_absolute_url()).description
    # The name does not say the city: the description does.
    assert text.startswith(f"Embassy of Germany in Russia, {embassy.city}: ")
    assert "phone" not in text and "address" not in text


def test_mission_descriptions_fit_in_a_search_result(client: Client) -> None:
    """The longest names of the real data, with every fact a page can show."""
    longest = sorted(Mission.objects.active(), key=lambda m: -len(m.name))[:5]
    for item in longest:
        Mission.objects.filter(pk=item.pk).update(
            phones=[{"raw": "+1 202 555 0100", "e164": "+12025550100", "valid": True}],
            email="consular@example.org",
            opening_hours="Mo-Fr 09:00-17:00",
            address_parts={"street_address": "1 Main Street", "locality": item.city or "Town"},
        )
        text = get_page(client, item.get_absolute_url()).description
        assert "who else can help" in text
        if len(text) > 160:  # only when even the name and the help are longer: no fact left
            assert text.split(": ", 1)[1].startswith("who else can help"), text


def test_a_french_page_is_described_in_french_names(client: Client) -> None:
    page = get_page(client, "/fr/in/germany/")
    assert "Allemagne" in page.description
    assert page.one_meta(prop="og:locale") == "fr_FR"
    assert "en_GB" in page.meta(prop="og:locale:alternate")


# --- OpenGraph and Twitter cards --------------------------------------------------------------


def test_every_page_has_open_graph_and_twitter_tags(pages: dict) -> None:
    for kind, (_url, page) in pages.items():
        title = page.one_meta(prop="og:title")
        assert title and "·" not in title, kind
        assert page.one_meta(prop="og:description") == page.description, kind
        assert page.one_meta(prop="og:url") == page.canonical[0], kind
        assert page.one_meta(prop="og:site_name") == "Chancery", kind
        assert page.one_meta(prop="og:type") in ("website", "article"), kind
        assert page.one_meta(prop="og:locale") == "en_GB", kind
        assert len(page.meta(prop="og:locale:alternate")) == len(settings.LANGUAGES) - 1
        image = page.one_meta(prop="og:image")
        assert urlsplit(image).scheme in ("http", "https") and urlsplit(image).netloc, kind
        assert page.one_meta(prop="og:image:alt"), kind
        assert page.one_meta(name="twitter:card") in ("summary", "summary_large_image"), kind
        assert page.one_meta(name="twitter:image") == image, kind


def test_a_mission_preview_shows_its_card(pages: dict) -> None:
    _url, page = pages["mission"]
    rich = mission(RICH_QID)
    card = reverse("directory:mission-card", args=[rich.slug])
    assert page.one_meta(prop="og:image") == SITE + card
    assert page.one_meta(prop="og:image:width") == "1200"
    assert page.one_meta(prop="og:image:height") == "630"
    assert page.one_meta(prop="og:image:alt") == "Consulate-General of Belgium in Rio de Janeiro"
    assert page.one_meta(name="twitter:card") == "summary_large_image"


def test_other_pages_show_the_site_picture(pages: dict) -> None:
    _url, page = pages["host"]
    assert page.one_meta(prop="og:image").endswith("/icons/icon-512.png")
    assert page.one_meta(prop="og:image:width") == "512"
    assert page.one_meta(name="twitter:card") == "summary"


def test_an_article_preview_is_an_article_with_its_picture_and_dates(pages: dict) -> None:
    _url, page = pages["article"]
    assert page.one_meta(prop="og:type") == "article"
    assert page.one_meta(prop="og:image").startswith("https://upload.wikimedia.org/")
    assert page.one_meta(name="twitter:card") == "summary_large_image"
    published = page.one_meta(prop="article:published_time")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", published)


# --- Markup fixes ----------------------------------------------------------------------------


def test_no_datetime_carries_fractions_of_a_second(client: Client, pages: dict) -> None:
    # A mission with hours and a time zone says when it opens or closes next, in a <time>.
    rich = mission(RICH_QID)
    Mission.objects.filter(pk=rich.pk).update(opening_hours="Mo-Su 00:00-12:00,12:30-24:00")
    hours_page = get_page(client, rich.get_absolute_url())
    assert "<time datetime=" in hours_page.html
    article_page = pages["article"][1]
    assert "<time datetime=" in article_page.html
    fraction = re.compile(r'datetime="[^"]*\.\d{6}')
    for kind, (_url, page) in [*pages.items(), ("opening hours", ("", hours_page))]:
        assert not fraction.search(page.html), kind
    stamps = re.findall(r'datetime="([^"]*)"', hours_page.html + article_page.html)
    for stamp in stamps:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", stamp), stamp


def test_the_mission_photo_keeps_its_place_while_it_loads(client: Client) -> None:
    with_photo = Mission.objects.exclude(image_url="").order_by("pk").first()
    assert with_photo is not None
    page = get_page(client, with_photo.get_absolute_url())
    (photo,) = page.doc.xpath('//figure[@class="photo"]/img')
    assert photo.get("width") and photo.get("height")


def test_the_help_answer_headings_go_down_one_level_at_a_time(pages: dict) -> None:
    _url, page = pages["help answer"]
    levels = [int(h.tag[1]) for h in page.doc.xpath("//main//*[self::h1 or self::h2 or self::h3]")]
    assert levels[0] == 1 and 3 in levels
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels
