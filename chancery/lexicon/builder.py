"""Building the vocabulary: the project's word lists, every name of every country (the
database's, CLDR's, pycountry's and the project's tables), the GeoNames cities, the missions' own
city labels and the regions of the places table.

Slow and memory-hungry (see `isolated`, which runs it in a child process); the result is a
compact `Lexicon`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

from chancery.core.geo import great_circle_km
from chancery.countries import forms, towns

from . import morphology, romanize, sources, text, vietnamese, vocabulary
from .lexicon import (
    ARABIC,
    ARTICLE,
    CITY,
    COUNTRY,
    DEMONYM,
    FILLER,
    FUNCTION_TYPES,
    HANGUL,
    HOST,
    HOST_AFTER,
    INTENT,
    KATAKANA,
    KIND,
    SENDING,
    SENDING_AFTER,
    City,
    CountryRow,
    Lexicon,
    Reading,
    fuzzy_slot,
    place_meaning,
    stem_slot,
)

#: Languages whose country names are also matched approximately (typos) and by stem.
FUZZY_LANGUAGES = ("en", "fr", "es", "de", "ru", "it", "pt", "nl")
#: Languages in Latin letters whose CLDR country names are read with typos as well: those the
#: search covers beyond `FUZZY_LANGUAGES`, and those of the countries with the most missions.
MORE_FUZZY_LANGUAGES = (
    "pl", "tr", "vi", "id", "ms", "cs", "sk", "sl", "hr", "sv", "nb", "da", "fi", "hu", "ro",
)  # fmt: skip
#: Abbreviations that are only country names when typed in capitals.
LOWERCASE_WORDS = frozenset({"car", "dr", "eau", "vs", "vk", "ee", "uu", "ue", "ca", "ma", "ir"})
#: Arabic adjectives take the article of their noun ("السفارة المصرية").
ARABIC_ARTICLE = "ال"
#: Entities that are not countries (a province, an organisation) are weaker readings of a name.
MINOR_KINDS = frozenset({"subnational", "other", "international_organisation"})


class LexiconBuilder:
    def __init__(self) -> None:
        self.exact: defaultdict[str, dict[tuple[str, int | str], float]] = defaultdict(dict)
        self.stems: defaultdict[tuple[str, str], dict[tuple[str, int | str], float]] = defaultdict(
            dict
        )
        self.fuzzy_keys: set[str] = set()
        self.codes: dict[str, int] = {}
        self.shared_codes: dict[str, tuple[tuple[int, str], ...]] = {}
        self.common_words: set[str] = {
            text.key(word) for word in vocabulary.COMMON_WORDS_NAMING_TOWNS
        }
        self.cities: list[City] = []
        #: The cities that host missions or stand near one (`Lexicon.mission_towns`).
        self.mission_towns: set[int] = set()
        self.cjk_abbreviations: dict[str, str] = {}
        self.city_codes: dict[str, int] = {}
        #: Spellings told apart by their marks alone (`Lexicon.marked`): names whose folded key
        #: is a small word ("Mỹ" and "my"), small words whose folded key is a name ("bị", "Bỉ").
        self.marked: defaultdict[str, dict[tuple[str, int | str], float]] = defaultdict(dict)
        #: Small words of the vocabulary as written with their marks ("tại", in): another
        #: language's small word of that spelling does not take their meaning away.
        self.marked_small_words: set[str] = set()
        #: Keys of the nationalities ever written without marks, and the marked spellings of
        #: the others: a nationality only ever written with marks ("dán", Danish in
        #: Hungarian) gives way to a common word spelt like it without them (Indonesian
        #: "dan", and). A key that also names a country or a town keeps it.
        self.plainly_spelt: set[str] = set()
        self.marked_spellings: defaultdict[str, set[str]] = defaultdict(set)
        #: Keys read in inflected and romanised forms too: every name but those of the cities
        #: far from any mission (hundreds of thousands, in every script).
        self.notable: set[str] = set()
        #: Notable Cyrillic names as written (keys lose the breve of "й"), declined for their
        #: romanised forms.
        self.cyrillic: dict[str, str] = {}
        #: Everyday words that name nothing as written, never read as misspelt names.
        self.everyday: set[str] = set()
        self.everyday_uninflected: set[str] = set()
        self.everyday_latin: set[str] = set()
        #: Notable names in kana as written, every spelling of a key (keys lose the voicing
        #: marks: "ジュネーブ" and "ジュネーヴ" are "シュネーフ"), for their romanised forms.
        self.kana: defaultdict[str, dict[str, None]] = defaultdict(dict)
        #: Chinese characters' readings in pinyin (`sources.han_sounds`).
        self.han_sounds: dict[str, str] = sources.han_sounds()

    def add(
        self,
        name: str,
        reading_type: str,
        target: int | str,
        weight: float = 1.0,
        *,
        languages: Iterable[str] = (),
        fuzzy: bool = False,
        notable: bool | None = None,
    ) -> None:
        name_key = text.key(name)
        if not name_key:
            return
        if reading_type in FUNCTION_TYPES and text.marked_key(name) != name_key:
            self.marked_small_words.add(text.marked_key(name))
        if reading_type not in FUNCTION_TYPES and self._is_small_word(name_key):
            marked_key = text.marked_key(name)
            if marked_key != name_key:
                slot = self.marked[marked_key]
                slot[(reading_type, target)] = max(slot.get((reading_type, target), 0.0), weight)
                return
        if reading_type == DEMONYM:
            marked_key = text.marked_key(name)
            if marked_key == name_key:
                self.plainly_spelt.add(name_key)
            else:
                self.marked_spellings[name_key].add(marked_key)
        if notable if notable is not None else reading_type != CITY or fuzzy:
            self.notable.add(name_key)
            if reading_type not in FUNCTION_TYPES and text.is_cyrillic(name):
                self.cyrillic.setdefault(name_key, name)
            elif text.has_kana(name):
                self.kana[name_key][name] = None
        for variant in text.chinese_variants(name):
            self.exact[text.key(variant)].setdefault((reading_type, target), weight)
        if " " in name_key and text.is_hangul(name_key.replace(" ", "")):
            # Korean writes a name's words together as often as apart ("적도기니", "적도 기니").
            self.exact[name_key.replace(" ", "")].setdefault((reading_type, target), weight)
        slot = self.exact[name_key]
        current = slot.get((reading_type, target), 0.0)
        slot[(reading_type, target)] = max(current, weight)
        words = text.raw_tokens(name)
        if words and all(word.isalpha() for word in words):
            cyrillic = text.is_cyrillic(name)
            for language in languages:
                if language not in text.STEMMED_LANGUAGES or (language == "ru") != cyrillic:
                    continue
                for variant in text.stem_variants(words, language):
                    if len(variant) < 4:
                        continue
                    stem_slot = self.stems[(language, variant)]
                    previous = stem_slot.get((reading_type, target), 0.0)
                    stem_slot[(reading_type, target)] = max(previous, weight)
        if fuzzy and len(name_key) >= 4 and text.is_fuzzy_script(name_key):
            self.fuzzy_keys.add(name_key)

    def _cyrillic_places(self, exact: dict[str, tuple[Reading, ...]]) -> set[str]:
        """The notable Russian and Ukrainian names of countries and of the towns that host
        missions, read with a typo too ("Моксва"; in a case, "в моксве": `Lexicon._misspelt`)."""
        return {
            name_key
            for name_key in self.cyrillic
            if len(name_key) >= 5
            and any(r.type in (COUNTRY, CITY) for r in exact.get(name_key, ()))
        }

    def _cyrillic_declined(
        self, exact: dict[str, tuple[Reading, ...]]
    ) -> dict[str, tuple[Reading, ...]]:
        """The Russian and Ukrainian names of countries in every case, and of the towns with
        missions in the locative, read with a typo ("посольство Молдоив", "у Лондлні"): a typo
        may hide the ending that tells the dictionary form."""
        declined: dict[str, tuple[Reading, ...]] = {}
        for name_key, name in self.cyrillic.items():
            if " " in name_key or len(name_key) < 4:
                continue
            readings = exact.get(name_key, ())
            countries = tuple(r for r in readings if r.type in (COUNTRY, DEMONYM))
            towns = tuple(r for r in readings if r.type == CITY)
            if countries:
                for form in morphology.cyrillic_case_forms(name):
                    declined.setdefault(text.key(form), countries)
            elif towns:
                for form in morphology.cyrillic_locatives(name):
                    declined.setdefault(text.key(form), towns)
        return declined

    def _is_small_word(self, name_key: str) -> bool:
        return any(
            reading_type in FUNCTION_TYPES for reading_type, _ in self.exact.get(name_key, ())
        )

    def build(self) -> Lexicon:
        shared: dict[tuple[str, int | str, float], Reading] = {}

        def reading(reading_type: str, target: int | str, weight: float) -> Reading:
            # One object per distinct reading: a city's twenty names share it.
            slot = (reading_type, target, weight)
            found = shared.get(slot)
            if found is None:
                found = shared[slot] = Reading(reading_type, target, weight)
            return found

        def ordered(readings: list[Reading]) -> tuple[Reading, ...]:
            return tuple(sorted(readings, key=lambda r: (-r.weight, r.type, str(r.target))))

        self._add_cyrillic_phrase_cases()
        # Function words win over names that happen to be spelt the same in some language
        # ("in", "of", "de"): those names are dropped from single-word keys.
        exact: dict[str, tuple[Reading, ...]] = {}
        for name_key, readings in self.exact.items():
            types = {reading_type for reading_type, _ in readings}
            has_function = bool(types & FUNCTION_TYPES)
            exact[name_key] = ordered(
                [
                    reading(reading_type, target, weight)
                    for (reading_type, target), weight in readings.items()
                    if not (
                        has_function
                        and (reading_type == CITY or (reading_type == COUNTRY and weight < 1.0))
                    )
                ]
            )
        self.exact.clear()
        stems = {
            stem_key: ordered([reading(t, target, w) for (t, target), w in readings.items()])
            for stem_key, readings in self.stems.items()
        }
        self.stems.clear()
        fuzzy: defaultdict[tuple[bool, int, int], list[str]] = defaultdict(list)
        fuzzy_readings: dict[str, tuple[Reading, ...]] = {}
        for name_key in sorted(self.fuzzy_keys | self._cyrillic_places(exact)):
            names = tuple(r for r in exact.get(name_key, ()) if r.type not in FUNCTION_TYPES)
            if not names:
                continue
            fuzzy[fuzzy_slot(name_key)].append(name_key)
            fuzzy_readings[name_key] = names
        for form_key, names in sorted(self._cyrillic_declined(exact).items()):
            if form_key not in fuzzy_readings:
                fuzzy[fuzzy_slot(form_key)].append(form_key)
                fuzzy_readings[form_key] = names
        unspaced = frozenset(k for k in exact if k and text.is_unspaced(k.replace(" ", "")))
        stemmable, romanised, romanised_apart, romanised_stemmable, consonantal = self._other_forms(
            exact
        )
        latin_skeletons, latin_consonants = self._latin_forms(exact)
        heard_in_vietnamese, spelt_in_vietnamese = self._heard_in_vietnamese(exact)
        return Lexicon(
            exact=exact,
            stems=stems,
            stem_heads=frozenset(
                (language, variant.count(" ") + 1, variant.split(" ", 1)[0])
                for language, variant in stems
                if " " in variant
            ),
            codes=dict(self.codes),
            city_codes=dict(self.city_codes),
            shared_codes=dict(self.shared_codes),
            common_words=frozenset(self.common_words),
            cities=self.cities,
            unspaced_keys=unspaced,
            cjk_abbreviations=dict(self.cjk_abbreviations),
            romanised_stationed=self._romanised_stationed(),
            mendable=(mendable := _mendable(exact)),
            short_hangul_by_sound=_short_hangul_by_sound(mendable),
            katakana_without_long_vowel=_katakana_without_long_vowel(exact),
            short_arabic_by_sound=_short_arabic_by_sound(exact),
            heard_in_vietnamese=heard_in_vietnamese,
            heard_in_vietnamese_by_length=_by_length(heard_in_vietnamese),
            spelt_in_vietnamese=spelt_in_vietnamese,
            devanagari_consonants=_devanagari_consonants(exact),
            homophones=(homophones := self._homophones(exact)),
            homophone_characters=frozenset(
                character for names in homophones.values() for name in names for character in name
            ),
            mission_towns=frozenset(self.mission_towns),
            han_sounds=self.han_sounds,
            states_and_territories=frozenset(self.codes.values()),
            fuzzy=dict(fuzzy),
            fuzzy_readings=fuzzy_readings,
            stemmable=stemmable,
            romanised=romanised,
            romanised_apart=romanised_apart,
            romanised_stemmable=romanised_stemmable,
            consonantal=consonantal,
            latin_skeletons=latin_skeletons,
            latin_consonants=latin_consonants,
            marked={
                marked_key: ordered([reading(t, target, w) for (t, target), w in readings.items()])
                for marked_key, readings in self.marked.items()
            },
            vietnamese_marked=self._vietnamese_marked(),
            everyday=frozenset(key for key in self.everyday if key not in exact),
            everyday_uninflected=frozenset(
                key for key in self.everyday_uninflected if key not in exact
            ),
            everyday_latin=frozenset(key for key in self.everyday_latin if key not in exact),
        )

    def _homophones(self, exact: dict[str, tuple[Reading, ...]]) -> dict[str, tuple[str, ...]]:
        """The notable names in Chinese characters by their sound (`Lexicon.sounding_alike`):
        the names of countries, mission kinds and the towns that host missions, under each
        way of reading them ("沙烏地阿拉伯": "sha wu di a la bo" and "… de …"), and a longer
        name as fuzzy pinyin reads it too (`romanize.fuzzy_pinyin`)."""
        found: defaultdict[str, set[str]] = defaultdict(set)
        for name_key in self.notable:
            if len(name_key) < 2 or not text.is_cjk(name_key) or text.has_kana(name_key):
                continue
            for spelling in {name_key, *text.chinese_variants(name_key)}:
                readings = exact.get(spelling, ())
                if any(r.type in (COUNTRY, DEMONYM, KIND, CITY) for r in readings):
                    for sound in romanize.sounds(spelling, self.han_sounds):
                        found[sound].add(spelling)
                        if len(spelling) >= romanize.FUZZY_PINYIN_SHORTEST:
                            found[romanize.fuzzy_pinyin(sound)].add(spelling)
        return {sound: tuple(sorted(names)) for sound, names in found.items()}

    def _romanised_stationed(self) -> dict[str, tuple[str, str]]:
        """The one-character names read after "stationed in", typed in Latin letters with the
        prefix in one word: pinyin "zhu" + "hua" (驻华), Korean "ju" + "han" (주한). A spelling
        two characters share ("yi": 意, Italy, and 以, Israel) names neither."""
        found: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for character, key in self.cjk_abbreviations.items():
            if text.is_hangul(character):
                found[f"ju{romanize.latin_syllable(character)}"].add(("주", key))
            elif text.is_cjk(character):
                found[f"zhu{romanize.latin_syllable(character)}"].add(("驻", key))
        return {typed: meanings.pop() for typed, meanings in found.items() if len(meanings) == 1}

    def _vietnamese_marked(self) -> dict[str, str]:
        """Vietnamese spellings told apart by their marks alone, by their key: the small word
        where a small word and a name share it ("bị" before "Bỉ"), as Vietnamese typed
        without marks means the small word far more often."""
        out: dict[str, str] = {}
        for marked_key, readings in sorted(self.marked.items()):
            if not text.is_vietnamese(marked_key):
                continue
            plain = text.key(marked_key)
            small = any(reading_type in FUNCTION_TYPES for reading_type, _ in readings)
            if plain not in out or small:
                out[plain] = marked_key
        return out

    def _add_cyrillic_phrase_cases(self) -> None:
        """Every case of the Russian and Ukrainian names of countries and nationalities in
        several words ("Великої Британії", "Соединённых Штатов"), whose words agree with each
        other; a one-word name is read in its cases through its dictionary form
        (`Lexicon._inflected`)."""
        for name_key, name in self.cyrillic.items():
            if " " not in name_key:
                continue
            readings = {
                slot: weight
                for slot, weight in self.exact.get(name_key, {}).items()
                if slot[0] in (COUNTRY, DEMONYM)
            }
            if not readings:
                continue
            for form in morphology.cyrillic_case_forms(name):
                slot = self.exact[text.key(form)]
                for reading_slot, weight in readings.items():
                    slot.setdefault(reading_slot, weight)

    def _latin_forms(
        self, exact: dict[str, tuple[Reading, ...]]
    ) -> tuple[dict[str, tuple[Reading, ...]], dict[str, tuple[Reading, ...]]]:
        """The notable Latin names of countries and towns by skeleton and by consonants
        (`Lexicon.latin_skeletons`): a name in another script meets them romanised."""
        skeletons: defaultdict[str, dict[Reading, None]] = defaultdict(dict)
        letters: defaultdict[str, dict[Reading, None]] = defaultdict(dict)
        for name_key in sorted(self.notable):
            if not name_key.isascii():
                continue
            names = [r for r in exact.get(name_key, ()) if r.type in (COUNTRY, CITY)]
            if not names:
                continue
            latin, spellings = romanize.latin_keys(name_key)
            if len(latin) >= 4:
                skeletons[latin].update(dict.fromkeys(names))
            for consonants in spellings:
                if romanize.enough_consonants(consonants) and len(consonants) >= 4:
                    letters[consonants].update(dict.fromkeys(names))
        return (
            {key: tuple(value) for key, value in skeletons.items()},
            {key: tuple(value) for key, value in letters.items()},
        )

    def _heard_in_vietnamese(
        self, exact: dict[str, tuple[Reading, ...]]
    ) -> tuple[dict[str, str], dict[str, str]]:
        """The Latin names of countries and of the towns with missions by their key as
        Vietnamese hears them (`vietnamese.name_key`) → the name, "" for a key two places share
        ("Berlin", "Benin": "benin"); and the names of those shared keys by their skeleton, for
        a transcription that spells one out ("Béc-lin": "berlin")."""
        found: dict[str, str] = {}
        meanings: dict[str, frozenset[tuple[str, int | str]]] = {}
        spelt: defaultdict[str, dict[str, str]] = defaultdict(dict)
        for name_key in sorted(self.notable):
            if not name_key.isascii() or not name_key.replace(" ", "").isalpha():
                continue
            # The names Vietnamese hears: a country's, a town's own where missions stand (not
            # its names in every other language, which would take memory and name towns by
            # chance).
            meaning = place_meaning(
                [
                    r
                    for r in exact.get(name_key, ())
                    if r.type == COUNTRY
                    or (
                        r.type == CITY
                        and int(r.target) in self.mission_towns
                        and r.weight >= HEARD_TOWN_WEIGHT
                    )
                ]
            )
            if not meaning:
                continue
            heard = vietnamese.name_key(name_key)
            if len(heard) < vietnamese.SHORTEST_KEY:
                continue
            spelt[heard].setdefault(romanize.skeleton(name_key.replace(" ", "")), name_key)
            if heard not in found:
                found[heard], meanings[heard] = name_key, meaning
            elif meanings[heard] != meaning:
                found[heard] = ""
        by_skeleton = {
            skeleton: name_key
            for heard, named in found.items()
            if not named
            for skeleton, name_key in spelt[heard].items()
        }
        return found, by_skeleton

    def _other_forms(
        self, exact: dict[str, tuple[Reading, ...]]
    ) -> tuple[
        dict[tuple[int, str], list[str]],
        dict[str, tuple[Reading, ...]],
        frozenset[str],
        dict[tuple[int, str], list[str]],
        dict[str, tuple[Reading, ...]],
    ]:
        """The notable names filed for inflected forms (`Lexicon.stemmable`) and by their
        romanised forms, from Cyrillic, Greek, Arabic, Persian, Hebrew and Devanagari."""
        stemmable: defaultdict[tuple[int, str], list[str]] = defaultdict(list)
        romanised: defaultdict[str, dict[Reading, None]] = defaultdict(dict)
        # Pinyin and romaji are typed a word apart where the script writes no space.
        romanised_apart: set[str] = set()
        consonantal: defaultdict[str, dict[Reading, None]] = defaultdict(dict)
        cyrillic_towns: set[str] = set()
        for name_key in sorted(self.notable):
            readings = exact.get(name_key, ())
            names = [r for r in readings if r.type not in FUNCTION_TYPES]
            words = name_key.split(" ")
            if names and len(words) <= 3 and _stemmable(words):
                stemmable[stem_slot(words)].append(name_key)
            latin, letters = romanize.romanised_keys(
                next(iter(self.kana.get(name_key, ())), name_key),
                country=any(r.type == COUNTRY for r in names),
            )
            if latin:
                romanised[latin].update(dict.fromkeys(readings))
                if " " not in latin and text.is_unspaced(name_key.replace(" ", "")):
                    romanised_apart.add(latin)
                if name_key in self.cyrillic and any(r.type == CITY for r in names):
                    cyrillic_towns.add(latin)
            if name_key in self.kana:
                for kana in self.kana[name_key]:
                    for spelling in romanize.romaji_spellings(kana):
                        romanised[spelling].update(dict.fromkeys(readings))
                        romanised_apart.add(spelling)
            elif names and text.is_cjk(name_key):
                # Pinyin as people read the name, where anyascii reads a character otherwise
                # ("奥地利": "aodili", not "aodeli").
                for sound in romanize.sounds(name_key, self.han_sounds)[:PINYIN_READINGS]:
                    spelling = romanize.skeleton(sound.replace(" ", ""))
                    romanised[spelling].update(dict.fromkeys(readings))
                    romanised_apart.add(spelling)
            # Every case of the countries' and nationalities' Russian and Ukrainian names, typed
            # in Latin letters ("v finlyandii"); towns, thousands of them, by their nominative.
            declined = [r for r in names if r.type in (COUNTRY, DEMONYM)]
            if name_key in self.cyrillic and declined:
                for form in morphology.cyrillic_case_forms(self.cyrillic[name_key]):
                    romanised[romanize.romanised_keys(form)[0]].update(dict.fromkeys(declined))
            # … and a town's locative ("v ryzi": у Ризі, in Riga) where its stem changes or is
            # too short to be read by its shared stem.
            towns = [r for r in names if r.type == CITY]
            if name_key in self.cyrillic and towns and latin:
                for form in morphology.cyrillic_locatives(self.cyrillic[name_key]):
                    declined_latin = romanize.romanised_keys(form)[0]
                    if (
                        declined_latin
                        and declined_latin not in self.everyday_latin
                        and (
                            len(latin) < ROMANISED_STEM_SHORTEST
                            or not declined_latin.startswith(latin[:-1])
                        )
                    ):
                        romanised[declined_latin].update(dict.fromkeys(towns))
            # Consonants alone say too little to name a town among thousands: countries,
            # nationalities and kind words only.
            spelt = [r for r in names if r.type != CITY]
            if letters and spelt and romanize.enough_consonants(letters):
                consonantal[letters].update(dict.fromkeys(spelt))
        # Greek and the languages pymorphy3 does not decline: inflected forms of countries and
        # nationalities by their shared stem ("elladas" for "ellada"); and the towns of the
        # Cyrillic names, declined in Latin letters ("v kyshynevi": Кишинёв).
        romanised_stemmable: defaultdict[tuple[int, str], list[str]] = defaultdict(list)
        for latin, kept in romanised.items():
            words = latin.split(" ")
            countryish = any(r.type in (COUNTRY, DEMONYM) for r in kept)
            # A short country's name is read declined too ("kouvas": Κούβας, Cuba's); a
            # town's must be longer, among thousands.
            shortest = ROMANISED_COUNTRY_STEM_SHORTEST if countryish else ROMANISED_STEM_SHORTEST
            if (
                latin
                and len(words) <= 3
                and all(len(word) >= shortest for word in words)
                and (countryish or latin in cyrillic_towns)
            ):
                romanised_stemmable[stem_slot(words)].append(latin)
        return (
            dict(stemmable),
            {key: tuple(readings) for key, readings in romanised.items()},
            frozenset(romanised_apart),
            dict(romanised_stemmable),
            {key: tuple(readings) for key, readings in consonantal.items() if readings},
        )


def _mendable(exact: dict[str, tuple[Reading, ...]]) -> dict[tuple[str, int], dict[str, str]]:
    """The names read when typed a letter off (`Lexicon.mended`): in Hangul by their jamo, in
    katakana and Arabic letters as written."""
    mendable: defaultdict[tuple[str, int], dict[str, str]] = defaultdict(dict)
    for name_key, readings in exact.items():
        if not any(r.type in (COUNTRY, DEMONYM, KIND, CITY) for r in readings):
            continue
        # Two syllables too, mended by a vowel that sounds alike only (`Lexicon.mended`).
        if len(name_key) >= 2 and text.is_hangul(name_key):
            mendable[(HANGUL, len(name_key))][name_key] = text.jamo(name_key)
        elif len(name_key) >= text.KATAKANA_MENDED_MIN and text.is_katakana(name_key):
            mendable[(KATAKANA, len(name_key))][name_key] = name_key
        elif len(name_key) >= text.ARABIC_MENDED_MIN and text.is_arabic(name_key):
            mendable[(ARABIC, len(name_key))][name_key] = name_key
    return dict(mendable)


def _by_length(keys: dict[str, str]) -> dict[int, list[str]]:
    """Keys by their length, to look for one a letter away among those of about its length."""
    by_length: defaultdict[int, list[str]] = defaultdict(list)
    for key in sorted(keys):
        by_length[len(key)].append(key)
    return dict(by_length)


def _short_hangul_by_sound(
    mendable: dict[tuple[str, int], dict[str, str]],
) -> dict[str, tuple[str, ...]]:
    """The Hangul names too short to mend by any jamo, by their sound (`text.hangul_sound`)."""
    by_sound: defaultdict[str, list[str]] = defaultdict(list)
    for (script, length), names in sorted(mendable.items()):
        if script == HANGUL and length < text.HANGUL_MENDED_MIN_SYLLABLES:
            for name in sorted(names):
                by_sound[text.hangul_sound(name)].append(name)
    return {sound: tuple(names) for sound, names in by_sound.items()}


def _short_arabic_by_sound(exact: dict[str, tuple[Reading, ...]]) -> dict[str, tuple[str, ...]]:
    """The names in Arabic letters too short to mend by any letter, by their sound
    (`text.arabic_sound`): mended by a letter typed for one that sounds alike only."""
    by_sound: defaultdict[str, list[str]] = defaultdict(list)
    for name_key, readings in sorted(exact.items()):
        if (
            3 <= len(name_key) < text.ARABIC_MENDED_MIN
            and text.is_arabic(name_key)
            and any(r.type in (COUNTRY, DEMONYM, KIND, CITY) for r in readings)
        ):
            by_sound[text.arabic_sound(name_key)].append(name_key)
    return {sound: tuple(names) for sound, names in by_sound.items()}


def _katakana_without_long_vowel(
    exact: dict[str, tuple[Reading, ...]],
) -> dict[str, tuple[str, ...]]:
    """The katakana names with a long-vowel mark, by their spelling with one of those marks
    left out, as typing leaves it out ("タイペイ" for "タイペー"; "ガナ" for "ガーナ", Ghana,
    however short)."""
    without: defaultdict[str, set[str]] = defaultdict(set)
    for name, readings in exact.items():
        if (
            text.KATAKANA_LONG_VOWEL not in name
            or len(name) < 3
            or not text.is_katakana(name)
            or not any(r.type in (COUNTRY, DEMONYM, KIND, CITY) for r in readings)
        ):
            continue
        for i, letter in enumerate(name):
            if letter == text.KATAKANA_LONG_VOWEL:
                without[name[:i] + name[i + 1 :]].add(name)
    return {short: tuple(sorted(names)) for short, names in without.items()}


def _devanagari_consonants(exact: dict[str, tuple[Reading, ...]]) -> dict[str, str]:
    """The names of one word in Devanagari by their consonants (`Lexicon.devanagari_consonants`):
    countries, nationalities and kind words, where the consonants name one thing only."""
    # What a name means: the country it names or whose nationality it is ("लातविया" and
    # "लातवियाई", Latvia and Latvian, share their consonants and mean one country), or a kind.
    meanings: defaultdict[str, dict[frozenset[int | str], str]] = defaultdict(dict)
    for name_key, readings in sorted(exact.items()):
        if " " in name_key or not text.is_devanagari(name_key):
            continue
        meant = frozenset(r.target for r in readings if r.type in (COUNTRY, DEMONYM, KIND))
        if not meant:
            continue
        letters = text.devanagari_consonants(name_key)
        if len(letters) < text.DEVANAGARI_MENDED_MIN_CONSONANTS:
            continue
        # The country's own name before its nationality's.
        if any(r.type == COUNTRY for r in readings) or meant not in meanings[letters]:
            meanings[letters][meant] = name_key
    # A word's consonants that other names share with it name nothing.
    letters_of_other_names = {
        text.devanagari_consonants(name_key)
        for name_key, readings in exact.items()
        if text.is_devanagari(name_key.replace(" ", ""))
        and not any(r.type in (COUNTRY, DEMONYM, KIND) for r in readings)
    }
    return {
        letters: next(iter(found.values()))
        for letters, found in meanings.items()
        if len(found) == 1 and letters not in letters_of_other_names
    }


def _stemmable(words: list[str]) -> bool:
    """Whether a name is read in inflected forms by shared stems: words of four letters or
    more, in an alphabet that inflects by endings (Latin, Cyrillic, Greek)."""
    return all(
        len(word) >= 4
        and word.isalpha()
        and all(ch.isascii() or "\u00c0" <= ch <= "\u04ff" for ch in word)
        for word in words
    )


def _add_vocabulary(builder: LexiconBuilder) -> None:
    for kind, words in vocabulary.KIND_WORDS.items():
        for word in words:
            builder.add(word, KIND, kind, fuzzy=True, languages=text.STEMMED_LANGUAGES)
    for word, weight in vocabulary.HOST_MARKERS.items():
        builder.add(word, HOST, "host", weight)
    for word in vocabulary.SENDING_MARKERS:
        builder.add(word, SENDING, "sending")
    for word in vocabulary.HOST_POSTPOSITIONS:
        builder.add(word, HOST_AFTER, "host")
    for word in vocabulary.SENDING_POSTPOSITIONS:
        builder.add(word, SENDING_AFTER, "sending")
    for word in vocabulary.CONSULAR_INTENT:
        builder.add(word, INTENT, "consular")
    for word in vocabulary.ARTICLES:
        builder.add(word, ARTICLE, "article")
    for word in vocabulary.FILLER:
        builder.add(word, FILLER, "filler")


def _add_person_nouns(
    builder: LexiconBuilder, countries: list[CountryRow], by_iso: dict[str, int]
) -> None:
    """Korean, Chinese and Japanese name a country's people with the word for a person written
    onto its name: 독일인, 德国人, ドイツ人 — one word, so a nationality beside the country's
    name in every spelling of those scripts (CLDR's in every locale, and the aliases)."""
    names: set[tuple[str, int]] = {
        (name, country.id) for country in countries for name in country.names.values()
    }
    for code, found in sources.country_names().items():
        if code in by_iso:
            names.update((name, by_iso[code]) for name in found)
    for code, alias in sources.aliases():
        if code in by_iso:
            names.add((alias, by_iso[code]))
    for name, country_id in sorted(names):
        if len(name) < 2:
            continue
        if text.is_hangul(name):
            builder.add(f"{name}인", DEMONYM, country_id)
        elif text.is_cjk(name):
            builder.add(f"{name}人", DEMONYM, country_id)


#: The most words a state's name may begin with when read by their initials ("Republik
#: Demokratik" in "RD Kongo").
INITIALLED_WORDS_MOST = 3


def initialled(name: str) -> list[str]:
    """A state's name of three words or more with the words before the last typed as their
    initials, run together and a letter apart: "Republik Demokratik Kongo" → "rd kongo",
    "r d kongo"; "République démocratique du Congo" → "rd congo" (its small words dropped
    when they stand before the last); "جمهوری دموکراتیک کنگو" → "ج د كنگو". Alphabets only:
    not the scripts written in syllables or characters, nor Arabic's article-led words."""
    words = text.key(name).split(" ")
    if len(words) < 3 or not all(text.is_alphabetic_script(word) for word in words):
        return []
    *leading, last = words
    while leading and len(leading[-1]) <= 3:
        leading.pop()  # "du", "del", "of the": before the name, not initialled
    if not 2 <= len(leading) <= INITIALLED_WORDS_MOST or any(
        len(word) <= 3 or word.startswith("ال") for word in leading
    ):
        return []
    letters = [word[0] for word in leading]
    return ["".join(letters) + " " + last, " ".join([*letters, last])]


def _add_initialled_names(
    builder: LexiconBuilder, by_iso: dict[str, int], by_name: dict[str, int]
) -> None:
    """Every state's name in every language (CLDR's and the aliases) by its initials too
    (`initialled`): "RD Kongo", "ДР Конго", "ج.د. کنگو"."""
    names: set[tuple[str, int]] = set()
    for code, found in sources.country_names().items():
        if code in by_iso:
            names.update((name, by_iso[code]) for name in found)
    for code, alias in sources.aliases():
        country_id = by_iso.get(code) or by_name.get(text.key(code))
        if country_id is not None:
            names.add((alias, country_id))
    for name, country_id in sorted(names):
        for form in initialled(name):
            builder.add(form, COUNTRY, country_id, 0.9)


def _add_countries(builder: LexiconBuilder, countries: list[CountryRow]) -> dict[str, int]:
    by_iso: dict[str, int] = {}
    by_code = {country.iso_alpha2: country for country in countries if country.iso_alpha2}
    for character, code in sources.cjk_abbreviations():
        if code in by_code:
            found = by_code[code]
            builder.cjk_abbreviations[character] = text.key(found.names.get("zh") or found.name)
    for country in countries:
        if country.iso_alpha2:
            by_iso[country.iso_alpha2] = country.id
            builder.codes[country.iso_alpha2] = country.id
        if country.iso_alpha3:
            builder.codes[country.iso_alpha3] = country.id
        weight = 0.6 if country.kind in MINOR_KINDS else 1.0
        builder.add(country.name, COUNTRY, country.id, weight, fuzzy=True, languages=("en",))
        for language, name in country.names.items():
            builder.add(
                name,
                COUNTRY,
                country.id,
                weight,
                languages=(language,),
                fuzzy=language in FUZZY_LANGUAGES,
            )
        for alias in country.aliases:
            builder.add(alias, COUNTRY, country.id, 0.95 * weight, fuzzy=True, languages=("en",))
    for code, names in sources.country_names().items():
        country_id = by_iso.get(code)
        if country_id is None:
            continue
        for name in names:
            builder.add(name, COUNTRY, country_id, 0.9)
            # "เมียนมา (พม่า)": the name before the parentheses alone as well (what they hold
            # may be a town that tells two namesakes apart: "Kongo (Kinshasa)").
            both = _NAME_AND_OTHER_NAME.match(name)
            if both:
                builder.add(both.group(1), COUNTRY, country_id, 0.9)
    # The covered languages written in Latin letters beyond the site's have their names read
    # with typos too ("Etiypoya", Turkish Etiyopya).
    for language in MORE_FUZZY_LANGUAGES:
        for code, name in sources.territory_names(language).items():
            if code in by_iso:
                builder.add(name, COUNTRY, by_iso[code], 0.9, fuzzy=True)
    # A sender with no ISO code is named in the table by its English name.
    by_name = {
        text.key(country.name): country.id for country in countries if not country.iso_alpha2
    }
    for code, alias in sources.aliases():
        country_id = by_iso.get(code) or by_name.get(text.key(code))
        if country_id is None:
            continue
        if len(alias) <= 4 and alias.replace(".", "").isupper():
            builder.codes.setdefault(alias.replace(".", ""), country_id)
            # Common abbreviations are also typed in lower case ("us consulate", "uae"),
            # unless that spelling is an ordinary word ("car", "eau", "dr").
            if text.key(alias) not in LOWERCASE_WORDS:
                builder.add(alias, COUNTRY, country_id, 0.95)
            continue
        builder.add(alias, COUNTRY, country_id, 1.0, fuzzy=True, languages=FUZZY_LANGUAGES)
    _add_initialled_names(builder, by_iso, by_name)
    _add_person_nouns(builder, countries, by_iso)
    for code, language, form in sources.demonyms():
        country_id = by_iso.get(code) or by_name.get(text.key(code))
        if country_id is None:
            continue
        builder.add(form, DEMONYM, country_id, fuzzy=True, languages=(language,))
        if language == "ar":
            # "السفارة المصرية": the adjective takes the article with its noun.
            builder.add(f"{ARABIC_ARTICLE}{form}", DEMONYM, country_id)
            words = form.split()
            if len(words) > 1:  # "الكوري الجنوبي"
                builder.add(" ".join(ARABIC_ARTICLE + word for word in words), DEMONYM, country_id)
    # A country's one character and "country" name it in Japanese and Chinese headlines
    # ("伯国", Brazil; "亜国", Argentina; "加国", Canada), where that is no other word.
    for character, code in sources.cjk_abbreviations():
        if code not in by_iso or not text.is_han(character):
            continue
        for country_word in ("国", "國"):
            name = f"{character}{country_word}"
            if text.key(name) not in builder.exact:
                builder.add(name, COUNTRY, by_iso[code], 0.9)
    return by_iso


def _add_cities(
    builder: LexiconBuilder,
    by_iso: dict[str, int],
    mission_places: list[tuple[str, int, float | None, float | None]],
) -> None:
    """GeoNames cities, the missions' own city labels, and regions from the places table.

    Cities near a mission can be matched approximately; the others only exactly.
    """
    mission_points: defaultdict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)
    for _, _, lat, lon in mission_places:
        if lat is not None and lon is not None:
            mission_points[(round(lat), round(lon))].append((lat, lon))

    def near_a_mission(lat: float, lon: float) -> bool:
        for dlat in (-1, 0, 1):
            for dlon in (-1, 0, 1):
                for mlat, mlon in mission_points.get((round(lat) + dlat, round(lon) + dlon), ()):
                    if great_circle_km(lat, lon, mlat, mlon) <= 30:
                        return True
        return False

    # A mission's city label, also without administrative words ("Narva City" → "narva").
    labels = {(text.key(label), host) for label, host, _, _ in mission_places if label}
    labels |= {(text.place_core(label), host) for label, host, _, _ in mission_places if label}
    function_words = {
        key
        for key, readings in builder.exact.items()
        if any(reading_type in FUNCTION_TYPES for reading_type, _ in readings)
    }
    known: dict[tuple[str, int], int] = {}
    for record in sources.gazetteer_cities():
        country_id = by_iso.get(record.iso2)
        if country_id is None:
            continue
        city = City(
            id=len(builder.cities),
            name=record.name,
            country_id=country_id,
            latitude=record.latitude,
            longitude=record.longitude,
            population=record.population,
        )
        builder.cities.append(city)
        hosts_missions = (text.key(record.name), country_id) in labels or near_a_mission(
            record.latitude, record.longitude
        )
        builder.add(record.name, CITY, city.id, fuzzy=hosts_missions, languages=("ru",))
        if hosts_missions:
            builder.mission_towns.add(city.id)
        if hosts_missions and text.key(record.name).startswith("the "):
            # "The Hague" is typed "Hague" too, and misspelt there ("the hauge").
            builder.add(record.name[4:], CITY, city.id, 0.95, fuzzy=True)
        known.setdefault((text.key(record.name), country_id), city.id)
        every_script = hosts_missions or record.population >= sources.ALL_NAMES_POPULATION
        for name in _alternate_spellings(record.alternate_names):
            words = text.tokens(name)
            if words and words[-1] in function_words:
                continue  # romanisations such as "Ch in" would swallow "CH in …"
            if every_script or name.isascii():
                builder.add(name, CITY, city.id, 0.95, languages=("ru",), notable=hosts_missions)
                known.setdefault((text.key(name), country_id), city.id)
                elided = _ELIDED_ARTICLE.match(name)
                if elided and hosts_missions:
                    # Italian and French write the article onto a preposition ("all'Aia",
                    # "dell'Avana", "à l'Haÿ"): the name is read without it too.
                    builder.add(name[elided.end() :], CITY, city.id, 0.9, notable=True)
    first_label = len(builder.cities)
    for label, country_id, lat, lon in mission_places:
        if not label or (text.key(label), country_id) in known:
            continue
        same = known.get((text.place_core(label), country_id))
        if same is not None:  # "Narva City" is GeoNames' Narva
            known[(text.key(label), country_id)] = same
            builder.add(label, CITY, same, fuzzy=True, languages=("ru",))
            builder.mission_towns.add(same)
            continue
        city = City(len(builder.cities), label, country_id, lat, lon, population=0)
        builder.cities.append(city)
        known[(text.key(label), country_id)] = city.id
        builder.add(label, CITY, city.id, fuzzy=True, languages=("ru",))
        builder.mission_towns.add(city.id)
    _add_town_names(builder, known, labels)
    _add_zone_town_names(builder, known, by_iso)
    _add_towns_filed_under_another_host(builder, first_label)
    for place in sources.places():
        country_id = by_iso.get(place.iso2)
        if country_id is None:
            continue
        city = City(
            id=len(builder.cities),
            name=place.names[0],
            country_id=country_id,
            latitude=place.latitude,
            longitude=place.longitude,
            population=0,
            radius_km=max(place.radius_km, 20.0),
            is_region=True,
            main_city=place.main_city,
        )
        builder.cities.append(city)
        for name in place.names:
            builder.add(name, CITY, city.id, fuzzy=True, languages=("ru",))
            if len(name) <= CITY_CODE_MAX and name.isalpha() and name.isupper():
                # "LA": also read as typed, in capitals, where its small letters are a small
                # word ("la") that outranks any name.
                builder.city_codes[name] = city.id


