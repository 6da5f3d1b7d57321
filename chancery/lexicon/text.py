"""Normalising and tokenising what people type, in any script.

The same functions prepare the lexicon and the query, so that both sides meet in one form:
case-folded, without accents (Latin) or vowel marks (Arabic), with one kind of apostrophe,
hyphen and space. Chinese, Japanese and Thai are written without spaces between words: a run of
them is one token, which `segment_unspaced` cuts into words against the lexicon.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache

import snowballstemmer

#: Languages whose inflected forms are matched through a Snowball stemmer.
STEMMED_LANGUAGES: dict[str, str] = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "de": "german",
    "ru": "russian",
    "it": "italian",
    "pt": "portuguese",
    "nl": "dutch",
}

#: Control and invisible characters, removed outright (a zero-width space inside a word must
#: not split it); tabs, line breaks and other spacing become spaces.
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]"
)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
#: Hebrew's geresh and gershayim, typed as apostrophe and quote marks, are inside a word: they
#: mark a sound ("צ'ילה", Chile) or an abbreviation ("ארה"ב", the United States; "ת"א").
_HEBREW_WORD_MARKS = re.compile(
    r"(?<=[\u05d0-\u05ea])['\"\u05f3\u05f4\u201c\u201d](?=[\u05d0-\u05ea])"
)
_ARABIC_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "\u0640": ""}
    # Persian keyboards type their own yeh, kaf and heh: one letter on both sides.
    | {"ی": "ي", "ک": "ك", "ۀ": "ه", "ە": "ه"}
)
#: Latin letters that carry their mark inside, so that taking marks off leaves them as they are.
_LATIN_LETTERS = str.maketrans(
    {"ł": "l", "đ": "d", "ø": "o", "ı": "i", "ħ": "h", "ŧ": "t", "ŀ": "l", "ð": "d", "æ": "ae"}
    | {"œ": "oe", "þ": "th"}
)
#: Hindi writes a nasal before a consonant either as the anusvara (a mark, dropped with the
#: others) or as a nasal letter with a virama ("टोरंटो", "टोरन्टो"); the long and short i are
#: confused in typing as the long and short u are (both of which are marks).
_DEVANAGARI_NASAL = re.compile(r"[ङञणनम]\u094d(?=[\u0915-\u0939])")
_DEVANAGARI_LETTERS = str.maketrans({"ी": "ि"})
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_MARKS = (
    r"\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    r"\u06d6-\u06ed\u0900-\u0dff\u0e31-\u0e4e\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
)
_TOKEN = re.compile(rf"[{_CJK}]+|(?:[^\W_{_CJK}]|[{_MARKS}])+", re.UNICODE)
_CJK_RUN = re.compile(rf"^[{_CJK}]+$")


def clean(text: str) -> str:
    """Drop control and invisible characters and collapse white space (for display too)."""
    text = _INVISIBLE.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def _prepare(text: str) -> str:
    return _as_typed(text).casefold().replace("ё", "е")


def _as_typed(text: str) -> str:
    """The text in one Unicode form, with one apostrophe and Hebrew words kept whole."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    return _HEBREW_WORD_MARKS.sub("", text) if max(text, default=" ") >= "\u05d0" else text


def _mark_class() -> str:
    ranges, start, previous = [], None, None
    for code in range(0x300, 0x10000):
        if unicodedata.category(chr(code)) == "Mn":
            if start is None:
                start = code
            previous = code
        elif start is not None:
            ranges.append((start, previous))
            start = None
    return "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges)


_NONSPACING = re.compile(f"[{_mark_class()}]")


#: Japanese writes a foreign "v" either way: ヴ and its small vowels, or the b-row ("ジュネーヴ",
#: "ジュネーブ"; "ヴェトナム", "ベトナム"). Folded to the b-row.
_KATAKANA_V_AS_B = {"ヴァ": "バ", "ヴィ": "ビ", "ヴェ": "ベ", "ヴォ": "ボ", "ヴ": "ブ"}
_KATAKANA_V = re.compile("ヴ[ァィェォ]|ヴ")
#: … and writes a foreign name's "ia" and "wa" either way, the older spellings still common
#: ("イタリヤ", "イタリア"; "ボツワナ", "ボツアナ"; "コートジボワール", "コートジボアール"):
#: ヤ after an i-row kana and ワ inside a word are folded to ア (after the voicing marks are
#: gone, so the i-row is the unvoiced one).
_KATAKANA_IA_WA = re.compile("(?<=[イキシチニヒミリ])ヤ|(?<=[ァ-ヺー])ワ")
#: … and a "w" sound with a small vowel or a full one ("マラウィ", "マラウイ"; "クウェート",
#: "クウエート"): folded to the full vowel.
_KATAKANA_W = re.compile("(?<=ウ)[ィェォ]")
_KATAKANA_FULL_VOWEL = {"ィ": "イ", "ェ": "エ", "ォ": "オ"}


