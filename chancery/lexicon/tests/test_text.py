"""Unit tests of `chancery.lexicon.text`: normalising and tokenising for lexicon and query."""

from __future__ import annotations

import pytest

from chancery.lexicon import text


def stems(word: str) -> set[tuple[str, str]]:
    """(language, stem) pairs of one word in every stemmer that takes its script."""
    return {
        (language, variant)
        for language in text.STEMMED_LANGUAGES
        for variant in text.stem_variants([word], language)
    }


# --- clean ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  embassy   of\tGermany\n", "embassy of Germany"),
        ("embassy\r\nof\x0bGermany\x0c", "embassy of Germany"),
        ("line\u2028separator", "line separator"),
        ("next\x85line", "next line"),
        ("\x00\x1bembassy\x7f", "embassy"),
        ("\ufeffembassy", "embassy"),
        ("\x7f", ""),
        ("", ""),
        ("Côte d’Ivoire", "Côte d’Ivoire"),
    ],
    ids=[
        "collapses_spaces_tabs_newlines",
        "collapses_other_white_space_controls",
        "line_separator_is_white_space",
        "c1_next_line_is_white_space",
        "drops_controls_at_the_ends",
        "drops_byte_order_mark",
        "only_control_is_empty",
        "empty",
        "keeps_accents_and_apostrophes_for_display",
    ],
)
def test_clean(raw: str, expected: str) -> None:
    assert text.clean(raw) == expected


def test_clean_leaves_no_control_characters() -> None:
    raw = "".join(chr(code) for code in range(0x00, 0x20)) + "Germany" + "\x7f\x9f"
    assert text.clean(raw) == "Germany"


def test_clean_drops_control_and_invisible_characters_inside_a_word() -> None:
    """Dropped, as the docstring says, not turned into spaces: "Ken\u200bya" is still Kenya.

    Text pasted from web pages and chat apps carries zero-width spaces and joiners, soft
    hyphens and direction marks that the person typing never sees.
    """
    invisible = {
        "nul": "\x00",
        "bell": "\x07",
        "escape": "\x1b",
        "delete": "\x7f",
        "c1_control": "\x9f",
        "zero_width_space": "\u200b",
        "zero_width_joiner": "\u200d",
        "left_to_right_mark": "\u200e",
        "right_to_left_override": "\u202e",
        "word_joiner": "\u2060",
        "byte_order_mark": "\ufeff",
        "soft_hyphen": "\u00ad",
    }
    cleaned = {name: text.clean(f"Ken{char}ya") for name, char in invisible.items()}
    assert cleaned == dict.fromkeys(invisible, "Kenya")


# --- fold ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Germany", "germany"),
        ("GERMANY", "germany"),
        ("Côte d’Ivoire", "cote d'ivoire"),
        ("Côte d`Ivoire", "cote d'ivoire"),
        ("Straße", "strasse"),
        ("Türkiye", "turkiye"),
        ("İstanbul", "istanbul"),
        ("São Tomé", "sao tome"),
        ("Hà Nội", "ha noi"),
        ("ＭＯＳＣＯＷ", "moscow"),
        ("ﬁnland", "finland"),
        ("Москва", "москва"),
        ("Ёлка", "елка"),
        ("Йемен", "иемен"),
        ("سَفَارَة", "سفاره"),
        ("الإمارات", "الامارات"),
        ("Ελλάδα", "ελλαδα"),
        ("中国", "中国"),
    ],
    ids=[
        "lower_case",
        "all_caps",
        "accents_and_curly_apostrophe",
        "backtick_apostrophe",
        "sharp_s",
        "umlaut",
        "turkish_dotted_capital_i",
        "tilde_and_acute",
        "vietnamese_stacked_marks",
        "fullwidth_latin",
        "ligature",
        "cyrillic_kept",
        "cyrillic_yo_to_ye",
        "cyrillic_short_i_like_i",
        "arabic_vowel_marks_and_ta_marbuta",
        "arabic_hamza_alef",
        "greek_tonos",
        "cjk_unchanged",
    ],
)
def test_fold(raw: str, expected: str) -> None:
    assert text.fold(raw) == expected