def _add_written_forms(builder: LexiconBuilder, countries: list[CountryRow]) -> None:
    """The forms the pages write place names in ("d’Allemagne", "im Iran", "w Niemczech"):
    what the site writes, search reads."""
    by_code = {country.code: country.id for country in countries if country.code}
    for language in forms.table_languages():
        for code, written in forms.written_forms(language).items():
            country_id = by_code.get(code)
            if country_id is None:
                continue
            for form in written:
                builder.add(form, COUNTRY, country_id, 0.9, languages=(language,))


#: "Άγκυρα (Ankyra)": a GeoNames name with its romanisation in brackets.
_BRACKETED = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<other>[^()]+)\)$")


#: "品川区", "大阪市", "부산시", "오사카 시": a Chinese, Japanese or Korean town's name with the
#: word for its kind of municipality (ward, city, town), which people leave out.
_MUNICIPALITY = re.compile(r"^(?P<name>[^\sA-Za-z]{2,}?)\s?(?:区|區|市|町|시|구)$")


def _alternate_spellings(names: Iterable[str]) -> Iterator[str]:
    """GeoNames alternate names, a name with its romanisation in brackets as its two names
    (brackets in one script name the larger place instead: "Ixelles (Bruxelles)"), and a
    name with its municipality word also without it."""
    for name in names:
        bracketed = _BRACKETED.match(name)
        if bracketed and text.is_latin(bracketed["name"]) != text.is_latin(bracketed["other"]):
            yield bracketed["name"]
            yield bracketed["other"]
            continue
        yield name
        municipality = _MUNICIPALITY.match(name)
        # GeoNames writes Korean names with the word apart ("나고야 시"), Japanese ones joined.
        if municipality and (text.is_unspaced(name) or text.is_hangul(name.replace(" ", ""))):
            yield municipality["name"]