@lru_cache(maxsize=20_000)
def fold(text: str) -> str:
    """Case- and accent-insensitive form of a string, keeping non-Latin letters.

    Combining marks are dropped (é → e, ï → i, й → и alike on both sides), Arabic vowel marks
    and letter variants are unified, ß becomes ss, and ł, ø, đ, ı … their plain letter.
    """
    if text.isascii():
        return text.lower().replace("&", " and ")
    text = _prepare(text).replace("ß", "ss").replace("&", " and ")
    if max(text) >= "\u0900" and any("\u0900" <= ch <= "\u097f" for ch in text):
        text = _DEVANAGARI_NASAL.sub("", text).translate(_DEVANAGARI_LETTERS)
    if "ヴ" in text:
        text = _KATAKANA_V.sub(lambda m: _KATAKANA_V_AS_B[m.group()], text)
    text = without_marks(text)
    if "ヤ" in text or "ワ" in text:
        text = _KATAKANA_IA_WA.sub("ア", text)
    if "ウ" in text:
        text = _KATAKANA_W.sub(lambda m: _KATAKANA_FULL_VOWEL[m.group()], text)
    if "וו" in text or "יי" in text:
        # Hebrew spells a foreign name's "v" and "y" with one letter or two: "טייוואן" and
        # "טיוואן", "אורוגוואי" and "אורוגואי".
        text = text.replace("וו", "ו").replace("יי", "י")
    if "νγκ" in text:
        # Greek writes a foreign "ng" before a consonant both ways: "Μπανγκλαντές" and
        # "Μπαγκλαντές", "Σινγκαπούρη" and "Σιγκαπούρη".
        text = text.replace("νγκ", "γκ")
    return text.translate(_ARABIC_LETTERS).translate(_LATIN_LETTERS)


def without_marks(text: str) -> str:
    """The text without its combining marks (accents, tones, the breve of "й"), composed."""
    return unicodedata.normalize("NFC", _NONSPACING.sub("", unicodedata.normalize("NFD", text)))


def raw_tokens(text: str) -> list[str]:
    """Case-folded word tokens with their accents kept (what the stemmers want)."""
    return _TOKEN.findall(_prepare(text).replace("&", " and "))


def raw_tokens_with_case(text: str) -> list[str]:
    """Word tokens as typed (capitals kept), for telling "US" from "us"."""
    return _TOKEN.findall(_as_typed(text))


def tokens(text: str) -> list[str]:
    """Folded word tokens: letters and digits, split at spaces, punctuation and apostrophes."""
    return [fold(token) for token in raw_tokens(text)]


def fold_case(word: str) -> str:
    """A word case-folded with its marks kept, composed (NFC) as keyboards type it."""
    return unicodedata.normalize("NFC", _prepare(word))


def marked_key(text: str) -> str:
    """A name's words case-folded with their marks kept: "Mỹ" → "mỹ" (its `key` is "my")."""
    return " ".join(fold_case(token) for token in raw_tokens(text))


def key(text: str) -> str:
    """The lexicon key of a name: its folded tokens joined by single spaces."""
    return " ".join(tokens(text))


def chinese_variants(name: str) -> set[str]:
    """A Chinese name in simplified and in traditional characters ("紐約" → {"纽约"}), other
    than as given: GeoNames and CLDR mix the two, and people type either.

    Used when the vocabulary is built (the conversion tables are large), not per query.
    """
    if not any(is_cjk(ch) for ch in name):
        return set()
    import zhconv  # loaded only by the vocabulary builder

    return {zhconv.convert(name, "zh-hans"), zhconv.convert(name, "zh-hant")} - {name}


