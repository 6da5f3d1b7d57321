"""The vocabulary: every name, demonym, city, kind word and small word, by key, and the one rule
that says what a run of words names (`Lexicon.match`).

Built from the database's countries, CLDR and pycountry names, the project's tables and the
GeoNames cities (see `builder`), once per process and again when the data changes (`store`).
Search reads queries with it, news tags articles with it, and the place lookups answer from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from . import morphology, romanize, text, vietnamese, vocabulary

# Reading types.
COUNTRY = "country"
DEMONYM = "demonym"
CITY = "city"
KIND = "kind"
HOST = "host"
SENDING = "sending"
#: Postpositions: the place before them is the host (Hindi "में", Japanese "で", Korean
#: "에서") or the sender (Hindi "का", Japanese "の", Korean "의").
HOST_AFTER = "host_after"
SENDING_AFTER = "sending_after"
INTENT = "intent"
ARTICLE = "article"
FILLER = "filler"

FUNCTION_TYPES = frozenset({HOST, SENDING, HOST_AFTER, SENDING_AFTER, INTENT, ARTICLE, FILLER})
#: The small words that say what a name is to the query: "in", "of", and their postpositions.
PREPOSITIONS = frozenset({HOST, SENDING, HOST_AFTER, SENDING_AFTER})


def place_meaning(readings: Sequence[Reading]) -> frozenset[tuple[str, int | str]]:
    """The place a name means: the countries it names, else the towns."""
    places = [r for r in readings if r.type == COUNTRY] or [r for r in readings if r.type == CITY]
    return frozenset((r.type, r.target) for r in places)


#: The scripts whose names are read one letter off (`Lexicon.mended`).
HANGUL, KATAKANA, ARABIC = "hangul", "katakana", "arabic"
#: The longest run of words that can name one thing.
MAX_SPAN = 9

# How a run of words matched: as written, in an inflected form, or within a few typos.
EXACT, STEM, FUZZY = "exact", "stem", "fuzzy"
#: A word shares its stem with a name when they agree on this many first letters at least …
SHARED_STEM_MIN = 4
#: … and differ only in the name's last two letters and in the word's case ending.
NAME_ENDING_MAX = 2
#: How sure a town with missions a letter from the town typed is to be the one meant.
NEAR_TOWN_WEIGHT = 0.85
#: An everyday word is an inflected name only by a stem this long (`Lexicon._inflected`).
EVERYDAY_SHORTEST_STEM = 5


@dataclass(frozen=True, slots=True)
class Reading:
    """One meaning of a key: a country, a city, a kind word …, with how much to trust it."""

    type: str
    target: int | str
    weight: float = 1.0


@dataclass(slots=True)
class City:
    """A city (GeoNames, or a mission's own city label when GeoNames lacks it) or a region."""

    id: int
    name: str
    country_id: int | None
    latitude: float | None
    longitude: float | None
    population: int = 0
    radius_km: float = 20.0
    is_region: bool = False
    main_city: str = ""


@dataclass
class CountryRow:
    id: int
    name: str
    iso_alpha2: str | None
    iso_alpha3: str | None
    names: dict[str, str]
    aliases: list[str]
    kind: str = "sovereign_state"
    #: The country's code in the project's tables: its ISO alpha-2 code, else its slug.
    slug: str = ""

    @property
    def code(self) -> str:
        return self.iso_alpha2 or self.slug


@dataclass(slots=True)
class Word:
    """A word of a query or a text: as typed (a query's in lower case), folded (`text.fold`)
    for the lookup, and whether it was typed in capitals, the only way an ISO code counts."""

    raw: str
    folded: str
    upper: bool = False
    #: The whole query is in capitals, so a code may be a small word ("DE", "IN").
    shouted: bool = False
    #: Typed with a capital first letter, as a name is in the alphabets that have capitals.
    capitalised: bool = False


@dataclass(frozen=True, slots=True)
class Match:
    """What a run of words names: its readings, how it matched, and with how many typos."""

    readings: tuple[Reading, ...]
    how: str = EXACT
    typos: int = 0
    #: The one-letter words written onto the name and taken off ("ב" of "בפריז", "be" of
    #: "bekiev"): they say what the name is to the rest of the query.
    written_on: str = ""

    @property
    def names_a_small_word(self) -> bool:
        return any(r.type in FUNCTION_TYPES for r in self.readings)


def shares_stem(word: str, name: str) -> int:
    """How many first letters `word` shares with `name` when it may be an inflected form of
    it (see SHARED_STEM_MIN), else 0."""
    if word == name:
        return len(word)
    limit = min(len(word), len(name))
    common = 0
    while common < limit and word[common] == name[common]:
        common += 1
    ending = word[common:]
    if (
        common < SHARED_STEM_MIN
        or len(name) - common > (NAME_ENDING_MAX if ending else 1)
        or ending not in vocabulary.CASE_ENDINGS
    ):
        # A word cut short of a name is no inflected form of it ("call", "Callao").
        return 0
    return common


def _by_shared_stem(
    words: list[str],
    index: dict[tuple[int, str], list[str]],
    table: dict[str, tuple[Reading, ...]],
    shortest: int = 0,
    *,
    towns_nearly_whole: bool = False,
) -> Match | None:
    """The names of `index` whose words each share their stem with `words`, the longest
    shared stems first, with their readings from `table`; none sharing fewer than `shortest`
    letters, and (`towns_nearly_whole`) no town's name but for more than its last letter."""
    # A word too short to show a stem must be the name's word as written ("nyu yorke":
    # Нью-Йорке, New York's locative in Russian, inflected on its last word only).
    if all(len(word) < SHARED_STEM_MIN for word in words):
        return None
    best: list[str] = []
    best_length = 0
    for name in index.get(stem_slot(words), ()):
        shared = 0
        # Letters of the name past the stem it shares: a short name written whole in the
        # word, or but for its last letter, is read however short ("v trstu": Trst, Trieste
        # in Slovenian; Greek "στη Ρόδο": Ρόδος).
        left = 0
        for word, name_word in zip(words, name.split(" "), strict=True):
            common = shares_stem(word, name_word)
            if not common:
                break
            shared += common
            left = max(left, len(name_word) - common)
        else:
            town = towns_nearly_whole and all(r.type == CITY for r in table.get(name, ()))
            if left > 1 and (shared < shortest or town):
                continue
            if shared > best_length:
                best, best_length = [name], shared
            elif shared == best_length:
                best.append(name)
    found: dict[tuple[str, int | str], float] = {}
    for name in best:
        for reading in table.get(name, ()):
            if reading.type not in FUNCTION_TYPES:
                slot = (reading.type, reading.target)
                found[slot] = max(found.get(slot, 0.0), reading.weight)
    if not found:
        return None
    return Match(tuple(Reading(t, target, w) for (t, target), w in found.items()), STEM)


def fuzzy_slot(name_key: str) -> tuple[bool, int, int]:
    """Where a key is filed among those read with typos: Cyrillic apart from Latin, so that
    a word is compared only with names in its own script; then by words and letters."""
    return (text.is_cyrillic(name_key), name_key.count(" ") + 1, len(name_key))


def stem_slot(words: Sequence[str]) -> tuple[int, str]:
    """Where a name of these words is filed among the stemmable ones."""
    return (len(words), words[0][:SHARED_STEM_MIN])


def key_of(span: Sequence[Word]) -> str:
    """The lexicon key of a run of words."""
    return " ".join([word.folded for word in span])


#: The spans whose near keys are kept (`Lexicon.approximate`), at most.
NEAR_KEPT = 20_000


def max_typos(length: int) -> int:
    """Edits allowed in a word or name of this many characters."""
    if length <= 3:
        return 0
    if length <= 7:
        return 1
    return 2


@dataclass
class Lexicon:
    """Every key the vocabulary knows, with its readings (built by `builder.build_lexicon`)."""

    exact: dict[str, tuple[Reading, ...]] = field(default_factory=dict)
    stems: dict[tuple[str, str], tuple[Reading, ...]] = field(default_factory=dict)
    #: How the stemmed names of several words begin: (language, words, first word's stem).
    #: A run of words whose first stem begins none of that length is not stemmed whole (a
    #: sentence has many runs, and a name of several words is rare among them).
    stem_heads: frozenset[tuple[str, int, str]] = frozenset()
    #: Upper-case codes (ISO alpha-2 and alpha-3) → country id; matched only as typed.
    codes: dict[str, int] = field(default_factory=dict)
    #: Cities' abbreviations typed in capitals ("LA", "KL") → city id; matched only as typed.
    city_codes: dict[str, int] = field(default_factory=dict)
    #: Codes that a country's own abbreviation shares with another's ("RS": Serbia, and
    #: Slovenia in Slovenian) → the other countries with the language that writes them so,
    #: read beside the code's own.
    shared_codes: dict[str, tuple[tuple[int, str], ...]] = field(default_factory=dict)
    #: Towns' names that are an everyday word in another language (Italian "ho", I have: the
    #: town Ho): read as the town only in a query that names few other places.
    common_words: frozenset[str] = frozenset()
    cities: list[City] = field(default_factory=list)
    #: Keys in the scripts written without spaces (Chinese, Japanese, Thai), to cut queries by.
    unspaced_keys: frozenset[str] = frozenset()
    #: One-character country names read after 驻/在 ("驻华"), → a key naming that country.
    cjk_abbreviations: dict[str, str] = field(default_factory=dict)
    #: The same typed in Latin letters, prefix and name as one word ("zhuhua": 驻华, in China;
    #: "juhan": 주한, in Korea) → (the prefix, the key naming that country).
    romanised_stationed: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: Names in Hangul (three syllables or more) and in katakana (four kana or more), read
    #: when typed one letter off (`mended`), by (script, length), then key → the letters
    #: compared (a Hangul syllable's jamo, `text.jamo`).
    mendable: dict[tuple[str, int], dict[str, str]] = field(default_factory=dict)
    #: Hangul names shorter than that, by their sound (`text.hangul_sound`): mended by a
    #: vowel that sounds the same only ("패루": 페루).
    short_hangul_by_sound: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Katakana names by their spelling with a long-vowel mark left out: a short name is
    #: mended by that mark only.
    katakana_without_long_vowel: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Names in Arabic letters shorter than `text.ARABIC_MENDED_MIN`, by their sound
    #: (`text.arabic_sound`): mended by a letter for one typed alike only ("نروز": نروژ).
    short_arabic_by_sound: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Latin names of countries and towns by their key as Vietnamese writes them by ear
    #: (`vietnamese.name_key`) → the name ("" for a key of two places), and those keys by length.
    heard_in_vietnamese: dict[str, str] = field(default_factory=dict)
    heard_in_vietnamese_by_length: dict[int, list[str]] = field(default_factory=dict)
    #: The names of the keys two places share, by their skeleton ("berlin"), for a
    #: transcription that spells one out.
    spelt_in_vietnamese: dict[str, str] = field(default_factory=dict)
    #: Names of one word in Devanagari (countries, nationalities, kind words) by their
    #: consonants (`text.devanagari_consonants`), where those name one thing: a Hindi word
    #: typed with a vowel sign off is read as that name.
    devanagari_consonants: dict[str, str] = field(default_factory=dict)
    #: Names in Chinese characters by their sound (`romanize.sounds`), read when typed
    #: with a character that sounds the same (`sounding_alike`) …
    homophones: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: … and every common character's readings (`sources.han_sounds`).
    han_sounds: dict[str, str] = field(default_factory=dict)
    #: The characters those names are written with: a run of characters with two or more
    #: others is no name typed with one slip (`sounding_alike`).
    homophone_characters: frozenset[str] = frozenset()
    #: The ids of the cities that host missions or stand within 30 km of one.
    mission_towns: frozenset[int] = frozenset()
    #: The ids of the places with a country code: states and territories, not provinces.
    states_and_territories: frozenset[int] = frozenset()
    #: Keys open to approximate matching, by script, token count and length (`fuzzy_slot`).
    fuzzy: dict[tuple[bool, int, int], list[str]] = field(default_factory=dict)
    fuzzy_readings: dict[str, tuple[Reading, ...]] = field(default_factory=dict)
    #: Names that may be read in an inflected form (`shares_stem`), by token count and the
    #: first letters of their first word.
    stemmable: dict[tuple[int, str], list[str]] = field(default_factory=dict)
    #: Names in other scripts by their romanised form (`romanize`): Cyrillic and Greek by
    #: skeleton, abjads and Devanagari by consonants.
    romanised: dict[str, tuple[Reading, ...]] = field(default_factory=dict)
    #: The romanised forms of names in scripts written without spaces, read also when typed
    #: a word apart ("taibei jingji wenhua banshichu": 台北经济文化办事处).
    romanised_apart: frozenset[str] = frozenset()
    romanised_stemmable: dict[tuple[int, str], list[str]] = field(default_factory=dict)
    consonantal: dict[str, tuple[Reading, ...]] = field(default_factory=dict)
    #: Names in Latin letters by skeleton and by consonants, for the same names typed in
    #: another script ("Франкфурт", "फ्रैंकफर्ट").
    latin_skeletons: dict[str, tuple[Reading, ...]] = field(default_factory=dict)
    latin_consonants: dict[str, tuple[Reading, ...]] = field(default_factory=dict)
    #: Spellings told apart by their marks alone, by their spelling with marks
    #: (`text.marked_key`): names that fold to a small word ("Mỹ", the United States, and "my"),
    #: read only when typed so, and small words that fold to a name ("bị" and "Bỉ", Belgium).
    marked: dict[str, tuple[Reading, ...]] = field(default_factory=dict)
    #: Vietnamese spellings of `marked` by their key without marks ("my" → "mỹ", "bi" → "bị",
    #: the small word before Belgium's "bỉ"): the marks a query typed without any is read with.
    vietnamese_marked: dict[str, str] = field(default_factory=dict)
    #: Everyday words of the languages travellers write sentences in (wordfreq), which name
    #: nothing as written: never read as a misspelt name ("suami", husband, is not Suomi).
    everyday: frozenset[str] = frozenset()
    #: … of languages that do not inflect names, never read as an inflected name either
    #: ("hubungi", contact, is not Hungary's).
    everyday_uninflected: frozenset[str] = frozenset()
    #: Everyday words of the languages written in Latin letters, never read by their
    #: consonants as a romanised abjad name (Swedish "ligger" is not Bulgaria's "blghr").
    everyday_latin: frozenset[str] = frozenset()
    #: The keys near a span's key, as `approximate` found them: the words of travellers'
    #: sentences recur from query to query ("où est", "ma mère est"), and the search over
    #: every name of a length is the dearest step of reading one. Never stored with the rest.
    _near: dict[tuple[str, int], tuple[tuple[str, int], ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_near"] = {}
        return state

    def match(
        self, span: Sequence[Word], *, as_written: bool = False, key: str | None = None
    ) -> Match | None:
        """What the run of words `span` names, or None.

        The spelling as written first (and an ISO code typed in capitals); then an inflected
        form: a Russian case ending, an Arabic prefix, a stem in one of the stemmed languages;
        then, for up to three words none of which is a small word, a few typos.
        `as_written`: the spelling only, for running text, where capitals and near-spellings
        say less than in a query. `key`: the span's key (`key_of`), when the caller has it.
        """
        span_key = key_of(span) if key is None else key
        if as_written:
            found = self.exact.get(span_key)
            return Match(found) if found else None
        readings = list(self.exact.get(span_key, ()))
        # Only a word typed with marks can be a marked spelling.
        if self.marked and any(w.raw != w.folded for w in span):
            typed = self.marked.get(" ".join(text.fold_case(w.raw) for w in span), ())
            if typed and all(r.type in FUNCTION_TYPES for r in typed):
                return Match(typed)  # a small word, told from a name by its marks ("bị", "Bỉ")
            readings.extend(typed)
        if len(span) == 1 and span[0].upper:
            code = self.codes.get(span[0].raw.upper())
            if code is not None:
                # In a query typed all in capitals, "DE" or "IN" may be the small word.
                weak = span[0].shouted and self.function_type(span[0].folded) is not None
                readings.append(Reading(COUNTRY, code, 0.5 if weak else 0.95))
                for other, _language in self.shared_codes.get(span[0].raw.upper(), ()):
                    readings.append(Reading(COUNTRY, other, 0.45 if weak else 0.9))
            city = self.city_codes.get(span[0].raw.upper())
            if city is not None and not any(r.target == city for r in readings):
                weak = span[0].shouted and self.function_type(span[0].folded) is not None
                readings.append(Reading(CITY, city, 0.5 if weak else 0.95))
        if readings:
            readings = self._with_towns_a_letter_away(span, span_key, readings)
            readings = self._with_names_a_long_vowel_away(span_key, readings)
            return Match(self._with_namesakes(tuple(readings), span_key))
        # Initials spelt out in another script: "यूके" is the UK.
        initials = romanize.spelt_initials(span[0].raw) if len(span) == 1 else ""
        named = tuple(r for r in self.exact.get(initials, ()) if r.type == COUNTRY)
        if named:
            return Match(named, STEM)
        # A name under the small words written onto it comes before a romanised reading of
        # the whole ("בגרוזיה" is "in Georgia", not a Latin name with its consonants).
        prefixed = (
            self._under_prefixes(span)
            or self._under_endings(span)
            or self._mended_under_prefixes(span)
        )
        if prefixed:
            return prefixed
        # A word in another script may be a name known only in Latin letters (Devanagari's
        # vowel signs are marks, not letters, to `isalpha`).
        known_elsewhere = self._from_another_script(span_key)
        if known_elsewhere is None and len(span) == 1 and text.is_devanagari(span_key):
            # … or a Hindi name typed with a vowel sign off ("लतविया": लातविया).
            known_elsewhere = self._misspelt(span, span_key)
        # Arabizi's digits are letters ("3iraq": `romanize.arabizi_letters`).
        if known_elsewhere or not all(
            word.raw.isalpha() or (word.raw.isascii() and word.folded.isalpha()) for word in span
        ):
            return known_elsewhere
        # A romanised name as written, an inflected form, then a misspelt Latin name before
        # a romanised one in another form.
        read = (
            self._inflected(span)
            or self._misspelt(span, span_key)
            or self._romanised(span, span_key, inflected=True)
        )
        if read and all(word.folded in self.everyday_uninflected for word in span):
            # An everyday word of a language that does not inflect names is no other form
            # of a name ("hubungi", contact, is not Hungary's), though it may be of a small
            # word ("pasport").
            small = tuple(r for r in read.readings if r.type in FUNCTION_TYPES)
            return Match(small, read.how, read.typos, read.written_on) if small else None
        return read

    def _with_towns_a_letter_away(
        self, span: Sequence[Word], span_key: str, readings: list[Reading]
    ) -> list[Reading]:
        """A town typed a letter off may spell another town, one with no mission ("Bren" for
        Bern, "Könitz" for Köniz): the towns with missions a letter away are read beside it,
        a little less surely, and the missions decide."""
        if not text.is_fuzzy_script(span_key) or any(
            r.type != CITY
            or int(r.target) in self.mission_towns
            or self.cities[int(r.target)].is_region
            for r in readings
        ):
            return readings
        near = self._misspelt(span, span_key)
        if near is None:
            return readings
        return [
            *readings,
            *(
                Reading(CITY, r.target, r.weight * NEAR_TOWN_WEIGHT)
                for r in near.readings
                if r.type == CITY
            ),
        ]

    def _with_names_a_long_vowel_away(
        self, span_key: str, readings: list[Reading]
    ) -> list[Reading]:
        """A name in katakana typed without its long-vowel mark may spell a town with no
        mission ("ガナ", the town Kana, for ガーナ, Ghana): the name is read beside it, a little
        less surely, and the missions decide."""
        if not text.is_katakana(span_key) or any(
            r.type != CITY or int(r.target) in self.mission_towns for r in readings
        ):
            return readings
        lengthened = self._lengthened(span_key)
        if lengthened is None:
            return readings
        return [
            *readings,
            *(
                Reading(r.type, r.target, r.weight * NEAR_TOWN_WEIGHT)
                for r in self.exact.get(lengthened, ())
                if r.type not in FUNCTION_TYPES
            ),
        ]

    def _lengthened(self, word: str) -> str | None:
        """The katakana name `word` spells with a long-vowel mark left out, where its
        spellings so name one thing."""
        lengthened = self.katakana_without_long_vowel.get(word, ())
        return lengthened[0] if len({self.meaning(name) for name in lengthened}) == 1 else None

    def _notable_places(self, key: str) -> tuple[Reading, ...]:
        """The countries and towns a notable name (`latin_skeletons`) names: a word under a
        case ending that is a small town's name is more likely a word mistyped."""
        if romanize.skeleton(key) not in self.latin_skeletons:
            return ()
        return tuple(r for r in self.exact.get(key, ()) if r.type in (COUNTRY, CITY))

    def _hungarian_case(self, span: Sequence[Word], head: str) -> Match | None:
        """A notable name under a Hungarian case ending that places something there:
        "Moszkvában", "Máltán", "Budapesten"; or under the adjective ending of a town or of a
        land in -ország ("bécsi", "franciaországi"), which places the mission there (other
        lands' -i adjectives are their nationality, "kubai": `demonyms.tsv`). Not a word a
        letter off another name ("brasilian", "brunai"), nor another language's case of a
        country ("Armeniei", Romanian's genitive)."""
        for form, ending in text.hungarian_base_forms(span[-1].folded):
            named = self._notable_places(f"{head} {form}".strip())
            if not named or (
                ending == text.HUNGARIAN_ADJECTIVE_ENDING
                and any(r.type == COUNTRY for r in named)
                and not form.endswith("orszag")
            ):
                continue
            near = self._misspelt(span, key_of(span))
            if (
                near is not None
                and near.typos < 2
                and (
                    any(r.type == DEMONYM for r in near.readings)
                    or not {r.target for r in near.readings} <= {r.target for r in named}
                )
            ):
                return None  # a name or a nationality a letter off says more
            return Match(named, STEM, written_on=ending)
        return None

    def _inflected(self, span: Sequence[Word]) -> Match | None:
        # Russian case endings on the last word: "в Мюнхене", "в Вене".
        head = " ".join(word.folded for word in span[:-1])
        for form in text.russian_base_forms(span[-1].folded):
            readings = self.exact.get(f"{head} {form}".strip(), ())
            if readings and not all(r.type in FUNCTION_TYPES for r in readings):
                return Match(readings, STEM)
        # Turkish case endings on the last word: "filipinlerde" (in the Philippines),
        # "kolombiyadaki", "almanyanin" (Germany's).
        # Only for notable names (`latin_skeletons`): a misspelt word ending in "-de" is not
        # a small town's name in the locative ("ambasade").
        for form, ending in text.turkish_base_forms(span[-1].folded):
            named = self._notable_places(f"{head} {form}".strip())
            if named:
                return Match(named, STEM, written_on=ending)
        hungarian = self._hungarian_case(span, head)
        if hungarian:
            return hungarian
        # The Germanic genitive on a country's notable name: "Sveriges", "Kenyas".
        genitive = text.germanic_genitive_base(span[-1].folded)
        if genitive:
            key = f"{head} {genitive}".strip()
            countries = tuple(r for r in self.exact.get(key, ()) if r.type == COUNTRY)
            if countries and romanize.skeleton(key) in self.latin_skeletons:
                return Match(countries, STEM, written_on=text.GERMANIC_GENITIVE)
        # Indonesian's "-nya" (its, the) on an office or a place: "kedutaannya".
        enclitic = text.malay_enclitic_base(span[-1].folded)
        if enclitic:
            readings = self.exact.get(f"{head} {enclitic}".strip(), ())
            named = tuple(r for r in readings if r.type in (KIND, COUNTRY, CITY))
            if named:
                return Match(named, STEM, written_on=text.MALAY_ENCLITIC)
        # Inflected forms: "Германии", "allemande", "alemana", "deutsche".
        found: dict[tuple[str, int | str], float] = {}
        raw_words = [word.raw for word in span]
        shortest = self._shortest_stem(span)
        for language in text.STEMMED_LANGUAGES:
            if len(raw_words) > 1 and not any(
                (language, len(raw_words), stem) in self.stem_heads
                for stem in text.word_stems(language, raw_words[0])
            ):
                continue
            for variant in text.stem_variants(raw_words, language):
                if len(variant) < shortest:
                    continue
                for reading in self.stems.get((language, variant), ()):
                    slot = (reading.type, reading.target)
                    found[slot] = max(found.get(slot, 0.0), reading.weight)
        if found:
            return Match(tuple(Reading(t, target, w) for (t, target), w in found.items()), STEM)
        # The dictionary forms of a Ukrainian or Russian word: "в Києві", "Польщі".
        if text.is_cyrillic(span[-1].raw):
            for form in morphology.cyrillic_base_forms(span[-1].raw):
                readings = self.exact.get(f"{head} {text.fold(form)}".strip(), ())
                if readings and not all(r.type in FUNCTION_TYPES for r in readings):
                    return Match(readings, STEM)
        return (
            self._romanised(span, key_of(span), inflected=False)
            or self._shared_stem(span)
            or self._latin_prefixed(span)
        )

    def _under_prefixes(self, span: Sequence[Word]) -> Match | None:
        """Arabic and Hebrew prefixes on the first word: "لإيران" (for Iran), "بالقاهرة" (in
        Cairo), "בפריז" (in Paris), "השגרירות" (the embassy)."""
        first = span[0].folded
        forms = (*text.arabic_base_forms(first), *text.hebrew_base_forms(first))
        if not forms:
            return None
        tail = " ".join(word.folded for word in span[1:])
        for form in forms:
            readings = self.exact.get(f"{form} {tail}".strip(), ())
            if readings and not all(r.type in FUNCTION_TYPES for r in readings):
                written_on = (
                    first[: -len(form)]
                    if first.endswith(form)
                    # … or before the article it swallowed ("בפיליפינים": "ב", "הפיליפינים")
                    else first[: -len(form) + 1]
                    if form.startswith("ה") and first.endswith(form[1:])
                    else ""
                )
                readings = self._with_namesakes(readings, form)
                return Match(readings, STEM, written_on=written_on)
        return None

    def _mended_under_prefixes(self, span: Sequence[Word]) -> Match | None:
        """A name typed a letter off under an Arabic prefix ("بالرياظ": بالرياض, in Riyadh),
        read before its letters are compared with the Latin names'."""
        if len(span) > 1 or span[0].folded in self.everyday:
            return None
        for form in text.arabic_base_forms(span[0].folded):
            found = self._mended_to(self.mended(form, ARABIC))
            if found:
                return found
        return None

    def _mended_to(self, name: str | None) -> Match | None:
        """What a name read from a word typed a letter off names (`mended`): a slip makes no
        small word (an article, a preposition)."""
        named = tuple(r for r in self.exact.get(name or "", ()) if r.type not in FUNCTION_TYPES)
        return Match(named, FUZZY, typos=1) if named else None

    def _under_endings(self, span: Sequence[Word]) -> Match | None:
        """A plural or an ezafe on the last word in Arabic letters: "العراقيين" (the Iraqis),
        Persian "بنگلادشی‌ها" (Bangladeshis), "سفارتخانه‌ی" (the embassy of); with a prefix
        too on a word alone ("للعراقيين", for the Iraqis)."""
        head = " ".join(word.folded for word in span[:-1])
        for form in text.arabic_script_base_forms(span[-1].folded):
            spellings = [form, *(text.arabic_base_forms(form) if len(span) == 1 else ())]
            for spelling in spellings:
                readings = self.exact.get(f"{head} {spelling}".strip(), ())
                if readings and not all(r.type in FUNCTION_TYPES for r in readings):
                    return Match(self._with_namesakes(readings, spelling), STEM)
        return None

    def _with_namesakes(self, readings: tuple[Reading, ...], key: str) -> tuple[Reading, ...]:
        """A town's name in another script names its namesakes known in Latin letters only
        too: the town of a mission the missions file puts under another host ("ירושלים" is
        also the Jerusalem it files under Palestine)."""
        if key.isascii() or not any(r.type == CITY for r in readings):
            return readings
        names = {self.cities[int(r.target)].name for r in readings if r.type == CITY}
        found = self._from_another_script(key)
        if found is not None:
            extra = tuple(
                r
                for r in found.readings
                if r.type == CITY and r not in readings and self.cities[int(r.target)].name in names
            )
            return (*readings, *extra)
        if " " not in key:
            return readings
        # A name of several words is not read by its romanisation: its namesakes are those
        # of its English name ("सेंट डेनिस", GeoNames' Hindi name of Saint-Denis in France, is
        # also Réunion's).
        named = {r.target for r in readings if r.type == CITY}
        weight = max(r.weight for r in readings if r.type == CITY)
        namesakes = {
            r.target: Reading(CITY, r.target, weight)
            for name in names
            for r in self.exact.get(text.key(name), ())
            if r.type == CITY and r.target not in named and self.cities[int(r.target)].name in names
        }
        return (*readings, *namesakes.values())

    def _latin_prefixed(self, span: Sequence[Word]) -> Match | None:
        """Hebrew's prefixes typed in Latin letters on a romanised name ("bekiev", "betel
        aviv", "hashagrirut"): the rest must be a name as written or as romanised."""
        first = span[0].folded
        if not first.isascii():
            return None
        rest_words = [word.folded for word in span[1:]]
        for prefix in text.LATIN_HEBREW_PREFIXES:
            rest = first[len(prefix) :]
            if not first.startswith(prefix) or len(rest) < (2 if rest_words else 4):
                continue
            rest_key = " ".join([rest, *rest_words])
            readings = self.exact.get(rest_key) or self.romanised.get(romanize.skeleton(rest_key))
            if not readings and not rest_words:
                readings = self._by_consonants(rest)
            named = tuple(r for r in readings or () if r.type in (COUNTRY, CITY, KIND, DEMONYM))
            if named:
                return Match(named, STEM, written_on=prefix)
        return None

    def _shared_stem(self, span: Sequence[Word]) -> Match | None:
        """A name whose words each share their stem with the span's ("ambasada Niemiec",
        "w Warszawie"): the inflected forms of languages with no dictionary here."""
        words = [word.folded for word in span]
        if any(self.function_type(word) for word in words):
            return None
        return _by_shared_stem(words, self.stemmable, self.exact, self._shortest_stem(span))

    def _shortest_stem(self, span: Sequence[Word]) -> int:
        """The fewest letters a word must share with a name to be an inflected form of it:
        an everyday word shares a short stem with a name by chance (Italian "mi serve", I
        need, and Portuguese "Sérvia": "serv"); an inflected name keeps a longer one
        ("tedeschi", "tedesc")."""
        return EVERYDAY_SHORTEST_STEM if span[-1].folded in self.everyday else 0

    def _romanised(self, span: Sequence[Word], span_key: str, *, inflected: bool) -> Match | None:
        """A name of another script typed in Latin letters ("rossii", "presveia", "dutavas"),
        as written, or (`inflected`) in an inflected form ("elladas") or by its consonants."""
        if not span_key.isascii() or len(span_key) < 2:
            return None
        if not inflected:
            latin = romanize.skeleton(span_key)
            readings = self.romanised.get(latin)
            # … not with a small word of a language written in Latin letters ("v ulan").
            if (
                not readings
                and len(span) > 1
                and all(len(w.folded) > 1 and self.function_type(w.folded) is None for w in span)
            ):
                joined = romanize.skeleton(span_key.replace(" ", ""))
                if joined in self.romanised_apart:
                    readings = self.romanised[joined]
            return Match(readings, STEM) if readings else None
        if len(span_key) < 3:
            return None
        # An everyday word of a language written in Latin letters is no inflected form of a
        # romanised name (Italian "mi serve", I need, is not Greek's "Σέρβα", a Serb).
        # A town romanised from Cyrillic keeps all but its name's last letter ("v kyshynevi",
        # "varshave"): thousands of them share four letters with some word ("ghebres").
        if span_key not in self.everyday_latin:
            found = _by_shared_stem(
                romanize.skeleton(span_key).split(" "),
                self.romanised_stemmable,
                self.romanised,
                towns_nearly_whole=True,
            )
            if found:
                return found
        # Consonants alone name one word at most: two words' skeletons meet by chance.
        readings = self._by_consonants(span_key) if len(span) == 1 else None
        return Match(readings, STEM) if readings else None

    def _by_consonants(self, word: str) -> tuple[Reading, ...] | None:
        """What a Latin word spelt like a romanised abjad name names by its consonants, also
        under the Arabic article typed onto it ("lmaghrib", "el-3iraq"); not an everyday word
        of a language written in Latin letters (Swedish "ligger" is not Bulgaria's "blghr")."""
        if word in self.everyday_latin:
            return None
        spellings = (word, *romanize.without_arabic_article(word))
        for spelling in (*spellings, *(q for s in spellings for q in romanize.qaf_as_gh(s))):
            letters = romanize.consonants(spelling)
            if romanize.enough_consonants(letters) and romanize.mostly_consonants(
                spelling, letters
            ):
                found = self.consonantal.get(letters)
                if found:
                    return found
        return None

    def _from_another_script(self, span_key: str) -> Match | None:
        """A name known in Latin letters typed in another script ("Франкфурт", "फ्रैंकफर्ट"),
        compared through its romanisation."""
        if text.is_latin(span_key):
            return None  # already in Latin letters: the names as written were looked up
        if any(
            text.is_cyrillic(word) and morphology.is_common_russian_word(word)
            for word in span_key.split(" ")
        ):
            return None  # "у сына" (the son's) is not the town Sina
        latin, letters = romanize.query_keys(span_key)
        readings = self.latin_skeletons.get(latin) if latin else None
        if not readings and text.is_greek(span_key):
            readings = self.latin_skeletons.get(romanize.greek_foreign_name_key(span_key))
        if not readings and " " not in letters and romanize.enough_consonants(letters):
            readings = self.latin_consonants.get(letters)
        return Match(readings, STEM) if readings else None

    def _misspelt(self, span: Sequence[Word], span_key: str) -> Match | None:
        # Typos, for words that are not known small words, in a run of words not all of them
        # everyday words ("Buenos Aries" is misspelt, "suami" a word).
        if len(span) > 3 or all(word.folded in self.everyday for word in span):
            return None
        if any(self.function_type(word.folded) for word in span):
            return self._one_word_misspelt(span, span_key)
        if not text.is_fuzzy_script(span_key):
            # In Arabic and Persian letters, a long name only, when one alone is a letter away
            # ("ازبکتان": ازبکستان, Uzbekistan).
            if len(span) == 1 and text.is_devanagari(span_key):
                alike = {
                    spelt
                    for spelt in text.devanagari_alike_spellings(span_key)
                    if any(r.type not in FUNCTION_TYPES for r in self.exact.get(spelt, ()))
                }
                if len({self.meaning(spelt) for spelt in alike}) == 1:
                    return self._mended_to(alike.pop())
                letters = text.devanagari_consonants(span_key)
                return self._mended_to(self.devanagari_consonants.get(letters))
            return self._mended_to(self.mended(span_key, ARABIC)) if len(span) == 1 else None
        if (
            len(span) == 1
            and text.is_cyrillic(span_key)
            and morphology.is_common_russian_word(span[0].raw)
        ):
            return None  # a word the dictionary knows is no typo ("у сына", the son's)
        matches = self.approximate(span_key, len(span))
        if not matches and len(span) == 1 and text.is_cyrillic(span_key):
            # A misspelt name in a case ("в моксве"): its dictionary form as the dictionary
            # guesses it from the ending ("моксва"), misspelt.
            for form in morphology.cyrillic_base_forms(span[0].raw):
                matches.extend(self.approximate(text.key(form), 1))
        if not matches:
            return None
        best = min(dist for _, dist in matches)
        found: dict[tuple[str, int | str], float] = {}
        for match, dist in matches:
            if dist != best:
                continue
            for reading in self.fuzzy_readings.get(match, ()):
                slot = (reading.type, reading.target)
                found[slot] = max(found.get(slot, 0.0), reading.weight)
        if not found:
            return None
        readings = tuple(Reading(t, target, w) for (t, target), w in found.items())
        return Match(readings, FUZZY, typos=best)

    def _one_word_misspelt(self, span: Sequence[Word], span_key: str) -> Match | None:
        """A name of several words with one of them a letter off, the others as written, even
        where the word typed is a small word ("Tây Bang Nha": Tây Ban Nha, Spain, "bang" being
        a word): a run of small words is otherwise never read as a misspelt name."""
        if len(span) < 2 or not text.is_fuzzy_script(span_key):
            return None
        typed = span_key.split(" ")
        found: dict[tuple[str, int | str], float] = {}
        for match, dist in self.approximate(span_key, len(span)):
            words = match.split(" ")
            differing = [i for i, (a, b) in enumerate(zip(typed, words, strict=False)) if a != b]
            if dist != 1 or len(words) != len(typed) or len(differing) != 1:
                continue
            at = differing[0]
            if len(typed) == 2 and self.function_type(typed[1 - at]) in PREPOSITIONS:
                continue  # "tại Áo" (in Austria) is no slip of Tai Po
            # A small word before or after a name ("in Mexico City") is no slip; in a name of
            # two words, one for a word of the name that is none ("Hà Lam": Hà Lan, the
            # Netherlands) may be.
            small_word_at_an_end = at in (0, len(typed) - 1) and self.function_type(typed[at])
            if small_word_at_an_end and (len(typed) > 2 or self.function_type(words[at])):
                continue
            for reading in self.fuzzy_readings.get(match, ()):
                slot = (reading.type, reading.target)
                found[slot] = max(found.get(slot, 0.0), reading.weight)
        readings = tuple(Reading(t, target, w) for (t, target), w in found.items())
        return Match(readings, FUZZY, typos=1) if readings else None

    def mended(self, word: str, script: str) -> str | None:
        """A name in Hangul, katakana or Arabic letters typed one letter off, as the name: the
        name one edit away, when exactly one is (or its spellings are). A Hangul name keeps its
        syllable count (a letter off is a jamo of a syllable, `text.jamo`); a katakana or
        Arabic name may gain or lose a letter. Of several Arabic names, the one a likely slip
        away (`text.arabic_likely_slip`)."""
        if script == KATAKANA:
            # The long-vowel mark typing leaves out is the likeliest slip, at any length
            # ("ジュネブ": ジュネーブ, Geneva, though "シュレフ" is a kana away too); a short
            # name is mended only by it, or by a small kana typed full-size or the other way
            # ("リャド": リヤド, Riyadh).
            lengthened = self._lengthened(word)
            if lengthened is not None:
                return lengthened
            if len(word) < text.KATAKANA_MENDED_MIN:
                spellings = {text.fold(spelling) for spelling in text.kana_resized(word)}
                resized = {
                    name
                    for name in spellings
                    if any(r.type not in FUNCTION_TYPES for r in self.exact.get(name, ()))
                }
                return resized.pop() if len({self.meaning(name) for name in resized}) == 1 else None
        if script == HANGUL and len(word) < text.HANGUL_MENDED_MIN_SYLLABLES:
            # A short name is mended only by a vowel that sounds the same ("패루": 페루).
            alike = [
                name
                for name in self.short_hangul_by_sound.get(text.hangul_sound(word), ())
                if name != word and len(name) == len(word)
            ]
            return alike[0] if len(alike) == 1 else None
        if script == ARABIC and len(word) < text.ARABIC_MENDED_MIN:
            # A short name is mended by a letter typed for one alike ("عراغ": عراق) first.
            sounding = [
                name
                for name in self.short_arabic_by_sound.get(text.arabic_sound(word), ())
                if name != word
            ]
            if len({self.meaning(name) for name in sounding}) == 1:
                return sounding[0]
        if script == HANGUL:
            lengths, typed = [len(word)], text.jamo(word)
        elif script == ARABIC and len(word) < text.ARABIC_MENDED_MIN - 1:
            return None
        else:
            lengths, typed = [len(word) - 1, len(word), len(word) + 1], word
        near: set[str] = set()
        for length in lengths:
            choices = self.mendable.get((script, length))
            if choices:
                found = process.extract(typed, choices, scorer=OSA.distance, score_cutoff=1)
                near.update(key for _, _, key in found)
        if script == HANGUL:
            # Two syllables typed in the wrong order ("카자스흐탄") are two jamo off, one slip.
            same_length = self.mendable.get((HANGUL, len(word))) or {}
            near.update(
                swapped
                for i in range(len(word) - 1)
                if (swapped := word[:i] + word[i + 1] + word[i] + word[i + 2 :]) in same_length
                and swapped != word
            )
        if len({self.meaning(name) for name in near}) == 1:
            # Two spellings of one name ("كانبرا", "كينبرا": Canberra) are that name.
            return min(near)
        if len(near) > 1 and script == ARABIC:
            likely = {name for name in near if text.arabic_likely_slip(word, name)}
            if len({self.meaning(name) for name in likely}) == 1:
                return min(likely)
        if len(near) > 1 and script == KATAKANA:
            # A country, a nationality or a kind word before the towns a letter away from the
            # same run of kana, which reads as no word ("モンテグロ": Montenegro, not the town
            # Montero). An Arabic word a letter off a name is more often another word.
            near = {
                name
                for name in near
                if any(r.type in (COUNTRY, DEMONYM, KIND) for r in self.exact.get(name, ()))
            }
        return near.pop() if len(near) == 1 else None

    def transcribed(self, written: str) -> str | None:
        """The name a Vietnamese transcription writes ("Ác-hen-ti-na": Argentina), also a
        letter off (Vietnamese ends "Tuy-ni-di" with no e): the one name at that distance."""
        for spelling in vietnamese.transcription_spellings(written):
            if spelling in self.spelt_in_vietnamese:
                return self.spelt_in_vietnamese[spelling]  # "Béc-lin": Berlin, not Benin
        keys = [
            key
            for key in vietnamese.transcription_keys(written)
            if len(key) >= vietnamese.SHORTEST_KEY
        ]
        for key in keys:
            if key in self.heard_in_vietnamese:
                return self.heard_in_vietnamese[key] or None
        for key in keys:
            if len(key) >= vietnamese.SHORTEST_MENDED_KEY:
                near = {
                    self.heard_in_vietnamese[found]
                    for length in (len(key) - 1, len(key), len(key) + 1)
                    for found, _, _ in process.extract(
                        key,
                        self.heard_in_vietnamese_by_length.get(length, ()),
                        scorer=OSA.distance,
                        score_cutoff=1,
                        limit=None,
                    )
                }
                if near and "" not in near:
                    meanings = {place_meaning(self.exact.get(name, ())) for name in near}
                    if len(meanings) == 1:
                        return min(near)
        return None

    def sounding_alike(self, typed: str) -> str | None:
        """A name in Chinese characters typed with one character that sounds the same, or
        alike to fuzzy pinyin ("辦世處": 辦事處, "菲濟": 斐濟; pinyin input offers both): the
        name, when exactly one (in either script) sounds so and is spelt so but for one
        character."""
        if sum(character not in self.homophone_characters for character in typed) > 1:
            return None
        sounds = romanize.sounds(typed, self.han_sounds)
        if len(typed) >= romanize.FUZZY_PINYIN_SHORTEST:
            # … or one a fuzzy-pinyin input method offers ("毛里塔利亚": 毛里塔尼亚, n for l).
            sounds = [*sounds, *(romanize.fuzzy_pinyin(sound) for sound in sounds)]
        near = {
            name
            for sound in sounds
            for name in self.homophones.get(sound, ())
            if sum(a != b for a, b in zip(name, typed, strict=True)) == 1
        }
        # The simplified and traditional spellings of one name are one name ("奥地利", "奧地利").
        meanings = {self.meaning(name) for name in near}
        return min(near) if len(meanings) == 1 else None

    def meaning(self, name: str) -> frozenset[tuple[str, int | str]]:
        """What a name names, however surely: two spellings of one place, or of one kind
        word, mean one thing ("洪都拉斯", "宏都拉斯": Honduras)."""
        return frozenset((r.type, r.target) for r in self.exact.get(name, ()))

    def function_type(self, token: str) -> str | None:
        for reading in self.exact.get(token, ()):
            if reading.type in FUNCTION_TYPES:
                return reading.type
        return None

    def approximate(self, span_key: str, n_tokens: int) -> list[tuple[str, int]]:
        """Keys within the allowed edit distance of `span_key` (OSA: a swap is one edit)."""
        found = self._near.get((span_key, n_tokens))
        if found is None:
            found = tuple(self._approximate(span_key, n_tokens))
            if len(self._near) >= NEAR_KEPT:
                self._near.clear()  # bounded: a day's new sentences start it afresh
            self._near[(span_key, n_tokens)] = found
        return list(found)

    def _approximate(self, span_key: str, n_tokens: int) -> list[tuple[str, int]]:
        if not max_typos(len(span_key)):
            return []
        # A letter left out makes the word shorter than the name it misspells
        # ("portuga" for "portugal"): the allowance is that of the longer of the two.
        widest = max_typos(len(span_key) + 1)
        cyrillic = text.is_cyrillic(span_key)
        out: list[tuple[str, int]] = []
        for length in range(len(span_key) - widest, len(span_key) + widest + 1):
            choices = self.fuzzy.get((cyrillic, n_tokens, length))
            if not choices:
                continue
            limit = max_typos(max(len(span_key), length))
            if abs(length - len(span_key)) > limit:
                continue
            for match, dist, _ in process.extract(
                span_key, choices, scorer=OSA.distance, score_cutoff=limit, limit=None
            ):
                # The first letter is rarely wrong; an edit there costs one more.
                if match[0] != span_key[0]:
                    dist += 1
                if dist <= limit:
                    out.append((match, int(dist)))
        return out

    def locate(self, label: str, country_id: int) -> City | None:
        """The best-known city (or region) of that name in that country, with coordinates."""
        found: list[City] = []
        for name in dict.fromkeys((text.key(label), text.place_core(label))):
            found = [self.cities[int(r.target)] for r in self.exact.get(name, ()) if r.type == CITY]
            found = [c for c in found if c.country_id == country_id and c.latitude is not None]
            if found:
                break
        if not found:
            return None
        return max(found, key=lambda c: (not c.is_region, c.population))