@pytest.mark.parametrize("raw", ["Bosnia & Herzegovina", "Bosnia & Hérzegovina"])
def test_fold_spells_out_ampersand(raw: str) -> None:
    assert text.fold(raw).split() == ["bosnia", "and", "herzegovina"]


@pytest.mark.parametrize("raw", ["Côte d’Ivoire", "Straße", "Москва", "ＤＥ", "سَفَارَة", "abc"])
def test_fold_is_idempotent(raw: str) -> None:
    once = text.fold(raw)
    assert text.fold(once) == once


@pytest.mark.parametrize(
    ("older", "newer"),
    [("イタリヤ", "イタリア"), ("ボツアナ", "ボツワナ"), ("コートジボアール", "コートジボワール")],
)
def test_fold_makes_katakana_spellings_of_ia_and_wa_meet(older: str, newer: str) -> None:
    assert text.fold(older) == text.fold(newer)
    assert text.fold("ワルシャワ") != text.fold("アルシャア")  # a word's first ワ stays


@pytest.mark.parametrize(
    ("small", "full"),
    [("クウェート", "クウエート"), ("ハウォン", "ハウオン"), ("ズウィ", "ズウイ")],
)
def test_fold_makes_small_and_full_vowels_after_u_meet(small: str, full: str) -> None:
    assert text.fold(small) == text.fold(full)
    assert text.fold("フィジー") != text.fold("フイジー")  # only a "w" sound's vowel


def test_fold_makes_accented_and_plain_spellings_meet() -> None:
    assert text.fold("Alemán") == text.fold("aleman") == text.fold("ALEMÁN")
    assert text.fold("Brasília") == text.fold("Brasilia")
    assert text.fold("Zürich") == text.fold("Zurich")


# --- tokens, raw_tokens, key ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Embassy of Germany in Russia", ["embassy", "of", "germany", "in", "russia"]),
        ("  embassy,germany;;russia!! ", ["embassy", "germany", "russia"]),
        ("Côte d’Ivoire", ["cote", "d", "ivoire"]),
        ("l'ambassade", ["l", "ambassade"]),
        ("Guinea-Bissau", ["guinea", "bissau"]),
        ("Bosnia & Herzegovina", ["bosnia", "and", "herzegovina"]),
        ("under_score", ["under", "score"]),
        ("Route 66", ["route", "66"]),
        ("посольство Германии", ["посольство", "германии"]),
        ("سفارة البرازيل", ["سفاره", "البرازيل"]),
        ("ＤＥ ｅｍｂａｓｓｙ", ["de", "embassy"]),
        ("日本驻秘鲁大使馆", ["日本驻秘鲁大使馆"]),
        ("embassy中国", ["embassy", "中国"]),
        ("<script>alert(1)</script>", ["script", "alert", "1", "script"]),
        ("' OR 1=1 --", ["or", "1", "1"]),
        ("", []),
        ("!!! ??? ...", []),
    ],
    ids=[
        "words",
        "punctuation_splits",
        "curly_apostrophe_splits",
        "straight_apostrophe_splits",
        "hyphen_splits",
        "ampersand_is_and",
        "underscore_splits",
        "digits_kept",
        "cyrillic",
        "arabic_folded",
        "fullwidth",
        "cjk_run_is_one_token",
        "cjk_separated_from_latin",
        "html",
        "sql",
        "empty",
        "punctuation_only",
    ],
)
def test_tokens(raw: str, expected: list[str]) -> None:
    assert text.tokens(raw) == expected


def test_tokens_keep_combining_marks_inside_words() -> None:
    # Devanagari vowel signs and viramas are marks: the word stays one token.
    assert len(text.tokens("नई दिल्ली")) == 2
    # A decomposed accent (e + U+0301) is folded away, not a word boundary.
    assert text.tokens("Bogote\u0301") == ["bogote"]


def test_raw_tokens_keep_accents_but_fold_case() -> None:
    assert text.raw_tokens("Alemán CAFÉ") == ["alemán", "café"]
    assert text.raw_tokens("ГЕРМАНИИ") == ["германии"]