def has_kana(text: str) -> bool:
    """Whether the text has Japanese kana (so it is Japanese, not Chinese)."""
    return any("\u3040" <= ch <= "\u30ff" for ch in text)


def is_cjk(token: str) -> bool:
    return bool(_CJK_RUN.match(token))


_THAI_RUN = re.compile(r"^[\u0e00-\u0e7f]+$")


def is_unspaced(token: str) -> bool:
    """Whether the token is in a script written without spaces between words (Chinese,
    Japanese, Thai), which the vocabulary cuts into words (`segment_unspaced`)."""
    return bool(_CJK_RUN.match(token) or _THAI_RUN.match(token))


def is_fuzzy_script(key: str) -> bool:
    """Whether typos are looked for in this key: Latin and Cyrillic only.

    In Arabic, Chinese or Japanese one changed letter often makes another word.
    """
    return all(ch == " " or ch.isascii() or "\u0400" <= ch <= "\u04ff" for ch in key)


@cache
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(STEMMED_LANGUAGES[language])


def is_han(word: str) -> bool:
    """Whether the text is all Chinese characters (the CJK Unified Ideographs, no kana)."""
    return bool(word) and all("\u4e00" <= ch <= "\u9fff" for ch in word)


_GREEK = re.compile("[\u0370-\u03ff]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
#: Any letter outside ASCII and the Latin letters with marks (Latin-1, Extended-A and -B,
#: Extended Additional).
_NOT_LATIN = re.compile("[^\x00-\x7f\u00c0-\u024f\u1e00-\u1eff]")


#: Letters of the alphabets (Latin, Greek, Cyrillic, Hebrew, Arabic), not of the scripts
#: written in syllables or characters.
_ALPHABETIC = re.compile(
    "^[a-z\u00c0-\u024f\u1e00-\u1eff\u0370-\u04ff\u05d0-\u05ea\u0620-\u06ff]+$"
)


def is_alphabetic_script(word: str) -> bool:
    """Whether a folded word is written in an alphabet: Latin, Greek, Cyrillic, Hebrew or
    Arabic letters only."""
    return _ALPHABETIC.match(word) is not None


def is_greek(word: str) -> bool:
    return _GREEK.search(word) is not None


def is_cyrillic(word: str) -> bool:
    return _CYRILLIC.search(word) is not None


#: Letters only Vietnamese writes: the stacked tone marks of U+1EA0–U+1EF9 and ơ, ư, ă, đ.
_VIETNAMESE = re.compile(r"[\u1ea0-\u1ef9ơưăđƠƯĂĐ]")


def is_vietnamese(word: str) -> bool:
    """Whether a word has a letter only Vietnamese writes ("mỹ", "bị", "đức")."""
    return bool(_VIETNAMESE.search(word))


def is_latin(word: str) -> bool:
    """Latin letters only (with their accented forms)."""
    return _NOT_LATIN.search(word) is None


def stem_variants(raw_words: list[str], language: str) -> set[str]:
    """A name's words stemmed in `language`, as written and without accents.

    Empty when the words are not in the script of that language's stemmer.
    """
    if language not in STEMMED_LANGUAGES:
        return set()
    script = _stemming_script("".join(raw_words))
    if script is None or (script == "ru") != (language == "ru"):
        return set()
    stems = [word_stems(language, word) for word in raw_words]
    return {" ".join(as_written for as_written, _ in stems), " ".join(f for _, f in stems)}


@lru_cache(maxsize=20_000)
def _stemming_script(joined: str) -> str | None:
    """ "ru" for Cyrillic letters, "latin" for Latin ones, None for anything else."""
    if not joined.isalpha():
        return None
    if is_cyrillic(joined):
        return "ru"
    return "latin" if is_latin(joined) else None


@lru_cache(maxsize=50_000)
def word_stems(language: str, word: str) -> tuple[str, str]:
    """A word's stem in `language`, from the word as written and from it without accents (a
    query's spans share their words, so each is stemmed once)."""
    stemmer = _stemmer(language)
    return fold(stemmer.stemWord(word)), fold(stemmer.stemWord(fold(word)))


#: Russian case endings, longest first, and the nominative endings they may replace.
_RUSSIAN_ENDINGS = (
    "ами",
    "ями",
    "ого",
    "его",
    "ому",
    "ему",
    "ой",
    "ей",
    "ом",
    "ем",
    "ах",
    "ях",
    "ию",
    "ии",
    "е",
    "и",
    "у",
    "ю",
    "а",
    "я",
    "ы",
)
_RUSSIAN_NOMINATIVE = ("", "а", "я", "ь", "й", "ия", "ий", "ая", "о")


def russian_base_forms(word: str) -> list[str]:
    """Nominative candidates of an inflected Russian noun ("Мюнхене" → "мюнхен", "Вене" → "вена").

    The Snowball stemmer cuts some names short ("мюнхен" → "мюнх"); this guesses whole
    dictionary forms to look up exactly instead.
    """
    if not is_cyrillic(word) or len(word) < 4:
        return []
    out: list[str] = []
    for ending in _RUSSIAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            stem_part = word[: -len(ending)]
            out.extend(stem_part + nominative for nominative in _RUSSIAN_NOMINATIVE)
    return [form for form in dict.fromkeys(out) if form != word]


_NOT_DEVANAGARI_CONSONANT = re.compile("[^\u0915-\u0939]")
#: A word in Devanagari is mended by its consonants (`devanagari_consonants`) when it has
#: this many: fewer meet another word by chance.
DEVANAGARI_MENDED_MIN_CONSONANTS = 3


def is_devanagari(word: str) -> bool:
    return bool(word) and all("\u0900" <= ch <= "\u097f" for ch in word)


def devanagari_consonants(word: str) -> str:
    """A folded Devanagari word's consonant letters, without its vowels and vowel signs: what
    a Hindi spelling keeps when a vowel sign is left out or changed ("लतविया", "लातविया")."""
    return _NOT_DEVANAGARI_CONSONANT.sub("", word)


#: Consonants of Hindi that sound alike to most speakers and are written one for another: the
#: three sibilants ("मिश्र" for "मिस्र", Egypt) and the two nasals.
_DEVANAGARI_ALIKE = ("शषस", "णन")


def devanagari_alike_spellings(word: str, most: int = 3) -> list[str]:
    """A Devanagari word spelt with each of its consonants that sound alike (`_DEVANAGARI_ALIKE`)
    written as the others, but the word itself; none for a word with more than `most` of them."""
    groups = {letter: group for group in _DEVANAGARI_ALIKE for letter in group}
    if sum(letter in groups for letter in word) > most:
        return []
    spellings = [""]
    for letter in word:
        choices = groups.get(letter, letter)
        spellings = [spelt + choice for spelt in spellings for choice in choices]
    return [spelt for spelt in spellings if spelt != word]


def is_arabic(word: str) -> bool:
    return bool(word) and all("\u0600" <= ch <= "\u06ff" for ch in word)


def arabic_base_forms(word: str) -> list[str]:
    """A folded Arabic word without its one-letter prefixes ("لإيران" → "ايران", "وبالقاهره"
    → "القاهره"): the conjunctions wa- and fa-, then the prepositions bi-, li- and ka-
    (li- before the article writes "لل")."""
    if not is_arabic(word) or len(word) < 4:
        return []
    out: list[str] = []
    for conjunction in ("", "و", "ف"):
        if not word.startswith(conjunction):
            continue
        rest = word[len(conjunction) :]
        if conjunction:
            out.append(rest)
        if rest.startswith("لل"):
            out.append("ال" + rest[2:])
        for preposition in ("ب", "ل", "ك"):
            if rest.startswith(preposition):
                out.append(rest[1:])
    return [form for form in dict.fromkeys(out) if len(form) >= 3 and form != word]


#: Plural endings on a nationality or a noun in Arabic letters, as folded (ی → ي), and what
#: they replace: Arabic's masculine plural of a nisba ("العراقيين", the Iraqis: "العراقي");
#: Persian's plural, with its ezafe ("عراقی‌های", of the Iraqis: the joiner is dropped as
#: invisible) and its plural of people ("ایرانیان"); the ezafe after a silent h
#: ("سفارتخانه‌ی", the embassy of).
_ARABIC_SCRIPT_ENDINGS = (
    ("يين", "ي"),
    ("يون", "ي"),
    ("هاي", ""),
    ("ها", ""),
    ("يان", "ي"),
    ("هي", "ه"),
)


def arabic_script_base_forms(word: str) -> list[str]:
    """A folded word in Arabic letters without a plural ending or an ezafe
    (`_ARABIC_SCRIPT_ENDINGS`), each form three letters or more."""
    if not is_arabic(word):
        return []
    forms = [
        word[: -len(ending)] + replaced
        for ending, replaced in _ARABIC_SCRIPT_ENDINGS
        if word.endswith(ending) and len(word) - len(ending) + len(replaced) >= 3
    ]
    return list(dict.fromkeys(forms))


def is_hebrew(word: str) -> bool:
    return bool(word) and all("\u05d0" <= ch <= "\u05f4" for ch in word)


#: The one-letter words Hebrew writes onto the next word: and, that, as, in, to, from, the.
_HEBREW_PREFIX_LETTERS = frozenset("ושכבלמה")
#: … of them, those that take the place of the article they come before ("ב" + "ה…" is "ב…").
_HEBREW_PREFIXES_TAKING_THE_ARTICLE = frozenset("בלכ")

#: Turkish case endings on a name, as folded (ı → i, ü → u), longest first: the locative ("in":
#: "filipinlerde", "kolombiyadaki" with -ki, "the one in") and the genitive ("of":
#: "almanyanin"). Typed without the apostrophe that print puts before them on names.
TURKISH_LOCATIVE_ENDINGS = (
    "ndaki", "ndeki", "daki", "deki", "taki", "teki", "nda", "nde", "da", "de", "ta", "te",
)  # fmt: skip
TURKISH_GENITIVE_ENDINGS = ("nin", "nun", "in", "un")


def turkish_base_forms(word: str) -> list[tuple[str, str]]:
    """A folded Latin word without a Turkish case ending, with the ending: ("filipinler",
    "de") for "filipinlerde"; the rest keeps four letters or more."""
    if not word.isascii() or not word.isalpha():
        return []
    return [
        (word[: -len(ending)], ending)
        for ending in (*TURKISH_LOCATIVE_ENDINGS, *TURKISH_GENITIVE_ENDINGS)
        if word.endswith(ending) and len(word) - len(ending) >= 4
    ]


#: Hungarian case endings that place something at a name, as folded (ö → o, é → e): in
#: ("Bécsben", "Moszkvában"), on, the case of most Hungarian towns and of Hungary itself
#: ("Budapesten", "Kolozsváron", "Máltán"), at ("Londonnál"), into ("Prágába"). A name's last
#: a or e is lengthened before them (Moszkva → Moszkvá-), which folding undoes. From
#: Rounds, "Hungarian: An Essential Grammar", ch. 4 and 6.
HUNGARIAN_LOCATIVE_ENDINGS = ("ban", "ben", "nal", "nel", "ba", "be", "on", "en", "n")
#: The adjective ending that places a thing in a town or land: "a bécsi magyar nagykövetség"
#: (the Hungarian embassy in Vienna), "a franciaországi nagykövetség".
HUNGARIAN_ADJECTIVE_ENDING = "i"
_HUNGARIAN_VOWELS = frozenset("aeiou")


def hungarian_base_forms(word: str) -> list[tuple[str, str]]:
    """A folded Latin word without a Hungarian case ending, with the ending: ("moszkva",
    "ban") for "moszkvában", ("malta", "n") for "máltán", ("budapest", "en") for
    "budapesten". "-n" follows a vowel and "-on"/"-en" a consonant, as in Hungarian; the rest
    keeps four letters or more."""
    if not word.isascii() or not word.isalpha():
        return []
    found = []
    for ending in (*HUNGARIAN_LOCATIVE_ENDINGS, HUNGARIAN_ADJECTIVE_ENDING):
        base = word[: -len(ending)]
        if not word.endswith(ending) or len(base) < 4:
            continue
        after_vowel = base[-1] in _HUNGARIAN_VOWELS
        if (ending == "n" and not after_vowel) or (ending in ("on", "en") and after_vowel):
            continue
        found.append((base, ending))
    return found


#: The genitive "s" the Germanic languages write onto a name without an apostrophe: Swedish,
#: Danish and Norwegian always ("Sveriges", "Kenyas ambassad"), German ("Deutschlands"),
#: English typed in haste ("Canadas embassy").
GERMANIC_GENITIVE = "s"


def germanic_genitive_base(word: str) -> str:
    """A folded Latin word without the genitive "s" written onto it ("kenyas" → "kenya"), or ""
    when it has none (a double "ss", or fewer than four letters left)."""
    if word.isascii() and word.isalpha() and word.endswith("s") and not word.endswith("ss"):
        base = word[:-1]
        return base if len(base) >= 4 else ""
    return ""


#: Indonesian and Malay write "its", "the" onto a noun ("kedutaannya": its embassy, the
#: embassy).
MALAY_ENCLITIC = "nya"


def malay_enclitic_base(word: str) -> str:
    """A folded Latin word without the Indonesian and Malay "-nya" written onto it
    ("kedutaannya" → "kedutaan"), or "" when it has none (or fewer than four letters left)."""
    if word.isascii() and word.endswith(MALAY_ENCLITIC):
        base = word[: -len(MALAY_ENCLITIC)]
        return base if len(base) >= 4 else ""
    return ""


def hebrew_base_forms(word: str) -> list[str]:
    """A folded Hebrew word without the one-letter words written onto it ("בפריז" → "פריז",
    "השגרירות" → "שגרירות", "ובתל" → "תל"): up to three of them, the shortest cut first;
    after "in", "to" or "as" with the article they swallowed too ("בפיליפינים" → "הפיליפינים")."""
    if not is_hebrew(word) or len(word) < 3:
        return []
    out: list[str] = []
    for cut in range(1, 4):
        if word[cut - 1] not in _HEBREW_PREFIX_LETTERS or len(word) - cut < 2:
            break
        out.append(word[cut:])
        if word[cut - 1] in _HEBREW_PREFIXES_TAKING_THE_ARTICLE:
            # "בפיליפינים": in the Philippines, whose name has the article ("הפיליפינים").
            out.append("ה" + word[cut:])
    return out


#: The same words typed in Latin letters and joined to the name ("beparis", "hashagrirut",
#: "lemoskva"), longest first.
LATIN_HEBREW_PREFIXES = ("she", "be", "ba", "bi", "ha", "la", "le", "li", "ve", "mi", "me")


#: Administrative words around a city's name in mission records ("Tallinn City", "Oslo
#: municipality", "16th arrondissement of Paris", "Budapest District VI", "Minato-ku").
_PLACE_NOISE = re.compile(
    r"^(?:(?:the )?(?:city|municipality|emirate|borough|district|prefecture) of |"
    r"\d+(?:st|nd|rd|th|e|er) arrondissement (?:of |de )?)|"
    r"(?: (?:city|capital|municipality|municipal|metropolitan|district|prefecture|ku)"
    r"(?: [ivx]+)?)+$"
)


@lru_cache(maxsize=20_000)
def place_core(label: str) -> str:
    """The key of a place label without its administrative words ("Narva City" → "narva")."""
    core = key(label)
    while True:
        stripped = _PLACE_NOISE.sub("", core).strip()
        if stripped == core or not stripped:
            return core
        core = stripped


_PARENTHESIS = re.compile(r"\(([^()]*)\)")


@lru_cache(maxsize=20_000)
def place_cores(label: str) -> frozenset[str]:
    """`place_core` of a place label, and of the town it names in parentheses and of the
    place before them ("Malecón (Havana)": the Malecón, in Havana). Cached: ranking asks it
    of every candidate mission's town."""
    cores = {place_core(label)}
    inner = _PARENTHESIS.findall(label)
    if inner:
        cores.update(place_core(town) for town in inner if town.strip())
        cores.add(place_core(_PARENTHESIS.sub(" ", label)))
    return frozenset(cores - {""})


#: The longest word looked for in a run of Chinese, Japanese or Thai: Thai writes an office's
#: whole name as one run ("สำนักงานเศรษฐกิจและวัฒนธรรมไทเป", Taipei's economic and cultural
#: office).
UNSPACED_WORD_LONGEST = 32


def segment_unspaced(
    token: str, known: set[str] | frozenset[str], longest: int = UNSPACED_WORD_LONGEST
) -> list[str]:
    """Cut a run of Chinese, Japanese or Thai characters into lexicon words, longest match
    first (Thai words run to a dozen letters: "สถานเอกอัครราชทูต").

    Characters that start no known word become one-character tokens.
    """
    out: list[str] = []
    i = 0
    while i < len(token):
        for j in range(min(len(token), i + longest), i, -1):
            if token[i:j] in known:
                out.append(token[i:j])
                i = j
                break
        else:
            out.append(token[i])
            i += 1
    return out


_HANGUL = re.compile(r"^[\uac00-\ud7a3]+$")
#: Korean particles written on the end of a word, longest first: the copula, in/at ("에서",
#: "에"), of ("의"), topic and subject ("은", "는", "이", "가"), object, direction, "and".
KOREAN_PARTICLES = (
    "인데요",  # the copula, "(I) am … and": "한국인인데", "한국 사람입니다"
    "입니다",
    "이에요",
    "인데",
    "에서는",
    "에서",
    "에는",
    "에게",
    "으로",
    "에",
    "의",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "로",
    "와",
    "과",
    "도",
)
#: "Resident in", written before a place ("주미": in the United States, "주독일": in Germany).
KOREAN_RESIDENT_IN = "주"


def lower(word: str) -> str:
    """A word in lower case, Turkish "İ" as "i": `str.casefold` writes it as "i" and a
    combining dot, which is no letter ("İstanbul'da" would be no word)."""
    return word.replace("İ", "I").casefold()


def is_hangul(token: str) -> bool:
    return bool(_HANGUL.match(token))


#: A Korean name is mended (`Lexicon.mended`) when it is this long: in a shorter one a
#: letter off is as often another word.
HANGUL_MENDED_MIN_SYLLABLES = 3
#: … a name in katakana, which spells out every syllable ("モーリシャス"), when this long.
KATAKANA_MENDED_MIN = 4
KATAKANA_LETTERS = "\u30a0-\u30ff"
#: Runs of hiragana (and the long-vowel mark typed with them).
HIRAGANA_RUN = re.compile("[\u3041-\u3096\u30fc]+")
_HIRAGANA_AS_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}


