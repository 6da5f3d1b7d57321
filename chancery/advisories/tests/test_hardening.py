"""Feeds that crashed the importer now fail with one line naming the file and the problem; odd
values are bad items rather than crashes; a summary too deeply nested to sanitise is a bad item."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from chancery.advisories import services
from chancery.advisories.models import Advisory
from chancery.advisories.services import advisories_import
from chancery.advisories.sources import us_state
from chancery.ingest.safe_json import MAX_JSON_DEPTH

from .helpers import (
    CA_SAMPLE,
    UK_ALBANIA,
    UsItem,
    advisory_runs,
    current,
    last_run,
    snapshot,
    us_rss,
    write,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 10, 14, 12, tzinfo=dt.UTC)
DEEP = 100_000


def utf7(feed: bytes) -> bytes:
    """A feed re-encoded as UTF-7, declaring it, its markup in base64 as an attacker writes it."""
    head, rest = feed.decode().split("\n", 1)
    hidden = {"<": "+ADw-", ">": "+AD4-", "&": "+ACY-"}
    body = "".join(hidden.get(ch, ch) for ch in rest)
    return (head.replace("UTF-8", "UTF-7") + "\n" + body).encode("ascii")


def nested_json(kind: str) -> bytes:
    if kind == "array":
        return ('{"data": ' + "[" * DEEP + "]" * DEEP + "}").encode()
    return ('{"a":' * DEEP + "1" + "}" * DEEP).encode()


def failure(issuer: str, location: str) -> str:
    """The command's error, after checking that it is one line and changed nothing."""
    before = snapshot()
    runs = advisory_runs().count()
    with pytest.raises(CommandError) as raised:
        call_command("ingest_advisories", issuer=issuer, file=location, stdout=io.StringIO())
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"{location}: ") and message.endswith("; nothing was changed")
    assert snapshot() == before
    assert advisory_runs().count() == runs + 1
    run = last_run()
    assert (run.ok, run.location, run.source) == (False, location, issuer)
    assert run.error and run.error in message
    return message


# --- Crashes that become one-line errors ------------------------------------------------------


def test_a_utf7_us_feed_fails_with_one_line(tmp_path: Path) -> None:
    feed = us_rss(UsItem("Germany", "GM", 2), UsItem("Russia", "RS", 4))
    location = write(tmp_path / "us-utf7.xml", utf7(feed))
    assert "the encoding UTF-7 is refused" in failure("us", location)
    assert not Advisory.objects.exists()


@pytest.mark.parametrize("codec", ["cp037", "cp500"])
def test_an_ebcdic_us_feed_fails_with_one_line(tmp_path: Path, codec: str) -> None:
    feed = us_rss(UsItem("Germany", "GM", 2)).decode().replace("UTF-8", codec)
    location = write(tmp_path / "us-ebcdic.xml", feed.encode(codec))
    assert "EBCDIC" in failure("us", location)


def test_an_undefined_entity_in_a_us_feed_fails_with_its_place(tmp_path: Path) -> None:
    feed = us_rss(UsItem("Germany", "GM", 2, title="&lol9;")).replace(b"&amp;lol9;", b"&lol9;")
    location = write(tmp_path / "us-lol.xml", feed)
    message = failure("us", location)
    assert "malformed XML: not well-formed XML at line 2, column" in message
    assert "undefined entity" in message


@pytest.mark.parametrize("kind", ["array", "object"])
@pytest.mark.parametrize("issuer", ["ca", "uk"])
def test_json_nested_100000_deep_fails_with_one_line(tmp_path: Path, issuer: str, kind: str):
    location = write(tmp_path / f"{issuer}-deep.json", nested_json(kind))
    assert failure(issuer, location) == (
        f"{location}: JSON nested too deeply (more than {MAX_JSON_DEPTH} levels); "
        "nothing was changed"
    )


def test_a_uk_directory_with_a_deeply_nested_file_fails_with_one_line(tmp_path: Path) -> None:
    directory = tmp_path / "uk"
    directory.mkdir()
    (directory / "albania.json").write_bytes(UK_ALBANIA.read_bytes())
    (directory / "deep.json").write_bytes(nested_json("array"))
    message = failure("uk", str(directory))
    assert "deep.json: JSON nested too deeply" in message
    assert not Advisory.objects.exists()  # Albania, read first, was not imported either


