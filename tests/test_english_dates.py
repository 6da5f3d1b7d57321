"""English pages write dates with the month in words, day first ("5 December 2026", "5 Dec
2026" where space is short), so that no reader wonders whether 05/12 is May or December. The
news article keeps the "Published on 05/12/2026" byline of the product's reference page. Other
languages write dates as their own locale does."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import formats, translation

from chancery.advisories.services import advisories_import
from chancery.advisories.tests.helpers import UsItem, us_rss, write
from chancery.corrections.models import ActorKind, MissionChange
from chancery.directory.models import Mission
from chancery.news.tests.helpers import make_article

pytestmark = pytest.mark.django_db

#: 5 December: read as 12 May by half the world when written 05/12.
DAY = dt.datetime(2025, 12, 5, 14, 3, tzinfo=dt.UTC)
#: A date in figures, day and month both two digits: what English pages no longer show.
IN_FIGURES = re.compile(r"\b\d\d[/.]\d\d[/.]\d{4}\b")


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def mission() -> Mission:
    mission = Mission.objects.get(wikidata_id="Q4373990")  # Germany's embassy in Moscow
    Mission.objects.filter(pk=mission.pk).update(first_seen=DAY, last_seen=DAY)
    change = MissionChange.objects.create(
        mission=mission, field="city", old_value="Moskva", new_value="Moscow",
        actor_kind=ActorKind.EDITOR,
    )  # fmt: skip
    MissionChange.objects.filter(pk=change.pk).update(changed_at=DAY)
    mission.refresh_from_db()
    return mission


def test_the_mission_history_writes_the_month_in_words(client: Client, mission: Mission) -> None:
    page = _page(client, f"/missions/{mission.slug}/history/")
    assert "First imported from wikidata-csv on 5 Dec 2025." in page
    assert "<td>5 Dec 2025, 14:03</td>" in page
    assert not IN_FIGURES.search(page), IN_FIGURES.search(page)


def test_the_mission_page_writes_the_month_in_words(client: Client, mission: Mission) -> None:
    page = _page(client, mission.get_absolute_url())
    assert "last seen 5 December 2025" in page
    assert "checked 5 Dec 2025" in page
    assert not IN_FIGURES.search(page), IN_FIGURES.search(page)


def test_the_advisory_page_writes_the_month_in_words(client: Client, tmp_path: Path) -> None:
    feed = us_rss(UsItem("Russia", "RS", 4, pub_date="Fri, 05 Dec 2025"))
    advisories_import("us", write(tmp_path / "us.xml", feed), now=DAY)
    page = _page(client, "/advisories/russia/")
    assert "Updated by the issuer on 5 Dec 2025" in page
    assert "checked 5 Dec 2025" in page
    assert not IN_FIGURES.search(page), IN_FIGURES.search(page)
    hub = _page(client, "/in/russia/")
    assert "(5 Dec 2025)" in hub


def test_the_news_index_writes_the_month_in_words(client: Client) -> None:
    article = make_article("Consular hours change", published_at=DAY, countries=("DE",))
    index = _page(client, "/news/")
    assert "Published on 5 Dec 2025" in index
    assert not IN_FIGURES.search(index), IN_FIGURES.search(index)
    hub = _page(client, "/in/germany/")
    assert f'{article.title}</a> <span class="card-meta">5 Dec 2025</span>' in hub


def test_the_article_keeps_its_published_on_byline(client: Client) -> None:
    article = make_article("Consular hours change", published_at=DAY)
    page = _page(client, article.get_absolute_url())
    assert re.search(r"Published on <time[^>]*>05/12/2025</time>", page)


@pytest.mark.parametrize(
    ("language", "index", "article"),
    [
        ("fr", "05/12/2025", "05/12/2025"),
        ("de", "05.12.2025", "05.12.2025"),
        ("ru", "05.12.2025", "05.12.2025"),
        ("es", "05/12/2025", "05/12/2025"),
    ],
)
def test_other_languages_write_dates_their_own_way(
    client: Client, language: str, index: str, article: str
) -> None:
    made = make_article("Consular hours change", published_at=DAY)
    assert index in _page(client, f"/{language}/news/")
    with translation.override(language):
        url = made.get_absolute_url()
    assert re.search(rf"<time[^>]*>{re.escape(article)}</time>", _page(client, url))


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
def test_every_language_has_the_date_in_figures_and_a_day_first_date_time(language: str) -> None:
    """A format name a language lacks would be read as a format itself ("NUMERIC_…" → letters
    for month, epoch …): each language names the date in figures, and none falls back to
    Django's American "12/05/2025 2:03 p.m."."""
    with translation.override(language):
        figures = formats.date_format(DAY, "NUMERIC_DATE_FORMAT")
        short = formats.date_format(DAY, "SHORT_DATETIME_FORMAT")
    digits = re.sub(r"\D", "", figures)
    assert digits == "05122025", figures
    assert not re.sub(r"[\u200e\u200f]", "", short).startswith("12/"), short


def test_russian_days_of_the_month_are_in_the_genitive() -> None:
    with translation.override("ru"):
        assert formats.date_format(DAY, "MONTH_DAY_FORMAT") == "5 декабря"
