"""The U.S. State Department feed: FIPS tags, levels, dates and change detection, on the real
2025-10-07 and 2025-10-14 snapshots and on small hand-written feeds."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from chancery.advisories.models import STALE_AFTER, Advisory, AdvisoryVersion, Level
from chancery.advisories.selectors import history
from chancery.advisories.services import advisories_import
from chancery.advisories.sources import us_state
from chancery.countries.models import Country
from chancery.countries.resolution import iso_for_name

from .helpers import (
    FIXTURES,
    READ_1007,
    READ_1014,
    US_1007,
    US_1014,
    UsItem,
    current,
    us_rss,
    write,
)

#: The places of the feed that had no country before every ISO 3166-1 place existed, with the
#: item that names them: each now has its advisory.
TERRITORY_ITEMS = {
    "AQ": "Antarctica",
    "GF": "French Guiana",
    "PF": "French Polynesia",
    "VG": "British Virgin Islands",
    "BL": "French West Indies",
    "MF": "French West Indies",
    "MS": "Montserrat",
    "SX": "Sint Maarten",
    "BQ": "Sint Eustatius, Bonaire, Saba",
    "NC": "New Caledonia",
}
#: The feed's three items for the parts of Bonaire, Sint Eustatius and Saba (ISO BQ).
BQ_PARTS = ("Sint Eustatius", "Bonaire", "Saba")

#: The six items that differ between the two snapshots (README of the shared data).
CHANGED_1007_1014 = {"HR", "LK", "BG", "ST", "BO", "OM"}


def _feed_items(path: Path) -> list[dict[str, str]]:
    """The feed's items read independently of the importer: title, tag, Threat-Level, date."""
    items = []
    for element in ET.parse(path).getroot().iter("item"):
        categories = {c.get("domain"): (c.text or "").strip() for c in element.iter("category")}
        items.append(
            {
                "title": (element.findtext("title") or "").strip(),
                "tag": categories.get("Country-Tag", ""),
                "threat": categories.get("Threat-Level", ""),
                "pubDate": (element.findtext("pubDate") or "").strip(),
            }
        )
    return items


# --- The FIPS table and the parser, without the database ------------------------------------


@pytest.mark.parametrize(
    ("fips", "iso"),
    [
        ("AU", ["AT"]),  # Austria, not Australia
        ("AS", ["AU"]),  # Australia, not American Samoa
        ("AQ", ["AS"]),  # American Samoa
        ("GM", ["DE"]),
        ("RS", ["RU"]),
        ("UP", ["UA"]),
        ("UK", ["GB"]),
        ("SR", ["CH"]),  # the feed's own tag for Switzerland
        ("SZ", ["CH"]),  # the FIPS one
        ("WZ", ["SZ"]),  # Eswatini
        ("NS", ["SR"]),  # Suriname
        ("BL", ["BO"]),  # Bolivia, not Saint Barthélemy
        ("TP", ["ST"]),
        ("MU", ["OM"]),
        ("A1", ["BQ"]),
        ("A2", ["GF"]),
        ("A3", ["GP", "MQ", "BL", "MF"]),
    ],
)
def test_fips_table_traps(fips: str, iso: list[str]) -> None:
    assert us_state.fips_to_iso()[fips] == iso


@pytest.mark.parametrize("snapshot", [US_1007, US_1014], ids=["10-07", "10-14"])
def test_every_tag_of_the_real_feeds_is_in_the_fips_table(snapshot: Path) -> None:
    items = _feed_items(snapshot)
    assert len(items) == 211
    untagged = sorted(i["title"].split(" - ")[0] for i in items if not i["tag"])
    assert untagged == ["Hong Kong", "Macau"]
    unknown = {i["tag"] for i in items if i["tag"]} - set(us_state.fips_to_iso())
    assert unknown == set()