def as_katakana(hiragana: str) -> str:
    """Hiragana written in katakana, letter for letter ("あるぜんちん" → "アルゼンチン")."""
    return hiragana.translate(_HIRAGANA_AS_KATAKANA)


_KATAKANA = re.compile(rf"^[{KATAKANA_LETTERS}]+$")
#: A name in Arabic or Persian letters is mended (`Lexicon.mended`) from this length: in a
#: shorter one a letter off is often another word.
ARABIC_MENDED_MIN = 5
#: Japanese's long-vowel mark, often left out in typing ("オマン" for オマーン, Oman): a
#: shorter run of katakana is mended by it alone.
KATAKANA_LONG_VOWEL = "ー"
#: A run of katakana long enough to be mended, within a word typed without spaces.
KATAKANA_MENDED_RUN = re.compile(rf"[{KATAKANA_LETTERS}]{{{KATAKANA_MENDED_MIN - 1},}}")


#: Katakana's small letters and their full-size forms, typed one for the other.
_KANA_SMALL_FULL = dict(zip("ァィゥェォャュョッ", "アイウエオヤユヨツ", strict=True))
_KANA_FULL_SMALL = {full: small for small, full in _KANA_SMALL_FULL.items()}


def kana_resized(word: str) -> list[str]:
    """The word with one of its kana typed in the other size ("リャド" → "リヤド")."""
    out = []
    for i, letter in enumerate(word):
        other = _KANA_SMALL_FULL.get(letter) or (_KANA_FULL_SMALL.get(letter) if i else None)
        if other:
            out.append(word[:i] + other + word[i + 1 :])
    return out


