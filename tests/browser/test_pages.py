"""The main pages in a real browser: accessibility (axe-core), weight, maps, print."""

from __future__ import annotations

import base64
import json
import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import ROOT, SCREENSHOTS, VIEWPORTS

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
GERMANY_IN_RUSSIA = "/missions/embassy-of-germany-in-russia/"
MAIN_PAGES = [
    "/",
    "/countries/",
    "/in/russia/",
    "/from/germany/",
    "/from/germany/in/russia/",
    GERMANY_IN_RUSSIA,
    "/search/?q=German+embassy+Moscow",
    "/help/?nationality=australia&country=indonesia&place=Bali",
    "/advisories/",
    "/news/",
    "/fr/in/russia/",
    "/ar/in/russia/",
    "/ar/help/?nationality=australia&country=indonesia&place=Bali",
    "/advisories/russia/",
    GERMANY_IN_RUSSIA + "suggest/",
    GERMANY_IN_RUSSIA + "report-closed/",
    GERMANY_IN_RUSSIA + "history/",
    "/in/russia/suggest-mission/",
    "/es/",
    "/de/search/?q=deutsche+botschaft+moskau",
    "/ru/from/germany/in/russia/",
    "/no-such-page/",
]
#: A 1×1 grey PNG, standing in for a map tile.
TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGPYvn07AASnAlEiA3HLAAAAAElFTkSuQmCC"
)


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_no_serious_accessibility_violations(browser, site, viewport: str, path: str) -> None:
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci)")
    # The checker is injected as a script: let it past the site's Content-Security-Policy.
    context = browser.new_context(viewport=VIEWPORTS[viewport], base_url=site.url, bypass_csp=True)
    context.route("**/*tile.openstreetmap.org/**", lambda route: route.abort())
    try:
        page = context.new_page()
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            """async () => await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}
            })"""
        )
    finally:
        context.close()
    serious = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:5]],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, json.dumps(serious, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_main_pages_weigh_at_most_150_kb(page: Page, site, outside, path: str) -> None:
    transferred: dict[str, int] = {}

    def count(request) -> None:
        if "tile.openstreetmap.org" in request.url:
            return
        sizes = request.sizes()
        transferred[request.url] = sizes["responseBodySize"] + sizes["responseHeadersSize"]

    page.on("requestfinished", count)
    response = page.goto(path, wait_until="networkidle")
    assert response.status == (404 if path == "/no-such-page/" else 200), path
    total = sum(transferred.values())
    detail = "\n".join(
        f"{size:>8} {url}" for url, size in sorted(transferred.items(), key=lambda i: -i[1])
    )
    assert total <= 150 * 1024, f"{path}: {total} bytes\n{detail}"
    # Nothing from another site but a mission's photo (Wikimedia Commons, loaded lazily, so
    # never in the way of the page); map tiles are refused here, as when offline.
    third_party = [
        (kind, url)
        for kind, url in outside
        if "tile.openstreetmap.org" not in url
        and not (kind == "image" and url.startswith("https://commons.wikimedia.org/"))
    ]
    assert not third_party, f"third-party requests: {third_party}"


def test_a_mission_page_has_a_map_that_survives_without_tiles(page: Page, shot) -> None:
    page.goto(GERMANY_IN_RUSSIA)
    map_ = page.locator("[data-map]")
    expect(map_).to_be_visible()
    open_map(page)
    expect(map_.locator(".leaflet-marker-icon")).to_have_count(1)
    expect(map_.locator(".leaflet-control-attribution")).to_contain_text("OpenStreetMap")
    # Tiles are unreachable here (as offline): the page says so, and the coordinates and the
    # link to OpenStreetMap are still on the page.
    expect(page.locator(".map-offline-note")).to_be_visible()
    expect(page.get_by_role("link", name="on OpenStreetMap")).to_be_visible()
    shot("offline")


def test_a_mission_map_with_tiles(browser, site, viewport: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS[viewport], base_url=site.url)
    context.route(
        "**/*tile.openstreetmap.org/**",
        lambda route: route.fulfill(status=200, content_type="image/png", body=TILE),
    )
    try:
        page = context.new_page()
        page.goto(GERMANY_IN_RUSSIA)
        open_map(page)
        expect(page.locator(".leaflet-tile-loaded").first).to_be_attached()
        expect(page.locator(".map-offline-note")).to_be_hidden()
    finally:
        context.close()


def test_a_host_hub_map_clusters_its_missions(page: Page, shot) -> None:
    page.goto("/in/russia/")
    map_ = page.locator("[data-map]")
    expect(map_).to_be_visible()
    open_map(page)
    expect(map_.locator(".marker-cluster").first).to_be_visible()
    # The markers come from the list's own coordinates (<li data-lat data-lon>).
    points = page.locator("section.group li[data-lat]").count()
    assert points > 100
    # Clustering: far fewer marker elements than missions.
    assert map_.locator(".leaflet-marker-icon").count() < points / 2
    # A cluster opens into markers whose popups link to the missions.
    map_.locator(".marker-cluster").first.click()
    expect(map_.locator(".leaflet-marker-icon:not(.marker-cluster)").first).to_be_visible()
    shot("clustered")


def open_map(page: Page) -> None:
    """Go to the page's map as a reader does: on a phone, tap "Show the map"; on a wider
    screen, scroll to it (a map is drawn when it comes into view)."""
    show = page.get_by_role("button", name="Show the map")
    if show.is_visible():
        show.click()
    else:
        page.locator("[data-map]").scroll_into_view_if_needed()


def _leaflet_fetched(urls: list[str]) -> bool:
    return any("leaflet" in url and url.endswith(".js") for url in urls)


def test_on_a_wide_screen_a_map_out_of_view_costs_nothing_until_it_comes_into_view(
    browser, site
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 500}, base_url=site.url)
    fetched: list[str] = []
    context.on("request", lambda request: fetched.append(request.url))
    try:
        page = context.new_page()
        page.goto(GERMANY_IN_RUSSIA, wait_until="load")
        map_ = page.locator("[data-map]")
        assert map_.evaluate("box => box.getBoundingClientRect().top") > 500
        expect(page.get_by_role("button", name="Show the map")).to_be_hidden()
        page.wait_for_timeout(1500)
        assert not _leaflet_fetched(fetched)
        map_.scroll_into_view_if_needed()
        expect(map_.locator(".leaflet-marker-icon")).to_have_count(1)
        assert _leaflet_fetched(fetched)
    finally:
        context.close()


