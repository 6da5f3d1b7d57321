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

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

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
def skeleton(text: str) -> str:
    """A Latin spelling reduced to what romanisations agree on ("Rossiya", "rossija",
    "rossia" → "rosia"; "Kyiv", "Kiiv" → "kiv")."""
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = _NOT_LETTERS.sub("", "".join(ch for ch in folded if ch.isascii()))
    for written, merged in _DIGRAPHS:
        folded = folded.replace(written, merged)
    return _REPEATS.sub(r"\1", folded)


@lru_cache(maxsize=50_000)
def consonants(text: str) -> str:
    """The consonants of a Latin spelling (`skeleton` without its vowels, v and w): how an
    abjad's or Devanagari's romanisations compare ("sefarat", "sfrt" → "sfrt")."""
    return " ".join(
        _REPEATS.sub(r"\1", _VOWELS.sub("", _NASAL.sub("", word)))
        for word in skeleton(text).split()
    ).strip()


#: Scripts whose names are compared on their consonants.
_CONSONANTAL = re.compile(r"[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u0900-\u097f]")
#: Scripts whose names are compared on their whole skeleton.
_ALPHABETIC = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")


def romanised_keys(name: str) -> tuple[str, str]:
    """A name in another script as (its skeleton, its consonants), one of them empty: Cyrillic
    and Greek by skeleton, Arabic, Persian, Hebrew and Devanagari by consonants; ("", "") for
    a name already in Latin letters or in a script people do not romanise this way."""
    if _CONSONANTAL.search(name):
        # The Arabic article and the Hebrew one are left out, as readers often leave them.
        latin = anyascii(name).replace("'", "")
        words = [re.sub(r"^(?:al|l|h)(?=[^aeiou]{2})", "", word) for word in latin.split()]
        return "", consonants(" ".join(words))
    if _ALPHABETIC.search(name):
        return skeleton(anyascii(name).replace("'", "")), ""
    return "", ""


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


def latin_keys(name: str) -> tuple[str, str]:
    """A Latin name's skeleton and consonants, to meet the same name typed in another script
    ("Франкфурт", "फ्रैंकफर्ट" for Frankfurt)."""
    return skeleton(name), consonants(name)


def query_keys(text: str) -> tuple[str, str]:
    """A query's words of another script in Latin letters: their skeleton (Cyrillic, Greek)
    or their consonants (abjads, Devanagari); ("", "") for Latin words."""
    if _CONSONANTAL.search(text):
        return "", consonants(anyascii(text).replace("'", ""))
    if _ALPHABETIC.search(text):
        return skeleton(anyascii(text).replace("'", "")), ""
    return "", ""