def is_katakana(token: str) -> bool:
    return bool(_KATAKANA.match(token))


#: Korean vowels that sound alike and are typed one for the other (ㅐ and ㅔ, ㅒ and ㅖ; ㅙ,
#: ㅚ and ㅞ), as their jamo: "패루" for 페루 (Peru).
HANGUL_ALIKE_VOWELS = str.maketrans(
    {"\u1162": "\u1166", "\u1164": "\u1168", "\u116b": "\u1170", "\u116c": "\u1170"}
)


def hangul_sound(word: str) -> str:
    """A Hangul word's jamo with the vowels that sound alike made one (`HANGUL_ALIKE_VOWELS`)."""
    return jamo(word).translate(HANGUL_ALIKE_VOWELS)


#: Letters of Arabic and Persian that sound alike (in Persian above all) and are typed one
#: for the other, as folded: z (ض ظ ذ ز), s (س ص ث), t (ت ط), h (ه ح), gh (ق غ), the glottal
#: stops (ا ع); and Persian's own letters, typed on an Arabic keyboard as the letter they are
#: made from (ژ as ز, پ as ب, چ as ج, گ as ك).
_ARABIC_ALIKE_LETTERS = ("ضظذزژ", "سصث", "تط", "هح", "قغ", "اع", "بپ", "جچ", "كگ")
_ARABIC_SOUND = str.maketrans(
    {letter: alike[0] for alike in _ARABIC_ALIKE_LETTERS for letter in alike[1:]}
)
#: The letters that write a long vowel, which typing most often leaves out.
_ARABIC_VOWEL_LETTERS = "اوي"


