"""In airplane mode: the pages a person opened and their last help answer still open, each
saying when it was saved; a page never opened shows the offline page, which lists the saved
ones. Chromium runs the site's real service worker (/sw.js)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

MISSION = "/missions/embassy-of-germany-in-russia/"
NEVER_OPENED = "/missions/embassy-of-belgium-in-russia/"
SAVED_NOTICE = re.compile(
    r"^Saved on \d{1,2} [A-Z][a-z]+ \d{4} at \d\d:\d\d\. "
    r"You are offline; details may have changed\.$"
)

#: Whether the service worker's stores hold every given address: {cache name: [addresses]}
#: (the worker stores a page just after handing it to the browser).
SAVED = """async (wanted) => {
  for (const [name, addresses] of Object.entries(wanted)) {
    if (!(await caches.has(name))) return false;
    const kept = (await (await caches.open(name)).keys()).map((request) => {
      const url = new URL(request.url);
      return url.pathname + url.search;
    });
    if (!addresses.every((address) => kept.includes(address))) return false;
  }
  return true;
}"""
#: Whether a service worker is active for the page (it may not control it yet).
READY = "() => navigator.serviceWorker.ready.then(() => true)"


def wait_until(page: Page, condition: str, arg: object = None) -> None:
    """Wait until `condition`, an async function run in the page, gives true: it is asked
    again until then, and the wait ends with the context's default timeout. (The answer is
    left on the page's root element: the site's policy forbids the `eval` behind
    `wait_for_function`.)"""
    page.evaluate(
        f"""(arg) => {{
          const root = document.documentElement;
          root.removeAttribute("data-condition-met");
          const condition = {condition};
          const ask = () => condition(arg).then((met) => {{
            if (met) root.setAttribute("data-condition-met", "");
            else setTimeout(ask, 50);
          }});
          ask();
        }}""",
        arg,
    )
    expect(page.locator("html[data-condition-met]")).to_have_count(1)


def controlled(page: Page) -> bool:
    return page.evaluate("navigator.serviceWorker.controller !== null")


# One size: the scenario is a phone's.
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_opened_pages_and_the_last_help_answer_open_offline(page: Page, shot) -> None:
    page.goto("/")
    wait_until(page, READY)
    page.reload()
    assert controlled(page), "the service worker controls the page once it is ready"

    page.goto(MISSION)
    expect(page.locator("h1")).to_have_text("Embassy of Germany in Russia")
    page.goto("/help/")
    page.select_option("select[name=nationality]", "australia")
    page.select_option("select[name=country]", "indonesia")
    page.get_by_role("button", name="Find help").click()
    expect(page).to_have_url(re.compile(r"/help/\?nationality=australia"))
    expect(page.locator(".card").first).to_contain_text("Australia")
    answer = page.evaluate("location.pathname + location.search")
    # The answer is kept twice: as itself, and as the last answer (/help/'s offline copy).
    wait_until(page, SAVED, {"chancery-pages": [MISSION, answer], "chancery-help": ["/help/"]})
    notice = page.locator("[data-offline-notice]")
    expect(notice).to_be_hidden()  # online, nothing to say

    # The site down (its database gone, overloaded): the saved copy rather than the error.
    down = f"**{MISSION}"
    page.context.route(down, lambda route: route.fulfill(status=503, body="Unavailable"))
    page.goto(MISSION)
    expect(page.locator("h1")).to_have_text("Embassy of Germany in Russia")
    expect(notice).to_have_text(SAVED_NOTICE)
    page.context.unroute(down)

    page.context.set_offline(True)

    page.goto(MISSION)
    expect(page.locator("h1")).to_have_text("Embassy of Germany in Russia")
    expect(notice).to_be_visible()
    expect(notice).to_have_text(SAVED_NOTICE)
    # The notice leads the page's content, where a reader starts.
    assert page.evaluate(
        "document.querySelector('main').firstElementChild.matches('.offline-notice')"
    )
    page.reload()
    expect(notice).to_have_text(SAVED_NOTICE)
    shot("mission")

    # The emergency card: /help/ without the question shows the last answer.
    page.goto("/help/")
    expect(page.locator("h1")).to_contain_text("Help for citizens of Australia in Indonesia")
    expect(page.locator(".card").first).to_contain_text("Australia")
    expect(notice).to_have_text(SAVED_NOTICE)
    shot("help")

    page.goto(NEVER_OPENED)
    expect(page.locator("h1")).to_have_text("You are offline")
    expect(notice).to_be_hidden()
    saved = page.locator("[data-saved-pages]")
    expect(saved).to_be_visible()
    links = saved.get_by_role("link")
    # The last help answer first, then the other pages, newest first.
    expect(links.first).to_contain_text("Help for citizens of Australia in Indonesia")
    expect(links.first).to_have_attribute("href", "/help/")
    expect(saved.get_by_role("link", name="Embassy of Germany in Russia")).to_have_attribute(
        "href", MISSION
    )
    # The help form's address opens the last answer offline: it is not listed apart.
    expect(saved.get_by_role("link", name="Who can help me here?")).to_have_count(0)
    shot("offline")
    saved.get_by_role("link", name="Embassy of Germany in Russia").click()
    expect(page).to_have_url(re.compile(re.escape(MISSION) + "$"))
    expect(notice).to_be_visible()

    # A page never opened, in French: the offline page in French.
    page.goto("/fr/in/russia/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("[data-saved-pages]")).to_be_visible()


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_site_can_be_installed(page: Page) -> None:
    page.goto("/")
    wait_until(page, READY)
    page.reload()
    assert controlled(page)
    cdp = page.context.new_cdp_session(page)

    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"].endswith("/manifest.webmanifest")
    assert manifest["errors"] == []
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # A test's browser context is private, like an incognito window: the one thing in the way.
    assert [error["errorId"] for error in errors if error["errorId"] != "in-incognito"] == []
