"""The import service on the real files (the session fixture has imported the 2022 file)."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

import pytest
from django.db import models
from django.db.models import F
from django.db.models.functions import Length

from chancery.countries.models import Country, CountryKind
from chancery.directory.models import Mission, MissionKind, MissionStatus
from chancery.directory.naming import TYPE_LABEL_KINDS
from chancery.ingest.models import ImportRun
from chancery.ingest.services import ImportReport, missions_import
from chancery.ingest.sources.wikidata_csv import RowError, read_missions

MISSIONS_IN_2022 = 9851
DUPLICATE_QID = "Q106686567"
E = "http://www.wikidata.org/entity/"


# --- helpers -----------------------------------------------------------------------------------


def run_import(path: Path, **options: bool) -> ImportReport:
    return missions_import(read_missions(path), location=str(path), **options)


def clear_database() -> None:
    """Empty the three tables (the test's transaction puts everything back afterwards)."""
    Mission.jurisdictions.through.objects.all().delete()
    Mission.objects.all().delete()
    Country.objects.update(part_of=None)  # a state's territories point at it
    Country.objects.all().delete()
    ImportRun.objects.all().delete()


def qid(value: str) -> str:
    return value.strip().rsplit("/", 1)[-1]


@cache
def raw_lines(path: Path) -> list[str]:
    """The file's physical lines; index 0 is line 1 (the header)."""
    return path.read_text(encoding="utf-8").splitlines()


@cache
def first_rows(path: Path) -> dict[str, dict[str, str]]:
    """QID → its row, parsed with the csv module; the first row of a duplicated QID wins."""
    rows: dict[str, dict[str, str]] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            rows.setdefault(qid(row["QID"]), row)
    return rows


def write_csv(tmp_path: Path, lines: list[str], name: str = "small.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def with_field(raw: str, position: int, value: str) -> str:
    fields = raw.split(";")
    fields[position] = value
    return ";".join(fields)


def mission_state() -> dict[str, tuple[str, str]]:
    rows = Mission.objects.values_list("wikidata_id", "source_hash", "status")
    return {row[0]: row[1:] for row in rows}


# --- whole files -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing(missions_2022: Path) -> None:
    before = mission_state()
    runs = ImportRun.objects.count()

    report = run_import(missions_2022)

    assert report.rows_read == 9852
    assert (report.created, report.updated, report.unchanged) == (0, 0, MISSIONS_IN_2022)
    assert report.withdrawn == 0
    assert report.countries_created == 0
    assert report.rejected == [RowError(5186, f"QID {DUPLICATE_QID} already appears on line 3682")]
    assert mission_state() == before
    assert ImportRun.objects.count() == runs + 1
    run = ImportRun.objects.get(pk=report.run_id)
    assert run.location == str(missions_2022)
    assert run.source == "wikidata-csv"
    assert (run.rows_read, run.created, run.updated, run.unchanged) == (9852, 0, 0, 9851)
    assert (run.withdrawn, run.rejected, run.countries_created) == (0, 1, 0)
    assert run.rejections == [
        {"line": 5186, "reason": f"QID {DUPLICATE_QID} already appears on line 3682"}
    ]
    assert run.finished_at >= run.started_at
    assert Mission.objects.filter(last_import_run=run).count() == MISSIONS_IN_2022


@pytest.mark.django_db
def test_duplicate_qid_keeps_its_first_row() -> None:
    mission = Mission.objects.get(wikidata_id=DUPLICATE_QID)
    assert mission.sending_country.iso_alpha2 == "IQ"  # line 3682; line 5186 says Nepal


@pytest.mark.slow
@pytest.mark.django_db
def test_first_import_into_an_empty_database(missions_2022: Path) -> None:
    clear_database()

    first = run_import(missions_2022)
    assert (first.created, first.updated, first.unchanged) == (MISSIONS_IN_2022, 0, 0)
    # Every place of the world, and the file's entities that are not ISO places (Quebec …).
    assert first.countries_created == Country.objects.count() == 355
    assert [error.line for error in first.rejected] == [5186]
    assert Mission.objects.count() == Mission.objects.active().count() == MISSIONS_IN_2022
    assert set(Mission.objects.values_list("wikidata_id", flat=True)) == set(
        first_rows(missions_2022)
    )
    state = mission_state()

    again = run_import(missions_2022)
    assert (again.created, again.updated, again.unchanged) == (0, 0, MISSIONS_IN_2022)
    assert again.withdrawn == 0
    assert again.countries_created == 0
    assert mission_state() == state
    assert ImportRun.objects.count() == 2


@pytest.mark.slow
@pytest.mark.django_db
def test_two_snapshots(missions_2021: Path, missions_2022: Path, tmp_path: Path) -> None:
    old, new = first_rows(missions_2021), first_rows(missions_2022)
    only_new, only_old, both = (
        new.keys() - old.keys(),
        old.keys() - new.keys(),
        new.keys() & old.keys(),
    )
    # Rows whose stored values must change (a lower bound for "updated").
    must_change = {
        q
        for q in both
        if any(old[q][c].strip() != new[q][c].strip() for c in ("city", "email", "type"))
        or any(
            (old[q][c] or None) != (new[q][c] or None)
            and not (old[q][c] and new[q][c] and float(old[q][c]) == float(new[q][c]))
            for c in ("latitude", "longitude")
        )
    }
    assert only_new and only_old and must_change

    clear_database()
    first = run_import(missions_2021)
    assert first.created == len(old)
    second = run_import(missions_2022)

    assert second.created == len(only_new)
    assert second.withdrawn == len(only_old)
    assert second.updated > 0
    assert second.updated >= len(must_change)
    assert second.updated + second.unchanged == len(both)
    assert [error.line for error in second.rejected] == [5186]

    # Withdrawn missions are kept, never deleted.
    assert Mission.objects.count() == len(old.keys() | new.keys())
    withdrawn = Mission.objects.filter(status=MissionStatus.WITHDRAWN)
    assert set(withdrawn.values_list("wikidata_id", flat=True)) == only_old
    assert set(Mission.objects.active().values_list("wikidata_id", flat=True)) == set(new)
    run = ImportRun.objects.get(pk=second.run_id)
    assert withdrawn.filter(last_import_run=run).count() == len(only_old)

    # A withdrawn mission that is back in a later file is active again.
    returning = min(only_old)
    back = write_csv(
        tmp_path,
        [
            raw_lines(missions_2021)[0],
            next(r for r in raw_lines(missions_2021) if r.endswith(f"/{returning}")),
        ],
    )
    third = run_import(back)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 0)
    mission = Mission.objects.get(wikidata_id=returning)
    assert mission.status == MissionStatus.ACTIVE
    assert mission.last_import_run_id == third.run_id


# --- rejected rows -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_rejected_rows(missions_2022: Path, tmp_path: Path) -> None:
    lines = raw_lines(missions_2022)
    good = [lines[1], lines[2], lines[3], lines[7]]  # file lines 2, 3, 4 and 8
    path = write_csv(
        tmp_path,
        [
            lines[0],
            *good[:3],
            with_field(lines[4], 9, "95"),  # line 5: latitude
            with_field(lines[5], 1, "Afghanistan"),  # line 6: operatorQID
            ";".join(lines[6].split(";")[:12]),  # line 7: too few fields
            good[3],
        ],
    )
    good_qids = {qid(raw.split(";")[24]) for raw in good}
    entity_qids = {
        qid(value)
        for raw in good
        for position in (1, 3, 5)
        for value in raw.split(";")[position].split("|")
        if value
    }
    clear_database()

    report = run_import(path)

    assert report.rows_read == 7
    assert report.created == 4
    assert [(e.line, e.reason) for e in report.rejected] == [
        (5, "latitude 95 is out of range (-90 to 90)"),
        (6, "operatorQID is not a Wikidata ID: 'Afghanistan'"),
        (7, "expected 25 fields, found 12"),
    ]
    # Nothing but the good rows (and the entities they name) is in the database.
    assert set(Mission.objects.values_list("wikidata_id", flat=True)) == good_qids
    named = Country.objects.exclude(wikidata_id=None)
    assert set(named.values_list("wikidata_id", flat=True)) == entity_qids
    assert report.countries_created == Country.objects.count()
    assert not Country.objects.filter(wikidata_id=None, iso_alpha2=None).exists()
    run = ImportRun.objects.get()
    assert run.rejected == 3
    assert [r["line"] for r in run.rejections] == [5, 6, 7]
    assert run.rejections[0]["reason"].startswith("latitude 95")


@pytest.mark.django_db
def test_a_rejected_row_does_not_withdraw_its_mission(missions_2022: Path, tmp_path: Path) -> None:
    lines = raw_lines(missions_2022)
    bad = with_field(lines[4], 9, "95")
    bad_qid = qid(bad.split(";")[24])
    before = Mission.objects.get(wikidata_id=bad_qid)

    report = run_import(write_csv(tmp_path, [lines[0], lines[1], bad]))

    assert [e.line for e in report.rejected] == [3]
    assert report.unchanged == 1
    # Every other mission is gone from this file; the one whose row was rejected is not.
    assert report.withdrawn == MISSIONS_IN_2022 - 2
    after = Mission.objects.get(wikidata_id=bad_qid)
    assert after.status == MissionStatus.ACTIVE
    assert (after.latitude, after.source_hash) == (before.latitude, before.source_hash)
    assert after.last_import_run_id == before.last_import_run_id


# --- phones ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_imported_phones(missions_2022: Path) -> None:
    with_phone = Mission.objects.exclude(phones=[])
    rows = first_rows(missions_2022)
    assert with_phone.count() == sum(1 for row in rows.values() if row["phone"].strip())
    numbers = [phone for phones in with_phone.values_list("phones", flat=True) for phone in phones]
    e164 = [phone["e164"] for phone in numbers if phone["e164"]]
    assert len(e164) > 500
    assert all(number.startswith("+") and number[1:].isdigit() for number in e164)
    assert all(phone["raw"] for phone in numbers)
    assert all(phone["valid"] is False for phone in numbers if not phone["e164"])
    swiss = next(
        phones
        for phones in with_phone.values_list("phones", flat=True)
        if phones[0]["raw"] == "+41-31-350-19-09"
    )
    assert swiss[0]["e164"] == "+41313501909"


# --- names, kinds and jurisdictions ------------------------------------------------------------


@pytest.mark.django_db
def test_mission_names(missions_2022: Path) -> None:
    rows = first_rows(missions_2022)
    germany_in_russia = next(
        q
        for q, row in rows.items()
        if (row["operator"], row["country"], row["type"]) == ("Germany", "Russia", "embassy")
    )
    mission = Mission.objects.get(wikidata_id=germany_in_russia)
    assert mission.name == "Embassy of Germany in Russia"
    assert mission.slug == "embassy-of-germany-in-russia"
    assert mission.kind == MissionKind.EMBASSY

    consulate_q, consulate_row = next(
        (q, row)
        for q, row in rows.items()
        if (row["operator"], row["country"], row["type"])
        == ("France", "Russia", "consulate general")
        and row["city"] == "Saint Petersburg"
    )
    consulate = Mission.objects.get(wikidata_id=consulate_q)
    assert consulate.kind == MissionKind.CONSULATE_GENERAL
    assert consulate.city == consulate_row["city"]
    assert consulate.name == "Consulate-General of France in Saint Petersburg"

    # Without a city a consulate is named after its host country.
    no_city = next(
        q
        for q, row in rows.items()
        if row["type"] == "consulate general"
        and not row["city"]
        and row["country"] == "Russia"
        and row["operator"] == "France"
    )
    assert Mission.objects.get(wikidata_id=no_city).name == "Consulate-General of France in Russia"

    assert Mission.objects.filter(name="Embassy of Germany in the United States").exists()
    nunciature = Mission.objects.filter(kind=MissionKind.NUNCIATURE, host_country__iso_alpha2="DE")
    assert [m.name for m in nunciature] == ["Apostolic Nunciature in Germany"]
    assert nunciature.get().sending_country.slug == "holy-see"


@pytest.mark.django_db
def test_every_type_label_has_a_kind(missions_2022: Path) -> None:
    labels = Counter(row["type"].strip() for row in first_rows(missions_2022).values())
    assert len(labels) == 27
    stored = Counter(Mission.objects.values_list("type_label", flat=True))
    assert stored == labels  # the source's label is kept as it is

    kinds: dict[str, set[str]] = defaultdict(set)
    for label, kind in Mission.objects.values_list("type_label", "kind"):
        kinds[label].add(kind)
    assert all(len(found) == 1 for found in kinds.values()), kinds
    as_other = {label for label, found in kinds.items() if found == {MissionKind.OTHER}}
    assert as_other == {"diplomatic mission", "diplomatic mission of El Salvador"}
    for label, found in kinds.items():
        assert found == {TYPE_LABEL_KINDS[label.casefold()]}, label

    expected = {
        "embassy": MissionKind.EMBASSY,
        "Embassy of the United States": MissionKind.EMBASSY,
        "British High Commission": MissionKind.HIGH_COMMISSION,
        "Consulate General of Sweden": MissionKind.CONSULATE_GENERAL,
        "consulates of Sweden": MissionKind.CONSULATE,
        "Consular Agency": MissionKind.VICE_CONSULATE,
        "honorary consulate": MissionKind.HONORARY_CONSULATE,
        "apostolic nunciature": MissionKind.NUNCIATURE,
        "Apostolic delegation": MissionKind.DELEGATION,
        "Quebec Government Office": MissionKind.DELEGATION,
        "de facto embassy": MissionKind.REPRESENTATIVE_OFFICE,
        "Taipei Representative Office": MissionKind.REPRESENTATIVE_OFFICE,
        "Interests Section": MissionKind.INTERESTS_SECTION,
        "liaison office": MissionKind.LIAISON_OFFICE,
        "permanent mission": MissionKind.PERMANENT_MISSION,
    }
    assert {label: kinds[label] for label in expected} == {
        label: {kind} for label, kind in expected.items()
    }


@pytest.mark.django_db
def test_jurisdictions_exclude_the_host_country(missions_2022: Path) -> None:
    assert Mission.objects.filter(jurisdictions=F("host_country")).count() == 0
    rows = first_rows(missions_2022)
    with_host = [
        q for q, row in rows.items() if row["countryQID"] in row["jurisdictionQIDs"].split("|")
    ]
    assert len(with_host) > 1000
    afghan = Mission.objects.get(wikidata_id="Q106450319")  # Afghanistan in Canberra
    assert qid(rows["Q106450319"]["countryQID"]) == "Q408"
    assert afghan.host_country.iso_alpha2 == "AU"
    assert sorted(afghan.jurisdictions.values_list("iso_alpha2", flat=True)) == ["FJ", "NZ"]


@pytest.mark.django_db
def test_jurisdictions_are_stored(missions_2022: Path) -> None:
    rows = first_rows(missions_2022)
    by_qid = {}
    for country in Country.objects.all():
        for q in (country.wikidata_id, *country.other_wikidata_ids):
            by_qid[q] = country.pk
    # The host is left out of the jurisdictions: the row's, or for a row that gives its operator
    # as host, the one found from its coordinates (test_self_hosted.py).
    host_of = dict(Mission.objects.values_list("wikidata_id", "host_country_id"))
    expected = {
        q: {by_qid[qid(j)] for j in row["jurisdictionQIDs"].split("|") if j} - {host_of[q]}
        for q, row in rows.items()
    }
    actual: dict[str, set[int]] = defaultdict(set)
    for wikidata_id, country_id in Mission.jurisdictions.through.objects.values_list(
        "mission__wikidata_id", "country_id"
    ):
        actual[wikidata_id].add(country_id)
    assert {q: ids for q, ids in expected.items() if ids} == dict(actual)


# --- countries across imports ------------------------------------------------------------------


@pytest.mark.django_db
def test_an_unresolved_label_does_not_downgrade_an_iso_country(
    missions_2022: Path, tmp_path: Path
) -> None:
    lines = raw_lines(missions_2022)
    host = f";Kingdom of Denmark;{E}Q756617;"
    row = next(r for r in lines if r.startswith(f"Germany;{E}Q183;") and host in r)
    assert f"Denmark;{E}Q35" in row  # Denmark (Q35) is one of its jurisdictions
    path = write_csv(tmp_path, [lines[0], row.replace("Kingdom of Denmark;", "Danish Realm;")])

    run_import(path)

    denmark = Country.objects.get(iso_alpha2="DK")
    assert (denmark.name, denmark.kind) == ("Denmark", CountryKind.SOVEREIGN_STATE)
    assert denmark.names.get("fr") == "Danemark"


@pytest.mark.django_db
def test_a_qid_never_belongs_to_two_countries(missions_2022: Path, tmp_path: Path) -> None:
    lines = raw_lines(missions_2022)
    row = next(
        r for r in lines if r.startswith(f"Germany;{E}Q183;") and ";Kingdom of Denmark;" in r
    )
    new_qid = "Q999999999"
    as_2022 = row.replace(f"{E}Q756617", f"{E}{new_qid}")
    as_2021 = as_2022.replace("Kingdom of Denmark;", "Danish Realm;")
    run_import(write_csv(tmp_path, [lines[0], as_2021], name="old.csv"))
    assert Country.objects.filter(wikidata_id=new_qid, kind=CountryKind.OTHER).exists()

    run_import(write_csv(tmp_path, [lines[0], as_2022], name="new.csv"))

    owners = [
        country.name
        for country in Country.objects.all()
        if new_qid in (country.wikidata_id, *country.other_wikidata_ids)
    ]
    assert owners == ["Denmark"]


# --- stored values fit the schema --------------------------------------------------------------


@pytest.mark.django_db
def test_stored_values_fit_their_columns() -> None:
    too_long = {}
    for field in Mission._meta.concrete_fields:
        limit = getattr(field, "max_length", None)
        if limit and isinstance(field, models.CharField):
            count = Mission.objects.annotate(n=Length(field.attname)).filter(n__gt=limit).count()
            if count:
                too_long[field.name] = count
    assert too_long == {}
    # The longest picture URL of the real file is stored whole; credits given as HTML snippets
    # (up to 541 characters) are kept as their text.
    assert Mission.objects.annotate(n=Length("image_url")).filter(n=590).exists()
    assert not Mission.objects.filter(image_author__contains="<a ").exists()
    assert Mission.objects.filter(image_author__contains="Valery Klepkin").exists()


@pytest.mark.django_db
def test_a_value_too_long_for_its_column_rejects_the_row(
    missions_2022: Path, tmp_path: Path
) -> None:
    lines = raw_lines(missions_2022)
    url = "https://commons.wikimedia.org/wiki/Special:FilePath/" + "x" * 1200 + ".jpg"
    long_row = with_field(lines[2], 17, url)
    long_qid = qid(long_row.split(";")[24])
    before = Mission.objects.get(wikidata_id=long_qid)

    report = run_import(write_csv(tmp_path, [lines[0], lines[1], long_row]))

    [error] = report.rejected
    assert error.line == 3
    assert "image_url" in error.reason
    after = Mission.objects.get(wikidata_id=long_qid)
    assert (after.status, after.image_url) == (MissionStatus.ACTIVE, before.image_url)


@pytest.mark.django_db
def test_an_updated_mission_gets_a_new_updated_at(missions_2022: Path, tmp_path: Path) -> None:
    lines = raw_lines(missions_2022)
    changed = with_field(lines[1], 6, "Canberra (moved)")
    before = Mission.objects.get(wikidata_id=qid(changed.split(";")[24]))

    report = run_import(write_csv(tmp_path, [lines[0], changed]))

    assert report.updated == 1
    after = Mission.objects.get(pk=before.pk)
    assert after.city == "Canberra (moved)"
    assert after.updated_at > before.updated_at
