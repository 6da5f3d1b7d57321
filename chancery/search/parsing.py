"""Read a query: find the names, kind words and small words in it, and what role each plays.

`parse` cuts the query into spans the lexicon recognises (`Lexicon.match`: exactly, by stem,
or within a few typos), keeps the best non-overlapping set, and gives each country a sending and a host score
from the words around it ("of", "in", a demonym, a position before the kind word …).
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache

from chancery.lexicon import romanize, text, vietnamese, vocabulary
from chancery.lexicon.lexicon import (
    ARTICLE,
    CITY,
    COUNTRY,
    DEMONYM,
    EXACT,
    FILLER,
    FUNCTION_TYPES,
    FUZZY,
    HANGUL,
    HOST,
    HOST_AFTER,
    INTENT,
    KATAKANA,
    KIND,
    MAX_SPAN,
    SENDING,
    SENDING_AFTER,
    STEM,
    Lexicon,
    Reading,
    Word,
)

#: Chinese, Japanese and Korean words for "stationed in", after which a country may be one
#: character ("驻华", "在日", "주미").
STATIONED_IN = frozenset({"驻", "駐", "在", text.KOREAN_RESIDENT_IN})
HOLY_SEE = "VA"
ROMANISED_KOREAN_RESIDENT_IN = "ju"
#: The Chinese "stationed in" alone (在 is also the everyday "in", 주 a prefix).
STATIONED_ABROAD = frozenset({"驻", "駐"})
QUALITY = {EXACT: 1.0, STEM: 0.93, FUZZY: 0.8}
#: "In", written onto the place's name in Hebrew and Arabic ("בצ'ילה": in Chile, "بالقاهرة": in
#: Cairo, "bekolombia": in Colombia); the lexicon reads the name under it (`Match.written_on`).
IN_WRITTEN_ON = ("ב", "ب", "be", "ba", "bi")


@dataclass
class Mention:
    start: int
    end: int
    text: str
    readings: tuple[Reading, ...]
    match: str = EXACT
    typos: int = 0
    written_on: str = ""

    @property
    def quality(self) -> float:
        return QUALITY[self.match] - 0.05 * self.typos

    def of_type(self, *types: str) -> list[Reading]:
        return [r for r in self.readings if r.type in types]

    @property
    def is_function(self) -> bool:
        return bool(self.readings) and all(r.type in FUNCTION_TYPES for r in self.readings)


@dataclass
class ParsedQuery:
    tokens: list[Word]
    mentions: list[Mention]
    kind: str | None = None
    consular: bool = False
    #: Per place mention index: evidence that it is the sender / the host.
    send_evidence: dict[int, float] = field(default_factory=dict)
    host_evidence: dict[int, float] = field(default_factory=dict)
    leftovers: list[str] = field(default_factory=list)
    #: The sender a "stationed in" prefix implies when no sender is named ("주상하이
    #: 총영사관": Korea's), a country id.
    implied_sender: int | None = None
    #: The host a query in Japanese or Korean implies when it names none: the writer's own
    #: country ("ブラジル大使館" is Brazil's embassy in Japan), a country id.
    implied_host: int | None = None


#: Turkish writes its case endings on a name after an apostrophe ("Sri Lanka'da", "Berlin'de",
#: "Paris'te", "Roma'daki", "Almanya'nın"); as words of their own "da" and "de" would read as
#: "of" in other languages, they are read on the name, as when typed without the apostrophe.
TURKISH_CASE = re.compile(r"(?<=\w)['’](n?[dt][ae](?:ki)?|n?[ıiuü]n)\b", re.IGNORECASE)
#: The dative and accusative after an apostrophe ("Başkonsolosluğu'na", "Ankara'ya",
#: "Elçiliği'ni") say nothing of who sends or hosts: left out.
TURKISH_OBJECT_CASE = re.compile(r"(?<=\w)['’][ny]?[aeıiuü]\b", re.IGNORECASE)


def tokenize(query: str, lexicon: Lexicon) -> list[Word]:
    out: list[Word] = []
    query = TURKISH_OBJECT_CASE.sub("", TURKISH_CASE.sub(r"\1", query))
    all_caps = query.upper() == query

    def known(piece: str) -> bool:
        return piece in lexicon.exact or piece in lexicon.cjk_abbreviations

    query, transcribed = _vietnamese_transcriptions(query, lexicon)
    for raw in text.raw_tokens_with_case(query):
        folded_word = text.fold(raw)
        alone = lexicon.cjk_abbreviations.get(folded_word) if text.is_han(folded_word) else None
        if alone:
            # A country's one character standing alone: "ガボン大使館（仏）", in France.
            out.append(Word(folded_word, alone))
            continue
        if text.is_unspaced(folded_word) or text.is_hangul(folded_word):
            pieces = (
                text.segment_unspaced(
                    _with_homophones_mended(
                        _with_katakana_mended(_with_hiragana_names(folded_word, lexicon), lexicon),
                        lexicon,
                    ),
                    lexicon.unspaced_keys,
                )
                if text.is_unspaced(folded_word)
                else _korean_pieces(folded_word, lexicon, known)
            )
            for piece in pieces:
                named = lexicon.cjk_abbreviations.get(piece)
                if named and out and out[-1].folded in STATIONED_IN:
                    out.append(Word(piece, named))  # "驻华", "주미": in China, in the US
                    continue
                if piece in STATIONED_ABROAD and out:
                    # "美驻匈大使馆": the one character before 驻 names the sender.
                    sender = lexicon.cjk_abbreviations.get(out[-1].folded)
                    if sender and out[-1].folded not in lexicon.exact:
                        out[-1] = Word(out[-1].raw, sender)
                out.append(Word(piece, piece))
            continue
        stationed = lexicon.romanised_stationed.get(folded_word)
        if stationed:  # "zhuhua": 驻华, in China
            prefix, named = stationed
            out.extend((Word(prefix, prefix), Word(named, named)))
            continue
        together = (
            _romanised_written_together(folded_word, lexicon)
            or _pinyin_stationed_in(folded_word, lexicon)
            if raw.isascii()
            else None
        )
        if together:  # "niboerzhuaodilidashiguan": 尼泊尔 驻 奥地利 大使馆
            out.extend(Word(piece, piece) for piece in together)
            continue
        if folded_word in transcribed:  # "Ác-hen-ti-na": Argentina
            folded_word = transcribed[folded_word]
        elif raw.isascii():
            folded_word = romanize.arabizi_letters(folded_word)
        out.append(Word(text.lower(raw), folded_word, raw.isupper(), all_caps, raw[:1].isupper()))
    out = _romanised_korean_resident_in(out)
    return _with_vietnamese_marks(_abbreviations_before_kind_words(out, lexicon), lexicon)


def _vietnamese_transcriptions(query: str, lexicon: Lexicon) -> tuple[str, dict[str, str]]:
    """A Vietnamese query's foreign names written by ear ("đại sứ quán Ác-hen-ti-na"), each
    made one word, → the name it writes (`Lexicon.transcribed`); a name the vocabulary knows
    with its hyphens ("Guinea-Bissau", "Xê-nê-gan" if listed) is left to it."""
    if "-" not in query or not vietnamese.looks_vietnamese(
        query, vocabulary.VIETNAMESE_WITHOUT_MARKS
    ):
        return query, {}
    transcribed: dict[str, str] = {}
    for run in vietnamese.transcriptions(query):
        known = text.key(run) in lexicon.exact
        name = None if known else lexicon.transcribed(run)
        # A run that names something whole is one name; else each of its words may be one.
        pieces = [run] if name or known else run.split(" ")
        for written in pieces:
            if text.key(written) in lexicon.exact:
                continue
            # One word, read as the name it writes: its syllables are no words of their own
            # ("Béc-lin": no "béc", no "lin"), whether a name is found or not.
            joined = written.replace("-", "").replace(" ", "")
            query = query.replace(written, joined)
            found = name if written == run else lexicon.transcribed(written)
            if found:
                transcribed[text.fold(joined)] = found
    return query, transcribed


#: The longest name cut out of pinyin or romaji typed as one word.
ROMANISED_PIECE_LONGEST = 16


def _romanised_written_together(word: str, lexicon: Lexicon) -> list[str] | None:
    """A whole query in pinyin or romaji typed as one word, as a script without spaces is
    written ("niboerzhuaodilidashiguan"), ending in its kind word: cut into that word and the
    names before it, and "stationed in" ("zhu"), each piece a name in that script."""
    if word in lexicon.exact or not word.isalpha():
        return None
    kind = next(
        (k for k in _romanised_kind_words() if word.endswith(k) and len(word) > len(k)), None
    )
    if kind is None:
        return None
    head = word[: -len(kind)]
    # The fewest pieces that spell the head, by dynamic programming over its letters.
    fewest: list[list[str] | None] = [[], *([None] * len(head))]
    for end in range(1, len(head) + 1):
        for start in range(max(0, end - ROMANISED_PIECE_LONGEST), end - 1):
            before, found = fewest[start], fewest[end]
            piece = head[start:end]
            if before is None or (found is not None and len(found) <= len(before) + 1):
                continue
            if piece in ROMANISED_STATIONED or romanize.skeleton(piece) in lexicon.romanised_apart:
                fewest[end] = [*before, piece]
    pieces = fewest[len(head)]
    return [*pieces, kind] if pieces else None


#: "Stationed in" (驻) in pinyin.
PINYIN_STATIONED = "zhu"
#: The shortest name read after "zhu" in one word: "zhu" + two letters is as often a word.
_STATIONED_NAME_SHORTEST = 4


def _pinyin_stationed_in(word: str, lexicon: Lexicon) -> list[str] | None:
    """ "Stationed in" typed onto a name in pinyin ("zhujianada": 驻加拿大, in Canada), cut
    into the two."""
    rest = word.removeprefix(PINYIN_STATIONED)
    if (
        rest == word
        or len(rest) < _STATIONED_NAME_SHORTEST
        or word in lexicon.exact
        or romanize.skeleton(rest) not in lexicon.romanised_apart
    ):
        return None
    return [PINYIN_STATIONED, rest]


#: "Stationed in" in pinyin (驻, 駐) and in the Revised Romanisation (주).
ROMANISED_STATIONED = frozenset({PINYIN_STATIONED, ROMANISED_KOREAN_RESIDENT_IN})


@cache
def _romanised_kind_words() -> tuple[str, ...]:
    """The kind words of Chinese, Japanese and Korean in Latin letters, longest first (so
    "zonglingshiguan" before "lingshiguan")."""
    return tuple(sorted(vocabulary.HEAD_FINAL_ROMANISED_KIND_WORDS, key=len, reverse=True))


def _romanised_korean_resident_in(words: list[Word]) -> list[Word]:
    """Korean typed in Latin letters writes 주 ("resident in") as "ju", apart from the place
    at times ("ju niigata chongyeongsagwan"); read so only beside a romanised Korean kind word,
    as "ju" is a word of its own in other languages."""
    if not any(romanize.skeleton(word.folded) in _romanised_korean() for word in words):
        return words
    return [
        Word(text.KOREAN_RESIDENT_IN, text.KOREAN_RESIDENT_IN)
        if word.folded == ROMANISED_KOREAN_RESIDENT_IN and k + 1 < len(words)
        else word
        for k, word in enumerate(words)
    ]


@cache
def _romanised_korean() -> frozenset[str]:
    return frozenset(map(romanize.skeleton, vocabulary.ROMANISED_KOREAN_KIND_WORDS))


def _korean_pieces(word: str, lexicon: Lexicon, known: Callable[[str], bool]) -> list[str]:
    """`text.korean_pieces`, with a name typed one letter off mended first when the word is
    not all known pieces ("중국대사곤": China + a misspelt embassy)."""
    pieces = text.korean_pieces(word, known)
    if all(_known_korean_piece(piece, known) for piece in pieces):
        return pieces
    # A country's one-syllable name written onto a kind word, as the Korean press writes the
    # owner ("미총영사관": the US consulate-general; `_abbreviations_before_kind_words`).
    owned = text.korean_pieces(word[1:], known) if len(word) > 2 else []
    if (
        word[0] in lexicon.cjk_abbreviations
        and owned
        and any(r.type == KIND for r in lexicon.exact.get(owned[0], ()))
        and all(_known_korean_piece(piece, known) for piece in owned)
    ):
        return [word[0], *owned]
    mended = _mended_korean(word, lexicon, known)
    return text.korean_pieces(mended, known) if mended else pieces


#: Japanese particles that stand between names typed in hiragana ("ぷらはのあるぜんちん": Prague's
#: Argentina), in katakana as a run read in katakana writes them.
#: (As `text.fold` writes them, without voicing marks: "で" is "て".)
_PARTICLES_IN_HIRAGANA = frozenset(text.fold("のをはでにがとへもや"))
_PARTICLES_IN_KATAKANA = frozenset(text.as_katakana("".join(_PARTICLES_IN_HIRAGANA)))


def _with_hiragana_names(word: str, lexicon: Lexicon) -> str:
    """Foreign names typed in hiragana, the input method left unconverted ("ぷらはの
    あるぜんちん大使館": Prague, Argentina): a run of hiragana that is, in katakana, known
    names and the particles between them, is read so; in a run with other words too
    ("ぺるーのえじぷとたいしかんはどこですか"), the names that stand between particles, kind
    words and the run's ends (`_hiragana_names_between_words`). Everyday words stay as typed
    ("ありますか" holds "リマ", Lima, and more)."""

    def names_only(katakana: str) -> bool:
        pieces = text.segment_unspaced(katakana, lexicon.unspaced_keys)
        return any(len(piece) >= 3 for piece in pieces) and all(
            (piece in lexicon.unspaced_keys and len(piece) >= 2) or piece in _PARTICLES_IN_KATAKANA
            for piece in pieces
        )

    def in_katakana(found: re.Match[str]) -> str:
        run = found.group()
        if run in lexicon.unspaced_keys:
            return run
        katakana = _as_katakana_key(run)
        if names_only(katakana):
            return katakana
        return _hiragana_names_between_words(run, lexicon)

    return text.HIRAGANA_RUN.sub(in_katakana, word) if text.has_kana(word) else word


#: The shortest name read out of a run of hiragana with other words in it: two kana are as
#: often part of a word ("りま" in "ありますか").
_HIRAGANA_NAME_SHORTEST = 3
#: … and the longest word looked for there, as `text.segment_unspaced` looks.
_HIRAGANA_WORD_LONGEST = 16


def _as_katakana_key(hiragana: str) -> str:
    """Hiragana as the key of the same name in katakana ("りやど" → リヤド → "リアト")."""
    return text.fold(text.as_katakana(hiragana))


def _hiragana_names_between_words(run: str, lexicon: Lexicon) -> str:
    """The names in a run of hiragana written in katakana, where each stands between the
    run's ends, particles, kind words typed in hiragana ("たいしかん") and other such names:
    "ぺるーのえじぷとたいしかんはどこですか" is ペルー, の, エジプト, たいしかん and the
    question as typed. The most kana read as names and kind words wins."""
    n = len(run)

    def known_word(start: int, end: int) -> bool:
        return run[start:end] in lexicon.unspaced_keys and end - start >= 2

    def name(start: int, end: int) -> bool:
        if end - start < _HIRAGANA_NAME_SHORTEST:
            return False
        readings = lexicon.exact.get(_as_katakana_key(run[start:end]), ())
        return any(r.type in (COUNTRY, CITY, DEMONYM) for r in readings)

    def word_starts(at: int) -> bool:
        return (
            at == n
            or run[at] in _PARTICLES_IN_HIRAGANA
            or any(
                known_word(at, end) or name(at, end)
                for end in range(at + 2, min(n, at + _HIRAGANA_WORD_LONGEST) + 1)
            )
        )

    # best[i][after_word]: (kana read, pieces) for run[:i], after_word telling whether a word
    # ends at i (or i is the run's start), so that a name may start there.
    Best = tuple[int, tuple[str, ...]]
    best: list[dict[bool, Best]] = [{} for _ in range(n + 1)]
    best[0][True] = (0, ())

    def offer(at: int, after_word: bool, found: Best) -> None:
        if found[0] > best[at].get(after_word, (-1, ()))[0]:
            best[at][after_word] = found

    for i in range(n):
        for after_word, (read, pieces) in list(best[i].items()):
            offer(i + 1, run[i] in _PARTICLES_IN_HIRAGANA, (read, (*pieces, run[i])))
            for end in range(i + 2, min(n, i + _HIRAGANA_WORD_LONGEST) + 1):
                if known_word(i, end):
                    offer(end, True, (read + end - i, (*pieces, run[i:end])))
                elif after_word and name(i, end) and word_starts(end):
                    offer(end, True, (read + end - i, (*pieces, _as_katakana_key(run[i:end]))))
    read, pieces = max(best[n].values())
    return "".join(pieces) if read else run


def _with_katakana_mended(word: str, lexicon: Lexicon) -> str:
    """A name in katakana typed one kana off ("アルゼンチソ") leaves kana that start no known
    word: such a run of katakana, mended, is the name."""

    # A run of katakana within a longer known name is that name's ("中央アフリカ", the Central
    # African Republic, holds アフリカ, a kana off アメリカ).
    within_names: list[range] = []
    at = 0
    for piece in text.segment_unspaced(word, lexicon.unspaced_keys):
        if piece in lexicon.unspaced_keys:
            within_names.append(range(at, at + len(piece) + 1))
        at += len(piece)

    def mend(run: re.Match[str]) -> str:
        found = run.group()
        if any(
            run.start() in name and run.end() in name and len(name) - 1 > len(found)
            for name in within_names
        ):
            return found
        pieces = text.segment_unspaced(found, lexicon.unspaced_keys)
        if all(len(piece) > 1 or piece in lexicon.exact for piece in pieces):
            return found
        return lexicon.mended(found, KATAKANA) or found

    return text.KATAKANA_MENDED_RUN.sub(mend, word)


#: The longest Chinese name read with a character that sounds like the one typed.
HOMOPHONE_LONGEST = 8
#: Slips mended in one word, at most.
HOMOPHONE_SLIPS = 3


def _with_homophones_mended(word: str, lexicon: Lexicon) -> str:
    """Chinese typed with pinyin input picks, at times, a character that sounds like the one
    meant ("辦世處", "尚海"): it starts no known word. A run of characters around it that
    sounds like a name, and is that name but for it, is the name."""
    for _ in range(HOMOPHONE_SLIPS):
        mended = _one_homophone_mended(word, lexicon)
        if mended is None:
            break
        word = mended
    return word


def _one_homophone_mended(word: str, lexicon: Lexicon) -> str | None:
    pieces = text.segment_unspaced(word, lexicon.unspaced_keys)
    # A name is read over whole pieces: "台北經濟" is not "台北京濟", though "北經" sounds
    # like Beijing.
    bounds = set(itertools.accumulate(map(len, pieces), initial=0))
    for piece, at in zip(pieces, sorted(bounds), strict=False):
        if len(piece) > 1 or not text.is_han(piece) or _known_character(piece, lexicon):
            continue
        # The longest name first: "尚海" in "驻尚海总领事馆" is Shanghai, whatever else sounds so.
        for length in range(min(HOMOPHONE_LONGEST, len(word)), 1, -1):
            for start in range(max(0, at - length + 1), min(at, len(word) - length) + 1):
                typed = word[start : start + length]
                if start + length not in bounds or start not in bounds or not text.is_cjk(typed):
                    continue
                # A known name and one more character is that name and a word ("高雄事務所":
                # Kaohsiung's office, not 高雄市), unless what it sounds like is a country and
                # the name is none ("红都拉斯": Honduras, not 都拉斯, Durrës, and "red").
                rest = typed[1:] if at == start else typed[:-1] if at == start + length - 1 else ""
                name = lexicon.sounding_alike(typed)
                if not name or (
                    rest in lexicon.exact
                    and (not _names_a_country(name, lexicon) or _names_a_country(rest, lexicon))
                ):
                    continue
                return word[:start] + name + word[start + length :]
    return None


def _names_a_country(name: str, lexicon: Lexicon) -> bool:
    return any(reading.type == COUNTRY for reading in lexicon.exact.get(name, ()))


def _known_character(character: str, lexicon: Lexicon) -> bool:
    return character in lexicon.exact or character in lexicon.cjk_abbreviations


def _known_korean_piece(piece: str, known: Callable[[str], bool]) -> bool:
    return text.known_or_particle(piece, known) or piece == text.KOREAN_RESIDENT_IN


def _mended_korean(word: str, lexicon: Lexicon, known: Callable[[str], bool]) -> str | None:
    """The word with one misspelt name in it mended: known pieces before it, and at most a
    particle after it."""
    shortest = 2  # two syllables by a vowel that sounds alike only (`Lexicon.mended`)
    for start in range(len(word) - shortest + 1):
        head = word[:start]
        if head and not all(
            _known_korean_piece(piece, known) for piece in text.korean_pieces(head, known)
        ):
            continue
        for end in range(len(word), start + shortest - 1, -1):
            tail = word[end:]
            if tail and tail not in text.KOREAN_PARTICLES:
                continue
            name = lexicon.mended(word[start:end], HANGUL)
            if name:
                return head + name + tail
    return None


def _abbreviations_before_kind_words(words: list[Word], lexicon: Lexicon) -> list[Word]:
    """A country's one-character name right before a kind word is that country, as Japanese,
    Chinese and Korean write their owners ("米大使館": the US embassy; "在モンゴル仏大使館";
    "주이라크 美대사관")."""
    out = list(words)
    for index, word in enumerate(words[:-1]):
        named = lexicon.cjk_abbreviations.get(word.folded)
        following = lexicon.exact.get(words[index + 1].folded, ())
        if named and any(reading.type == KIND for reading in following):
            out[index] = Word(word.raw, named)
    return out


def _with_vietnamese_marks(words: list[Word], lexicon: Lexicon) -> list[Word]:
    """A Vietnamese query typed without marks, read with the marks its words most often have
    ("dai su quan my": the United States' embassy; "toi bi mat ho chieu": I lost my passport,
    not Belgium)."""
    if any(not word.raw.isascii() for word in words):
        return words
    typed = f" {' '.join(word.folded for word in words)} "
    if not any(f" {sign} " in typed for sign in vocabulary.VIETNAMESE_WITHOUT_MARKS):
        return words
    out: list[Word] = []
    for index, word in enumerate(words):
        marked = lexicon.vietnamese_marked.get(word.folded)
        # The marked spelling is the name where the plain one is a small word ("mỹ", "my").
        marked_is_name = lexicon.function_type(word.folded) is not None
        before = words[index - 1].folded if index else ""
        if marked and (marked_is_name or before not in vocabulary.VIETNAMESE_BEFORE_NAMES):
            word = replace(word, raw=marked)
        out.append(word)
    return out


def _span_mentions(tokens: list[Word], lexicon: Lexicon, i: int, j: int) -> Mention | None:
    found = lexicon.match(tokens[i:j])
    if found is None:
        return None
    shown = " ".join(t.raw for t in tokens[i:j])
    return Mention(i, j, shown, found.readings, found.how, found.typos, found.written_on)


def _span_value(mention: Mention) -> float:
    n = mention.end - mention.start
    if mention.is_function and n == 1:
        return 0.5
    # A phrase of several words is worth as much whatever it is: "hộ chiếu" (passport) is one
    # word in two syllables, not the towns Ho and Chieri.
    return (n**1.3) * mention.quality


def segment(tokens: list[Word], lexicon: Lexicon) -> list[Mention]:
    """The best set of non-overlapping mentions (weighted interval scheduling)."""
    n = len(tokens)
    candidates: dict[int, list[Mention]] = {i: [] for i in range(n)}
    for i in range(n):
        for j in range(i + 1, min(n, i + MAX_SPAN) + 1):
            mention = _span_mentions(tokens, lexicon, i, j)
            if mention is not None:
                candidates[i].append(mention)
    best: list[tuple[float, list[Mention]]] = [(0.0, [])] * (n + 1)
    for i in range(n - 1, -1, -1):
        score, chosen = best[i + 1]  # skip token i
        for mention in candidates[i]:
            value = _span_value(mention) + best[mention.end][0]
            if value > score + 1e-9:
                score, chosen = value, [mention, *best[mention.end][1]]
        best[i] = (score, chosen)
    return best[0][1]


def _implied_host(query: str, lexicon: Lexicon) -> int | None:
    """Japan for a query in Japanese (kana), Korea for one in Hangul, India for one in
    Devanagari: a mission named there without a place is the one in the writer's country."""
    if text.has_kana(query):
        return lexicon.codes.get("JP")
    if any(text.is_hangul(character) for character in query):
        return lexicon.codes.get("KR")
    if any(text.is_devanagari(character) for character in query):
        return lexicon.codes.get("IN")  # Hindi, India's; Nepali's Nepal is named when meant
    return None


def _implied_sender(query: str, tokens: list[Word], lexicon: Lexicon) -> int | None:
    """The writer's own country, when a "stationed in" prefix names its missions."""
    for token in tokens:
        code = vocabulary.OWN_MISSIONS_PREFIXES.get(token.raw)
        if code is None or (code == "JP" and not text.has_kana(query)):
            continue
        return lexicon.codes.get(code)
    return None


def _without_common_words_as_towns(
    mentions: list[Mention], tokens: list[Word], lexicon: Lexicon
) -> list[Mention]:
    """ "ho perso il passaporto in Giordania … l'ambasciata italiana": a town named by an
    everyday word is that word when two other places are named (a sender and a host), unless
    a word for "in" stands just before it ("mi hanno rubato il passaporto a Lima") and it is
    written as the other names are: in a query that capitalises names, "di sana" (Indonesian:
    there) is no town."""
    places = [m for m in mentions if m.of_type(COUNTRY, DEMONYM, CITY)]
    if len(places) < 3:
        return mentions

    def capitalised(m: Mention) -> bool:
        return tokens[m.start].capitalised

    names_capitalised = any(capitalised(m) for m in places)
    kept = []
    for k, m in enumerate(mentions):
        after_in = k > 0 and mentions[k - 1].end == m.start and mentions[k - 1].of_type(HOST)
        if (
            m.end - m.start == 1
            and text.key(m.text) in lexicon.common_words
            and not m.of_type(COUNTRY, DEMONYM, KIND)
            and not (after_in and (capitalised(m) or not names_capitalised))
        ):
            continue
        kept.append(m)
    return kept


@cache
def _kind_word_languages() -> dict[str, frozenset[str]]:
    """Kind word (as folded) → the languages it belongs to (`KIND_WORDS_BY_LANGUAGE`)."""
    languages: defaultdict[str, set[str]] = defaultdict(set)
    for language, words in vocabulary.KIND_WORDS_BY_LANGUAGE.items():
        for word in words:
            languages[text.key(word)].add(language)
    return {key: frozenset(found) for key, found in languages.items()}


def _codes_in_the_query_language(
    tokens: list[Word], mentions: list[Mention], lexicon: Lexicon
) -> list[Mention]:
    """ "Veleposlaništvo RS v Londonu": letters that are one country's code and another's own
    abbreviation are the latter's beside a kind word of its language (Slovenia, not Serbia),
    typed in small letters too ("tc sofya büyükelçiliği")."""
    languages = {
        language
        for m in mentions
        if m.of_type(KIND)
        for language in _kind_word_languages().get(text.key(m.text), ())
    }
    if not languages:
        return mentions
    covered = {k for m in mentions for k in range(m.start, m.end)}
    for k, token in enumerate(tokens):
        shared = lexicon.shared_codes.get(token.raw.upper(), ()) if k not in covered else ()
        owners = sorted({country for country, language in shared if language in languages})
        if owners and token.raw.isalpha():
            readings = tuple(Reading(COUNTRY, country, 1.0) for country in owners)
            mentions = [*mentions, Mention(k, k + 1, token.folded, readings, STEM)]
    mentions.sort(key=lambda m: m.start)
    for mention in mentions:
        shared = (
            lexicon.shared_codes.get(mention.text.upper(), ())
            if mention.end - mention.start == 1
            else ()
        )
        meant = {country for country, language in shared if language in languages}
        if meant:
            mention.readings = tuple(
                Reading(r.type, r.target, 1.0 if r.target in meant else min(r.weight, 0.9))
                if r.type == COUNTRY
                else r
                for r in mention.readings
            )
    return mentions


#: Words between a town and the representative office named after it, at most: what the office
#: is for ("貿易經濟", "商務"). With none, the town is where it stands ("愛丁堡辦事處").
OFFICE_NAME_WORDS_BETWEEN = 4


def _towns_stationed_abroad(mentions: list[Mention], lexicon: Lexicon) -> None:
    """ "台北駐日經濟文化代表處": a town just before "stationed in" names its government, as
    Taiwan's offices are named after Taipei; so does a town that starts the name of a
    representative office for trade or culture ("駐科威特台北商務代表處", "烏蘭巴托貿易經濟代表處"),
    unless it follows "stationed in". The town is read as its country, the sender."""
    for k, (mention, after) in enumerate(itertools.pairwise(mentions)):
        stationed_abroad = after.start == mention.end and after.text in STATIONED_ABROAD
        office = (
            after.of_type(KIND)
            and after.text.endswith(vocabulary.OFFICE_NAMED_AFTER_ITS_GOVERNMENT)
            and 0 < after.start - mention.end <= OFFICE_NAME_WORDS_BETWEEN
            and text.is_cjk(mention.text)
            and not (k > 0 and mentions[k - 1].text in STATIONED_IN)
        )
        if (
            (stationed_abroad or office)
            and mention.of_type(CITY)
            and not mention.of_type(COUNTRY, DEMONYM)
        ):
            countries = {lexicon.cities[int(r.target)].country_id for r in mention.of_type(CITY)}
            mention.readings = tuple(
                Reading(DEMONYM, country, 0.9) for country in countries if country is not None
            )


def _romanised_countries_in_a_romanised_query(mentions: list[Mention], lexicon: Lexicon) -> None:
    """A query in pinyin, romaji or romanised Korean, told by its kind word ("dashiguan"),
    names countries and towns with missions in those letters too where a word is also a
    town's Latin spelling: "aman dashiguan beijing" is Oman's (阿曼), though "Aman" spells
    Amman; "bali" is Paris (巴黎) as well as Bali."""
    if not any(
        romanize.skeleton(m.text.replace(" ", "")) in _head_final_romanised() for m in mentions
    ):
        return
    for mention in mentions:
        if not mention.text.isascii() or mention.of_type(KIND):
            continue
        latin = romanize.skeleton(mention.text.replace(" ", ""))
        if latin not in lexicon.romanised_apart:
            continue
        names_a_country = bool(mention.of_type(COUNTRY, DEMONYM))
        named = tuple(
            r
            for r in lexicon.romanised.get(latin, ())
            if (r.type == COUNTRY and not names_a_country)
            or (r.type == CITY and int(r.target) in lexicon.mission_towns)
        )
        mention.readings = (*mention.readings, *(r for r in named if r not in mention.readings))


_LOCATIVE_ENDINGS = frozenset(
    (
        *text.TURKISH_LOCATIVE_ENDINGS,
        *text.HUNGARIAN_LOCATIVE_ENDINGS,
        text.HUNGARIAN_ADJECTIVE_ENDING,
    )
)


def _in_written_on(written_on: str) -> bool:
    """Whether the small words written on a name say "in": a Turkish or Hungarian locative
    ending (or the Hungarian adjective of a place, "bécsi"), or Hebrew's and Arabic's "in",
    alone or with "the" ("בפריז", "بالقاهرة", "bekolombia", "Moszkvában")."""
    return written_on in _LOCATIVE_ENDINGS or (
        written_on.endswith(IN_WRITTEN_ON)
        or (written_on[:1] in IN_WRITTEN_ON and written_on[1:] in ("ה", "ال"))
    )


def _names_its_owner(kind: Mention) -> bool:
    """Whether the kind word is of a language that names the owner right after it, as a
    genitive or in the construct state: Greek, Russian, Ukrainian, Arabic, Persian, Hebrew,
    Thai ("πρεσβεία της Ελλάδας", "سفارت ایران", "สถานทูตไทย"); or with no word between:
    Vietnamese, Indonesian, Malay ("đại sứ quán Panama tại Hà Nội")."""
    if text.key(kind.text) in _owner_after():
        return True
    return not text.is_latin(kind.text.replace(" ", "")) and not _head_final(kind)


@cache
def _owner_after() -> frozenset[str]:
    return frozenset(map(text.key, vocabulary.OWNER_AFTER_KIND_WORDS))


def _head_final(kind: Mention) -> bool:
    """Whether the kind word is Korean, Japanese or Chinese, languages whose modifiers come
    just before the noun they qualify, in their scripts or in Latin letters."""
    written = kind.text.replace(" ", "")
    return (
        text.is_hangul(written)
        or text.is_cjk(written)
        or romanize.skeleton(written) in _head_final_romanised()
    )


@cache
def _head_final_romanised() -> frozenset[str]:
    return frozenset(map(romanize.skeleton, vocabulary.HEAD_FINAL_ROMANISED_KIND_WORDS))


def parse(query: str, lexicon: Lexicon) -> ParsedQuery:
    tokens = tokenize(query, lexicon)
    mentions = _without_common_words_as_towns(segment(tokens, lexicon), tokens, lexicon)
    mentions = _codes_in_the_query_language(tokens, mentions, lexicon)
    _romanised_countries_in_a_romanised_query(mentions, lexicon)
    _towns_stationed_abroad(mentions, lexicon)
    parsed = ParsedQuery(tokens=tokens, mentions=mentions)
    covered = {k for m in mentions for k in range(m.start, m.end)}
    parsed.leftovers = [t.raw for k, t in enumerate(tokens) if k not in covered]

    kinds = [m for m in mentions if m.of_type(KIND)]
    if kinds:
        # The most specific kind word wins ("consulate general" over "consulate").
        order = [
            "honorary_consulate",
            "consulate_general",
            "vice_consulate",
            "high_commission",
            "nunciature",
            "permanent_mission",
            "interests_section",
            "consulate",
            "embassy",
            "mission",
        ]
        found = {r.target for m in kinds for r in m.of_type(KIND)}
        parsed.kind = next((k for k in order if k in found), None)
    parsed.consular = any(m.of_type(INTENT) for m in mentions)
    parsed.implied_sender = _implied_sender(query, tokens, lexicon)
    if parsed.kind == "nunciature" and parsed.implied_sender is not None:
        # "주인도네시아 교황청 대사관": a nunciature is the Holy See's, whoever's prefix is written.
        parsed.implied_sender = lexicon.codes.get(HOLY_SEE)
    parsed.implied_host = _implied_host(query, lexicon)

    places = [k for k, m in enumerate(mentions) if m.of_type(COUNTRY, DEMONYM, CITY)]
    # A kind word whose owner follows it is not owned by a name before it (Vietnamese "hợp
    # pháp hoá giấy tờ ở đại sứ quán Panama": "legalise the papers at Panama's embassy").
    kind_positions = [m.start for m in kinds if text.key(m.text) not in _owner_after()]
    for order_index, k in enumerate(places):
        mention = mentions[k]
        send = host = 0.0
        if mention.of_type(DEMONYM) and not mention.of_type(COUNTRY, CITY):
            send += 3.0
        elif mention.of_type(DEMONYM):
            send += 1.0
        # The nearest word before the place, skipping articles ("in the", "de la").
        j, pos = k - 1, mention.start
        while (
            j >= 0
            and mentions[j].end == pos
            and mentions[j].of_type(ARTICLE)
            and not mentions[j].of_type(HOST, SENDING)
        ):
            pos, j = mentions[j].start, j - 1
        if j >= 0 and mentions[j].end == pos:
            before = mentions[j]
            host_readings = before.of_type(HOST)
            if host_readings:
                host += max(r.weight for r in host_readings) + 0.5
            if before.of_type(SENDING):
                send += 2.0
            if (
                before.of_type(KIND)
                and not host_readings
                and (
                    order_index == 0
                    or (
                        (mention.match == STEM or _names_its_owner(before))
                        and not _head_final(before)
                    )
                )
            ):
                # "посольство Германии", "سفارة البرازيل", "embassy Germany"; a name declined
                # after the kind word, or after a kind word of a language that puts the owner
                # there ("שגרירות אוזבקיסטן"), is its owner after a host too ("ukrali pasport
                # v tunise … posolstvo rossii"), where English "embassy New Zealand" names the
                # host; a name read from romaji after "taishikan" is not ("jibuti taishikan
                # doitsu": Djibouti's, in Germany).
                send += 1.0
        if any(pos > mention.start for pos in kind_positions):
            send += 1.0  # "Germany embassy", "German consulate"
        # "In" or "of" written on a country's name ("filipinlerde", "בצ'ילה", "almanyanin",
        # "kenyas"; a town is the host whatever is written on it, and its country decides no
        # more).
        if mention.of_type(COUNTRY):
            if _in_written_on(mention.written_on):
                host += 2.5
            elif mention.written_on in (*text.TURKISH_GENITIVE_ENDINGS, text.GERMANIC_GENITIVE):
                send += 2.0
        # A postposition after the place: Hindi "कनाडा में" (in Canada), "भारत का" (India's),
        # Korean "헝가리에서", Japanese "ベルギーで".
        following = mentions[k + 1] if k + 1 < len(mentions) else None
        if following is not None and following.start == mention.end:
            if following.of_type(HOST_AFTER):
                host += 2.5
            if following.of_type(SENDING_AFTER):
                send += 2.0
            if following.of_type(KIND) and order_index > 0 and _head_final(following):
                # In Korean, Japanese and Chinese the name just before the kind word names
                # whose office it is, an earlier one where ("이집트 한국 대사관", "カナダの日本
                # 大使館"); English "France Japan embassy" reads the other way.
                send += 1.0
                earlier = places[order_index - 1]
                if mentions[earlier].end <= mention.start:
                    parsed.host_evidence[earlier] = parsed.host_evidence.get(earlier, 0.0) + 1.0
        # Default reading order: the first place sends, the later ones host.
        if order_index == 0:
            send += 0.3
        else:
            host += 0.3
        if mention.of_type(CITY) and not mention.of_type(COUNTRY, DEMONYM):
            host += 1.0
        parsed.send_evidence[k] = send
        parsed.host_evidence[k] = host
    return parsed


__all__ = ["CITY", "COUNTRY", "DEMONYM", "FILLER", "Mention", "ParsedQuery", "parse"]
