"""Every place of the world, with its kind and its sovereign, from the places file."""

from __future__ import annotations

import json
from pathlib import Path

import pycountry
import pytest
from django.conf import settings

from chancery.countries.models import Country, CountryKind
from chancery.countries.places import (
    PlacesDataError,
    facts_read,
    place_facts,
    territory_code_at,
)

MLEDOZE = Path(settings.SHARED_DATA_DIR) / "mledoze-countries" / "countries.json"


def test_the_file_covers_every_iso_3166_entry_once() -> None:
    codes = {country.alpha_2 for country in pycountry.countries}
    assert len(codes) == 249
    assert codes <= set(place_facts())
    assert set(place_facts()) - codes == {"XK"}


@pytest.mark.django_db
def test_every_iso_entry_is_a_country_with_its_kind_and_sovereign() -> None:
    stored = {c.iso_alpha2: c for c in Country.objects.exclude(iso_alpha2=None)}
    assert len(stored) == 250  # ISO 3166-1 and Kosovo
    for code, fact in place_facts().items():
        country = stored[code]
        assert country.kind == fact.kind, code
        assert (country.part_of.iso_alpha2 if country.part_of else "") == fact.part_of, code
    china, france = stored["CN"], stored["FR"]
    assert stored["HK"].part_of == china
    assert stored["HK"].kind == CountryKind.SPECIAL_ADMINISTRATIVE_REGION
    assert {c.iso_alpha2 for c in china.territories.all()} == {"HK", "MO"}
    assert {"NC", "PF", "GF", "MQ", "GP", "RE", "YT"} <= {
        c.iso_alpha2 for c in france.territories.all()
    }
    assert stored["GL"].part_of == stored["FO"].part_of == stored["DK"]
    assert stored["AQ"].part_of is None and stored["AQ"].kind == CountryKind.TREATY_AREA
    # A place no source names has its page, with names in the site's languages.
    caledonia = stored["NC"]
    assert caledonia.slug == "new-caledonia"
    assert caledonia.names["fr"] == "Nouvelle-Calédonie"


def test_the_file_agrees_with_an_independent_list() -> None:
    """mledoze/countries (ODbL, read only here) marks which entries are independent; each
    dependent one of ours is a non-independent one of theirs, and vice versa."""
    if not MLEDOZE.exists():
        pytest.skip(f"{MLEDOZE} is not available")
    theirs = {row["cca2"]: row for row in json.loads(MLEDOZE.read_text(encoding="utf-8"))}
    ours = place_facts()
    dependent = {code for code, fact in ours.items() if fact.part_of}
    not_independent = {
        code for code, row in theirs.items() if row.get("independent") is False and code in ours
    }
    # They differ only over places that belong to no state: Antarctica, and the disputed or
    # partially recognised Western Sahara, Palestine and Taiwan.
    assert dependent ^ not_independent == {"AQ", "EH", "PS", "TW"}


def test_a_malformed_file_names_the_group_and_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "places.toml"
    bad.write_text(
        'version = 1\n[[group]]\nkind = "territory"\npart_of = "FR"\ncodes = ["ZZ"]\n'
        'source = "https://example.org/"\nas_of = 2026-01-01\n',
        encoding="utf-8",
    )
    with pytest.raises(PlacesDataError, match=r"group 1, field 'codes': 'ZZ'"):
        facts_read(bad)
    bad.write_text(
        'version = 1\n[[group]]\nkind = "territory"\ncodes = ["NC"]\n'
        'source = "https://example.org/"\nas_of = 2026-01-01\n',
        encoding="utf-8",
    )
    with pytest.raises(PlacesDataError, match=r"group 1, field 'part_of'"):
        facts_read(bad)


@pytest.mark.parametrize(
    ("lat", "lon", "host", "label", "expected"),
    [
        (22.2783, 114.1747, "CN", "", "HK"),  # Admiralty, Hong Kong
        (22.1987, 113.5439, "CN", "", "MO"),  # Macau
        (39.9042, 116.4074, "CN", "", "CN"),  # Beijing
        (-22.2758, 166.4580, "FR", "", "NC"),  # Nouméa
        (14.6161, -61.0588, "FR", "", "MQ"),  # Fort-de-France
        (41.9029, 12.4534, "IT", "", "IT"),  # inside the Vatican: a foreign state, host kept
        (22.2783, 114.1747, "HK", "", "HK"),  # a host that is a territory stays
        (None, None, "CN", "Hong Kong", "HK"),  # no coordinates: the town names the place
        (None, None, "CN", "Shanghai", "CN"),
        (None, None, "CN", "Central", "HK"),  # a town only Hong Kong has
        (None, None, "FR", "Nouméa", "NC"),
        (None, None, "FR", "Saint-Denis", "FR"),  # near Paris and in Réunion: proves nothing
        (None, None, "US", "Central", "US"),
        (64.1814, -51.6941, "DK", "", "GL"),  # Nuuk
    ],
)
def test_territory_at(
    lat: float | None, lon: float | None, host: str, label: str, expected: str
) -> None:
    assert territory_code_at(lat, lon, host, label=label) == expected
