"""Foreign names as Vietnamese writes them by ear, a syllable at a time joined by hyphens
("Ác-hen-ti-na", Argentina; "Vác-sa-va", Warsaw; "Bra-xin", Brazil), read as the names they
transcribe.

Both sides are brought to one key. The Vietnamese side is spelt out as its letters sound
(x is s, ph is f, gi is j, d is z, đ is d, a final c or ch is k …); the Latin name is taken as
written. Both then go through `romanize.skeleton` and lose what Vietnamese cannot write: an r
after the first letter (dropped: "Ca-ta", Qatar) and an l there (heard as n: "Man-ta", Malta);
s and z, c and k are one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .romanize import skeleton

#: Keys shorter than this name nothing ("Ba-ri" is Paris to the ear, and "bai" many things).
SHORTEST_KEY = 4
#: … and are read a letter off from this length ("Tuy-ni-di": "tunisi", Tunisie).
SHORTEST_MENDED_KEY = 5

#: A transcription: two syllables or more of a few letters each, joined by hyphens …
_WORD = r"(?:[^\W\d_]{1,5}-){1,6}[^\W\d_]{1,5}"
#: … and a name of several such words ("Cô-xta Ri-ca").
TRANSCRIPTION = re.compile(rf"(?<![\w-]){_WORD}(?: {_WORD})*(?![\w-])")

#: Vietnamese onsets as they sound, longest first.
_ONSETS = (
    ("ngh", "ng"),
    ("gh", "g"),
    ("gi", "j"),
    ("ph", "f"),
    ("th", "t"),
    ("qu", "kw"),
    ("nh", "ny"),
    ("ch", "ch"),
    ("tr", "tr"),
    ("kh", "kh"),
    ("x", "s"),
    ("d", "z"),
    ("đ", "d"),
    ("c", "k"),
)
#: Codas as they sound: a final c or ch is a k, nh and ng an n (as "Li-băng" writes Liban).
_CODAS = (("ch", "k"), ("nh", "n"), ("ng", "n"), ("c", "k"))
#: Vowels: "uy" writes the French u of "Tuy-ni-di" (Tunisie), y an i.
_VOWELS = (("uy", "u"), ("y", "i"))
#: Letters only Vietnamese writes: ă, đ, ơ, ư and the block of letters with tone marks.
_VIETNAMESE_LETTER = re.compile("[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")
#: An o before a, ă or e with no consonant before it is a w ("Oa-sinh-tơn", "Oen").
_GLIDE = re.compile("o(?=[aăe])")
#: No Vietnamese syllable ends in d: a name's last d is written t ("Bát-đa", Bagdad).
_LAST_D = re.compile("d$")
_LATER_R = re.compile(r"(?<=.)r")
_LATER_L = re.compile(r"(?<=.)l")
_REPEATS = re.compile(r"(.)\1+")


def _without_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "\0"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.replace("\0", "đ")


def _syllable_sound(syllable: str) -> str:
    """One Vietnamese syllable spelt as it sounds, in plain Latin letters."""
    rest = _without_marks(syllable.lower())
    onset = ""
    for written, sound in _ONSETS:
        if rest.startswith(written) and (written != "gi" or len(rest) > 2):
            onset, rest = sound, rest[len(written) :]
            break
    else:
        if _GLIDE.match(rest):
            onset, rest = "w", rest[1:]  # "Oa-sinh-tơn": Washington
    for written, sound in _CODAS:
        if rest.endswith(written) and len(rest) > len(written):
            rest = rest[: -len(written)] + sound
            break
    for written, sound in _VOWELS:
        rest = rest.replace(written, sound)
    return onset + rest.replace("đ", "d")


def _merged(key: str) -> str:
    """What the two sides share, from a skeleton: no later r, a later l as n, s for z, k
    for c, and a last d as t."""
    key = _LATER_L.sub("n", _LATER_R.sub("", key)).replace("z", "s").replace("c", "k")
    return _LAST_D.sub("t", _REPEATS.sub(r"\1", key))


def _syllables(written: str) -> list[str]:
    return [syllable for syllable in re.split(r"[-\s]+", written.strip()) if syllable]


@lru_cache(maxsize=10_000)
def transcription_spellings(written: str) -> tuple[str, ...]:
    """The skeletons a Vietnamese transcription may spell out, each syllable's apart: a letter
    ending one and the next one's first are no digraph ("Mát-xcơ"). A syllable ending in c
    before another may write an r no Vietnamese syllable ends in ("Béc-lin": "berlin")."""
    sounds = [_syllable_sound(syllable) for syllable in _syllables(written)]
    spellings = ["".join(skeleton(sound) for sound in sounds)]
    with_r = [
        sound[:-1] + "r" if sound.endswith("k") and i < len(sounds) - 1 else sound
        for i, sound in enumerate(sounds)
    ]
    if with_r != sounds:
        spellings.append("".join(skeleton(sound) for sound in with_r))
    return tuple(spellings)


def transcription_keys(written: str) -> tuple[str, ...]:
    """The keys of a Vietnamese transcription, one for each spelling it may write
    ("Vác-sa-va" → "vaksava", "vasava")."""
    return tuple(dict.fromkeys(_merged(spelling) for spelling in transcription_spellings(written)))


def transcription_key(written: str) -> str:
    """The key of a Vietnamese transcription as written ("Ca-na-đa" → "kanada")."""
    return transcription_keys(written)[0]


def name_key(name: str) -> str:
    """The key of a name in Latin letters ("Argentina" → "ahentina")."""
    return _merged(skeleton(name.replace(" ", "")))


def looks_vietnamese(query: str, without_marks: tuple[str, ...]) -> bool:
    """Whether a query is written in Vietnamese: with a letter only Vietnamese writes, or with
    one of its phrases typed without marks (`without_marks`: "dai su quan")."""
    if _VIETNAMESE_LETTER.search(query):
        return True
    spaced = f" {' '.join(re.findall(r'[a-z]+', query.lower()))} "
    return any(f" {phrase} " in spaced for phrase in without_marks)


def transcriptions(query: str) -> list[str]:
    """The words of a query written as Vietnamese transcribes a foreign name, those of a name
    of several words together."""
    return TRANSCRIPTION.findall(query)
