"""The vocabulary built in a child process is the one built in place, and failures say why."""

from __future__ import annotations

import pickle
import subprocess
from pathlib import Path

import pytest
from pytest_django import Settings

from chancery.lexicon import isolated
from chancery.lexicon.builder import build_lexicon
from chancery.lexicon.lexicon import CITY, COUNTRY, CountryRow

# Builds from tables in the test itself, in a folder of its own: no database is read.
pytestmark = [pytest.mark.any_database, pytest.mark.slow]

COUNTRIES = [
    CountryRow(1, "Germany", "DE", "DEU", {"de": "Deutschland", "ru": "Германия"}, ["FRG"]),
    CountryRow(2, "Russia", "RU", "RUS", {"ru": "Россия"}, ["Russian Federation"]),
]
PLACES = [("Moscow", 2, 55.75, 37.62), ("Hamburg", 1, 53.55, 9.99)]


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One vocabulary built apart for the module, kept in a folder of its own: the tests that
    start from a kept vocabulary copy it rather than build it again."""
    directory = tmp_path_factory.mktemp("seed")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(isolated.sources, "cache_dir", lambda: directory)
        isolated.build_lexicon_apart(COUNTRIES, PLACES)
    (kept,) = directory.glob("lexicon-*.pickle")
    return kept


@pytest.fixture(autouse=True)
def kept_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test keeps its vocabularies apart from the others' and from the real ones."""
    monkeypatch.setattr(isolated.sources, "cache_dir", lambda: tmp_path)
    return tmp_path


def _kept_from(seed: Path, kept_dir: Path) -> Path:
    copy = kept_dir / seed.name
    copy.write_bytes(seed.read_bytes())
    return copy


def test_vocabulary_built_apart_matches_the_one_built_in_place(seed: Path) -> None:
    apart = pickle.loads(seed.read_bytes())  # written by the child of `seed`
    here = build_lexicon(COUNTRIES, PLACES)

    assert apart.exact == here.exact
    assert apart.stems == here.stems
    assert apart.codes == here.codes
    assert [c.name for c in apart.cities] == [c.name for c in here.cities]
    assert {r.type for r in apart.exact["германия"]} == {COUNTRY}
    assert any(r.type == CITY for r in apart.exact["москва"])


def test_a_failing_child_is_reported_with_its_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real_run = subprocess.run

    def broken_child(command, **kwargs):
        return real_run(
            [command[0], "-c", "import sys; sys.exit('no GeoNames data here')"], **kwargs
        )

    monkeypatch.setattr(isolated.subprocess, "run", broken_child)
    with pytest.raises(isolated.LexiconBuildError, match=r"exit 1.*no GeoNames data here"):
        isolated.build_lexicon_apart(COUNTRIES, PLACES)


def test_the_result_pickles_back_with_shared_readings(seed: Path, kept_dir: Path) -> None:
    _kept_from(seed, kept_dir)
    lexicon = isolated.build_lexicon_apart(COUNTRIES, PLACES)
    # Readings are shared between names, so the pickle stays compact and loads fast.
    readings = [r for rs in lexicon.exact.values() for r in rs]
    assert len({id(r) for r in readings}) < len(readings) / 2
    assert pickle.loads(pickle.dumps(lexicon)).exact == lexicon.exact


def test_built_apart_under_overridden_settings(settings) -> None:
    # override_settings hides the settings module's name; the child must still find it.
    settings.CHANCERY_PAGE_CACHE_SECONDS = 0
    lexicon = isolated.build_lexicon_apart(COUNTRIES, PLACES)
    assert {r.type for r in lexicon.exact["германия"]} == {COUNTRY}


def test_the_same_input_loads_the_kept_vocabulary(
    kept_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = isolated.build_lexicon_apart(COUNTRIES, PLACES)
    assert len(list(kept_dir.glob("lexicon-*.pickle"))) == 1

    def no_child(*args: object, **kwargs: object) -> None:
        raise AssertionError("the kept vocabulary should have been used")

    monkeypatch.setattr(isolated.subprocess, "run", no_child)
    again = isolated.build_lexicon_apart(COUNTRIES, PLACES)
    assert again.exact == first.exact


def test_other_input_builds_another_and_only_a_few_are_kept(
    kept_dir: Path, settings: Settings
) -> None:
    settings.CHANCERY_KEPT_VOCABULARIES = 1
    for i in range(2):
        places = [*PLACES, (f"Town {i}", 1, 50.0 + i, 10.0)]
        lexicon = isolated.build_lexicon_apart(COUNTRIES, places)
        assert any(c.name == f"Town {i}" for c in lexicon.cities)
    (kept,) = kept_dir.glob("lexicon-*.pickle")
    assert any(c.name == "Town 1" for c in pickle.loads(kept.read_bytes()).cities)


def test_a_damaged_kept_vocabulary_is_built_again(seed: Path, kept_dir: Path) -> None:
    kept = _kept_from(seed, kept_dir)
    kept.write_bytes(b"not a pickle")
    lexicon = isolated.build_lexicon_apart(COUNTRIES, PLACES)
    assert {r.type for r in lexicon.exact["германия"]} == {COUNTRY}
    assert pickle.loads(kept.read_bytes()).exact == lexicon.exact


def test_another_library_version_builds_afresh(
    seed: Path, kept_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _kept_from(seed, kept_dir)
    monkeypatch.setattr(isolated.sources, "library_versions", lambda: "babel-0")
    isolated.build_lexicon_apart(COUNTRIES, PLACES)
    assert len(list(kept_dir.glob("lexicon-*.pickle"))) == 2
