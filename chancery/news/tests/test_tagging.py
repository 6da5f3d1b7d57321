"""The tagger: which countries an article is about (the issue's acceptance tests)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from chancery.advisories.sources.us_state import fips_to_iso
from chancery.countries.models import Country
from chancery.countries.resolution import iso_for_name
from chancery.news.models import ArticleCountry
from chancery.news.services import news_import, tag_article
from chancery.news.tagging import THRESHOLD, Tag, capitals, tag_text

from .helpers import SEED_PAGE, US_ADVISORIES, country, make_article

pytestmark = pytest.mark.django_db


def codes(tags: list[Tag]) -> list[str]:
    by_id = dict(Country.objects.values_list("pk", "iso_alpha2"))
    return [by_id[t.country_id] for t in tags]


# --- Acceptance: the seed page and the US advisories -----------------------------------------


def test_seed_page_is_about_russia_the_united_states_and_ukraine_only() -> None:
    tags = tag_text(SEED_PAGE.read_text(encoding="utf-8"))
    assert sorted(codes(tags)) == ["RU", "UA", "US"]
    assert codes(tags)[0] == "RU"  # the article is mostly about Russia


def test_seed_page_as_an_article_is_tagged_the_same() -> None:
    text = SEED_PAGE.read_text(encoding="utf-8")
    title, _, body = text.partition("\n")
    article = make_article(title, body=body)
    tag_article(article)
    assert sorted(article.countries.values_list("iso_alpha2", flat=True)) == ["RU", "UA", "US"]


def _own_countries(item: ET.Element, table: dict[str, list[str]]) -> list[str]:
    """The advisory's destination, read without the tagger: FIPS tag, else the title."""
    tags = {c.get("domain"): (c.text or "").strip() for c in item.iter("category")}
    own = table.get(tags.get("Country-Tag", "").upper(), [])
    if not own:
        title = (item.findtext("title") or "").split(" - Level")[0]
        own = [code for code in [iso_for_name(title)] if code]
    return own


def test_us_advisories_are_tagged_with_their_own_country(record_property) -> None:
    report = news_import(str(US_ADVISORIES))
    assert report.added == 211
    table = fips_to_iso()
    in_db = set(Country.objects.exclude(iso_alpha2=None).values_list("iso_alpha2", flat=True))
    tagged_by_link: dict[str, set[str]] = {}
    for source_url, code in ArticleCountry.objects.values_list(
        "article__source_url", "country__iso_alpha2"
    ):
        tagged_by_link.setdefault(source_url, set()).add(code)
    counted, hits, misses = 0, 0, []
    for item in ET.parse(US_ADVISORIES).getroot().iter("item"):
        own = [code for code in _own_countries(item, table) if code in in_db]
        if not own:
            continue  # a territory the directory does not have
        counted += 1
        link = (item.findtext("link") or "").strip()
        if set(own) & tagged_by_link.get(link, set()):
            hits += 1
        else:
            misses.append((item.findtext("title"), own, sorted(tagged_by_link.get(link, ()))))
    ratio = hits / counted
    record_property("us_advisories_tagged_ratio", f"{hits}/{counted} = {ratio:.1%}")
    print(f"US advisories tagged with their own country: {hits}/{counted} = {ratio:.1%}")
    assert counted >= 190  # nearly every item's country is in the directory
    assert ratio >= 0.95, misses


# --- Metonyms, capitals, demonyms, names ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The Kremlin said on Tuesday that talks would resume.", "RU"),
        ("The White House declined to comment.", "US"),
        ("Downing Street confirmed the visit.", "GB"),
        ("A spokesman for the Élysée Palace said so.", "FR"),
        ("The Holy See welcomed the agreement.", "VA"),
    ],
)
def test_a_metonym_alone_tags_its_country(text: str, code: str) -> None:
    assert codes(tag_text(text)) == [code]


def test_washington_alone_is_weak() -> None:
    assert tag_text("Washington said on Tuesday that it would answer soon.") == []
    assert tag_text("Officials in Washington and Washington's allies were silent.") == []


