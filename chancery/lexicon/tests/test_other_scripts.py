"""Reading names across scripts and cases: romanised skeletons, consonants, shared stems,
Korean pieces, Ukrainian and Russian dictionary forms."""

from __future__ import annotations

import pytest

from chancery.lexicon import morphology, romanize, text
from chancery.lexicon.lexicon import shares_stem


@pytest.mark.parametrize(
    ("typed", "script"),
    [
        ("rossiya", "Россия"),
        ("rossija", "Россия"),
        ("Kyiv", "Київ"),
        ("presveia", "πρεσβεία"),
        ("presvia", "πρεσβεία"),
        ("proxenio", "προξενείο"),
        ("Athina", "Αθήνα"),
    ],
)
def test_a_romanisation_meets_the_name_in_its_script(typed: str, script: str) -> None:
    assert romanize.skeleton(typed) == romanize.romanised_keys(script)[0]


@pytest.mark.parametrize(
    ("typed", "script"),
    [("sefarat", "سفارت"), ("fanland", "فنلاند"), ("dootavas", "दूतावास"), ("dutavas", "दूतावास")],
)
def test_abjads_and_devanagari_meet_on_their_consonants(typed: str, script: str) -> None:
    assert romanize.consonants(typed) == romanize.romanised_keys(script)[1]


def test_a_town_typed_in_another_script_meets_its_latin_name() -> None:
    assert romanize.query_keys("फ्रैंकफर्ट")[1] in romanize.latin_keys("frankfurt")[1]
    assert romanize.query_keys("Франкфурт")[0] == romanize.latin_keys("frankfurt")[0]
    assert romanize.query_keys("Frankfurt") == ("", "")


def test_two_consonants_say_too_little() -> None:
    assert not romanize.enough_consonants("rn")
    assert not romanize.enough_consonants("nc n")
    assert romanize.enough_consonants("sfrt")


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("warszawie", "warszawa"),
        ("litwy", "litwa"),
        ("budapeszcie", "budapeszt"),
        ("kopenhadze", "kopenhaga"),
        ("czech", "czechy"),
        ("elladas", "ellada"),
    ],
)
def test_a_case_ending_shares_the_names_stem(word: str, name: str) -> None:
    assert shares_stem(word, name)


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("call", "callao"),  # cut short: no inflection
        ("portgul", "porto"),  # a misspelling, not a case ending
        ("urgently", "urgench"),
        ("ira", "iran"),  # too short to tell
    ],
)
def test_other_words_do_not(word: str, name: str) -> None:
    assert not shares_stem(word, name)


def test_korean_words_are_cut_at_their_prefix_particle_or_compound() -> None:
    known = {"독일", "헝가리", "한국", "대사관"}.__contains__
    assert text.korean_pieces("주독일", known) == ["주", "독일"]
    assert text.korean_pieces("헝가리에서", known) == ["헝가리", "에서"]
    assert text.korean_pieces("한국의", known) == ["한국", "의"]
    assert text.korean_pieces("한국대사관", known) == ["한국", "대사관"]
    assert text.korean_pieces("여권을", known) == ["여권을"]


def test_ukrainian_and_russian_words_give_their_dictionary_forms() -> None:
    assert "київ" in morphology.cyrillic_base_forms("києві")
    assert "польща" in morphology.cyrillic_base_forms("польщі")
    assert "финляндия" in morphology.cyrillic_base_forms("финляндии")
    assert "Финляндии" in morphology.cyrillic_case_forms("Финляндия")


@pytest.mark.parametrize(
    ("typed", "base"),
    [("בפריז", "פריז"), ("השגרירות", "שגרירות"), ("ובתל", "תל"), ("שבברלין", "ברלין")],
)
def test_hebrew_one_letter_words_come_off(typed: str, base: str) -> None:
    assert base in text.hebrew_base_forms(typed)


