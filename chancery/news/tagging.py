"""Which countries an article is about: names, aliases and demonyms (the lexicon),
capitals (the city where most embassies of a country sit) and metonyms ("the Kremlin").

Each mention adds to its country's score: a name or alias 1.0, a demonym 0.8, a capital 0.7,
a metonym its listed weight. Countries scoring at least `THRESHOLD` are tagged.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db.models import Count

from chancery.core import tables
from chancery.directory.models import Mission
from chancery.lexicon import text
from chancery.lexicon.lexicon import CITY, COUNTRY, DEMONYM, MAX_SPAN, Word
from chancery.lexicon.selectors import current_lexicon

THRESHOLD = 1.0
WEIGHTS = {COUNTRY: 1.0, DEMONYM: 0.8, CITY: 0.7}
METONYMS = Path(__file__).resolve().parent / "data" / "metonyms.tsv"


@dataclass(frozen=True)
class Tag:
    country_id: int
    score: float


@cache
def _metonyms() -> dict[str, tuple[str, float]]:
    out: dict[str, tuple[str, float]] = {}
    for number, (phrase, code, weight) in tables.rows(METONYMS, columns=3):
        try:
            out[text.key(phrase)] = (code.strip(), float(weight))
        except ValueError as exc:
            raise tables.error(METONYMS, number, f"weight: {exc}") from exc
    return out


def capitals() -> dict[int, str]:
    """Host country id → the folded name of the city with most of its embassies."""
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    rows = (
        Mission.objects.active()
        .filter(kind__in=("embassy", "high_commission"))
        .exclude(city="")
        .values_list("host_country_id", "city")
        .annotate(n=Count("id"))
    )
    for host_id, city, n in rows:
        counts[host_id][text.key(city.split(",")[0])] += n
    return {host: c.most_common(1)[0][0] for host, c in counts.items() if c}


def tag_text(body: str, *, capital_names: dict[int, str] | None = None) -> list[Tag]:
    """Countries the text is about, with scores, best first (only those over the threshold)."""
    lexicon = current_lexicon()
    capital_names = capitals() if capital_names is None else capital_names
    raws = text.raw_tokens_with_case(body)
    folded = [text.fold(raw) for raw in raws]
    words = [Word(raw, fold) for raw, fold in zip(raws, folded, strict=True)]
    scores: defaultdict[int, float] = defaultdict(float)
    metonyms = _metonyms()
    i = 0
    while i < len(words):
        matched = 0
        for j in range(min(len(words), i + MAX_SPAN), i, -1):
            span_key = " ".join(folded[i:j])
            metonym = metonyms.get(span_key)
            # Running text: the names as written, no codes, endings or typos.
            found = lexicon.match(words[i:j], as_written=True, key=span_key)
            places = [r for r in found.readings if r.type in WEIGHTS] if found else []
            if not places and metonym is None:
                continue
            if found is not None and found.names_a_small_word and j - i == 1:
                break  # "in", "de", "us": small words, not places
            if j - i == 1 and len(words[i].raw) <= 3 and not words[i].raw[:1].isupper():
                break  # "us", "uk" in lower case in running text
            if metonym is not None:
                code, weight = metonym
                if code in lexicon.codes:
                    scores[lexicon.codes[code]] += weight
            else:
                _score(places, lexicon, capital_names, scores, span_key)
            matched = j - i
            break
        i += matched or 1
    tags = [Tag(country_id, round(score, 2)) for country_id, score in scores.items()]
    tags = [t for t in tags if t.score >= THRESHOLD]
    tags.sort(key=lambda t: (-t.score, t.country_id))
    return tags


def _score(places, lexicon, capital_names, scores, span_key) -> None:
    countries = [r for r in places if r.type in (COUNTRY, DEMONYM)]
    if countries:
        # A name or curated alias ("USA", "UK") counts 1.0, a demonym 0.8; a name known only
        # from another language's CLDR list (weight 0.9) half as much.
        contributions: dict[int, float] = {}
        for reading in countries:
            strength = 1.0 if reading.weight >= 0.95 else reading.weight * 0.5
            value = WEIGHTS[reading.type] * strength
            target = int(reading.target)
            contributions[target] = max(contributions.get(target, 0.0), value)
        best = max(contributions.values())
        top = [country_id for country_id, value in contributions.items() if value == best]
        for country_id in top:
            scores[country_id] += best / len(top)
        return
    for reading in places:
        city = lexicon.cities[int(reading.target)]
        if city.country_id is not None and capital_names.get(city.country_id) == span_key:
            scores[city.country_id] += WEIGHTS[CITY]
            return
