"""Names in the reader's language, as a reader sees them: in each of the five other site
languages, a host hub, a pair page, a mission page and a help answer show the missions' names
in that language, and no name the site generates in English."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

#: The names the site generates in English ("Embassy of Germany in Russia").
ENGLISH_GENERATED = re.compile(
    r"\b(?:Embassy|Consulate-General|Consulate|Honorary Consulate|High Commission|"
    r"Apostolic Nunciature|Delegation|Representative Office) (?:of|in) [A-Z]"
)
#: In each language: the German embassy in Russia, as the pages must name it.
GERMAN_EMBASSY_IN_RUSSIA = {
    "fr": "Ambassade d’Allemagne en Russie",
    "es": "Embajada de Alemania en Rusia",
    "de": "Deutsche Botschaft in Russland",
    "ru": "Посольство Германии в России",
    "ar": "سفارة ألمانيا في روسيا",
}
PAGES = {
    "hub": "/in/russia/",
    "pair": "/from/germany/in/russia/",
    "mission": "/missions/embassy-of-germany-in-russia/",
    "help": "/help/?nationality=DE&country=RU",
}


def shown_text(page) -> str:
    """The main text as a reader scrolling the whole page sees it. A hub's long list is laid
    out only near the screen (content-visibility: auto), and innerText leaves out what is
    not laid out: every part is laid out first."""
    return page.locator("main").evaluate(
        """main => {
            for (const element of main.querySelectorAll("*")) {
                if (getComputedStyle(element).contentVisibility === "auto") {
                    element.style.contentVisibility = "visible";
                }
            }
            return main.innerText;
        }"""
    )


@pytest.mark.parametrize("page_kind", list(PAGES))
@pytest.mark.parametrize("language", list(GERMAN_EMBASSY_IN_RUSSIA))
def test_the_page_names_missions_in_its_language(
    browser, site, language: str, page_kind: str
) -> None:
    context = browser.new_context(base_url=site.url)
    try:
        page = context.new_page()
        page.goto(f"/{language}{PAGES[page_kind]}")
        expect(page.locator("h1")).to_be_visible()
        text = shown_text(page)
        assert GERMAN_EMBASSY_IN_RUSSIA[language] in text
        assert ENGLISH_GENERATED.findall(text) == []
        if page_kind == "mission":
            assert page.title().startswith(GERMAN_EMBASSY_IN_RUSSIA[language])
    finally:
        context.close()
