"""The languages and phenomena read since the blind query sets: one case each, on pairs of
neither set (the sets measure; these say what each rule is for)."""

from __future__ import annotations

import pytest

from .test_understanding import assert_top

pytestmark = pytest.mark.django_db

CASES = [
    # Polish and Ukrainian cases: by the pages' own forms, by shared stems, by the dictionary.
    ("ambasada Francji w Hiszpanii", "FR", "ES", None),
    ("konsulat generalny Francji w Krakowie", "FR", "PL", "Kraków"),
    ("посольство Франції в Італії", "FR", "IT", None),
    # Korean and Japanese "resident in", with the sender named or implied.
    ("주일 대한민국 대사관", "KR", "JP", None),
    ("주독 대사관", "KR", "DE", None),
    ("在米日本大使館", "JP", "US", None),
    # Postpositions.
    ("जर्मनी में भारतीय दूतावास", "IN", "DE", None),
    # National abbreviations.
    ("KBRI Paris", "ID", "FR", None),
    ("T.C. Roma Büyükelçiliği", "TR", "IT", None),
    # Romanised Russian, with its cases.
    ("posolstvo germanii v ispanii", "DE", "ES", None),
    # Nicknames.
    ("Aussie embassy Tokyo", "AU", "JP", None),
]


@pytest.mark.parametrize(("query", "sending", "host", "city"), CASES)
def test_more_languages(query: str, sending: str, host: str, city: str | None) -> None:
    assert_top(query, sending, host, city)
