"""Unit tests of the Wikidata CSV parser on small files written into tmp_path (no database)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from chancery.ingest.sources.wikidata_csv import (
    MissionRecord,
    RowError,
    SourceFormatError,
    parse_qid,
    read_missions,
)

#: The header of the real file, trailing ';' included.
HEADER = (
    "operator;operatorQID;jurisdictions;jurisdictionQIDs;country;countryQID;city;cityQID;"
    "address;latitude;longitude;phone;email;website;facebook;twitter;youtube;picture;"
    "pictureAuthor;pictureLicense;pictureLicenseURL;type;typeQID;creation;QID;"
)
COLUMNS = [column for column in HEADER.split(";") if column]
E = "http://www.wikidata.org/entity/"


def good_row(**changes: str) -> dict[str, str]:
    row = {
        "operator": "Germany",
        "operatorQID": f"{E}Q183",
        "jurisdictions": "Russia|Belarus",
        "jurisdictionQIDs": f"{E}Q159|{E}Q184",
        "country": "Russia",
        "countryQID": f"{E}Q159",
        "city": " Moscow ",
        "cityQID": f"{E}Q649",
        "address": "",
        "latitude": "55.71736",
        "longitude": "37.517",
        "phone": "+7-495-937-95-00|+7 495 933 43 36",
        "email": "info@moskau.diplo.de",
        "website": "https://germania.diplo.de/ru-de",
        "facebook": "germanembassymoscow",
        "twitter": "GermanEmbassyMoscow",
        "youtube": "",
        "picture": "http://commons.wikimedia.org/wiki/Special:FilePath/Embassy.jpg",
        "pictureAuthor": "A. Photographer",
        "pictureLicense": "CC BY-SA 4.0",
        "pictureLicenseURL": "https://creativecommons.org/licenses/by-sa/4.0",
        "type": "embassy",
        "typeQID": f"{E}Q3917681",
        "creation": "1958-01-01T00:00:00Z",
        "QID": f"{E}Q4373990",
    }
    row.update(changes)
    return row


def line(row: dict[str, str]) -> str:
    return ";".join(row[column] for column in COLUMNS)


def write(tmp_path: Path, *lines: str, header: str = HEADER, name: str = "m.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def parse(path: Path) -> list[MissionRecord | RowError]:
    return list(read_missions(path))


def test_good_row(tmp_path: Path) -> None:
    [record] = parse(write(tmp_path, line(good_row())))
    assert isinstance(record, MissionRecord)
    assert record.line == 2
    assert record.wikidata_id == "Q4373990"
    assert (record.sending.wikidata_id, record.sending.label) == ("Q183", "Germany")
    assert (record.host.wikidata_id, record.host.label) == ("Q159", "Russia")
    assert [(j.wikidata_id, j.label) for j in record.jurisdictions] == [
        ("Q159", "Russia"),
        ("Q184", "Belarus"),
    ]
    assert record.city == "Moscow"
    assert record.city_wikidata_id == "Q649"
    assert record.latitude == pytest.approx(55.71736)
    assert record.longitude == pytest.approx(37.517)
    assert record.phones == ["+7-495-937-95-00", "+7 495 933 43 36"]
    assert record.email == "info@moskau.diplo.de"
    assert record.website == "https://germania.diplo.de/ru-de"
    assert record.facebook == "germanembassymoscow"
    assert record.image_url.endswith("/Embassy.jpg")
    assert record.image_author == "A. Photographer"
    assert record.image_licence == "CC BY-SA 4.0"
    assert record.type_label == "embassy"
    assert record.type_wikidata_id == "Q3917681"
    assert record.opened_on == dt.date(1958, 1, 1)
    assert record.warnings == []


def test_optional_fields_may_be_empty(tmp_path: Path) -> None:
    empty = {
        key: ""
        for key in (
            "jurisdictions", "jurisdictionQIDs", "city", "cityQID", "latitude", "longitude",
            "phone", "email", "website", "picture", "typeQID", "creation",
        )
    }  # fmt: skip
    [record] = parse(write(tmp_path, line(good_row(**empty))))
    assert isinstance(record, MissionRecord)
    assert record.jurisdictions == []
    assert record.latitude is None and record.longitude is None
    assert record.phones == []
    assert record.type_wikidata_id == "" and record.city_wikidata_id == ""
    assert record.opened_on is None


def test_bare_qids_are_accepted() -> None:
    assert parse_qid("Q42", "QID") == "Q42"
    assert parse_qid(" https://www.wikidata.org/entity/Q42 ", "QID") == "Q42"
    assert parse_qid("", "cityQID", required=False) == ""


def test_line_numbers_count_physical_lines(tmp_path: Path) -> None:
    rows = parse(
        write(
            tmp_path,
            line(good_row(QID=f"{E}Q1")),
            "",
            line(good_row(QID=f"{E}Q2", latitude="95")),
            line(good_row(QID=f"{E}Q3")),
        )
    )
    assert [(type(item).__name__, item.line) for item in rows] == [
        ("MissionRecord", 2),
        ("RowError", 4),
        ("MissionRecord", 5),
    ]


def test_latitude_out_of_range(tmp_path: Path) -> None:
    rows = parse(write(tmp_path, line(good_row()), line(good_row(latitude="95"))))
    assert isinstance(rows[0], MissionRecord)
    error = rows[1]
    assert isinstance(error, RowError)
    assert error.line == 3
    assert "latitude" in error.reason
    assert "95" in error.reason
    assert "out of range" in error.reason


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"longitude": "181"}, ("longitude", "181", "out of range")),
        ({"latitude": "north"}, ("latitude", "not a number", "north")),
        ({"longitude": ""}, ("latitude and longitude",)),
        ({"creation": "last year"}, ("creation", "not a date")),
    ],
)
def test_bad_values(tmp_path: Path, changes: dict[str, str], words: tuple[str, ...]) -> None:
    [error] = parse(write(tmp_path, line(good_row(**changes))))
    assert isinstance(error, RowError)
    assert error.line == 2
    for word in words:
        assert word in error.reason


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("QID", "Q0123"),
        ("QID", "P31"),
        ("QID", "https://www.wikidata.org/wiki/Q42"),
        ("QID", "Embassy of Germany"),
        ("operatorQID", "Germany"),
        ("countryQID", "Q"),
        ("typeQID", "Q12x"),
        ("cityQID", "L123"),
        ("jurisdictionQIDs", f"{E}Q159|Belarus"),
    ],
)
def test_malformed_qid(tmp_path: Path, column: str, value: str) -> None:
    [error] = parse(write(tmp_path, line(good_row(**{column: value}))))
    assert isinstance(error, RowError)
    assert error.line == 2
    assert error.reason.startswith(f"{column} is not a Wikidata ID")


@pytest.mark.parametrize("column", ["QID", "operatorQID", "countryQID"])
def test_missing_required_qid(tmp_path: Path, column: str) -> None:
    [error] = parse(write(tmp_path, line(good_row(**{column: ""}))))
    assert isinstance(error, RowError)
    assert error.reason == f"{column} is empty"


def test_too_few_fields(tmp_path: Path) -> None:
    short = ";".join(line(good_row()).split(";")[:10])
    [error] = parse(write(tmp_path, short))
    assert isinstance(error, RowError)
    assert (error.line, error.reason) == (2, "expected 25 fields, found 10")


def test_a_stray_quote_does_not_swallow_the_following_rows(tmp_path: Path) -> None:
    rows = parse(
        write(
            tmp_path,
            line(good_row(QID=f"{E}Q1", city='"Moscow')),
            *(line(good_row(QID=f"{E}Q{n}")) for n in (2, 3, 4)),
        )
    )
    records = [item for item in rows if isinstance(item, MissionRecord)]
    assert [(r.line, r.wikidata_id) for r in records if r.line > 2] == [
        (3, "Q2"),
        (4, "Q3"),
        (5, "Q4"),
    ]


def test_quotes_inside_a_field_are_literal(tmp_path: Path) -> None:
    [record] = parse(write(tmp_path, line(good_row(pictureAuthor='ד"ר Someone'))))
    assert isinstance(record, MissionRecord)
    assert record.image_author == 'ד"ר Someone'


def test_comma_delimiter(tmp_path: Path) -> None:
    header = ",".join(COLUMNS)
    path = write(tmp_path, ",".join(good_row().values()), header=header)
    with pytest.raises(SourceFormatError) as caught:
        read_missions(path)  # fails before anything is read
    message = str(caught.value)
    assert "line 1" in message
    assert "';'" in message
    assert "','" in message


def test_missing_columns_are_named(tmp_path: Path) -> None:
    header = HEADER.replace("typeQID;", "").replace("latitude;", "")
    with pytest.raises(SourceFormatError) as caught:
        read_missions(write(tmp_path, header=header))
    message = str(caught.value)
    assert "missing columns" in message
    assert "latitude" in message
    assert "typeQID" in message
    assert "longitude" not in message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    text = "\n".join([HEADER, line(good_row()), line(good_row(city="Zürich"))]) + "\n"
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(SourceFormatError) as caught:
        read_missions(path)
    message = str(caught.value)
    assert "not UTF-8" in message
    assert "line 3" in message
    assert "0xfc" in message


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(("\ufeff" + HEADER + "\n" + line(good_row()) + "\n").encode("utf-8"))
    [record] = parse(path)
    assert isinstance(record, MissionRecord)
    assert record.sending.label == "Germany"


def test_not_utf8_after_a_bom_names_the_right_line_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "bom-latin1.csv"
    path.write_bytes("\ufeff".encode() + HEADER.encode() + b"\n" + b"\xff" + b"abc\n")
    with pytest.raises(SourceFormatError) as caught:
        read_missions(path)
    message = str(caught.value)
    assert "line 2" in message
    assert "0xff" in message


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(SourceFormatError, match="empty"):
        read_missions(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceFormatError, match="cannot be read"):
        read_missions(tmp_path / "nope.csv")


def test_header_only(tmp_path: Path) -> None:
    assert parse(write(tmp_path)) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("www.example.org", "https://www.example.org"),
        ("example.org/embassy/contact", "https://example.org/embassy/contact"),
        (
            "//commons.wikimedia.org/wiki/File:X.jpg",
            "https://commons.wikimedia.org/wiki/File:X.jpg",
        ),
        ("http://www.example.org/", "http://www.example.org/"),
        (" https://example.org ", "https://example.org"),
    ],
)
def test_schemeless_urls_are_completed(tmp_path: Path, value: str, expected: str) -> None:
    [record] = parse(write(tmp_path, line(good_row(website=value, picture=value))))
    assert isinstance(record, MissionRecord)
    assert record.website == expected
    assert record.image_url == expected
    assert record.warnings == []


@pytest.mark.parametrize(
    "value", ["not a url", "ftp://example.org/file", "http://localhost", "javascript:alert(1)"]
)
def test_bad_url_is_dropped_with_a_warning(tmp_path: Path, value: str) -> None:
    [record] = parse(write(tmp_path, line(good_row(website=value))))
    assert isinstance(record, MissionRecord)  # the row itself is kept
    assert record.website == ""
    assert len(record.warnings) == 1
    assert record.warnings[0].startswith("website is not an http(s) URL")
    assert repr(value) in record.warnings[0]
