"""Languages: the URL alone picks the language; every page links to its translations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize(
    ("path", "language", "direction"),
    [
        ("/in/russia/", "en", "ltr"),
        ("/fr/in/russia/", "fr", "ltr"),
        ("/es/in/russia/", "es", "ltr"),
        ("/de/in/russia/", "de", "ltr"),
        ("/ru/in/russia/", "ru", "ltr"),
        ("/ar/in/russia/", "ar", "rtl"),
    ],
)
def test_the_prefix_picks_the_language(
    client: Client, path: str, language: str, direction: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert f'<html lang="{language}" dir="{direction}">' in response.content.decode()
    assert response["Content-Language"] == language


def test_the_browser_language_does_not_change_a_page(client: Client) -> None:
    response = client.get("/in/russia/", HTTP_ACCEPT_LANGUAGE="fr,de;q=0.8")
    assert response["Content-Language"] == "en"
    assert "Accept-Language" not in response.get("Vary", "")
    assert client.cookies.get(settings.LANGUAGE_COOKIE_NAME) is None


def test_country_names_come_in_the_page_language(client: Client) -> None:
    assert '<h2><a href="/fr/from/germany/in/russia/">Allemagne</a></h2>' in (
        client.get("/fr/in/russia/").content.decode()
    )
    assert "Германия" in client.get("/ru/in/russia/").content.decode()
    assert "ألمانيا" in client.get("/ar/in/russia/").content.decode()


def test_groups_are_in_alphabetical_order_of_the_page_language(client: Client) -> None:
    html = client.get("/ru/in/russia/").content.decode()
    names = re.findall(r'<section class="group" id="from-[^"]+">\s*<h2><a [^>]*>([^<]+)</a>', html)
    assert len(names) > 50
    # Russian order: Австрия before Беларусь; й is a letter of its own, after и.
    assert names.index("Австрия") < names.index("Беларусь") < names.index("Япония")
    assert names.index("Израиль") < names.index("Йемен") < names.index("Канада")
    french = client.get("/fr/in/russia/").content.decode()
    assert french.index(">Égypte</a>") < french.index(">Émirats arabes unis</a>")
    assert (
        french.index(">Afrique du Sud</a>")
        < french.index(">Égypte</a>")
        < french.index(">France</a>")
    )


def test_every_page_links_to_its_translations(client: Client) -> None:
    html = client.get("/from/germany/in/russia/?x=1").content.decode()
    picker = html[html.index('<nav class="languages"') :]
    picker = picker[: picker.index("</nav>")]
    for code, path in [
        ("fr", "/fr/from/germany/in/russia/?x=1"),
        ("ar", "/ar/from/germany/in/russia/?x=1"),
        ("en", "/from/germany/in/russia/?x=1"),
    ]:
        assert f'href="{path}" hreflang="{code}"' in picker
    assert 'hreflang="en" lang="en" aria-current="true"' in picker
    site = settings.CHANCERY_SITE_URL.rstrip("/")
    # The alternates are each language's canonical page: no parameter that does not define it.
    assert f'<link rel="alternate" hreflang="de" href="{site}/de/from/germany/in/russia/">' in html


def test_machine_addresses_have_no_language_prefix(client: Client) -> None:
    assert client.get("/api/v1/countries?limit=1").status_code == 200
    assert client.get("/fr/api/v1/countries?limit=1").status_code == 404
    assert client.get("/fr/healthz").status_code == 404
    assert client.get("/zh/in/russia/").status_code == 404


@pytest.fixture
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@override_settings(CHANCERY_PAGE_CACHE_SECONDS=60)
@pytest.mark.usefixtures("_empty_cache")
def test_each_language_is_cached_apart(client: Client) -> None:
    english = client.get("/in/russia/")
    french = client.get("/fr/in/russia/")
    assert french["X-Cache"] == "MISS"
    again = client.get("/fr/in/russia/")
    assert again["X-Cache"] == "HIT"
    assert again.content == french.content != english.content
    assert b"Allemagne" in again.content
    assert b"Allemagne" not in client.get("/in/russia/").content


def test_pages_are_compressed_for_browsers_that_accept_it(client: Client) -> None:
    response = client.get("/in/russia/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert len(response.content) < len(client.get("/in/russia/").content) / 3


@pytest.mark.parametrize("language", ["fr", "es", "de", "ru", "ar"])
def test_every_catalog_is_complete(language: str) -> None:
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"{path} is missing: run `make messages` and translate it"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    assert not catalog.fuzzy, f"{path}: the catalog header is marked fuzzy (not compiled)"
    untranslated = [
        m.id
        for m in catalog
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not untranslated, f"{path}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{path}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"%\(\w+\)s|\{\w+\}", " ".join(ids)))
        for string in strings:
            assert set(re.findall(r"%\(\w+\)s|\{\w+\}", string)) <= wanted | {""}, (
                f"{path}: placeholders differ in {message.id!r}"
            )


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/fr/in/russia/", "Ambassades et consulats"),
        ("/es/in/russia/", "Embajadas y consulados"),
        ("/de/in/russia/", "Botschaften und Konsulate"),
        ("/ru/in/russia/", "Посольства и консульства"),
        ("/ar/in/russia/", "السفارات والقنصليات"),
    ],
)
def test_pages_speak_the_language_of_their_address(client: Client, path: str, text: str) -> None:
    html = client.get(path).content.decode()
    title = html[html.index("<title>") : html.index("</title>")]
    assert text in title


def test_search_explains_its_results_in_the_page_language(client: Client) -> None:
    english = client.get("/search/?q=German+embassy+Moscow").content.decode()
    french = client.get("/fr/search/?q=German+embassy+Moscow").content.decode()
    assert "Sent by Germany, in Russia, in Moscow" in english
    assert "Pays représenté\u00a0: Allemagne, pays d&#x27;accueil\u00a0: Russie" in french
    # The API has no language prefix: always English.
    api = client.get("/api/v1/search?q=German+embassy+Moscow", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert api["results"][0]["why"].startswith("Sent by Germany, in Russia")


def test_dates_are_written_the_local_way(client: Client) -> None:
    from django.template.defaultfilters import date as date_filter
    from django.utils import timezone, translation

    day = timezone.datetime(2026, 11, 27)
    with translation.override("en"):
        assert date_filter(day, "DATE_FORMAT") == "27 November 2026"
    with translation.override("fr"):
        assert date_filter(day, "DATE_FORMAT") == "27 novembre 2026"
    with translation.override("ru"):
        assert date_filter(day, "DATE_FORMAT").startswith("27 ноября 2026")


def test_latin_quotations_keep_their_direction_in_arabic() -> None:
    from django.template import Context, Template
    from django.utils import translation

    from chancery.core.text import isolate

    with translation.override("ar"):
        assert isolate("Level 4: Do Not Travel") == "\u2068Level 4: Do Not Travel\u2069"
        rendered = Template("{% load text %}{{ v|isolate }}").render(Context({"v": "Level 2"}))
        assert rendered == "\u2068Level 2\u2069"
    with translation.override("fr"):
        assert isolate("Level 4: Do Not Travel") == "Level 4: Do Not Travel"


def test_a_missions_other_countries_are_listed_in_the_page_language(client: Client) -> None:
    from django.db.models import Count

    from chancery.countries.resolution import sort_key
    from chancery.directory.models import Mission

    mission = (
        Mission.objects.annotate(n=Count("jurisdictions"))
        .filter(n__gte=4, jurisdictions__kind="sovereign_state")
        .order_by("-n")
        .first()
    )
    html = client.get(f"/ru{mission.get_absolute_url()}").content.decode()
    listed = html[html.index('<ul class="inline-list">') :]
    listed = listed[: listed.index("</ul>")]
    names = re.findall(r">([^<>]+)</a>", listed)
    assert len(names) == mission.jurisdictions.count()
    assert names == sorted(names, key=sort_key)
    # CLDR's name where it has one (countries); English for the rest (provinces).
    assert {c.names.get("ru") or c.name for c in mission.jurisdictions.all()} == set(names)
    assert any(re.search("[а-яА-Я]", name) for name in names)


def test_a_stale_or_missing_compiled_catalog_is_reported(tmp_path: Path) -> None:
    from chancery.core.checks import translations_compiled

    catalog = tmp_path / "fr" / "LC_MESSAGES"
    catalog.mkdir(parents=True)
    (catalog / "django.po").write_text('msgid ""\nmsgstr ""\n')
    with override_settings(LOCALE_PATHS=[tmp_path]):
        warnings = translations_compiled()
        assert [w.id for w in warnings] == ["chancery.W001"]
        assert "django.mo is missing" in warnings[0].msg
        (catalog / "django.mo").write_bytes(b"")
        assert translations_compiled() == []
    # The project's own catalogs are compiled (make setup).
    assert translations_compiled() == []


TRANSLATED_PAGES = [
    "/",
    "/countries/",
    "/in/russia/",
    "/from/germany/",
    "/from/germany/in/russia/",
    "/missions/embassy-of-belgium-in-russia/",
    "/missions/embassy-of-belgium-in-russia/suggest/",
    "/missions/embassy-of-belgium-in-russia/history/",
    "/search/?q=German+embassy+Moscow",
    "/help/",
    "/help/?nationality=australia&country=indonesia",
    "/advisories/",
    "/news/",
    "/no-such-page/",
]


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_no_english_interface_text_on_translated_pages(client: Client, language: str) -> None:
    """Every interface sentence the catalog knows shows translated: an English msgid found in
    a French or Arabic page's text means a string the template or code forgot to mark."""
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    english = {
        m.id
        for m in catalog
        if isinstance(m.id, str)
        and len(m.id) >= 12
        and "%(" not in m.id
        and "<" not in m.id
        and m.string
        and m.string != m.id
    }
    found = {}
    for path in TRANSLATED_PAGES:
        html = client.get(f"/{language}{path}").content.decode()
        html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
        # Mission names are data ("Consulate-General of France in …"), not interface text.
        html = re.sub(r'<a href="[^"]*/missions/[^"]*">[^<]*</a>', " ", html)
        html = re.sub(r"<(h1|title)>[^<]*</\1>", " ", html)
        text = re.sub(r"<[^>]+>", " ", html)
        attributes = " ".join(re.findall(r'(?:placeholder|aria-label|title|alt)="([^"]*)"', html))
        visible = re.sub(r"\s+", " ", f"{text} {attributes}").replace("&#x27;", "'")
        for message in english:
            if message in visible:
                found.setdefault(path, []).append(message)
    assert not found, f"English text on /{language}/ pages: {found}"


def test_a_missing_page_links_to_itself_in_each_language(client: Client) -> None:
    html = client.get("/fr/no-such-page/?x=1").content.decode()
    picker = html[html.index('<nav class="languages"') :]
    assert 'href="/no-such-page/?x=1" hreflang="en"' in picker
    assert 'href="/de/no-such-page/?x=1" hreflang="de"' in picker
    # No alternates for search engines: a missing page has no translations to point to.
    assert 'hreflang="x-default"' not in html


def test_an_english_prefix_redirects_to_the_plain_address(client: Client) -> None:
    response = client.get("/en/in/russia/?x=1")
    assert response.status_code == 301
    assert response["Location"] == "/in/russia/?x=1"
    assert client.get("/en/")["Location"] == "/"
