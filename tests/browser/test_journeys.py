"""What a traveller does, in a real browser, at phone and desktop sizes."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

GERMANY_IN_RUSSIA = "/missions/embassy-of-germany-in-russia/"


def test_pickers_lead_to_the_pair_page_and_a_mission_with_tap_to_call(page: Page, shot) -> None:
    page.goto("/")
    shot("home")
    page.select_option("select#from", "belgium")
    page.select_option("select#in", "russia")
    page.get_by_role("button", name="Find help").click()

    expect(page).to_have_url(re.compile(r"/from/belgium/in/russia/$"))
    expect(page.locator("h1")).to_contain_text("Russia")
    shot("pair")
    page.locator("main").get_by_role("link", name="Embassy of Belgium in Russia").first.click()

    expect(page).to_have_url(re.compile(r"/missions/embassy-of-belgium-in-russia/$"))
    expect(page.locator("h1")).to_have_text("Embassy of Belgium in Russia")
    phone = page.locator('a[href^="tel:+"]').first
    expect(phone).to_be_visible()
    assert phone.get_attribute("href") == "tel:+74957800331"
    box = phone.bounding_box()
    assert box["height"] >= 44, "a phone number must be easy to tap (44 px)"
    shot("mission")


def test_search_from_the_header(page: Page, shot) -> None:
    page.goto("/in/russia/")
    search = page.get_by_role("searchbox", name="Search embassies and consulates")
    search.fill("embasy of germny in moskow")
    search.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=embasy"))
    first = page.locator(".result").first
    expect(first).to_contain_text("Embassy of Germany in Russia")
    shot("results")
    first.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(re.escape(GERMANY_IN_RUSSIA) + "$"))


def test_help_with_the_location_shared(page: Page, shot) -> None:
    # An Australian in Bali (Denpasar) who shares their position.
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": -8.65, "longitude": 115.2167})
    page.goto("/help/")
    page.select_option("select[name=nationality]", "australia")
    page.get_by_role("button", name="Use my location instead").click()

    expect(page).to_have_url(re.compile(r"lat=-8\.65"))
    cards = page.locator(".card")
    expect(cards.first).to_be_visible()
    expect(cards.first).to_contain_text("Australia")
    expect(cards.first).to_contain_text("km away")
    expect(page.locator("h1")).to_contain_text("near Denpasar")
    shot("answer")


def test_suggesting_a_correction(page: Page, shot) -> None:
    page.goto(GERMANY_IN_RUSSIA)
    page.get_by_role("link", name="Suggest a correction").click()
    expect(page.locator("h1")).to_contain_text("Suggest a correction")
    page.get_by_label("Phone", exact=True).fill("+7 495 937-95-00")
    page.get_by_label(re.compile("^Evidence")).fill("https://germania.diplo.de/ru-de/vertretungen")
    shot("form")
    page.get_by_role("button", name="Send for review").click()

    expect(page.locator("h1")).to_contain_text("Thank you")
    shot("thanks")


def test_reading_a_news_article(page: Page, shot) -> None:
    page.goto("/news/")
    link = page.locator("main").get_by_role(
        "link", name="France and Germany renew their consular agreement"
    )
    link.click()

    expect(page.locator("h1")).to_have_text("France and Germany renew their consular agreement")
    expect(page.locator("time").first).to_be_visible()
    expect(page.locator("nav.breadcrumbs")).to_contain_text("News")
    shot("article")


def test_switching_language_arabic_included(page: Page, shot) -> None:
    page.goto("/in/russia/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.locator("nav.languages").get_by_role("link", name="Français").click()
    expect(page).to_have_url(re.compile(r"/fr/in/russia/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("h1")).to_contain_text("Russie")

    page.locator("nav.languages").get_by_role("link", name="العربية").click()
    expect(page).to_have_url(re.compile(r"/ar/in/russia/$"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_contain_text("روسيا")
    # Right to left: the breadcrumb runs from the right edge to the left.
    assert page.locator("h1").evaluate("e => getComputedStyle(e).direction") == "rtl"
    crumbs = page.locator("nav.breadcrumbs li")
    assert crumbs.first.bounding_box()["x"] > crumbs.last.bounding_box()["x"]
    shot("arabic")

    # A phone number keeps its own order inside the Arabic page: first digit leftmost.
    page.goto("/ar/missions/embassy-of-belgium-in-russia/")
    phone = page.locator('a[href^="tel:"]').first
    assert phone.evaluate(
        """a => {
            const text = a.firstChild, range = document.createRange();
            range.setStart(text, 0); range.setEnd(text, 1);
            const first = range.getBoundingClientRect().left;
            range.setStart(text, text.length - 1); range.setEnd(text, text.length);
            return first < range.getBoundingClientRect().left;
        }"""
    ), "the phone number is shown back to front"

    page.locator("nav.languages").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/missions/embassy-of-belgium-in-russia/$"))
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