def _add_town_names(
    builder: LexiconBuilder,
    known: dict[tuple[str, int], int],
    labels: set[tuple[str, int]],
) -> None:
    """The towns' names in the site's languages (`countries.towns`), for the towns of that
    English name that missions stand in (`labels`: their keys and countries), read with typos
    too ("Lisbao")."""
    by_label: defaultdict[str, list[int]] = defaultdict(list)
    for (label_key, country), city_id in known.items():
        if (label_key, country) in labels:
            by_label[label_key].append(city_id)
    for row in towns.table_rows():
        for city_id in dict.fromkeys(by_label.get(text.key(row["en"]), ())):
            for language in towns.TOWN_LANGUAGES:
                builder.add(row[language], CITY, city_id, 0.95, languages=(language,), fuzzy=True)
    for language in towns.SEARCH_TOWN_LANGUAGES:
        for english, written in towns.search_forms(language).items():
            for city_id in dict.fromkeys(by_label.get(text.key(english), ())):
                for form in written:
                    builder.add(form, CITY, city_id, 0.95, fuzzy=True)
    for english, names in towns.script_names().items():
        for city_id in dict.fromkeys(by_label.get(text.key(english), ())):
            for name in sorted(names):
                builder.add(name, CITY, city_id, 0.95, notable=True)


