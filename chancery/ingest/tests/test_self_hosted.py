"""Rows whose host ("country") is their own operator: the import finds the real host.

Wikidata sometimes gives an embassy's operator as its country, e.g. Q11668251 ("Australia",
country Australia, city Tokyo). The import then places it where its coordinates fall, else in
its only other jurisdiction, and says so in the report; with neither it keeps the source's host.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db.models import F

from chancery.countries.models import Country
from chancery.directory.models import Mission
from chancery.ingest.models import ImportRun
from chancery.ingest.services import ImportReport, missions_import
from chancery.ingest.sources.wikidata_csv import read_missions

pytestmark = pytest.mark.django_db

E = "http://www.wikidata.org/entity/"
TOKYO = "Q11668251"  # Australia … Tokyo, country=Australia in the 2022 file
TEHRAN = "Q25425121"  # Australia … Tehran, jurisdiction Iran, country=Australia
TEL_AVIV = "Q105839616"  # Australia … Tel Aviv, jurisdictions Iraq|Israel, country=Australia
CONAKRY = "Q114350159"  # Qatar … Conakry, no coordinates, no jurisdictions, country=Qatar


# --- helpers -----------------------------------------------------------------------------------


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _header(path: Path) -> list[str]:
    return [column.strip() for column in _lines(path)[0].split(";")]


def _row(path: Path, qid: str) -> dict[str, str]:
    header = _header(path)
    for raw in _lines(path)[1:]:
        fields = raw.split(";")
        if fields[header.index("QID")].strip() == E + qid:
            return dict(zip(header, fields, strict=False))
    raise AssertionError(f"{qid} is not in {path}")


def _line_number(path: Path, qid: str) -> int:
    for number, raw in enumerate(_lines(path), start=1):
        if raw.rstrip().endswith(E + qid) or f"{E}{qid};" in raw:
            return number
    raise AssertionError(qid)


def _write(tmp_path: Path, source: Path, rows: list[dict[str, str]]) -> Path:
    header = _lines(source)[0]
    names = header.split(";")
    lines = [header] + [";".join(row.get(name.strip(), "") for name in names) for row in rows]
    path = tmp_path / "self-hosted.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _import(path: Path) -> ImportReport:
    return missions_import(read_missions(path), location=str(path))


def _clear_database() -> None:
    """Empty the tables (the test's transaction puts everything back afterwards)."""
    Mission.jurisdictions.through.objects.all().delete()
    Mission.objects.all().delete()
    Country.objects.update(part_of=None)  # a state's territories point at it
    Country.objects.all().delete()
    ImportRun.objects.all().delete()


def _self_hosted_warnings(report: ImportReport, qid: str) -> list[str]:
    return [w for w in report.warnings if qid in w and "both sender and host" in w]


# --- the real data (imported once per session) ------------------------------------------------


def test_the_real_row_is_placed_in_japan(missions_2022: Path) -> None:
    row = _row(missions_2022, TOKYO)
    assert row["countryQID"] == row["operatorQID"] == E + "Q408"  # the source's mistake

    mission = Mission.objects.select_related("sending_country", "host_country").get(
        wikidata_id=TOKYO
    )
    assert mission.sending_country.iso_alpha2 == "AU"
    assert mission.host_country.iso_alpha2 == "JP"
    assert mission.city == "Tokyo"
    assert "Japan" in mission.name
    assert not mission.jurisdictions.filter(iso_alpha2="AU").exists()


def test_the_full_import_reports_the_fix(missions_2022: Path) -> None:
    report = _import(missions_2022)

    warnings = _self_hosted_warnings(report, TOKYO)
    assert warnings == [
        f"line {_line_number(missions_2022, TOKYO)}: {TOKYO} gives Australia as both sender "
        "and host; placed in Japan from its coordinates"
    ]
    assert (report.created, report.updated) == (0, 0)


def test_few_missions_remain_in_their_own_country() -> None:
    """After the fix, only rows with neither usable coordinates nor one other jurisdiction
    keep their operator as host."""
    remaining = Mission.objects.filter(sending_country=F("host_country"))
    assert Mission.objects.get(wikidata_id=CONAKRY) in remaining
    assert remaining.count() < 10


# --- small files ------------------------------------------------------------------------------


def test_coordinates_decide_the_host(missions_2022: Path, tmp_path: Path) -> None:
    _clear_database()
    path = _write(tmp_path, missions_2022, [_row(missions_2022, TOKYO)])

    report = _import(path)

    assert (report.created, report.rejected) == (1, [])
    mission = Mission.objects.get(wikidata_id=TOKYO)
    assert mission.sending_country.iso_alpha2 == "AU"
    assert mission.host_country.iso_alpha2 == "JP"
    assert _self_hosted_warnings(report, TOKYO) == [
        f"line 2: {TOKYO} gives Australia as both sender and host; placed in Japan from its "
        "coordinates"
    ]


def test_coordinates_choose_among_several_jurisdictions(
    missions_2022: Path, tmp_path: Path
) -> None:
    _clear_database()
    row = _row(missions_2022, TEL_AVIV)
    assert len(row["jurisdictionQIDs"].split("|")) == 2
    path = _write(tmp_path, missions_2022, [row])

    report = _import(path)

    mission = Mission.objects.get(wikidata_id=TEL_AVIV)
    assert mission.host_country.iso_alpha2 == "IL"
    assert list(mission.jurisdictions.values_list("iso_alpha2", flat=True)) == ["IQ"]
    assert len(_self_hosted_warnings(report, TEL_AVIV)) == 1


def test_without_coordinates_the_only_jurisdiction_is_the_host(
    missions_2022: Path, tmp_path: Path
) -> None:
    _clear_database()
    row = {**_row(missions_2022, TEHRAN), "latitude": "", "longitude": ""}
    path = _write(tmp_path, missions_2022, [row])

    report = _import(path)

    assert (report.created, report.rejected) == (1, [])
    mission = Mission.objects.get(wikidata_id=TEHRAN)
    assert mission.host_country.iso_alpha2 == "IR"
    assert mission.latitude is None
    assert _self_hosted_warnings(report, TEHRAN) == [
        f"line 2: {TEHRAN} gives Australia as both sender and host; placed in Iran from its "
        "jurisdiction"
    ]


def test_coordinates_at_home_fall_back_to_the_only_jurisdiction(
    missions_2022: Path, tmp_path: Path
) -> None:
    """Coordinates that fall in the operator's own country say nothing about the host; the
    report must then not claim the coordinates placed it."""
    _clear_database()
    canberra = {"latitude": "-35.2809", "longitude": "149.1300"}
    row = {**_row(missions_2022, TEHRAN), **canberra}
    path = _write(tmp_path, missions_2022, [row])

    report = _import(path)

    assert Mission.objects.get(wikidata_id=TEHRAN).host_country.iso_alpha2 == "IR"
    warnings = _self_hosted_warnings(report, TEHRAN)
    assert len(warnings) == 1
    assert warnings[0].endswith("placed in Iran from its jurisdiction")


def test_with_neither_the_host_is_kept(missions_2022: Path, tmp_path: Path) -> None:
    _clear_database()
    row = _row(missions_2022, CONAKRY)
    assert row["latitude"] == row["longitude"] == row["jurisdictionQIDs"] == ""
    assert row["countryQID"] == row["operatorQID"]
    path = _write(tmp_path, missions_2022, [row])

    report = _import(path)

    assert (report.created, report.rejected) == (1, [])
    mission = Mission.objects.get(wikidata_id=CONAKRY)
    assert mission.sending_country == mission.host_country
    assert mission.host_country.iso_alpha2 == "QA"
    assert not [w for w in report.warnings if "placed in" in w]


def test_phones_are_read_in_the_real_hosts_numbering_plan(
    missions_2022: Path, tmp_path: Path
) -> None:
    """A local number at the embassy in Tokyo is a Japanese number, not an Australian one."""
    _clear_database()
    row = {**_row(missions_2022, TOKYO), "phone": "03-5232-4111"}
    path = _write(tmp_path, missions_2022, [row])

    _import(path)

    mission = Mission.objects.get(wikidata_id=TOKYO)
    assert mission.host_country.iso_alpha2 == "JP"
    assert [p.get("e164") for p in mission.phones] == ["+81352324111"]


def test_coordinates_in_a_country_named_nowhere_else_in_the_file(
    missions_2022: Path, tmp_path: Path
) -> None:
    """The row has no jurisdictions, and Japan appears on no other row of the file: the host
    is still the country the coordinates fall in, which the database knows."""
    row = {**_row(missions_2022, TOKYO), "jurisdictions": "", "jurisdictionQIDs": ""}
    path = _write(tmp_path, missions_2022, [row])
    assert Country.objects.filter(iso_alpha2="JP").exists()

    report = _import(path)

    assert Mission.objects.get(wikidata_id=TOKYO).host_country.iso_alpha2 == "JP"
    assert len(_self_hosted_warnings(report, TOKYO)) == 1


def test_reimporting_a_fixed_row_changes_nothing(missions_2022: Path, tmp_path: Path) -> None:
    _clear_database()
    path = _write(tmp_path, missions_2022, [_row(missions_2022, TOKYO)])
    _import(path)
    again = _import(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert Mission.objects.get(wikidata_id=TOKYO).host_country.iso_alpha2 == "JP"