def test_on_a_phone_a_map_waits_for_a_tap(browser, site) -> None:
    # A sender's page: the map is on the first screen, and still nothing of it is fetched
    # (Leaflet, tiles) before the reader asks.
    context = browser.new_context(viewport=VIEWPORTS["phone"], base_url=site.url)
    fetched: list[str] = []
    context.on("request", lambda request: fetched.append(request.url))
    try:
        page = context.new_page()
        page.goto("/from/germany/", wait_until="load")
        map_ = page.locator("[data-map]")
        expect(map_).to_be_in_viewport()
        page.wait_for_timeout(1500)
        assert not _leaflet_fetched(fetched)
        assert map_.locator(".leaflet-marker-icon").count() == 0
        show = page.get_by_role("button", name="Show the map")
        expect(show).to_be_in_viewport()
        show.click()
        expect(map_.locator(".marker-cluster").first).to_be_visible()
        expect(show).to_have_count(0)
        assert _leaflet_fetched(fetched)
    finally:
        context.close()


def test_the_map_button_speaks_the_page_language(browser, site) -> None:
    context = browser.new_context(viewport=VIEWPORTS["phone"], base_url=site.url)
    try:
        page = context.new_page()
        page.goto("/de" + GERMANY_IN_RUSSIA)
        expect(page.get_by_role("button", name="Karte anzeigen")).to_be_visible()
    finally:
        context.close()


def test_without_javascript_the_map_stays_out_of_the_way(browser, site) -> None:
    context = browser.new_context(base_url=site.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(GERMANY_IN_RUSSIA)
        expect(page.locator("[data-map]")).to_be_hidden()
        expect(page.get_by_role("link", name="on OpenStreetMap")).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize(
    "path",
    ["/missions/embassy-of-belgium-in-russia/", "/help/?nationality=australia&country=indonesia"],
)
def test_printing_gives_the_emergency_card(page: Page, path: str, viewport: str) -> None:
    page.goto(path)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.locator("[data-map]")).to_be_hidden()
    for form in page.locator("form").all():
        expect(form).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    # What the card is for: the numbers to call, in full.
    phone = page.locator('a[href^="tel:"]').first
    expect(phone).to_be_visible()
    assert re.search(r"\d{2}", phone.inner_text())
    if viewport == "desktop":
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
        name = "mission" if path.startswith("/missions/") else "help"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / f"print-{name}.pdf").write_bytes(pdf)


def test_keyboard_users_can_skip_to_the_content(page: Page) -> None:
    page.goto("/in/russia/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_every_focused_control_shows_it(page: Page) -> None:
    page.goto("/in/russia/")
    seen = set()
    for _ in range(14):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const e = document.activeElement, s = getComputedStyle(e);
                return {tag: e.tagName, text: (e.textContent || e.name || '').trim().slice(0, 30),
                        outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
                        shadow: s.boxShadow !== 'none'};
            }"""
        )
        assert focused["outline"] or focused["shadow"], f"no visible focus on {focused}"
        seen.add(focused["tag"])
    # The walk went through links, the search box and its button.
    assert {"A", "INPUT", "BUTTON"} <= seen