def _add_zone_town_names(
    builder: LexiconBuilder, known: dict[tuple[str, int], int], by_iso: dict[str, int]
) -> None:
    """The names CLDR gives the time zones' towns in every locale, exonyms GeoNames may lack
    ("Wina", Vienna in Indonesian; "کپنهاگ", Copenhagen in Persian), read with typos too
    ("Lisbao")."""
    for code, english, names in sources.zone_town_names():
        country_id = by_iso.get(code)
        city_id = known.get((text.key(english), country_id)) if country_id is not None else None
        if city_id is None:
            continue
        for name in names:
            builder.add(name, CITY, city_id, 0.95, fuzzy=True)


def _add_abbreviations(builder: LexiconBuilder, countries: list[CountryRow]) -> None:
    """KBRI (the embassy of Indonesia), "T.C." (Türkiye), Kedubes (an embassy): a country
    abbreviation is a name of the country, one that also names an office is a demonym with
    that kind, as "Indonesian embassy" is."""
    by_code = {country.code: country.id for country in countries if country.code}
    for abbreviation in sources.abbreviations():
        country_id = by_code.get(abbreviation.country) if abbreviation.country else None
        if abbreviation.country and country_id is None:
            continue
        letters = abbreviation.text.replace(".", "").replace(" ", "")
        marked_key = text.marked_key(abbreviation.text)
        # An office's name in Chinese or Japanese is read in pinyin or romaji too, as the
        # names are; an abbreviation in letters is read as typed only.
        spelt_out = text.is_unspaced(letters)
        if len(letters) <= 2 and marked_key != text.key(abbreviation.text):
            # "ZÚ", "ÖB": two letters with their marks are the office as written; without
            # them they are words of another language (German "zu", "ob"), and in capitals
            # a code (below).
            slot = builder.marked[marked_key]
            if abbreviation.kind:
                slot[(KIND, abbreviation.kind)] = 1.0
                if country_id is not None:
                    slot[(DEMONYM, country_id)] = 0.95
        elif abbreviation.kind:
            builder.add(abbreviation.text, KIND, abbreviation.kind, notable=spelt_out)
        if country_id is None:
            continue
        if len(letters) <= 2 and len(text.tokens(abbreviation.text)) == 1:
            # Two capitals are a country only as typed ("Ambasada RP"), not the word "rp".
            # Letters that are already another's code keep both meanings ("RS": Serbia's
            # code, Slovenia in Slovenian; "TC" and "T.C.": Türkiye, and the Turks and
            # Caicos Islands' code), as does the spelling without marks ("ČR" typed "CR").
            for code in dict.fromkeys((letters.upper(), text.fold(letters).upper())):
                if builder.codes.setdefault(code, country_id) != country_id:
                    meaning = (country_id, abbreviation.language)
                    builder.shared_codes[code] = (*builder.shared_codes.get(code, ()), meaning)
            if not abbreviation.kind or marked_key != text.key(abbreviation.text):
                continue
        reading = DEMONYM if abbreviation.kind else COUNTRY
        builder.add(abbreviation.text, reading, country_id, 0.95, notable=spelt_out)