@pytest.mark.parametrize(
    ("snapshot", "counts"),
    [(US_1007, {1: 86, 2: 83, 3: 22, 4: 20}), (US_1014, {1: 85, 2: 84, 3: 22, 4: 20})],
    ids=["10-07", "10-14"],
)
def test_parse_real_snapshot(snapshot: Path, counts: dict[int, int]) -> None:
    parsed = us_state.parse(snapshot.read_bytes(), READ_1014)
    assert parsed.errors == []
    # The three items of Bonaire, Sint Eustatius and Saba are read as one advisory.
    assert len(parsed.items) + parsed.joined == 211
    assert parsed.joined == 2
    counts = {**counts, 1: counts[1] - 2}
    assert Counter(item.level for item in parsed.items) == counts
    by_place = {item.title.split(" - ")[0]: item for item in parsed.items}
    assert by_place["Hong Kong"].destinations == ["HK"]
    assert by_place["Macau"].destinations == ["MO"]
    assert by_place["Austria"].destinations == ["AT"]
    assert by_place["Australia"].destinations == ["AU"]
    # Levels and their verbatim words come from the Threat-Level category.
    threat = {i["title"]: i["threat"] for i in _feed_items(snapshot)}
    for item in parsed.items:
        assert item.level_text == threat.get(item.title, item.level_text)
        assert item.level_text.startswith(f"Level {item.level}: ")
        assert item.source_url.startswith("https://")


# --- The real snapshots, imported -------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("snapshot", "now"), [(US_1007, READ_1007), (US_1014, READ_1014)], ids=["10-07", "10-14"]
)
def test_every_item_is_imported_or_reported(snapshot: Path, now: dt.datetime) -> None:
    result = advisories_import("us", str(snapshot), now=now)
    run = result.run
    assert run.ok is True
    assert run.error == ""
    assert run.rows_read == 211
    # 211 items: 209 advisories of one place or more, the French West Indies four of them.
    assert run.created == 212
    assert (run.updated, run.unchanged) == (0, 0)
    assert run.rejections == []

    # The places that had no country before have their advisory, from the item naming them.
    for code, place in TERRITORY_ITEMS.items():
        assert current(code).title.startswith(f"{place} - "), code

    # Every item of the feed became an advisory, or a part of one.
    stored = list(
        AdvisoryVersion.objects.filter(advisory__issuer__iso_alpha2="US").values_list(
            "title", "summary"
        )
    )
    titles = {title for title, _ in stored}
    for item in _feed_items(snapshot):
        if item["title"] in titles:
            continue
        place = item["title"].split(" - ")[0]
        assert any(f"<h3>{place}: " in summary for _, summary in stored), item["title"]
    assert Advisory.objects.filter(issuer__iso_alpha2="US").count() == 212
    assert AdvisoryVersion.objects.count() == 212


