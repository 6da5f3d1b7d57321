"""Whether an issuer's advice for a state speaks of one of its territories.

Issuers write one advisory for a state and say in its text which of its territories it covers
("The Kingdom of Denmark consists of Denmark, the Faroe Islands, and Greenland"). A territory
named in its state's advisory is taken as covered by it; one not named is not, and pages say
that the advice does not say.
"""

from __future__ import annotations

import html
import re
import unicodedata

from chancery.countries.models import Country

from .models import AdvisoryVersion

_TAG = re.compile(r"<[^>]+>")
#: Shorter names ("UK", codes kept as aliases) would be found inside unrelated words.
_SHORTEST_NAME = 4


def _folded(text: str) -> str:
    """Lower case without accents, so "Reunion" finds "Réunion"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def place_names(place: Country) -> set[str]:
    """Every name of a place in every language, folded."""
    names = {place.name, *(place.aliases or []), *(place.names or {}).values()}
    return {_folded(n) for n in names if len(n.strip()) >= _SHORTEST_NAME}


def names_place(version: AdvisoryVersion, place: Country) -> bool:
    """The advisory's title or text names the place, as a whole word or phrase."""
    text = _folded(html.unescape(_TAG.sub(" ", f"{version.title} {version.summary}")))
    return any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) for name in place_names(place))