#: Languages whose common words (stopwords-iso) are known as filler, so that a sentence's
#: other words are not read as names by their spelling or stem. English, French, Spanish,
#: German, Russian and Arabic have their own lists (`vocabulary.FILLER`); Chinese and Japanese
#: are cut into words by the vocabulary itself.
STOPWORD_LANGUAGES = (
    "pl", "uk", "tr", "hi", "fa", "vi", "id", "af", "ko", "it", "pt", "nl", "el", "he", "sl",
    "cs", "sk", "sv", "da", "no", "fi", "hu", "ro", "hr",
)  # fmt: skip


def _add_stopwords(builder: LexiconBuilder) -> None:
    import stopwordsiso  # read once, by the builder

    for language in STOPWORD_LANGUAGES:
        for word in sorted(stopwordsiso.stopwords(language)):
            word_key = text.key(word)
            if len(word_key) < 2 or " " in word_key:
                continue
            if word_key not in builder.exact:
                builder.add(word, FILLER, "filler", notable=False)
                continue
            if (
                text.marked_key(word) == word_key
                and word_key not in builder.plainly_spelt
                and word_key in builder.marked_spellings
                and {reading_type for reading_type, _ in builder.exact[word_key]} == {DEMONYM}
            ):
                # A nationality only ever written with marks is read as written; without them
                # the word is the common one ("dán" is Danish in Hungarian, "dan" Indonesian's
                # and). Not a country's or a town's name, which people type without its marks
                # ("Hàn", Korea in Vietnamese, typed "han").
                readings = builder.exact.pop(word_key)
                for marked_key in builder.marked_spellings[word_key]:
                    slot = builder.marked[marked_key]
                    for found, weight in readings.items():
                        slot[found] = max(slot.get(found, 0.0), weight)
                builder.add(word, FILLER, "filler", notable=False)
                continue
            if {reading_type for reading_type, _ in builder.exact[word_key]} == {CITY}:
                builder.common_words.add(word_key)  # Italian "ho" (I have), the town Ho
            # A word that is also a name or a kind word keeps that meaning, unless its marks
            # tell them apart: Vietnamese "bị" (a small word) is not "Bỉ" (Belgium).
            # A small word spelt so already keeps its meaning ("în", Romanian's "in", is "in").
            marked_key = text.marked_key(word)
            if (
                marked_key != word_key
                and marked_key not in builder.marked
                and marked_key not in builder.marked_small_words
                and not builder._is_small_word(word_key)
            ):
                builder.marked[marked_key][(FILLER, "filler")] = 1.0