def arabic_likely_slip(typed: str, name: str) -> bool:
    """Whether a word in Arabic letters is `name` with the slip typing makes most: a vowel
    letter left out ("رمانی": رومانی) or a letter for one that sounds alike ("الرياظ": الرياض)."""
    if len(name) == len(typed) + 1:
        return any(
            name[i] in _ARABIC_VOWEL_LETTERS and name[:i] + name[i + 1 :] == typed
            for i in range(len(name))
        )
    if len(name) != len(typed):
        return False
    changed = [(a, b) for a, b in zip(typed, name, strict=True) if a != b]
    return len(changed) == 1 and any(
        changed[0][0] in alike and changed[0][1] in alike for alike in _ARABIC_ALIKE_LETTERS
    )


def arabic_sound(word: str) -> str:
    """A word in Arabic letters with the letters typed one for another (`_ARABIC_ALIKE_LETTERS`)
    made one."""
    return word.translate(_ARABIC_SOUND)


def jamo(word: str) -> str:
    """Hangul syllables as the letters typed for them (Unicode decomposes a syllable into its
    two or three jamo): a Korean typo is one letter of a syllable ("대사곤" for "대사관", "총영사과"
    for "총영사관"), one edit here."""
    return unicodedata.normalize("NFD", word)


def korean_pieces(word: str, known: Callable[[str], bool]) -> list[str]:
    """A Korean word cut into the name it carries and its prefix or particle, when the name is
    `known`: "주독일" → ["주", "독일"], "헝가리에서" → ["헝가리", "에서"], "한국의" → ["한국",
    "의"]; else the word as it is."""
    if known(word) or len(word) < 2:
        return [word]
    for particle in KOREAN_PARTICLES:
        stem = word[: -len(particle)]
        if word.endswith(particle) and stem and (known(stem) or _resident_in(stem, known)):
            return [*korean_pieces(stem, known), particle]
    if _resident_in(word, known):
        return [KOREAN_RESIDENT_IN, *korean_pieces(word[1:], known)]
    if word.startswith(KOREAN_RESIDENT_IN):
        # "주포르투갈대한민국대사관", "주한스웨덴대사관": the prefix, then words written together,
        # the first of which may be a one-syllable name ("한": Korea).
        pieces = _written_together(word[1:], known, shortest=1)
        if pieces:
            return [KOREAN_RESIDENT_IN, *pieces]
    return _written_together(word, known, shortest=2) or [word]


def _written_together(word: str, known: Callable[[str], bool], shortest: int) -> list[str]:
    """Known words written together ("한국대사관": Korea + embassy), longest known head first;
    [] unless every piece is known or a particle."""
    for cut in range(len(word) - 1, shortest - 1, -1):
        head, rest = word[:cut], word[cut:]
        if known(head):
            pieces = korean_pieces(rest, known)
            if all(known_or_particle(piece, known) for piece in pieces):
                return [head, *pieces]
    return []


def known_or_particle(piece: str, known: Callable[[str], bool]) -> bool:
    """A piece of Korean written together: a known word, or a particle after one."""
    return known(piece) or piece in KOREAN_PARTICLES


def _resident_in(word: str, known: Callable[[str], bool]) -> bool:
    """ "주" + a known place, possibly with a particle ("주독일", "주오사카에")."""
    if not word.startswith(KOREAN_RESIDENT_IN) or len(word) < 2:
        return False
    rest = word[1:]
    return known(rest) or any(
        rest.endswith(particle) and known(rest[: -len(particle)]) for particle in KOREAN_PARTICLES
    )