def test_raw_tokens_with_case_keep_capitals() -> None:
    assert text.raw_tokens_with_case("DE embassy in RU") == ["DE", "embassy", "in", "RU"]
    assert text.raw_tokens_with_case("US consulate") == ["US", "consulate"]


def test_key_joins_folded_tokens_with_single_spaces() -> None:
    assert text.key("  The   Hague ") == "the hague"
    assert text.key("Côte d’Ivoire") == "cote d ivoire"
    assert text.key("Bosnia & Herzegovina") == "bosnia and herzegovina"
    assert text.key("") == ""


# --- script helpers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("中国", True),
        ("大使館", True),
        ("ひらがな", True),
        ("カタカナ", True),
        ("中a", False),
        ("abc", False),
    ],
)
def test_is_cjk(token: str, expected: bool) -> None:
    assert text.is_cjk(token) is expected


def test_is_cyrillic() -> None:
    assert text.is_cyrillic("москва")
    assert text.is_cyrillic("mосква")  # mixed scripts count as Cyrillic
    assert not text.is_cyrillic("moscow")
    assert not text.is_cyrillic("中国")


# --- segment_unspaced ---------------------------------------------------------------------------------

KNOWN = frozenset({"中国", "秘鲁", "大使馆", "大使", "驻", "总领事馆", "领事馆", "日本"})


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        ("日本驻秘鲁大使馆", ["日本", "驻", "秘鲁", "大使馆"]),
        ("日本总领事馆", ["日本", "总领事馆"]),
        ("日本领事馆", ["日本", "领事馆"]),
        ("大使", ["大使"]),
        ("德国驻日本", ["德", "国", "驻", "日本"]),
        ("", []),
    ],
    ids=[
        "known_words",
        "longest_match_first",
        "shorter_word_when_longer_absent",
        "whole_run_known",
        "unknown_characters_one_by_one",
        "empty",
    ],
)
def test_segment_unspaced(run: str, expected: list[str]) -> None:
    assert text.segment_unspaced(run, KNOWN) == expected


def test_segment_unspaced_respects_longest_word_length() -> None:
    known = {"阿根廷共和国"}
    assert text.segment_unspaced("阿根廷共和国", known) == ["阿根廷共和国"]
    assert text.segment_unspaced("阿根廷共和国", known, longest=3) == list("阿根廷共和国")


def test_segment_unspaced_covers_the_whole_run() -> None:
    run = "波兰驻印度尼西亚大使馆领事部"
    assert "".join(text.segment_unspaced(run, KNOWN)) == run


# --- stems ---------------------------------------------------------------------------------------


def test_stems_meet_across_inflections_russian() -> None:
    # Nominative and genitive of "Germany" share a Russian stem.
    assert stems("германия") & stems("германии")
    assert {language for language, _ in stems("германии")} == {"ru"}


def test_stems_meet_across_inflections_german() -> None:
    assert ("de", "deutsch") in stems("deutsche")
    assert ("de", "deutsch") in stems("deutschen")


def test_stems_meet_across_inflections_french_and_spanish() -> None:
    assert ("fr", "allemand") in stems("allemande")
    assert ("fr", "allemand") in stems("allemand")
    assert stems("alemana") & stems("alemán")


def test_stems_with_and_without_accents_meet() -> None:
    with_accent = {stem for language, stem in stems("alemán") if language == "es"}
    without = {stem for language, stem in stems("aleman") if language == "es"}
    assert with_accent & without


def test_stems_latin_word_gets_no_russian_stem() -> None:
    languages = {language for language, _ in stems("embassy")}
    assert "ru" not in languages
    assert languages == set(text.STEMMED_LANGUAGES) - {"ru"}


@pytest.mark.parametrize("word", ["1999", "d'ivoire", "guinea-bissau", "", "q4373990"])
def test_stems_of_non_words_are_empty(word: str) -> None:
    assert stems(word) == set()