def test_a_uk_directory_larger_than_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = tmp_path / "uk"
    directory.mkdir()
    for name in ("a.json", "b.json"):
        (directory / name).write_bytes(UK_ALBANIA.read_bytes())
    monkeypatch.setattr(services, "MAX_FEED_BYTES", UK_ALBANIA.stat().st_size + 100)
    assert "b.json" in failure("uk", str(directory))


def test_any_other_failure_of_a_reader_is_recorded_with_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(data: bytes, now: dt.datetime) -> None:
        raise TypeError("unexpected shape")

    monkeypatch.setattr(us_state, "parse", broken)
    location = write(tmp_path / "us.xml", us_rss(UsItem("Germany", "GM", 2)))
    assert "could not be read (TypeError: unexpected shape)" in failure("us", location)


# --- Odd values: bad items, not crashes -------------------------------------------------------


def _albania(**changes: object) -> dict:
    document = json.loads(UK_ALBANIA.read_bytes())
    for key, value in changes.items():
        if key in ("alert_status", "parts"):
            document["details"][key] = value
        else:
            document[key] = value
    return document


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"alert_status": [{"status": "avoid_all_travel_to_whole_country"}]}, "alert_status"),
        ({"alert_status": [["avoid_all_travel_to_whole_country"]]}, "alert_status"),
        ({"base_path": 5}, "no base_path"),
        ({"base_path": ["/foreign-travel-advice/albania"]}, "no base_path"),
    ],
)
def test_odd_uk_values_reject_the_item(tmp_path: Path, changes: dict, reason: str) -> None:
    location = write(tmp_path / "al.json", json.dumps([_albania(**changes)]).encode())
    with pytest.raises(CommandError, match=reason):  # the only item: no usable item
        call_command("ingest_advisories", issuer="uk", file=location, stdout=io.StringIO())
    assert last_run().ok is False


def test_a_uk_date_without_a_time_zone_is_read_as_utc(tmp_path: Path) -> None:
    document = _albania(public_updated_at="2025-10-01T10:00:00")
    advisories_import("uk", write(tmp_path / "al.json", json.dumps(document).encode()), now=NOW)
    assert current("AL", "GB").updated_at == dt.datetime(2025, 10, 1, 10, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("advisory-state", [1]),
        ("advisory-state", {"level": 1}),
        ("advisory-state", True),
        ("country-iso", 250),
        ("country-iso", ["FR"]),
    ],
)
def test_odd_canadian_values_reject_the_item(tmp_path: Path, field: str, value: object) -> None:
    document = json.loads(CA_SAMPLE.read_bytes())
    document["data"]["FR"][field] = value
    result = advisories_import(
        "ca", write(tmp_path / "ca.json", json.dumps(document).encode()), now=NOW
    )
    assert result.run.ok
    assert any(entry["item"] == "France" for entry in result.run.rejections)
    assert not Advisory.objects.filter(destination__iso_alpha2="FR").exists()


def test_a_us_date_in_an_unknown_zone_is_read_as_utc(tmp_path: Path) -> None:
    feed = us_rss(UsItem("Germany", "GM", 2, pub_date="Mon, 13 Oct 2025 09:30:00 -0000"))
    advisories_import("us", write(tmp_path / "us.xml", feed), now=NOW)
    assert current("DE").published_at == dt.datetime(2025, 10, 13, 9, 30, tzinfo=dt.UTC)


# --- Summaries too deeply nested to sanitise --------------------------------------------------


@pytest.mark.parametrize(
    ("depth", "words"), [(200_000, "characters of HTML"), (5_000, "nested more than 100 deep")]
)
def test_an_item_with_a_deeply_nested_summary_is_rejected_and_the_rest_imported(
    tmp_path: Path, depth: int, words: str
) -> None:
    deep = "<div>" * depth + "Advice." + "</div>" * depth
    feed = us_rss(
        UsItem("Germany", "GM", 2),
        UsItem("Russia", "RS", 4, description=deep),
        UsItem("Peru", "PE", 1),
    )
    result = advisories_import("us", write(tmp_path / "us.xml", feed), now=NOW)
    assert result.run.ok
    assert (result.run.rows_read, result.run.created) == (2, 2)
    [rejected] = result.run.rejections
    assert rejected["item"].startswith("Russia") and words in rejected["reason"]
    assert not Advisory.objects.filter(destination__iso_alpha2="RU").exists()
    assert current("DE").level == 2
