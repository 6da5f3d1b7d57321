"""Names in other scripts as people type them in Latin letters: "posolstvo rossii",
"presveia elladas", "bhartiya dootavas", "sefarat iran".

Both sides are folded to one Latin form: the vocabulary's names through anyascii (a kept
transliteration table for every script), the query's words as typed, and then both through the
same `skeleton`, which merges the spellings romanisations disagree on (ya/ia/ja, kh/h, y/i,
doubled letters …). Alphabets that write their vowels (Cyrillic, Greek) are compared on that
skeleton; scripts that leave most vowels out or that readers romanise freely (Arabic, Persian,
Hebrew, Devanagari) are compared on their consonants alone.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

import jaconv
from anyascii import anyascii

from .text import without_marks

#: Spellings of one sound that romanisations disagree on, longest first.
_DIGRAPHS = (
    ("shch", "sc"),
    ("sch", "sc"),
    ("kh", "h"),
    ("zh", "z"),
    ("tz", "c"),
    ("ts", "c"),
    ("ch", "c"),
    ("sh", "s"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("gh", "g"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    # Greek's several spellings of "i" (ει, οι), typed as they sound: "presvia", "proxenio".
    ("ei", "i"),
    ("oi", "i"),
    ("q", "k"),
    ("x", "ks"),
    ("w", "v"),
    ("j", "i"),
    ("y", "i"),
    ("g", "h"),
)
_VOWELS = re.compile(r"[aeiouv]")
#: A nasal before another consonant, which scripts write as a vowel's mark (Devanagari's
#: anusvara) or as a letter: "Frankfurt", "फ्रैंकफर्ट" ("phraimkaphart") both give "frkfrt",
#: "fanland" and "فنلاند" ("fnlnd") both "fld".
_NASAL = re.compile(r"(?<=.)[mn](?=.)")
_REPEATS = re.compile(r"(.)\1+")
_NOT_LETTERS = re.compile(r"[^a-z ]")


@lru_cache(maxsize=50_000)
def skeleton(text: str, *, j_is_consonant: bool = False) -> str:
    """A Latin spelling reduced to what romanisations agree on ("Rossiya", "rossija",
    "rossia" → "rosia"; "Kyiv", "Kiiv" → "kiv").

    `j_is_consonant`: keep "j" as the consonant of "Jakarta", not the "i" of "rossija".
    """
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = _NOT_LETTERS.sub("", "".join(ch for ch in folded if ch.isascii()))
    for written, merged in _DIGRAPHS:
        if not (j_is_consonant and written == "j"):
            folded = folded.replace(written, merged)
    return _REPEATS.sub(r"\1", folded)


@lru_cache(maxsize=50_000)
def consonants(text: str, *, j_is_consonant: bool = True) -> str:
    """The consonants of a Latin spelling (`skeleton` without its vowels, v and w): how an
    abjad's or Devanagari's romanisations compare ("sefarat", "sfrt" → "sfrt").

    Abjads and Devanagari romanise their j (ج, ज) as "j", a consonant; a Latin name's "j"
    may be that consonant ("Jakarta") or a "y" ("Ljubljana"): `latin_keys` gives both.
    """
    return " ".join(
        _REPEATS.sub(r"\1", _VOWELS.sub("", _NASAL.sub("", word)))
        for word in skeleton(text, j_is_consonant=j_is_consonant).split()
    ).strip()


#: Scripts whose names are compared on their consonants.
_CONSONANTAL = re.compile(r"[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u0900-\u097f]")
#: Scripts whose names are compared on their whole skeleton.
_ALPHABETIC = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")
#: Syllabic and logographic scripts, typed in Latin letters a word at a time: Chinese in pinyin
#: ("zhongguo", "dashiguan"), Japanese kana in romaji, Korean in its Revised Romanisation.
_SYLLABIC = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
#: anyascii's Hangul syllables, one capitalised run each ("HanGug"), and the consonant that
#: ends one: the Revised Romanisation writes a final ㄱ, ㄷ, ㅂ as k, t, p ("Hanguk").
_HANGUL_SYLLABLE = re.compile(r"[A-Z][a-z]*|[^A-Z]+")
_FINAL_VOICELESS = str.maketrans("gdb", "ktp")


def _revised_romanisation(latin: str) -> str:
    """anyascii's letter-for-letter Hangul ("HanGug", "KoSeuTaLiKa") as Koreans romanise it
    ("hanguk", "koseutarika"): a syllable's last g, d or b voiceless before a consonant or at
    the end of the word (before a vowel it is carried over, and stays voiced); ㄹ starting a
    syllable r, unless another ㄹ ends the one before ("BolLiBiA", "bollibia")."""
    syllables = _HANGUL_SYLLABLE.findall(latin)
    out: list[str] = []
    for index, syllable in enumerate(syllables):
        following = syllables[index + 1] if index + 1 < len(syllables) else " "
        ends_in_consonant = len(syllable) > 1 and syllable[-1] in "gdb" and syllable[-2] in "aeiouy"
        if ends_in_consonant and following[0].lower() not in "aeiouy":
            syllable = syllable[:-1] + syllable[-1].translate(_FINAL_VOICELESS)
        if syllable.startswith("L") and not (out and out[-1].endswith("l")):
            syllable = "R" + syllable[1:]  # ㄹ before a vowel is r, after another ㄹ l
        out.append(syllable)
    return "".join(out).lower()


#: A syllabic name's romanisation is kept when it is this long: one syllable ("mei", "zhu")
#: is a Latin word as often as a name.
_SYLLABIC_MIN_LETTERS = 5
_KANA_MIN_LETTERS = 4
_KANA_ONLY = re.compile(r"^[\u3040-\u30ff\s]+$")


#: Greek's vowel pairs, as Greeks type them in Latin letters ("Kouvas", "Avstria",
#: "Evropi"; ELOT 743): anyascii spells them letter by letter ("Koyvas", "Aystria").
_GREEK_VOWEL_PAIRS = re.compile("ου|ού|αυ|αύ|ευ|εύ", re.IGNORECASE)
#: Before these, αυ and ευ sound "af", "ef".
_GREEK_VOICELESS = frozenset("θκξπστφχψ")


def _greek_as_typed(text: str) -> str:
    """Greek text with its vowel pairs in Latin letters, as typed ("Κούβα" → "Κouβα")."""
    if not _GREEK_VOWEL_PAIRS.search(text):
        return text

    def typed(match: re.Match[str]) -> str:
        pair = without_marks(match.group().lower())
        if pair == "ου":
            return "ou"
        following = text[match.end() : match.end() + 1].lower()
        second = "f" if following in _GREEK_VOICELESS else "v"
        return ("a" if pair == "αυ" else "e") + second

    return _GREEK_VOWEL_PAIRS.sub(typed, text)


def romanised_keys(name: str, *, country: bool = False) -> tuple[str, str]:
    """A name in another script as (its skeleton, its consonants), one of them empty: Cyrillic
    and Greek by skeleton, Arabic, Persian, Hebrew and Devanagari by consonants; ("", "") for
    a name already in Latin letters or in a script people do not romanise this way. A
    `country`'s Korean name is kept as short as kana names ("hoju", 호주): the countries are
    few, and their two-syllable names common."""
    if _CONSONANTAL.search(name):
        # The Arabic article and the Hebrew one are left out, as readers often leave them.
        latin = anyascii(name).replace("'", "")
        words = [re.sub(r"^(?:al|l|h)(?=[^aeiou]{2})", "", word) for word in latin.split()]
        return "", consonants(" ".join(words))
    if _ALPHABETIC.search(name):
        return skeleton(anyascii(_greek_as_typed(name)).replace("'", "")), ""
    if _SYLLABIC.search(name):
        latin = skeleton(
            _revised_romanisation(anyascii(name)) if _HANGUL.search(name) else anyascii(name)
        )
        # Kana write every sound, so a short name in kana is spelt out ("チリ", "chiri").
        spelt_out = _KANA_ONLY.match(name) or (country and _HANGUL.search(name))
        least = _KANA_MIN_LETTERS if spelt_out else _SYLLABIC_MIN_LETTERS
        return (latin if len(latin.replace(" ", "")) >= least else ""), ""
    return "", ""


#: Kana for the sounds Japanese borrows that anyascii spells letter by letter ("ウェ" → "ue",
#: "ファ" → "fua"), as romaji (Hepburn) types them: w, v, f, ti, di, she, je, che.
_KANA_W_V = re.compile("[ウヴフ][ァィェォ]|[テデ]ィ|[シジチ]ェ")
_KANA_W_V_ROMAJI = {"ウァ": "wa", "ウィ": "wi", "ウェ": "we", "ウォ": "wo",
                    "ヴァ": "va", "ヴィ": "vi", "ヴェ": "ve", "ヴォ": "vo",
                    "ファ": "fa", "フィ": "fi", "フェ": "fe", "フォ": "fo",
                    "ティ": "ti", "ディ": "di", "シェ": "she", "ジェ": "je", "チェ": "che"}  # fmt: skip
_LAST_VOWEL = re.compile(r"[aeiou](?=[^aeiou]*$)")


#: A small "tsu" before a sound romanised from the table above doubles its consonant.
_SMALL_TSU_BEFORE_LATIN = re.compile(r"xtsu(?=([b-df-hj-np-tv-z]))")
_LONG_VOWEL_AFTER = re.compile(r"([aeiou])-")


def hepburn(kana: str) -> str:
    """Kana in Hepburn romaji as Japanese type it ("ブリュッセル" → "buryusseru", "チェコ" →
    "cheko"), the long-vowel mark kept as "-" ("ジュネーブ" → "june-bu")."""
    latin = _KANA_W_V.sub(lambda m: _KANA_W_V_ROMAJI[m.group()], kana)
    latin = jaconv.kana2alphabet(jaconv.kata2hira(latin))
    return _SMALL_TSU_BEFORE_LATIN.sub(r"\1", latin)


#: Hepburn's spellings as Japan's own romanisation (kunrei, typed on Japanese keyboards too)
#: writes them, longest first: "shi" si, "chi" ti, "tsu" tu, "fu" hu, "ji" zi.
_KUNREI = (
    ("sh", "sy"), ("ch", "ty"), ("tsu", "tu"), ("fu", "hu"), ("j", "zy"),
    ("syi", "si"), ("tyi", "ti"), ("zyi", "zi"),
)  # fmt: skip


def kunrei(hepburn_romaji: str) -> str:
    """Hepburn romaji in the kunrei system ("harutsuumu" → "harutuumu", "chiri" → "tiri")."""
    for written, kunrei_written in _KUNREI:
        hepburn_romaji = hepburn_romaji.replace(written, kunrei_written)
    return hepburn_romaji


def romaji_spellings(name: str) -> tuple[str, ...]:
    """The skeletons of a kana name as romaji types it beyond `romanised_keys`' form: Hepburn's
    "ryu", "kyu" and doubled consonants ("ブリュッセル": "buryusseru"), "w" for ウェ, "fa" for
    ファ, and the long-vowel mark left out or written as a doubled vowel ("ノルウェー":
    "noruwe", "noruwee"; "スウェーデン": "suweden", "suweeden"; "ブルキナファソ":
    "burukinafaso")."""
    if not _KANA_ONLY.match(name):
        return ()
    romaji = hepburn(name)
    # anyascii's letter-for-letter reading too ("kiyuba"), as some type it.
    parts = [
        anyascii(_KANA_W_V.sub(lambda m: _KANA_W_V_ROMAJI[m.group()], part)).lower()
        for part in name.split("ー")
    ]
    doubled = parts[0]
    for part in parts[1:]:
        vowel = _LAST_VOWEL.search(doubled)
        doubled += (vowel.group() if vowel else "") + part
    hepburn_spellings = (romaji.replace("-", ""), _LONG_VOWEL_AFTER.sub(r"\1\1", romaji))
    spellings = (
        *hepburn_spellings,
        *(kunrei(spelling) for spelling in hepburn_spellings),
        "".join(parts),
        doubled,
    )
    return tuple(
        dict.fromkeys(
            skeleton(spelling)
            for spelling in spellings
            if len(spelling.replace(" ", "")) >= _KANA_MIN_LETTERS
        )
    )


#: The sounds pinyin input methods let one type for another ("fuzzy pinyin"), as speakers of
#: the southern dialects say them alike: n and l, the retroflex initials and the plain ones,
#: and -ng after a, e and i. A name of this many characters is read by them too.
FUZZY_PINYIN_SHORTEST = 3
_FUZZY_INITIAL = re.compile(r"^(?:zh|ch|sh|n(?!g))")
_FUZZY_INITIALS = {"zh": "z", "ch": "c", "sh": "s", "n": "l"}
_FUZZY_FINAL = re.compile(r"(?<=[aei])ng$")


def fuzzy_pinyin(sound: str) -> str:
    """Pinyin syllables as a fuzzy-pinyin input method hears them ("mao li ta ni ya" → "mao
    li ta li ya"; "zhong" → "zong")."""
    return " ".join(
        _FUZZY_FINAL.sub("n", _FUZZY_INITIAL.sub(lambda m: _FUZZY_INITIALS[m.group()], syllable))
        for syllable in sound.split(" ")
    )


def latin_syllable(character: str) -> str:
    """One Chinese character in pinyin, one Hangul syllable in the Revised Romanisation, in
    lower case without tones ("华" → "hua", "한" → "han")."""
    latin = anyascii(character)
    return (_revised_romanisation(latin) if _HANGUL.search(character) else latin).lower()


#: The ways of reading a run of Chinese characters tried, at most: most characters have one
#: reading, a few two or three, and the likeliest come first.
SOUNDS_TRIED = 16


def sounds(word: str, readings: dict[str, str]) -> list[str]:
    """The ways a run of Chinese characters may be read aloud, in pinyin without tones, one
    syllable per character ("地图" → "di tu", "de tu"); `readings`: each character's readings
    (`sources.han_sounds`), a character missing there read as anyascii reads it."""
    per_character = [
        (readings.get(character) or latin_syllable(character)).split(",") for character in word
    ]
    return [
        " ".join(way) for way in itertools.islice(itertools.product(*per_character), SOUNDS_TRIED)
    ]


def enough_consonants(letters: str) -> bool:
    """Whether a consonant skeleton says enough to name something: three consonants or more,
    two at least in each word."""
    words = letters.split(" ")
    return len(letters.replace(" ", "")) >= 3 and all(len(word) >= 2 for word in words)


def mostly_consonants(word: str, letters: str) -> bool:
    """Whether a typed Latin word is spelt like a romanised abjad name, its consonants a third
    of its letters or more ("sefarat", "yarden"), not a word of a vowelled language that
    shares them by chance ("agendamento")."""
    return len(word.replace(" ", "")) <= 3 * len(letters.replace(" ", ""))


def latin_spelling(word: str) -> str:
    """A word of another script in Latin letters, as anyascii writes it ("что" → "chto")."""
    return anyascii(word).replace("'", "")


def latin_keys(name: str) -> tuple[str, tuple[str, ...]]:
    """A Latin name's skeleton and its consonants (with its "j" read both ways), to meet the
    same name typed in another script ("Франкфурт", "फ्रैंकफर्ट" for Frankfurt; "جاكرتا" for
    Jakarta, "ليوبليانا" for Ljubljana)."""
    letters = tuple(dict.fromkeys((consonants(name), consonants(name, j_is_consonant=False))))
    return skeleton(name), letters


def query_keys(text: str) -> tuple[str, str]:
    """A query's words of another script in Latin letters: their skeleton (Cyrillic, Greek,
    Hangul) or their consonants (abjads, Devanagari); ("", "") for Latin words."""
    if _CONSONANTAL.search(text):
        return "", consonants(anyascii(text).replace("'", ""))
    if _ALPHABETIC.search(text):
        return skeleton(anyascii(_greek_as_typed(text)).replace("'", "")), ""
    if _HANGUL.search(text) and len(text.replace(" ", "")) >= _HANGUL_SPELT_MIN_SYLLABLES:
        # Korean writes a foreign town as it sounds ("센다이", "sendai"): an unknown one may
        # be a town known only in Latin letters.
        return skeleton(_revised_romanisation(anyascii(text))), ""
    return "", ""


#: Greek writes a foreign b, d, g, j and u with two letters ("Αμπούτζα", Abuja; "Ντακάρ",
#: Dakar); anyascii spells them letter by letter ("Ampoytza").
_GREEK_FOREIGN_SOUNDS = (("μπ", "b"), ("ντ", "d"), ("γκ", "g"), ("τζ", "j"), ("ου", "u"))


def greek_foreign_name_key(text: str) -> str:
    """The skeleton of a foreign name written in Greek letters, read as Greek writes foreign
    sounds ("Αμπούτζα" → "abuia", as "Abuja"); "" for text with no such pair."""
    lowered = without_marks(text.lower())
    if not any(pair in lowered for pair, _ in _GREEK_FOREIGN_SOUNDS):
        return ""
    for pair, sound in _GREEK_FOREIGN_SOUNDS:
        lowered = lowered.replace(pair, sound)
    return skeleton(anyascii(lowered).replace("'", ""))


#: A Korean word is read as a town spelt in Hangul when it has this many syllables: shorter
#: ones are everyday words as often ("주소", address, "juso").
_HANGUL_SPELT_MIN_SYLLABLES = 3


#: The names of the Latin letters as Hindi writes them, for initials spelt out: "यूके" (UK),
#: "यूएई" (UAE), "यूएसए" (USA). Written without the nukta ("जेड" and "ज़ेड" alike).
_DEVANAGARI_LETTER_NAMES = {
    "ए": "a", "बी": "b", "सी": "c", "डी": "d", "ई": "e", "एफ": "f", "जी": "g", "एच": "h",
    "आई": "i", "जे": "j", "के": "k", "एल": "l", "एम": "m", "एन": "n", "ओ": "o", "पी": "p",
    "क्यू": "q", "आर": "r", "एस": "s", "टी": "t", "यू": "u", "वी": "v", "डब्ल्यू": "w",
    "डबल्यू": "w", "एक्स": "x", "वाई": "y", "जेड": "z",
}  # fmt: skip
_LONGEST_LETTER_NAME = max(map(len, _DEVANAGARI_LETTER_NAMES))
_NUKTA = "\u093c"


@lru_cache(maxsize=4096)
def spelt_initials(word: str) -> str:
    """Latin initials spelt out in Devanagari, as lower-case letters ("यूके" → "uk"), or ""
    for a word that is not two or more letter names."""
    rest = unicodedata.normalize("NFD", word).replace(_NUKTA, "")
    letters: list[str] = []
    while rest:
        for length in range(min(_LONGEST_LETTER_NAME, len(rest)), 0, -1):
            letter = _DEVANAGARI_LETTER_NAMES.get(unicodedata.normalize("NFC", rest[:length]))
            if letter:
                letters.append(letter)
                rest = rest[length:]
                break
        else:
            return ""
    return "".join(letters) if len(letters) >= 2 else ""


#: Arabic letters that Latin has none for, typed as the digits they look like ("Arabizi":
#: "3iraq", "7abibi", "5aleej"): 2 hamza, 3 ʿayn (both unwritten in romanised names),
#: 5 kh, 6 ṭ, 7 ḥ, 8 gh, 9 q.
_ARABIZI_DIGITS = str.maketrans(
    {"2": "", "3": "", "5": "kh", "6": "t", "7": "h", "8": "gh", "9": "q"}
)
_ARABIZI_WORD = re.compile(r"^(?=(?:[^a-z]*[a-z]){2})(?=.*[235-9])[a-z235-9]+$")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th|e|er|eme|ème)$")


def arabizi_letters(word: str) -> str:
    """A lower-case Latin word with Arabizi digits in their letters ("3iraq" → "iraq",
    "7alab" → "halab"); any other word as it is ("2nd", "g20")."""
    if not _ARABIZI_WORD.match(word) or _ORDINAL.match(word):
        return word
    return word.translate(_ARABIZI_DIGITS)


_ARABIC_ARTICLE = re.compile(r"^(?:al|el|l)(?=[^aeiou\s]{1,2}[a-z])")


def qaf_as_gh(word: str) -> tuple[str, ...]:
    """A romanised word with its "gh" read as the qaf (ق) Persian speakers write so
    ("ghebres": Qebres, Cyprus; "ghatar": Qatar), or () without one; "gh" is also the
    ghain (غ) of "maghrib", which the word as typed already reads."""
    return (word.replace("gh", "q"),) if "gh" in word else ()


def without_arabic_article(word: str) -> tuple[str, ...]:
    """A romanised Arabic word without the article typed onto it ("lmaghrib" → "maghrib",
    "albahrain" → "bahrain"), or () when it has none."""
    rest = _ARABIC_ARTICLE.sub("", word, count=1)
    return (rest,) if rest != word and len(rest) >= 4 else ()
