"""The Canada source: the hand-written sample of the travel-advice index JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from chancery.advisories.models import Advisory
from chancery.advisories.services import advisories_import
from chancery.advisories.sources import ca_travel

from .helpers import CA_SAMPLE, READ_CA, current, write

pytestmark = pytest.mark.django_db


def _sample() -> dict:
    return json.loads(CA_SAMPLE.read_bytes())


def test_the_sample_imports_six_items_and_reports_two() -> None:
    result = advisories_import("ca", str(CA_SAMPLE), now=READ_CA)
    run = result.run
    assert run.ok
    assert run.rows_read == 6
    assert run.created == 6
    assert set(
        Advisory.objects.filter(issuer__iso_alpha2="CA").values_list(
            "destination__iso_alpha2", flat=True
        )
    ) == {"FR", "MX", "EG", "RU", "UA", "TH"}
    reasons = {entry["item"]: entry["reason"] for entry in run.rejections}
    assert set(reasons) == {"Japan", "Portugal"}
    assert "advisory-state" in reasons["Japan"]
    assert "7" in reasons["Japan"]
    assert "ISO" in reasons["Portugal"]
    assert not Advisory.objects.filter(destination__iso_alpha2__in=["JP", "PT"]).exists()


def test_levels_0_to_3_map_to_1_to_4_with_the_verbatim_words() -> None:
    advisories_import("ca", str(CA_SAMPLE), now=READ_CA)
    expected = {
        "FR": (1, "Take normal security precautions"),
        "MX": (2, "Exercise a high degree of caution (with regional advisories)"),
        "TH": (2, "Exercise a high degree of caution (with regional advisories)"),
        "EG": (3, "Avoid non-essential travel (with regional advisories)"),
        "RU": (4, "Avoid all travel"),
        "UA": (4, "Avoid all travel"),
    }
    for code, (level, words) in expected.items():
        version = current(code, "CA")
        assert (version.level, version.level_text) == (level, words), code
    assert current("FR", "CA").source_url == "https://travel.gc.ca/destinations/france"


@pytest.mark.parametrize(("state", "level"), [(0, 1), (1, 2), (2, 3), (3, 4)])
def test_each_advisory_state(state: int, level: int) -> None:
    document = _sample()
    document["data"] = {"FR": {**document["data"]["FR"], "advisory-state": state}}
    parsed = ca_travel.parse(json.dumps(document).encode(), READ_CA)
    assert parsed.errors == []
    assert parsed.items[0].level == level


@pytest.mark.parametrize("state", [-1, 4, 7, "2", None])
def test_an_advisory_state_outside_0_to_3_is_reported(state: object) -> None:
    document = _sample()
    document["data"]["FR"]["advisory-state"] = state
    parsed = ca_travel.parse(json.dumps(document).encode(), READ_CA)
    assert "France" in {error.key for error in parsed.errors}
    assert "FR" not in {code for item in parsed.items for code in item.destinations}


def test_dates_are_ottawa_time() -> None:
    advisories_import("ca", str(CA_SAMPLE), now=READ_CA)
    document = _sample()
    for code in ("EG", "FR", "MX", "RU", "UA", "TH"):
        stamp = document["data"][code]["date-published"]["timestamp"]
        version = current(code, "CA")
        assert version.published_at == dt.datetime.fromtimestamp(stamp, dt.UTC), code
        assert version.updated_at == version.published_at
        assert version.date_note == ""


def test_a_date_after_the_import_is_ignored() -> None:
    # Read as if on 8 October: Thailand's and Ukraine's advice are dated later.
    advisories_import("ca", str(CA_SAMPLE), now=dt.datetime(2025, 10, 8, tzinfo=dt.UTC))
    for code in ("TH", "UA"):
        version = current(code, "CA")
        assert version.published_at is None
        assert "future" in version.date_note
    assert current("EG", "CA").published_at is not None


def test_thailand_summary_is_sanitised_but_kept() -> None:
    raw = _sample()["data"]["TH"]["eng"]["recent-updates"]
    assert "<script" in raw
    assert "javascript:" in raw
    assert "onclick" in raw
    advisories_import("ca", str(CA_SAMPLE), now=READ_CA)
    summary = current("TH", "CA").summary
    assert "armed clashes near the border with Cambodia" in summary
    assert "Read more" in summary
    lowered = summary.lower()
    for forbidden in ("<script", "alert(", "javascript:", "onclick"):
        assert forbidden not in lowered


def test_malformed_entry_is_reported_not_fatal(tmp_path: Path) -> None:
    """An entry whose `eng` block is not an object is a bad item, not a crash of the run."""
    document = _sample()
    document["data"]["FR"]["eng"] = "France"
    result = advisories_import("ca", write(tmp_path / "ca.json", json.dumps(document).encode()))
    assert result.run.ok
    assert any(entry["item"] in {"France", "FR"} for entry in result.run.rejections)
    assert not Advisory.objects.filter(destination__iso_alpha2="FR").exists()
    assert Advisory.objects.filter(issuer__iso_alpha2="CA").count() == 5