#: Languages whose everyday words (wordfreq) are never read as misspelt names: the covered
#: languages with a frequency list, beyond those whose small words the engine was built on.
EVERYDAY_LANGUAGES = (
    "pl", "uk", "tr", "hi", "fa", "vi", "id", "ms", "ko", "it", "pt", "nl", "el", "he", "sl",
)  # fmt: skip


#: … and the languages with their own lists of small words (`vocabulary.FILLER`), by their
#: commonest words only: what those lists leave out ("finde", find, is no Finn).
COMMON_WORD_LANGUAGES = ("en", "fr", "es", "de", "ru", "ar")
COMMON_WORD_ZIPF = 5.0


#: Languages written in Latin letters whose everyday words are never read as a romanised
#: abjad name by their consonants (Swedish "ligger" is not Bulgaria's "blghr").
LATIN_EVERYDAY_LANGUAGES = (
    "pl", "tr", "vi", "id", "ms", "it", "pt", "nl", "sl", "sv", "da", "nb", "fi", "cs", "ro",
    "hu", "hr", "en", "fr", "es", "de",
)  # fmt: skip
#: … of them, those that do not inflect names: their everyday words are no inflected names
#: either ("hubungi", contact, is not Hungary's; "polisi", police, not Polish).
UNINFLECTED_LANGUAGES = ("id", "ms", "vi")