def test_stems_of_a_script_without_stemmer_are_empty() -> None:
    """The docstring: pairs "for every stemmer of its script"; Chinese, Arabic and Greek have none.

    (`stems` runs the Latin-script stemmers over any non-Cyrillic letters.)
    """
    stemmed = {word: stems(word) for word in ("中国", "سفارة", "πρεσβεία")}
    assert stemmed == {word: set() for word in stemmed}


def test_stems_are_folded() -> None:
    for _language, stem in stems("Швейцарии".casefold()) | stems("alemán"):
        assert stem == text.fold(stem)


def test_stem_variants() -> None:
    assert text.stem_variants(["Германии"], "ru") == {"герман"}
    assert text.stem_variants(["Deutschen", "Botschaft"], "de") == {"deutsch botschaft"}
    assert text.stem_variants(["Germany"], "zh") == set()


@pytest.mark.parametrize(
    ("label", "core"),
    [
        ("Narva City", "narva"),
        ("Oslo municipality", "oslo"),
        ("Sofia Capital Municipality", "sofia"),
        ("City of Edinburgh", "edinburgh"),
        ("16th arrondissement of Paris", "paris"),
        ("Budapest District VI", "budapest"),
        ("Emirate of Abu Dhabi", "abu dhabi"),
        ("Minato-ku", "minato"),
        ("Las Condes", "las condes"),
        ("City", "city"),
    ],
)
def test_place_core_drops_administrative_words(label: str, core: str) -> None:
    assert text.place_core(label) == core


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("لإيران", ["ايران"]),
        ("ببيروت", ["بيروت"]),
        ("وبالقاهرة", ["بالقاهره", "القاهره"]),
        ("للسفارة", ["السفاره", "لسفاره"]),
        ("مصر", []),
        ("embassy", []),
    ],
)
def test_arabic_base_forms_strip_one_letter_prefixes(word: str, forms: list[str]) -> None:
    assert text.arabic_base_forms(text.fold(word)) == forms


def test_fold_takes_letters_with_inner_marks_to_their_plain_letter() -> None:
    assert text.fold("Łódź") == "lodz"
    assert text.fold("København") == "kobenhavn"
    assert text.fold("Ærø") == "aero"


def test_chinese_variants_in_the_other_script() -> None:
    assert text.chinese_variants("紐約") == {"纽约"}
    assert text.chinese_variants("纽约") == {"紐約"}
    assert text.chinese_variants("日本") == set()
    assert text.chinese_variants("Paris") == set()


def test_japanese_v_is_folded_to_the_b_row() -> None:
    assert text.fold("ジュネーヴ") == text.fold("ジュネーブ")
    assert text.fold("ヴェトナム") == text.fold("ベトナム")


def test_the_germanic_genitive_s() -> None:
    assert text.germanic_genitive_base("kenyas") == "kenya"
    assert text.germanic_genitive_base("swiss") == ""
    assert text.germanic_genitive_base("uks") == ""


def test_a_place_label_names_the_town_in_its_parentheses() -> None:
    # "Malecón (Havana)": the Malecón, in Havana — a mission with no coordinates is in Havana.
    assert {"havana", "malecon"} <= text.place_cores("Malecón (Havana)")
    assert text.place_cores("Narva City") == {"narva"}


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("العراقيين", ["العراقي"]),  # Arabic's masculine plural of a nationality
        ("عراقیهای", ["عراقي"]),  # Persian's plural with its ezafe (the joiner dropped)
        ("ایرانیان", ["ايراني"]),  # Persian's plural of people
        ("سفارتخانهی", ["سفارتخانه"]),  # the ezafe after a silent h
        ("ها", []),  # too short to be anything's plural
        ("london", []),
    ],
)
def test_plural_endings_in_arabic_letters(word: str, forms: list[str]) -> None:
    assert text.arabic_script_base_forms(text.fold(word)) == forms


def test_a_hindi_words_consonants() -> None:
    assert text.devanagari_consonants(text.fold("लातविया")) == text.devanagari_consonants(
        text.fold("लतविया")
    )
    assert text.devanagari_consonants(text.fold("सूरीनाम")) == text.devanagari_consonants(
        text.fold("सुरीनम")
    )
