"""The missions importer reads websites and emails as browsers and mail programs do: an address
written to mislead is left out with a warning naming the line and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from chancery.directory.models import Mission
from chancery.ingest.services import missions_import
from chancery.ingest.sources.wikidata_csv import MissionRecord, read_missions

from .test_wikidata_csv import good_row, line, parse, write

BACKSLASH_TRICK = "https://fake-visa-germany.example\\@germania.diplo.de/ru-de"
QUOTED_TRICK = 'mailto:"?cc=attacker@evil.example&x="@germania.diplo.de'


@pytest.mark.parametrize(
    ("column", "attribute", "value", "reason"),
    [
        ("website", "website", BACKSLASH_TRICK, "backslash"),
        ("website", "website", "http://germania.diplo.de\\@evil.example", "backslash"),
        ("website", "website", "https://germania.diplo.de@evil.example/", "user name"),
        ("website", "website", "https://evil.example%2F@germania.diplo.de/", "user name"),
        ("website", "website", "https://germania%2Ediplo.de/", "percent-encoding"),
        ("website", "website", "https://germ\u200bania.diplo.de/", "U+200B ZERO WIDTH SPACE"),
        ("website", "website", "https://ｇermania.diplo.de/", "browsers read it as"),
        ("website", "website", "https://dipl\u043e.de/", "different alphabets"),
        ("website", "website", "https://germania.diplo.de./", "ends with a dot"),
        ("picture", "image_url", "https://upload.wikimedia.org\\@evil.example/a.jpg", "backslash"),
        ("pictureLicenseURL", "image_licence_url", "https://a@evil.example/", "user name"),
        ("email", "email", QUOTED_TRICK, "no place in an email address"),
        ("email", "email", "info@moskau.diplo.de?cc=x@evil.example", "no place in an email"),
        ("email", "email", "info@moskau.dipl\u043e.de", "different alphabets"),
    ],
)
def test_a_misleading_address_is_left_out_with_a_reason(
    tmp_path: Path, column: str, attribute: str, value: str, reason: str
) -> None:
    [record] = parse(write(tmp_path, line(good_row(**{column: value}))))
    assert isinstance(record, MissionRecord)  # the rest of the row is kept
    assert getattr(record, attribute) == ""
    [warning] = record.warnings
    assert warning.startswith(f"{column} {value!r} left out. ")
    assert reason in warning


@pytest.mark.parametrize(
    ("column", "attribute", "value", "expected"),
    [
        (
            "website",
            "website",
            "https://germania.diplo.de/ru-de",
            "https://germania.diplo.de/ru-de",
        ),
        ("website", "website", "https://AUSWÄRTIGES-AMT.de/", "https://AUSWÄRTIGES-AMT.de/"),
        # Wikidata values sometimes end in a zero-width space: trimmed like a space.
        (
            "website",
            "website",
            "https://vnembassy-ulaanbaatar.mofa.gov.vn\u200b",
            "https://vnembassy-ulaanbaatar.mofa.gov.vn",
        ),
        ("email", "email", "mailto:info@moskau.diplo.de", "mailto:info@moskau.diplo.de"),
        (
            "email",
            "email",
            " mailto:visa.section@mfa.gov.az\ufeff",
            "mailto:visa.section@mfa.gov.az",
        ),
    ],
)
def test_real_addresses_are_kept(
    tmp_path: Path, column: str, attribute: str, value: str, expected: str
) -> None:
    [record] = parse(write(tmp_path, line(good_row(**{column: value}))))
    assert isinstance(record, MissionRecord)
    assert getattr(record, attribute) == expected
    assert record.warnings == []


@pytest.mark.django_db
def test_the_import_stores_no_misleading_address(tmp_path: Path) -> None:
    path = write(tmp_path, line(good_row(website=BACKSLASH_TRICK, email=QUOTED_TRICK)))
    report = missions_import(read_missions(path), location=str(path))
    assert not report.rejected
    assert sorted(w for w in report.warnings if "left out" in w) == [
        f"line 2: email {QUOTED_TRICK!r} left out. The part before the “@” contains characters "
        'that have no place in an email address: " & = ? @',
        f"line 2: website {BACKSLASH_TRICK!r} left out. The address contains a backslash (\\). "
        "Browsers read it as a slash, so the link would lead somewhere other than it seems.",
    ]
    germany_in_russia = Mission.objects.get(wikidata_id="Q4373990")
    assert "evil.example" not in germany_in_russia.email
    assert "fake-visa-germany" not in germany_in_russia.website


@pytest.mark.django_db
def test_a_refused_new_value_does_not_erase_the_stored_one(tmp_path: Path) -> None:
    """The source's value now fails the checks: the mission keeps its good stored address,
    and running the same file again changes nothing."""
    good = {
        "website": "https://germania.diplo.de/ru-de",
        "email": "mailto:info@moskau.diplo.de",
    }
    first = write(tmp_path, line(good_row(**good)), name="first.csv")
    missions_import(read_missions(first), location=str(first))
    bad = write(
        tmp_path,
        line(good_row(website=BACKSLASH_TRICK, email=QUOTED_TRICK)),
        name="second.csv",
    )
    report = missions_import(read_missions(bad), location=str(bad))
    assert any("left out" in w for w in report.warnings)
    mission = Mission.objects.get(wikidata_id="Q4373990")
    assert (mission.website, mission.email) == (good["website"], good["email"])
    again = missions_import(read_missions(bad), location=str(bad))
    assert again.updated == 0 and again.unchanged == 1


@pytest.mark.django_db
def test_a_value_removed_by_the_source_is_removed(tmp_path: Path) -> None:
    first = write(tmp_path, line(good_row(website="https://germania.diplo.de/ru-de")), name="a.csv")
    missions_import(read_missions(first), location=str(first))
    second = write(tmp_path, line(good_row(website="")), name="b.csv")
    missions_import(read_missions(second), location=str(second))
    assert Mission.objects.get(wikidata_id="Q4373990").website == ""