def _add_everyday_words(builder: LexiconBuilder) -> None:
    """Everyday words of the languages travellers write sentences in that name nothing as
    written: not misspelt names ("suami", husband, is not Suomi; "lapor", report, not a town).
    """
    for language in EVERYDAY_LANGUAGES:
        for word in sources.everyday_words(language):
            word_key = text.key(word)
            if len(word_key) < 3 or " " in word_key:
                continue
            readings = builder.exact.get(word_key)
            if readings is None:
                if len(word_key) >= 4:
                    builder.everyday.add(word_key)
                    if language in UNINFLECTED_LANGUAGES:
                        builder.everyday_uninflected.add(word_key)
            elif (
                language in UNINFLECTED_LANGUAGES
                and word_key not in builder.notable
                and all(
                    reading_type == CITY
                    and (weight < 1.0 or int(target) not in builder.mission_towns)
                    for (reading_type, target), weight in readings.items()
                )
            ):
                # Another language's name of a town far from any mission (Malay "nak", want),
                # or a town's own name where no mission stands (Indonesian "orang", a person;
                # Ŏrang, in North Korea): that town only beside few other names
                # (`Lexicon.common_words`); not a name of a notable town ("Roma").
                builder.common_words.add(word_key)
    for language in COMMON_WORD_LANGUAGES:
        for word in sources.everyday_words(language, COMMON_WORD_ZIPF):
            word_key = text.key(word)
            if len(word_key) >= 4 and " " not in word_key and word_key not in builder.exact:
                builder.everyday.add(word_key)
    for language in LATIN_EVERYDAY_LANGUAGES:
        for word in sources.everyday_words(language):
            word_key = text.key(word)
            if len(word_key) >= 4 and word_key.isalpha() and word_key.isascii():
                builder.everyday_latin.add(word_key)


