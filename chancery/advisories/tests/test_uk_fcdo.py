"""The UK FCDO source: GOV.UK content items (real 2017 samples and crafted variants)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from pytest_django.asserts import assertContains

from chancery.advisories.models import Advisory
from chancery.advisories.services import advisories_import
from chancery.advisories.sources import uk_fcdo
from chancery.advisories.sources.base import FeedError

from .helpers import (
    UK_ALBANIA,
    UK_DIR,
    UK_INDEX,
    UK_TURKEY,
    advisory_runs,
    current,
    snapshot,
    write,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 10, 14, 12, tzinfo=dt.UTC)
OGL = "Open Government Licence v3.0"


def _albania(**details: object) -> dict:
    document = json.loads(UK_ALBANIA.read_bytes())
    document["details"].update(details)
    return document


def test_the_two_samples_import_with_level_1() -> None:
    for sample in (UK_ALBANIA, UK_TURKEY):
        result = advisories_import("uk", str(sample), now=NOW)
        assert result.run.ok
        assert result.run.rejections == []
    albania = current("AL", "GB")
    turkey = current("TR", "GB")
    for version in (albania, turkey):
        assert version.level == 1
        assert version.level_text == uk_fcdo.NO_ALERT[1]
    assert albania.title == "Albania travel advice"
    assert albania.source_url == "https://www.gov.uk/foreign-travel-advice/albania"
    assert turkey.source_url == "https://www.gov.uk/foreign-travel-advice/turkey"
    assert albania.updated_at == dt.datetime(2017, 2, 14, 15, 42, 21, tzinfo=dt.UTC)
    assert albania.published_at == dt.datetime(2016, 2, 29, 9, 24, 10, tzinfo=dt.UTC)
    # The summary part's HTML, sanitised but kept.
    assert albania.summary.startswith("<p>")
    assert "Tirana" in albania.summary


def test_ogl_attribution_on_the_country_page(client: Client) -> None:
    advisories_import("uk", str(UK_ALBANIA), now=NOW)
    response = client.get("/advisories/albania/")
    assertContains(response, OGL)
    assertContains(response, "No FCDO advice against travel")
    assertContains(response, 'href="https://www.gov.uk/foreign-travel-advice/albania"')
    assert Advisory.objects.get(destination__iso_alpha2="AL").issuer.iso_alpha2 == "GB"


def test_whole_country_alert_gives_level_4_and_the_gov_uk_wording(tmp_path: Path) -> None:
    crafted = _albania(alert_status=["avoid_all_travel_to_whole_country"])
    advisories_import("uk", write(tmp_path / "albania.json", json.dumps(crafted).encode()), now=NOW)
    version = current("AL", "GB")
    assert version.level == 4
    assert version.level_text == "FCDO advises against all travel to the whole country"


@pytest.mark.parametrize(
    ("statuses", "level", "words"),
    [
        (
            ["avoid_all_but_essential_travel_to_parts"],
            2,
            "FCDO advises against all but essential travel to parts of the country",
        ),
        (
            ["avoid_all_travel_to_parts"],
            3,
            "FCDO advises against all travel to parts of the country",
        ),
        (
            ["avoid_all_but_essential_travel_to_whole_country"],
            3,
            "FCDO advises against all but essential travel to the whole country",
        ),
        (
            ["avoid_all_travel_to_parts", "avoid_all_travel_to_whole_country"],
            4,
            "FCDO advises against all travel to the whole country",
        ),
    ],
)
def test_alert_status_mapping(statuses: list[str], level: int, words: str) -> None:
    parsed = uk_fcdo.parse(json.dumps(_albania(alert_status=statuses)).encode(), NOW)
    assert parsed.errors == []
    assert (parsed.items[0].level, parsed.items[0].level_text) == (level, words)


def test_a_later_change_adds_a_version_with_the_previous_level(tmp_path: Path) -> None:
    advisories_import("uk", str(UK_ALBANIA), now=NOW)
    crafted = _albania(alert_status=["avoid_all_travel_to_parts"])
    crafted["public_updated_at"] = "2025-10-01T10:00:00.000+00:00"
    path = write(tmp_path / "albania.json", json.dumps(crafted).encode())
    result = advisories_import("uk", path, now=NOW + dt.timedelta(days=1))
    assert result.changed_destinations == ["AL"]
    version = current("AL", "GB")
    assert (version.level, version.previous_level) == (3, 1)
    assert Advisory.objects.get(destination__iso_alpha2="AL").versions.count() == 2


def test_a_directory_with_other_documents_reports_them_and_imports_the_rest() -> None:
    result = advisories_import("uk", str(UK_DIR), now=NOW)
    run = result.run
    assert run.ok
    assert run.rows_read == 2
    assert run.created == 2
    assert set(
        Advisory.objects.filter(issuer__iso_alpha2="GB").values_list(
            "destination__iso_alpha2", flat=True
        )
    ) == {"AL", "TR"}
    reasons = {entry["item"]: entry["reason"] for entry in run.rejections}
    assert len(reasons) == 4
    assert set(reasons) == {
        "Foreign travel advice",
        "Help and services around the world",
        "British Embassy Manila",
        "Find a British embassy, high commission or consulate",
    }
    for reason in reasons.values():
        assert "not travel_advice" in reason


def test_the_travel_advice_index_alone_is_refused() -> None:
    before = snapshot()
    with pytest.raises(FeedError, match="travel-advice index"):
        advisories_import("uk", str(UK_INDEX), now=NOW)
    assert snapshot() == before
    run = advisory_runs().get()
    assert run.ok is False
    assert "travel-advice index" in run.error
    with pytest.raises(CommandError, match="travel-advice index"):
        call_command("ingest_advisories", issuer="uk", file=str(UK_INDEX))


def test_a_directory_without_any_travel_advice_is_refused(tmp_path: Path) -> None:
    for name in ("world_index.json", "worldwide_office-british-embassy-manila.json"):
        (tmp_path / name).write_bytes((UK_DIR / name).read_bytes())
    with pytest.raises(FeedError, match="no usable item"):
        advisories_import("uk", str(tmp_path), now=NOW)
    assert not Advisory.objects.exists()
    assert advisory_runs().get().ok is False


def test_unknown_alert_status_and_unknown_country_are_reported(tmp_path: Path) -> None:
    unknown_status = _albania(alert_status=["avoid_everything_everywhere"])
    nowhere = _albania(country={"name": "Atlantis", "slug": "atlantis"})
    nowhere["title"] = "Atlantis travel advice"
    documents = [unknown_status, nowhere, json.loads(UK_TURKEY.read_bytes())]
    path = write(tmp_path / "items.json", json.dumps(documents).encode())
    result = advisories_import("uk", path, now=NOW)
    reasons = {entry["item"]: entry["reason"] for entry in result.run.rejections}
    assert "avoid_everything_everywhere" in reasons["Albania travel advice"]
    assert "Atlantis" in reasons["Atlantis travel advice"]
    assert current("TR", "GB").level == 1
    assert not Advisory.objects.filter(destination__iso_alpha2="AL").exists()


@pytest.mark.parametrize(
    "broken",
    [
        {"details": "not an object"},
        {"details.country": "Albania"},
        {"details.parts": ["not an object"]},
    ],
    ids=["details-string", "country-string", "part-string"],
)
def test_malformed_item_is_reported_not_fatal(tmp_path: Path, broken: dict[str, object]) -> None:
    """An item whose `details`, `country` or `parts` have the wrong shape is a bad item:
    reported, and the other items imported (not an AttributeError that stops the run)."""
    bad = json.loads(UK_ALBANIA.read_bytes())
    for key, value in broken.items():
        if key == "details":
            bad["details"] = value
        else:
            bad["details"][key.removeprefix("details.")] = value
    documents = [bad, json.loads(UK_TURKEY.read_bytes())]
    path = write(tmp_path / "items.json", json.dumps(documents).encode())
    result = advisories_import("uk", path, now=NOW)
    assert result.run.ok
    assert [entry["item"] for entry in result.run.rejections] == ["Albania travel advice"]
    assert current("TR", "GB").level == 1
    assert not Advisory.objects.filter(destination__iso_alpha2="AL").exists()