@pytest.mark.django_db
def test_bonaire_sint_eustatius_and_saba_are_one_advisory_in_parts() -> None:
    advisories_import("us", str(US_1014), now=READ_1014)
    bq = current("BQ")
    assert bq.title == "Sint Eustatius, Bonaire, Saba - Level 1: Exercise Normal Precautions"
    assert bq.level == Level.NORMAL
    for place in BQ_PARTS:
        assert f"<h3>{place}: Level 1: Exercise Normal Precautions</h3>" in bq.summary
        slug = place.lower().replace(" ", "-")
        assert f"traveladvisories/{slug}-travel-advisory.html" in bq.summary
    assert bq.published_at == dt.datetime(2024, 8, 19, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_the_parts_of_one_place_take_the_highest_level(tmp_path: Path) -> None:
    feed = us_rss(
        UsItem("Bonaire", "A1", 1, pub_date="Mon, 01 Sep 2025"),
        UsItem("Saba", "A1", 3, pub_date="Tue, 07 Oct 2025"),
    )
    result = advisories_import("us", write(tmp_path / "feed.xml", feed), now=READ_1007)
    assert result.run.rows_read == 2
    assert result.run.rejections == []
    bq = current("BQ")
    assert (bq.level, bq.level_text) == (3, "Level 3: Reconsider Travel")
    assert bq.published_at == dt.datetime(2025, 10, 7, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_fips_traps_and_title_places_on_the_real_feed() -> None:
    advisories_import("us", str(US_1007), now=READ_1007)
    expected = {
        "AT": ("Austria", Level.NORMAL),
        "AU": ("Australia", Level.NORMAL),
        "DE": ("Germany", Level.CAUTION),
        "RU": ("Russia", Level.DO_NOT_TRAVEL),
        "UA": ("Ukraine", Level.DO_NOT_TRAVEL),
        "CH": ("Switzerland", Level.NORMAL),
        "SR": ("Suriname", None),
        "SZ": ("Eswatini", None),
        "BO": ("Bolivia", Level.CAUTION),
        "HK": ("Hong Kong", Level.CAUTION),
        "MO": ("Macau", Level.RECONSIDER),
        "CN": ("Mainland China, Hong Kong & Macau", Level.CAUTION),
        "GP": ("French West Indies", Level.NORMAL),
        "MQ": ("French West Indies", Level.NORMAL),
    }
    for code, (place, level) in expected.items():
        version = current(code)
        assert version.title.startswith(f"{place} - "), (code, version.title)
        if level is not None:
            assert version.level == level, code
    # Nothing was read as an ISO code: American Samoa (ISO AS) has no advisory, and Australia
    # has only one.
    assert not Advisory.objects.filter(destination__iso_alpha2="AS").exists()


@pytest.mark.django_db
def test_each_advisory_is_about_the_place_its_title_names() -> None:
    """For every item whose title names a country we know, the FIPS tag led to that country."""
    advisories_import("us", str(US_1007), now=READ_1007)
    checked = 0
    for advisory in Advisory.objects.select_related("destination", "current"):
        place = re.split(r"\s+-\s+", advisory.current.title)[0]
        code = iso_for_name(place)
        if code is None or place in {"French West Indies"}:
            continue
        assert code == advisory.destination.iso_alpha2, (advisory.current.title, advisory)
        checked += 1
    assert checked > 180


@pytest.mark.django_db
def test_levels_and_verbatim_level_text() -> None:
    advisories_import("us", str(US_1007), now=READ_1007)
    threat = {i["title"]: i["threat"] for i in _feed_items(US_1007)}
    versions = AdvisoryVersion.objects.exclude(advisory__destination__iso_alpha2="BQ")
    assert versions.count() == 211
    for version in versions:
        assert version.level_text == threat[version.title]
        title_level = int(re.search(r"Level (\d)", version.title).group(1))
        assert version.level == title_level
    assert current("RU").level_text == "Level 4: Do Not Travel"
    assert current("AT").level_text == "Level 1: Exercise Normal Precautions"
    assert current("MO").level_text == "Level 3: Reconsider Travel"
    # The date has no time part in the feed: midnight UTC of that day.
    assert current("MV").published_at == dt.datetime(2025, 10, 7, tzinfo=dt.UTC)
    assert current("MV").date_note == ""


@pytest.mark.django_db
def test_second_snapshot_adds_versions_for_exactly_the_changed_destinations() -> None:
    advisories_import("us", str(US_1007), now=READ_1007)
    sao_tome_first = current("ST")
    oman_first = current("OM")
    before = AdvisoryVersion.objects.count()

    result = advisories_import("us", str(US_1014), now=READ_1014)

    assert set(result.changed_destinations) == CHANGED_1007_1014
    assert len(result.changed_destinations) == 6
    run = result.run
    assert (run.created, run.updated, run.unchanged) == (0, 6, 206)
    assert AdvisoryVersion.objects.count() == before + 6
    changed_pairs = set(
        AdvisoryVersion.objects.filter(fetched_at=READ_1014).values_list(
            "advisory__destination__iso_alpha2", flat=True
        )
    )
    assert changed_pairs == CHANGED_1007_1014
    # Every advisory was seen in the second feed.
    assert set(Advisory.objects.values_list("last_seen_at", flat=True)) == {READ_1014}

    # São Tomé went from level 1 to level 2; the old version is kept.
    sao_tome = current("ST")
    assert (sao_tome.level, sao_tome.previous_level) == (2, 1)
    assert sao_tome.level_changed
    assert sao_tome.level_text == "Level 2: Exercise Increased Caution"
    assert sao_tome.published_at == dt.datetime(2025, 10, 8, tzinfo=dt.UTC)
    assert sao_tome_first.published_at == dt.datetime(2024, 9, 25, tzinfo=dt.UTC)
    versions = list(Advisory.objects.get(destination__iso_alpha2="ST").versions.all())
    assert [v.pk for v in versions] == [sao_tome.pk, sao_tome_first.pk]
    assert [v.level for v in versions] == [2, 1]
    st = Country.objects.get(iso_alpha2="ST")
    assert [v.pk for v in history(st)] == [sao_tome.pk, sao_tome_first.pk]

    # Croatia, Sri Lanka and Bulgaria were re-dated at the same level.
    for code in ("HR", "LK", "BG"):
        version = current(code)
        assert version.published_at == dt.datetime(2025, 10, 9, tzinfo=dt.UTC), code
        assert version.previous_level == version.level, code
        assert not version.level_changed
    # Bolivia's date went backwards; the feed's date is recorded as it is.
    assert current("BO").published_at == dt.datetime(2024, 6, 3, tzinfo=dt.UTC)

    # Oman's bogus 1970 date is not used, and the reason is kept.
    oman = current("OM")
    assert oman.published_at is None
    assert oman.updated_at is None
    assert "1970" in oman.date_note
    assert "ignored" in oman.date_note
    assert oman_first.published_at == dt.datetime(2024, 11, 4, tzinfo=dt.UTC)
    assert oman_first.date_note == ""
    # An unchanged destination still has its one version.
    assert Advisory.objects.get(destination__iso_alpha2="RU").versions.count() == 1


@pytest.mark.django_db
def test_reimporting_the_same_file_creates_no_version() -> None:
    advisories_import("us", str(US_1014), now=READ_1014)
    versions = set(AdvisoryVersion.objects.values_list("pk", flat=True))
    later = READ_1014 + dt.timedelta(hours=6)

    result = advisories_import("us", str(US_1014), now=later)

    run = result.run
    assert (run.created, run.updated, run.unchanged) == (0, 0, 212)
    assert result.changed_destinations == []
    assert set(AdvisoryVersion.objects.values_list("pk", flat=True)) == versions
    assert set(Advisory.objects.values_list("last_seen_at", flat=True)) == {later}


# --- Small hand-written feeds -----------------------------------------------------------------


@pytest.mark.django_db
def test_future_date_is_ignored_with_a_note() -> None:
    now = dt.datetime(2025, 10, 8, 12, tzinfo=dt.UTC)
    advisories_import("us", str(FIXTURES / "us-future-date.xml"), now=now)
    future = current("PE")
    assert future.published_at is None
    assert future.updated_at is None
    assert "future" in future.date_note
    assert "2100" in future.date_note
    normal = current("CL")
    assert normal.published_at == dt.datetime(2025, 10, 6, tzinfo=dt.UTC)
    assert normal.date_note == ""


@pytest.mark.django_db
def test_a_date_a_few_days_ahead_is_ignored(tmp_path: Path) -> None:
    now = dt.datetime(2025, 10, 8, 12, tzinfo=dt.UTC)
    feed = us_rss(
        UsItem("Peru", "PE", 2, pub_date="Sat, 11 Oct 2025"),
        UsItem("Chile", "CI", 1, pub_date="Thu, 09 Oct 2025"),  # tomorrow: tolerated
    )
    advisories_import("us", write(tmp_path / "feed.xml", feed), now=now)
    assert current("PE").published_at is None
    assert "future" in current("PE").date_note
    assert current("CL").published_at == dt.datetime(2025, 10, 9, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_bad_items_are_reported_and_the_rest_imported(tmp_path: Path) -> None:
    feed = us_rss(
        UsItem("Germany", "GM", 2),
        UsItem("Atlantis", "ZZ", 1),
        UsItem("Narnia", None, 3),
        UsItem("France", "FR", 1, title="France - Travel Advisory", threat_level="Advisory"),
        UsItem("Spain", "SP", 2, link="javascript:alert(1)"),
        UsItem("Italy", "IT", 2),
        UsItem("Italia", "IT", 3),
    )
    result = advisories_import("us", write(tmp_path / "feed.xml", feed), now=READ_1007)
    run = result.run
    assert run.ok
    assert run.rows_read == 3  # Germany, Italy and the second Italy item parse
    reasons = {entry["item"].split(" - ")[0]: entry["reason"] for entry in run.rejections}
    assert set(reasons) == {"Atlantis", "Narnia", "France", "Spain", "Italia"}
    assert "ZZ" in reasons["Atlantis"]
    assert "Narnia" in reasons["Narnia"]
    assert "level" in reasons["France"]
    assert "https" in reasons["Spain"]
    assert "twice" in reasons["Italia"]
    assert set(Advisory.objects.values_list("destination__iso_alpha2", "current__level")) == {
        ("DE", 2),
        ("IT", 2),
    }


@pytest.mark.django_db
def test_israel_item_covers_the_west_bank_and_gaza(tmp_path: Path) -> None:
    feed = us_rss(UsItem("Israel, the West Bank and Gaza", "IS", 3))
    result = advisories_import("us", write(tmp_path / "feed.xml", feed), now=READ_1007)
    assert result.run.rejections == []
    assert current("IL").level == 3
    assert current("PS").level == 3
    assert current("PS").title == current("IL").title


@pytest.mark.django_db
def test_the_level_in_the_category_wins_over_the_title(tmp_path: Path) -> None:
    feed = us_rss(
        UsItem(
            "Niger",
            "NG",
            4,
            title="Niger - Level 3: Reconsider Travel",
            threat_level="Level 4: Do Not Travel",
        ),
        # No Threat-Level category text: the title's level is used.
        UsItem("Mali", "ML", 4, threat_level=""),
    )
    advisories_import("us", write(tmp_path / "feed.xml", feed), now=READ_1007)
    assert (current("NE").level, current("NE").level_text) == (4, "Level 4: Do Not Travel")
    assert (current("ML").level, current("ML").level_text) == (4, "Level 4: Do Not Travel")


@pytest.mark.django_db
def test_an_advisory_missing_from_the_next_feed_is_kept_and_goes_stale(tmp_path: Path) -> None:
    first = us_rss(UsItem("Germany", "GM", 2), UsItem("Russia", "RS", 4))
    second = us_rss(UsItem("Germany", "GM", 2))
    advisories_import("us", write(tmp_path / "1.xml", first), now=READ_1007)
    result = advisories_import("us", write(tmp_path / "2.xml", second), now=READ_1014)
    assert result.run.unchanged == 1
    russia = Advisory.objects.get(destination__iso_alpha2="RU")
    assert russia.last_seen_at == READ_1007
    assert russia.current.level == 4
    assert not russia.is_stale(READ_1014)  # not seen for under a week: not stale yet
    assert russia.is_stale(READ_1007 + STALE_AFTER + dt.timedelta(hours=1))
    germany = Advisory.objects.get(destination__iso_alpha2="DE")
    assert germany.last_seen_at == READ_1014
    assert not germany.is_stale(READ_1014)