#: Languages typed in Latin letters as often as in their own script, whose common words are
#: filler in that form too ("chto delat", "de posolstvo"), so that they are not read as
#: misspelt towns.
ROMANISED_STOPWORD_LANGUAGES = ("ru", "uk", "el")


def _add_romanised_stopwords(builder: LexiconBuilder) -> None:
    import stopwordsiso  # read once, by the builder

    for language in ROMANISED_STOPWORD_LANGUAGES:
        for word in sorted(stopwordsiso.stopwords(language)):
            latin = text.key(romanize.latin_spelling(word))
            if len(latin) >= 3 and " " not in latin and latin not in builder.exact:
                builder.add(latin, FILLER, "filler", notable=False)


#: A city's abbreviation is read as typed in capitals when it is this short ("LA", "KL").
CITY_CODE_MAX = 3

#: A mission's town filed under another host is GeoNames' town of that name this near.
SAME_TOWN_KM = 30.0


def _add_towns_filed_under_another_host(builder: LexiconBuilder, first_label: int) -> None:
    """A town the missions file puts under another host than GeoNames does (Jerusalem under
    Palestine and under Israel) is named by all of GeoNames' names for it ("Kudüs",
    "Gerusalemme"), not by its English name alone."""
    #: GeoNames' towns by name: (id, country, latitude, longitude).
    by_name: defaultdict[str, list[tuple[int, int | None, float, float]]] = defaultdict(list)
    for city in builder.cities[:first_label]:
        if city.latitude is not None and city.longitude is not None:
            by_name[text.key(city.name)].append(
                (city.id, city.country_id, city.latitude, city.longitude)
            )
    same_town: defaultdict[int, list[int]] = defaultdict(list)
    for label in builder.cities[first_label:]:
        if label.latitude is None or label.longitude is None:
            continue
        for city_id, country_id, latitude, longitude in by_name.get(text.key(label.name), ()):
            if country_id != label.country_id and (
                great_circle_km(latitude, longitude, label.latitude, label.longitude)
                <= SAME_TOWN_KM
            ):
                same_town[city_id].append(label.id)
    if not same_town:
        return
    for slot in builder.exact.values():
        for (kind, target), weight in list(slot.items()):
            if kind == CITY and target in same_town:
                for label_id in same_town[int(target)]:
                    slot.setdefault((CITY, label_id), weight)


def _add_provinces_named_as_their_towns(
    builder: LexiconBuilder, countries: list[CountryRow]
) -> None:
    """A sender with no ISO code named as its capital is ("Quebec"): CLDR names it in no
    language, GeoNames names the town in many scripts ("퀘벡", "ケベック"), and readers name
    both alike, so the town's names in those scripts name the sender too."""
    by_name = {
        text.key(country.name): country.id for country in countries if not country.iso_alpha2
    }
    towns = {
        city.id: by_name[text.key(city.name)]
        for city in builder.cities
        if text.key(city.name) in by_name
    }
    if not towns:
        return
    for name_key, slot in builder.exact.items():
        if text.is_latin(name_key):
            continue  # in Latin letters the sender has its own names ("Quebec", "Québec")
        senders = {
            towns[int(target)] for (kind, target) in slot if kind == CITY and target in towns
        }
        for sender in senders:
            slot.setdefault((COUNTRY, sender), NAMESAKE_SENDER_WEIGHT)


#: The elided article a town's name may begin with, in Italian and French ("L'Aia", "L'Avana").
_ELIDED_ARTICLE = re.compile(r"^[Ll]['’](?=\w{3})")

#: A town's name Vietnamese transcribes by ear is its own: its alternate names (0.95) are
#: left out.
HEARD_TOWN_WEIGHT = 1.0

#: A country's name followed by another in parentheses, as CLDR gives some.
_NAME_AND_OTHER_NAME = re.compile(r"^([^()（）]+?)\s*[(（][^()（）]+[)）]\s*$")

#: A romanised name is read by its shared stem when each of its words is this long; a
#: country's or nationality's from one letter fewer.
ROMANISED_STEM_SHORTEST = 5
ROMANISED_COUNTRY_STEM_SHORTEST = 4

#: The ways of reading a Chinese name in pinyin kept for it, the likeliest first.
PINYIN_READINGS = 4

#: How sure a town's name is to name the sender named like it.
NAMESAKE_SENDER_WEIGHT = 0.9


def build_lexicon(
    countries: list[CountryRow],
    mission_places: list[tuple[str, int, float | None, float | None]],
) -> Lexicon:
    """The whole vocabulary. `mission_places`: (city label, host id, lat, lon) per mission."""
    builder = LexiconBuilder()
    _add_vocabulary(builder)
    by_iso = _add_countries(builder, countries)
    _add_written_forms(builder, countries)
    _add_abbreviations(builder, countries)
    _add_cities(builder, by_iso, mission_places)
    _add_provinces_named_as_their_towns(builder, countries)
    _add_stopwords(builder)
    _add_romanised_stopwords(builder)
    _add_everyday_words(builder)
    return builder.build()
