"""Languages the project covers beyond the nineteen of its first sets, as their writers type
them: Hungarian case endings and nationality adjectives, Romanian sentences and adjectives,
Greek in Latin letters and its two spellings of "ng", Thai's names for offices, the words for
a nunciature and a high commission, and a nationality written with marks beside a common word
spelt without them."""

from __future__ import annotations

import pytest

from chancery.lexicon import romanize, text

from .test_understanding import assert_top

# Reads the in-memory index, which answers alike on either database (`test_same_everywhere`).
pytestmark = [pytest.mark.django_db, pytest.mark.any_database]

CASES = [
    # Hungarian: a case ending on a country or a town places the mission there, whatever the
    # order of the words ("X nagykövetsége Y-ban": X's embassy in Y).
    ("Japán nagykövetsége Kanadában", "JP", "CA", None),
    ("Szlovákia nagykövetsége Japánban", "SK", "JP", None),
    ("német nagykövetség Budapesten", "DE", "HU", "Budapest"),
    # … and the adjective of a town places it there too ("the Vienna Hungarian embassy").
    ("a londoni magyar nagykövetség", "HU", "GB", "London"),
    # Hungarian nationality adjectives, also typed without accents.
    ("a török nagykövetség Prágában", "TR", "CZ", None),
    ("osztrak nagykovetseg Varsoban", "AT", "PL", None),
    ("orosz nagykovetseg pragaban", "RU", "CZ", None),
    # A nationality written with marks ("dán", Danish) is read as typed …
    ("dán nagykövetség Bécsben", "DK", "AT", None),
    ("ír nagykövetség Budapesten", "IE", "HU", "Budapest"),
    # … and the common word spelt like it without them is not (Indonesian "dan", and).
    (
        "dompet dan paspor saya dicuri di riyadh, bagaimana menghubungi kedutaan swedia?",
        "SE",
        "SA",
        None,
    ),
    # Romanian: "se află" (is located) is no town; nationality adjectives in every form.
    ("Unde se află ambasada României din Angola?", "RO", "AO", None),
    ("ambasada muntenegreană la Bruxelles", "ME", "BE", None),
    ("consulatul general austriac din Cluj", "AT", "RO", None),
    # Greek typed in Latin letters, a short country's name declined ("Kouvas": Κούβας).
    ("presveia tis Kouvas sto Karakas", "CU", "VE", None),
    # Greek writes a foreign "ng" before a consonant as "νγκ" or "γκ".
    ("Πρεσβεία του Μπαγκλαντές στην Αθήνα", "BD", "GR", None),
    # Thai: Taiwan's offices, named after Taipei in one run of letters; a high commission.
    ("สำนักงานเศรษฐกิจและวัฒนธรรมไทเปที่เวลลิงตัน", "TW", "NZ", None),
    ("สำนักงานข้าหลวงใหญ่อังกฤษประจำนิวซีแลนด์", "GB", "NZ", None),
    # Hebrew: the short names the press uses; a name with the article under "in" ("ב" +
    # "הפיליפינים"); the construct state of an honorary consulate; Quebec's offices.
    ("שגרירות בוסניה בפראג", "BA", "CZ", None),
    ('שגרירות צפון מקדוניה בארה"ב', "MK", "US", None),
    ("קונסוליית כבוד של הולנד בפיליפינים", "NL", "PH", None),
    ("נציגות קוויבק בלונדון", "quebec", "GB", None),
    # Thai: the Holy See's embassy, "stationed in" Myanmar, CLDR's "เมียนมา (พม่า)" read as
    # either name; Saudi Arabia's everyday short name, with the abbreviation mark.
    ("สถานเอกอัครสมณทูตวาติกันประจำเมียนมา", "VA", "MM", None),
    ("สถานทูตซาอุฯในแทนซาเนีย", "SA", "TZ", None),
    # Hebrew spells a foreign "v" and "y" with one letter or two ("טיוואן", CLDR "טייוואן");
    # the press's spelling of Iraq; Thai everyday names of Cambodia and Palestine.
    ("נציגות טיוואן בבלגיה", "TW", "BE", None),
    ("שגרירות צרפת באורוגואי", "FR", "UY", None),
    ("שגרירות עירק בהאג", "IQ", "NL", "The Hague"),
    ("สถานทูตเขมรที่บรัสเซลส์", "KH", "BE", None),
    # Romanian's masculine genitive ("Madagascarului"); Korean for Taiwan's offices.
    ("ambasada Madagascarului în Germania", "MG", "DE", None),
    ("주보스턴 타이베이경제문화판사처", "TW", "US", "Boston"),
    # A word a letter off a name is that name, not a Hungarian case of another.
    ("brasilian embassy botswana address", "BR", "BW", None),
    ("kedutaan besar arab saudi di brunai", "SA", "BN", None),
    # Romanian genitives are not Hungarian adjectives ("Armeniei": Armenia's).
    ("Ambasada Armeniei la Copenhaga", "AM", "DK", None),
]


@pytest.mark.parametrize(("query", "sending", "host", "city"), CASES)
def test_typed_in_the_smaller_languages(
    query: str, sending: str, host: str, city: str | None
) -> None:
    assert_top(query, sending, host, city)


@pytest.mark.parametrize(
    "query",
    [
        "Αποστολική Νουντσιατούρα στη Βουλγαρία",
        "apostoli nunciatúra Bulgáriában",
        "nunțiatura apostolică în Bulgaria",
        "apoštolská nunciatura v Bulharsku",
    ],
)
def test_a_nunciature_is_asked_for_in_more_languages(query: str) -> None:
    assert_top(query, "VA", "BG", None)


def test_hungarian_case_endings_follow_the_grammar() -> None:
    assert ("moszkva", "ban") in text.hungarian_base_forms("moszkvaban")
    assert ("malta", "n") in text.hungarian_base_forms("maltan")
    assert ("budapest", "en") in text.hungarian_base_forms("budapesten")
    # "-n" follows a vowel only, "-on" and "-en" a consonant only.
    assert ("london", "n") not in text.hungarian_base_forms("londonn")
    assert ("malta", "on") not in text.hungarian_base_forms("maltaon")
    # Too short a stem is no name's.
    assert text.hungarian_base_forms("rio") == []


def test_greek_vowel_pairs_are_romanised_as_greeks_type_them() -> None:
    assert romanize.romanised_keys("Κούβα", country=True)[0] == romanize.skeleton("Kouva")
    assert romanize.query_keys("Ρουμανία")[0] == romanize.skeleton("Roumania")
    # "αυ" is "af" before a voiceless consonant, "av" elsewhere (ELOT 743).
    assert romanize.romanised_keys("Αυστρία")[0] == romanize.skeleton("Afstria")
    assert romanize.romanised_keys("Ευρώπη")[0] == romanize.skeleton("Evropi")
    assert text.fold("Μπανγκλαντές") == text.fold("Μπαγκλαντές")