def test_a_hebrew_word_is_never_cut_below_two_letters() -> None:
    assert all(len(form) >= 2 for form in text.hebrew_base_forms("בית"))
    assert text.hebrew_base_forms("Paris") == []


def test_hindi_nasals_and_long_i_fold_alike() -> None:
    assert text.fold("टोरंटो") == text.fold("टोरन्टो")
    assert text.fold("भारतीय") == text.fold("भारतिय")


@pytest.mark.parametrize(
    ("word", "name"),
    [("ελλαδασ", "ελλαδα"), ("κυπρου", "κυπροσ"), ("θεσσαλονικησ", "θεσσαλονικη")],
)
def test_greek_case_endings_share_the_stem(word: str, name: str) -> None:
    assert shares_stem(word, name)


def test_a_geonames_name_with_its_romanisation_gives_both() -> None:
    from chancery.lexicon.builder import _alternate_spellings

    names = list(_alternate_spellings(["Άγκυρα (Ankyra)", "Ankara", "Ixelles (Bruxelles)"]))
    # In one script, the brackets name the larger place: no second name.
    assert names == ["Άγκυρα", "Ankyra", "Ankara", "Ixelles (Bruxelles)"]


def test_a_vowelled_word_is_no_romanised_abjad_name() -> None:
    assert romanize.mostly_consonants("sefarat", romanize.consonants("sefarat"))
    assert not romanize.mostly_consonants("agendamento", romanize.consonants("agendamento"))


@pytest.mark.parametrize(
    ("typed", "script"),
    [
        ("zhongguo", "中国"),  # pinyin
        ("dashiguan", "大使馆"),
        ("burajiru", "ブラジル"),  # romaji, the voicing marks kept
        ("hanguk", "한국"),  # Korean: a final ㄱ is k
        ("koseutarika", "코스타리카"),  # ㄹ before a vowel is r
        ("bollibia", "볼리비아"),  # … after another ㄹ, l
    ],
)
def test_chinese_japanese_and_korean_meet_their_romanisations(typed: str, script: str) -> None:
    assert romanize.skeleton(typed) == romanize.romanised_keys(script)[0]


def test_one_syllable_is_not_romanised() -> None:
    # "mei" (美) and "zhu" (驻) are Latin words as often as names.
    assert romanize.romanised_keys("美") == ("", "")


@pytest.mark.parametrize(
    ("typed", "letters"),
    [("3iraq", "iraq"), ("7alab", "halab"), ("5aleej", "khaleej"), ("2nd", "2nd"), ("g20", "g20")],
)
def test_arabizi_digits_are_letters(typed: str, letters: str) -> None:
    assert romanize.arabizi_letters(typed) == letters


def test_the_arabic_article_typed_onto_a_name() -> None:
    assert romanize.without_arabic_article("lmaghrib") == ("maghrib",)
    assert romanize.without_arabic_article("libya") == ()


def test_an_abjad_j_is_a_latin_names_consonant_or_its_y() -> None:
    assert romanize.query_keys("جاكرتا")[1] in romanize.latin_keys("Jakarta")[1]
    assert romanize.latin_keys("Ljubljana")[1] == ("ljblj", "lbl")  # with a "j", with a "y"


@pytest.mark.parametrize(
    ("word", "initials"), [("यूके", "uk"), ("यूएई", "uae"), ("यूएसए", "usa"), ("के", ""), ("ईरान", "")]
)
def test_initials_spelt_out_in_devanagari(word: str, initials: str) -> None:
    assert romanize.spelt_initials(word) == initials


@pytest.mark.parametrize(
    ("kana", "typed"),
    [("ノルウェー", "noruwe"), ("ノルウェー", "noruwee"), ("スウェーデン", "suweeden")],
)
def test_romaji_with_w_and_doubled_long_vowels(kana: str, typed: str) -> None:
    assert romanize.skeleton(typed) in romanize.romaji_spellings(kana)
