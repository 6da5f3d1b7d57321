"""Every row of the lexicon's tables names a country that exists.

The builder passes over a row whose country it does not know (a test database holds a few
countries only), so a misspelt code would be lost without a word: checked here against ISO 3166
and the sending states of the real missions file.
"""

from __future__ import annotations

import csv

import pycountry
import pytest

from chancery.core import tables
from chancery.countries.resolution import describe_entity, iso_for_name, slug_for
from chancery.lexicon import text
from chancery.lexicon.sources import DATA_DIR
from conftest import MISSIONS_2022

#: (table, the column naming the country, what stands for "no country").
COUNTRY_COLUMNS = (
    ("demonyms.tsv", 0, None),
    ("aliases.tsv", 0, None),
    ("cjk_abbreviations.tsv", 1, None),
    ("abbreviations.tsv", 1, "-"),
    ("places.tsv", 1, None),
)

#: Codes ISO 3166 leaves to its users that the project gives a state: Kosovo.
USER_ASSIGNED = frozenset({"XK"})


def _senders_without_iso_code() -> set[str]:
    """The sending states the missions file names that ISO 3166 has no code for (the
    Sovereign Military Order of Malta): the tables name them by their English name (as a key)
    or by the project's code for them (the slug: "northern-cyprus")."""
    with MISSIONS_2022.open(encoding="utf-8", newline="") as handle:
        operators = {row["operator"] for row in csv.DictReader(handle, delimiter=";")}
    named = set()
    for name in operators:
        if name and iso_for_name(name) is None:
            shown = describe_entity([name]).name  # "Northern Cyprus" for the file's TRNC
            named |= {text.key(name), text.key(shown), slug_for(shown)}
    return named


def unknown_countries() -> list[str]:
    iso = {country.alpha_2 for country in pycountry.countries} | USER_ASSIGNED
    senders = _senders_without_iso_code()
    found = []
    for table, column, empty in COUNTRY_COLUMNS:
        for number, cells in tables.rows(DATA_DIR / table):
            code = cells[column].strip() if len(cells) > column else ""
            if code == empty:
                continue
            if code.upper() not in iso and not {text.key(code), code} & senders:
                found.append(f"{table}, line {number}: {code!r} names no country")
    return found


@pytest.mark.skipif(not MISSIONS_2022.exists(), reason="the shared missions file is absent")
def test_every_row_names_a_country() -> None:
    assert unknown_countries() == []


@pytest.mark.skipif(not MISSIONS_2022.exists(), reason="the shared missions file is absent")
def test_a_misspelt_code_is_reported_with_its_table_and_line(tmp_path, monkeypatch) -> None:
    (tmp_path / "demonyms.tsv").write_text("# header\nFR\tfr\tfrançais\nFX\tfr\tfoo\n")
    for table, _, _ in COUNTRY_COLUMNS[1:]:
        (tmp_path / table).write_text("")
    monkeypatch.setattr(f"{__name__}.DATA_DIR", tmp_path)
    assert unknown_countries() == ["demonyms.tsv, line 3: 'FX' names no country"]