def test_washington_counts_with_other_evidence() -> None:
    tags = tag_text("Washington said the White House would answer.")
    assert codes(tags) == ["US"]
    assert tags[0].score == pytest.approx(1.3)


def test_capitals_are_the_city_with_most_embassies() -> None:
    names = capitals()
    assert names[country("KE").pk] == "nairobi"
    assert names[country("AU").pk] == "canberra"  # not Sydney
    assert names[country("CH").pk] == "bern"  # not Geneva
    assert names[country("TR").pk] == "ankara"  # not Istanbul


def test_a_capital_named_twice_tags_its_country() -> None:
    tags = tag_text("Talks were held in Nairobi. Nairobi hopes for a deal.")
    assert codes(tags) == ["KE"]
    assert tags[0].score == pytest.approx(1.4)


def test_a_capital_named_once_is_not_enough() -> None:
    assert tag_text("Talks were held in Nairobi.") == []


def test_a_city_that_is_not_the_capital_does_not_tag() -> None:
    assert tag_text("Sydney and Sydney again; Geneva and Geneva.") == []


def test_demonyms_tag_their_country() -> None:
    tags = tag_text("Kenyan officials met Kenyan traders.")
    assert codes(tags) == ["KE"]
    assert tags[0].score == pytest.approx(1.6)
    assert codes(tag_text("The French minister met French exporters.")) == ["FR"]


def test_a_single_demonym_is_not_enough() -> None:
    assert tag_text("A Kenyan runner won the race.") == []


def test_lower_case_us_is_a_pronoun() -> None:
    text = "Join us and tell us what you think; let us know, it helps us."
    assert tag_text(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "US officials said on Tuesday that talks would resume.",
        "USA and Canada",
        "UK ministers met on Monday.",
    ],
)
def test_a_capitalised_abbreviation_is_a_name(text: str) -> None:
    """ "US", "USA", "UK" are the country's name: one mention counts like "Russia" does."""
    found = codes(tag_text(text))
    assert ("GB" if "UK" in text else "US") in found


def test_the_us_with_capitals_tags_the_united_states() -> None:
    assert codes(tag_text("The US and the EU agreed; the US will pay.")) == ["US"]


def test_scores_are_returned_best_first() -> None:
    text = (
        "Kenya was mentioned once. Ukraine spoke in Kyiv. "
        "The Kremlin said Russia wants talks; Russia insisted, and Russia waited."
    )
    tags = tag_text(text)
    assert codes(tags) == ["RU", "UA", "KE"]
    assert all(isinstance(t.score, float) and t.score >= THRESHOLD for t in tags)
    # three names and a metonym; a name and the capital; a name
    assert [t.score for t in tags] == pytest.approx([4.0, 1.7, 1.0])


def test_text_about_nothing_has_no_tags() -> None:
    assert tag_text("") == []
    assert tag_text("The committee met to discuss the budget.") == []


# --- tag_article -----------------------------------------------------------------------------


def test_tag_article_stores_scores_and_keeps_editor_tags() -> None:
    article = make_article("The Kremlin and Russia", body="Russia said so. Russia again.")
    ArticleCountry.objects.create(article=article, country=country("KE"), by_editor=True)
    ArticleCountry.objects.create(article=article, country=country("FR"), score=3.0)
    tag_article(article)
    rows = {
        ac.country.iso_alpha2: ac
        for ac in ArticleCountry.objects.filter(article=article).select_related("country")
    }
    assert set(rows) == {"RU", "KE"}  # the tagger's stale France is gone, the editor's Kenya kept
    assert rows["RU"].score == pytest.approx(4.0) and not rows["RU"].by_editor
    assert rows["KE"].by_editor
    tag_article(article)  # idempotent
    assert ArticleCountry.objects.filter(article=article).count() == 2


def test_tag_article_does_not_duplicate_a_country_the_editor_pinned() -> None:
    article = make_article("Russia", body="Russia and Russia.")
    ArticleCountry.objects.create(article=article, country=country("RU"), by_editor=True)
    tag_article(article)
    assert list(article.countries.values_list("iso_alpha2", flat=True)) == ["RU"]
    assert ArticleCountry.objects.get(article=article, country=country("RU")).by_editor
