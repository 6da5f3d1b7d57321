"""Hostile records from the contact sources (OpenStreetMap, GOV.UK, Wikidata SPARQL), fed through
the real commands, and what a visitor then sees: the mission page, the API, the admin, the
exports and the vCard.

Each test writes a small file in the source's own format to tmp_path (or reads one from
fixtures/hostile/).
"""

from __future__ import annotations

import csv
import io
import json
import re
import string
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from chancery.directory.models import Mission, SourceLink, SourceValue
from chancery.ingest.sources.wikidata_sparql import LANGUAGES, VARIABLES

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "hostile"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
#: What must never reach a page raw from the data.
RAW_MARKUP = ("<script>alert", "<img src=x", "onerror=alert(1)>")
#: Liechtenstein has no mission in Singapore in the 2022 file: an office there is created.
SINGAPORE = (1.3001, 103.8301)
E = "http://www.wikidata.org/entity/"


# --- helpers -----------------------------------------------------------------------------------


def _run(command: str, *args: str, **options: Any) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def _overpass(tmp_path: Path, *elements: dict[str, Any], name: str = "overpass.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"version": 0.6, "elements": list(elements)}), encoding="utf-8")
    return path


def _node(node_id: int, tags: dict[str, str], lat: Any = SINGAPORE[0], lon: Any = SINGAPORE[1]):
    base = {"office": "diplomatic", "diplomatic": "honorary_consulate", "country": "LI"}
    return {"type": "node", "id": node_id, "lat": lat, "lon": lon, "tags": {**base, **tags}}


def _osm_mission(record_id: str) -> Mission:
    return (
        SourceLink.objects.select_related("mission").get(source="osm", record_id=record_id).mission
    )


def _page(client: Client, mission: Mission) -> str:
    response = client.get(mission.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _api(client: Client, mission: Mission) -> tuple[bytes, dict[str, Any]]:
    response = client.get(f"/api/v1/missions/{mission.public_id}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.content, response.json()


def _admin(admin_client: Client, mission: Mission) -> str:
    response = admin_client.get(f"/admin/directory/mission/{mission.pk}/change/")
    assert response.status_code == 200
    return response.content.decode()


def _assert_no_raw_markup(html: str) -> None:
    for raw in RAW_MARKUP:
        assert raw not in html, f"{raw!r} reached the HTML unescaped"


def _hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def _state() -> tuple[int, int, int]:
    return Mission.objects.count(), SourceLink.objects.count(), SourceValue.objects.count()


def _csv_rows(client: Client, url: str, **filters: str) -> tuple[list[str], list[list[str]]]:
    response = client.get(url, filters)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    header, *rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    return header, rows


def _row_of(header: list[str], rows: list[list[str]], mission: Mission) -> list[str]:
    index = header.index("id")
    (row,) = [row for row in rows if row[index] == mission.public_id]
    return row


#: A cell a spreadsheet would run: starts like a formula and is not digits and punctuation.
_INERT = re.compile(r"[0-9 +\-().,/|]*")


def _formula_cells(row: list[str]) -> list[str]:
    return [
        cell
        for cell in row
        if cell.lstrip(" ")[:1] in ("=", "+", "-", "@", "\t", "\r") and not _INERT.fullmatch(cell)
    ]


def _govuk_office(
    *,
    base_path: str = "/world/organisations/british-embassy-manila/office/british-embassy",
    contact_title: str = "Consular section",
    phone_title: str = "Telephone",
    phone: str = "+63 (02) 8 858 2200",
    heading: str = "Consular services",
    street: str = "120 Upper McKinley Road, McKinley Hill",
    email: str = "ukinthephilippines@fco.gov.uk",
) -> dict[str, Any]:
    """A worldwide_office content item in GOV.UK's shape, for the embassy in Manila."""
    organisation = "/world/organisations/british-embassy-manila"
    return {
        "schema_name": "worldwide_office",
        "document_type": "worldwide_office",
        "base_path": base_path,
        "title": "British Embassy Manila",
        "locale": "en",
        "details": {
            "access_and_opening_times": (
                f"<h2>{heading}</h2><p>Monday to Friday, 8am to 4:30pm</p>"
            )
        },
        "links": {
            "worldwide_organisation": [
                {"base_path": organisation, "title": "British Embassy Manila"}
            ],
            "contact": [
                {
                    "title": contact_title,
                    "details": {
                        "phone_numbers": [{"title": phone_title, "number": phone}],
                        "email_addresses": [{"email": email}],
                        "post_addresses": [
                            {
                                "iso2_country_code": "ph",
                                "locality": "Taguig City",
                                "postal_code": "1634",
                                "street_address": street,
                            }
                        ],
                    },
                }
            ],
        },
    }


def _govuk_files(tmp_path: Path, *items: dict[str, Any]) -> Path:
    folder = tmp_path / "govuk"
    folder.mkdir()
    for number, item in enumerate(items, start=1):
        (folder / f"office-{number}.json").write_text(json.dumps(item), encoding="utf-8")
    return folder


def _govuk_mission() -> Mission:
    return SourceLink.objects.filter(source="govuk").select_related("mission").first().mission


def _sparql_target() -> Mission:
    """A mission of the 2022 file (in Singapore) that the SPARQL pages below describe."""
    return (
        Mission.objects.filter(host_country__iso_alpha2="SG", wikidata_id__isnull=False)
        .select_related("sending_country", "host_country")
        .order_by("pk")
        .first()
    )


def _term(value: str, *, lang: str = "", kind: str = "literal") -> dict[str, str]:
    term = {"type": kind, "value": value}
    if lang:
        term["xml:lang"] = lang
    return term


def _sparql_rows(mission: Mission, *extra: dict[str, Any]) -> list[dict[str, Any]]:
    m = _term(E + mission.wikidata_id, kind="uri")
    rows = [
        {
            "m": m,
            "operator": _term(E + mission.sending_country.wikidata_id, kind="uri"),
            "operatorLabel": _term(mission.sending_country.name, lang="en"),
        },
        {
            "m": m,
            "country": _term(E + mission.host_country.wikidata_id, kind="uri"),
            "countryLabel": _term(mission.host_country.name, lang="en"),
        },
        {
            "m": m,
            "type": _term(E + "Q3917681", kind="uri"),
            "typeLabel": _term("embassy", lang="en"),
        },
        {"m": m, "coord": _term("Point(103.83 1.3)")},
    ]
    return rows + [{"m": m, **row} for row in extra]


def _sparql_import(tmp_path: Path, rows: list[dict[str, Any]]) -> tuple[str, str]:
    pages = tmp_path / "pages"
    pages.mkdir()
    document = {"head": {"vars": list(VARIABLES)}, "results": {"bindings": rows}}
    (pages / "page-001.json").write_text(json.dumps(document), encoding="utf-8")
    return _run("ingest_missions", source="wikidata-sparql", file=str(pages), no_progress=True)


# --- markup and invisible characters in OpenStreetMap tags --------------------------------------


def test_markup_in_osm_tags_is_escaped_on_the_page_the_api_the_admin_and_the_vcard(
    tmp_path: Path, client: Client, admin_client: Client
) -> None:
    tags = {
        "name": f"Honorary Consulate of Liechtenstein {SCRIPT}",
        "name:en": f"Honorary Consulate {SCRIPT}{IMG}",
        "name:de": f"Honorarkonsulat {IMG}",
        "addr:street": f"Orchard Road {SCRIPT}",
        "addr:housenumber": IMG,
        "addr:city": "Singapore",
        "phone": f"+65 6123 4567;{SCRIPT}",
        "fax": IMG,
        "opening_hours": f'Mo-Fr 09:00-17:00 "{SCRIPT}" || "<img src=x onerror=alert(1)>"',
    }
    _run("ingest_osm", "--file", str(_overpass(tmp_path, _node(990000010, tags))))
    mission = _osm_mission("node/990000010")
    assert mission.title == tags["name:en"]  # stored as given: escaping is the pages' job

    html = _page(client, mission)
    _assert_no_raw_markup(html)
    assert "Honorary Consulate &lt;script&gt;alert(1)&lt;/script&gt;" in html  # the h1
    assert "Orchard Road &lt;script&gt;" in html  # the address
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # the hours' note

    body, data = _api(client, mission)
    assert b"<script" in body  # JSON strings carry the text; the media type is not HTML
    assert data["names"]["en"] == tags["name:en"]
    assert data["opening_hours"]["raw"] == tags["opening_hours"]

    _assert_no_raw_markup(_admin(admin_client, mission))

    card = client.get(f"/missions/{mission.slug}.vcf")
    assert card.status_code == 200
    assert card["Content-Type"].startswith("text/vcard")


def test_a_line_break_in_a_phone_tag_does_not_add_lines_to_the_vcard(
    tmp_path: Path, client: Client
) -> None:
    tags = {
        "phone": "+65 6123 4567\r\nURL:javascript:alert(1)\r\nEMAIL:x@evil.example",
        "fax": "+65 6123 4568\nX-EVIL:1",
    }
    _run("ingest_osm", "--file", str(_overpass(tmp_path, _node(990000011, tags))))
    mission = _osm_mission("node/990000011")
    card = client.get(f"/missions/{mission.slug}.vcf").content.decode()
    lines = card.split("\r\n")
    assert not any(line.startswith(("URL:", "EMAIL:", "X-EVIL")) for line in lines)


def test_invisible_characters_in_osm_names_do_not_reach_the_api(
    tmp_path: Path, client: Client
) -> None:
    name = "Honorary Consulate\u202e\u200b of Liechtenstein"
    _run("ingest_osm", "--file", str(_overpass(tmp_path, _node(990000012, {"name:en": name}))))
    body, data = _api(client, _osm_mission("node/990000012"))
    assert "\u202e".encode() not in body and b"\\u202e" not in body.lower()
    assert data["names"]["en"] == "Honorary Consulate of Liechtenstein"


def test_a_right_to_left_override_in_an_osm_name_does_not_reach_the_page(
    tmp_path: Path, client: Client
) -> None:
    name = "Honorary Consulate\u202e\u200b of Liechtenstein"
    _run("ingest_osm", "--file", str(_overpass(tmp_path, _node(990000013, {"name:en": name}))))
    html = _page(client, _osm_mission("node/990000013"))
    assert "\u202e" not in html


# --- markup in GOV.UK content items -------------------------------------------------------------


def test_markup_in_govuk_labels_services_and_addresses_is_escaped(
    tmp_path: Path, client: Client, admin_client: Client
) -> None:
    item = _govuk_office(
        contact_title=f"Consular section {SCRIPT}",
        phone_title=f"Telephone {SCRIPT}{IMG}",
        # An entity in Govspeak HTML becomes markup once the text is read out of it.
        heading="Consular &lt;script&gt;alert(1)&lt;/script&gt;",
        street=f"120 Upper McKinley Road {IMG}",
    )
    _run("ingest_govuk_offices", "--file", str(_govuk_files(tmp_path, item)))
    mission = _govuk_mission()
    assert any(SCRIPT in service for service in mission.services)
    assert any(SCRIPT in (phone.get("label") or "") for phone in mission.phones)

    html = _page(client, mission)
    _assert_no_raw_markup(html)
    assert "<li>Consular &lt;script&gt;alert(1)&lt;/script&gt;</li>" in html
    assert "Telephone &lt;script&gt;alert(1)&lt;/script&gt;" in html

    _body, data = _api(client, mission)
    assert any(SCRIPT in (phone["label"] or "") for phone in data["phones"])
    _assert_no_raw_markup(_admin(admin_client, mission))


@pytest.mark.parametrize("base_path", ["@evil.example/x", ".evil.example/office"])
def test_a_govuk_base_path_cannot_turn_the_source_link_into_a_link_elsewhere(
    tmp_path: Path, client: Client, admin_client: Client, base_path: str
) -> None:
    # Two offices of one organisation read without it: neither is known as the main one, and
    # each record's address is built from its own base_path.
    folder = _govuk_files(
        tmp_path,
        _govuk_office(base_path=base_path),
        _govuk_office(base_path="/world/organisations/british-embassy-manila/office/visas"),
    )
    _run("ingest_govuk_offices", "--file", str(folder))
    links = SourceLink.objects.filter(source="govuk")
    assert links.count() == 2
    for link in links:
        assert link.record_url.startswith("https://www.gov.uk/"), link.record_url
    mission = _govuk_mission()
    for html in (_page(client, mission), _admin(admin_client, mission)):
        assert "evil.example" not in " ".join(_hrefs(html))


# --- web and email addresses ----------------------------------------------------------------------

HOSTILE_WEBSITES = [
    "javascript:alert(1)",
    "http://127.0.0.1/",
    "https://evil.example@gov.uk/",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "https://www.gov.uk\\@evil.example/",
    "https://gov.uk\\evil.example/",
]


@pytest.mark.parametrize("website", HOSTILE_WEBSITES)
def test_a_hostile_osm_website_is_left_out_with_a_warning_and_never_linked(
    tmp_path: Path, client: Client, website: str
) -> None:
    path = _overpass(tmp_path, _node(990000020, {"website": website}))
    _out, err = _run("ingest_osm", "--file", str(path))
    assert "element 1" in err and "left out" in err
    mission = _osm_mission("node/990000020")
    assert mission.website == ""
    hrefs = _hrefs(_page(client, mission))
    assert website not in hrefs
    assert not [h for h in hrefs if h.startswith(("javascript:", "data:")) or "evil.example" in h]
    # (The test settings serve map tiles from a local port: only the bare address counts.)
    assert not [h for h in hrefs if h.rstrip("/") == "http://127.0.0.1"]


HOSTILE_EMAILS = [
    "mailto:a@b.c?bcc=x@y.z",
    "a@b.c?bcc=x@y.z",
    "mailto:a@b.c%0Abcc:x@y.z",
    "javascript:alert(1)//@example.org",
    "info@127.0.0.1",
]


@pytest.mark.parametrize("email", HOSTILE_EMAILS)
def test_a_hostile_osm_email_is_left_out_and_no_mailto_carries_headers(
    tmp_path: Path, client: Client, email: str
) -> None:
    path = _overpass(tmp_path, _node(990000021, {"email": email}))
    _out, err = _run("ingest_osm", "--file", str(path))
    assert "left out" in err
    mission = _osm_mission("node/990000021")
    assert mission.email == ""
    for href in _hrefs(_page(client, mission)):
        assert not href.startswith("javascript:")
        if href.startswith("mailto:"):
            assert "?" not in href and "bcc" not in href.lower()


@pytest.mark.parametrize("email", ["a@b.c?bcc=x@y.z", "ukinthephilippines@fco.gov.uk?cc=x@y.z"])
def test_a_govuk_email_with_headers_is_dropped_and_the_page_links_no_header(
    tmp_path: Path, client: Client, email: str
) -> None:
    _out, err = _run(
        "ingest_govuk_offices", "--file", str(_govuk_files(tmp_path, _govuk_office(email=email)))
    )
    assert "dropped" in err
    mission = _govuk_mission()
    assert "?" not in mission.email
    for href in _hrefs(_page(client, mission)):
        if href.startswith("mailto:"):
            assert "?" not in href and "cc=" not in href.lower()


# --- formula injection in the CSV exports ---------------------------------------------------------


def test_formulas_from_osm_and_govuk_are_defused_in_the_full_csv(
    tmp_path: Path, client: Client
) -> None:
    tags = {
        "addr:street": '=HYPERLINK("http://evil.example","click")',
        "addr:city": "Singapore",
        "phone": "=cmd|' /C calc'!A0;+65 6123 4567",
        "fax": "@SUM(1+1)",
        "opening_hours": "-2+3+cmd|' /C calc'!A0",
    }
    _run("ingest_osm", "--file", str(_overpass(tmp_path, _node(990000030, tags))))
    osm_mission = _osm_mission("node/990000030")
    item = _govuk_office(
        phone_title='=HYPERLINK("http://evil.example")',
        heading="+Consular cmd|' /C calc'!A0",
        contact_title="@Consular SUM(1+1)",
    )
    _run("ingest_govuk_offices", "--file", str(_govuk_files(tmp_path, item)))
    govuk_mission = _govuk_mission()

    header, rows = _csv_rows(client, "/exports/missions.csv", host="SG")
    row = _row_of(header, rows, osm_mission)
    assert _formula_cells(row) == []
    assert row[header.index("address")].startswith("'=HYPERLINK(")
    assert row[header.index("fax")] == "'@SUM(1+1)"
    assert row[header.index("opening_hours")] == "'-2+3+cmd|' /C calc'!A0"
    assert row[header.index("phone")].startswith("'=cmd")

    header, rows = _csv_rows(client, "/exports/missions.csv", host="PH")
    row = _row_of(header, rows, govuk_mission)
    assert _formula_cells(row) == []
    assert row[header.index("phone_labels")].startswith("'=HYPERLINK(")
    assert row[header.index("services")].startswith(("'@Consular", "'+Consular"))


def test_formulas_from_wikidata_are_defused_in_the_cc0_csv_as_in_the_full_one(
    tmp_path: Path, client: Client
) -> None:
    mission = _sparql_target()
    _sparql_import(
        tmp_path,
        _sparql_rows(
            mission,
            {"address": _term('=HYPERLINK("http://evil.example","x")', lang="en")},
            {"phone": _term("=cmd|' /C calc'!A0")},
            {"fax": _term("@SUM(1+1)")},
            {"postalCode": _term("-1+cmd")},
        ),
    )
    mission.refresh_from_db()
    assert mission.address.startswith("=HYPERLINK(")
    for url in ("/exports/missions-cc0.csv", "/exports/missions.csv"):
        header, rows = _csv_rows(client, url, host="SG")
        row = _row_of(header, rows, mission)
        assert _formula_cells(row) == [], url
        assert row[header.index("address")].startswith("'=HYPERLINK("), url
        assert row[header.index("fax")] == "'@SUM(1+1)", url
        assert row[header.index("phone")].startswith("'=cmd"), url


# --- huge values ------------------------------------------------------------------------------------

HUGE = 10_000


def _huge_node() -> dict[str, Any]:
    return _node(
        990000040,
        {
            "name": "N" * HUGE,
            "name:en": "E" * HUGE,
            "phone": "6" * HUGE,
            "fax": "7" * HUGE,
            "opening_hours": "Mo-Fr 09:00-17:00; " + "x" * HUGE,
        },
    )


def test_huge_osm_values_do_not_crash_the_import_the_page_or_the_api(
    tmp_path: Path, client: Client
) -> None:
    out, _err = _run("ingest_osm", "--file", str(_overpass(tmp_path, _huge_node())))
    assert "1 records read" in out
    link = SourceLink.objects.filter(source="osm", record_id="node/990000040").first()
    if link is not None:
        _page(client, link.mission)
        _api(client, link.mission)


def test_huge_osm_values_are_rejected_or_trimmed_with_a_message_naming_the_record(
    tmp_path: Path,
) -> None:
    before = _state()
    _out, err = _run("ingest_osm", "--file", str(_overpass(tmp_path, _huge_node())))
    assert "node/990000040" in err
    link = SourceLink.objects.filter(source="osm", record_id="node/990000040").first()
    if link is None:  # rejected: nothing half-written
        assert _state() == before
        return
    mission = link.mission
    assert len(mission.fax) <= Mission._meta.get_field("fax").max_length
    assert len(mission.opening_hours) <= Mission._meta.get_field("opening_hours").max_length
    assert len(mission.title) <= Mission._meta.get_field("name").max_length
    assert all(len(phone["raw"]) <= 100 for phone in mission.phones)


def test_a_huge_wikidata_fax_rejects_the_item_by_its_qid_and_keeps_the_mission(
    tmp_path: Path,
) -> None:
    mission = _sparql_target()
    before = (mission.fax, mission.phones, mission.address)
    _out, err = _sparql_import(tmp_path, _sparql_rows(mission, {"fax": _term("7" * HUGE)}))
    assert f"{mission.wikidata_id}" in err or "fax is longer than 100" in err
    assert "fax is longer than 100 characters" in err
    mission.refresh_from_db()
    assert (mission.fax, mission.phones, mission.address) == before


# --- opening hours the library cannot read ------------------------------------------------------

BROKEN_HOURS = [
    "Mo-Fr 25:00-99:00",
    ";;;",
    ("Mo 09:00-10:00; " * 40)[:500],  # as long as the column holds
    'Mo-Fr 09:00-17:00 "unclosed comment',
]


@pytest.mark.parametrize("hours", BROKEN_HOURS, ids=["25h", "semicolons", "500-chars", "quote"])
def test_unreadable_opening_hours_do_not_crash_the_page_or_the_api(
    tmp_path: Path, client: Client, hours: str
) -> None:
    _run(
        "ingest_osm",
        "--file",
        str(_overpass(tmp_path, _node(990000050, {"opening_hours": hours}))),
    )
    mission = _osm_mission("node/990000050")
    assert mission.opening_hours == hours
    html = _page(client, mission)
    assert "Traceback" not in html
    _body, data = _api(client, mission)
    assert data["opening_hours"]["raw"] == hours
    structured = data["opening_hours"]["structured"]
    if hours != "Mo-Fr 25:00-99:00":
        assert structured is None or structured["valid"] is False


# --- coordinates --------------------------------------------------------------------------------


@pytest.mark.parametrize("lat", [91.0, -90.5, 1e308])
def test_overpass_coordinates_out_of_range_reject_the_element_by_name(
    tmp_path: Path, lat: float
) -> None:
    before = _state()
    path = _overpass(tmp_path, _node(990000060, {}, lat=lat, lon=103.83))
    _out, err = _run("ingest_osm", "--file", str(path))
    assert "element 1 (node/990000060): coordinates out of range" in err
    assert not SourceLink.objects.filter(source="osm", record_id="node/990000060").exists()
    assert _state()[0] == before[0]


def test_a_geojson_without_crs_and_out_of_range_coordinates_is_refused_whole(
    tmp_path: Path,
) -> None:
    before = _state()
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [103.83, 1.30]},
                "properties": {"full_id": "n990000061", "office": "diplomatic", "country": "LI"},
            },
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [500.0, 95.0]},
                "properties": {"full_id": "n990000062", "office": "diplomatic", "country": "LI"},
            },
        ],
    }
    path = tmp_path / "range.geojson"
    path.write_text(json.dumps(doc))
    with pytest.raises(CommandError, match="feature 2") as raised:
        _run("ingest_osm", "--file", str(path))
    assert "Nothing was changed" in str(raised.value)
    assert _state() == before


def _tagged_node(lat_json: str, lon_json: str) -> tuple[str, Mission]:
    """An Overpass document (raw text, so that NaN can be written) whose one node names an
    existing mission by its Wikidata item: were the node read, it would be linked to it."""
    mission = _sparql_target()
    tags = {
        "office": "diplomatic",
        "diplomatic": "embassy",
        "country": mission.sending_country.iso_alpha2,
        "subject:wikidata": mission.wikidata_id,
        "phone": "+65 6111 2222",
    }
    element = (
        f'{{"type": "node", "id": 990000063, "lat": {lat_json}, "lon": {lon_json}, '
        f'"tags": {json.dumps(tags)}}}'
    )
    return f'{{"elements": [{element}]}}', mission


@pytest.mark.parametrize(
    ("lat", "lon"), [("NaN", "NaN"), ('"1.30"', '"103.83"'), ("Infinity", "-Infinity")]
)
def test_overpass_nan_or_string_coordinates_reject_the_element_by_name(
    tmp_path: Path, lat: str, lon: str
) -> None:
    text, _mission = _tagged_node(lat, lon)
    path = tmp_path / "nan.json"
    path.write_text(text)
    before = _state()
    _out, err = _run("ingest_osm", "--file", str(path))
    assert "rejected:" in err and "node/990000063" in err
    assert not SourceLink.objects.filter(source="osm", record_id="node/990000063").exists()
    assert _state() == before


@pytest.mark.parametrize("coordinates", ["[NaN, NaN]", '["103.83", "1.30"]'])
def test_geojson_nan_or_string_coordinates_reject_the_feature_by_name(
    tmp_path: Path, coordinates: str
) -> None:
    mission = _sparql_target()
    properties = {
        "full_id": "n990000064",
        "office": "diplomatic",
        "diplomatic": "embassy",
        "country": mission.sending_country.iso_alpha2,
        "subject:wikidata": mission.wikidata_id,
        "phone": "+65 6111 2222",
    }
    text = (
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": '
        f'{{"type": "Point", "coordinates": {coordinates}}}, '
        f'"properties": {json.dumps(properties)}}}]}}'
    )
    path = tmp_path / "nan.geojson"
    path.write_text(text)
    before = _state()
    try:
        _out, err = _run("ingest_osm", "--file", str(path))
    except CommandError as exc:
        err = str(exc)
    assert "feature 1" in err and "node/990000064" in err
    assert not SourceLink.objects.filter(source="osm", record_id="node/990000064").exists()
    assert _state() == before


def test_geojson_in_metres_declared_as_epsg_4326_is_refused_and_nothing_written() -> None:
    before = _state()
    with pytest.raises(CommandError, match="feature 1") as raised:
        _run("ingest_osm", "--file", str(FIXTURES / "geojson-3857-declared-4326.geojson"))
    assert "not longitude and latitude" in str(raised.value)
    assert "Nothing was changed" in str(raised.value)
    assert _state() == before


def test_the_refusal_of_metres_declared_as_epsg_4326_names_the_declared_crs() -> None:
    with pytest.raises(CommandError) as raised:
        _run("ingest_osm", "--file", str(FIXTURES / "geojson-3857-declared-4326.geojson"))
    message = str(raised.value)
    assert "has no 'crs' member" not in message
    assert "4326" in message


def test_wikidata_nan_coordinates_reject_the_item_by_its_qid(tmp_path: Path) -> None:
    mission = _sparql_target()
    rows = [row for row in _sparql_rows(mission) if "coord" not in row]
    rows.append({"m": _term(E + mission.wikidata_id, kind="uri"), "coord": _term("Point(NaN NaN)")})
    before = (mission.latitude, mission.longitude)
    _out, err = _sparql_import(tmp_path, rows)
    assert mission.wikidata_id in err and "out of range" in err
    mission.refresh_from_db()
    assert (mission.latitude, mission.longitude) == before


# --- duplicate and contradicting records ------------------------------------------------------


def test_the_same_osm_id_twice_with_different_names_gives_one_record_and_a_warning(
    client: Client,
) -> None:
    _out, err = _run("ingest_osm", "--file", str(FIXTURES / "overpass-duplicate-ids.json"))
    assert "node/990000001 appears 2 times" in err
    assert "differ" in err
    assert SourceLink.objects.filter(source="osm", record_id="node/990000001").count() == 1
    mission = _osm_mission("node/990000001")
    assert [phone["raw"] for phone in mission.phones] == ["+65 6123 4567"]  # the first copy
    assert Mission.objects.filter(source="osm", source_id="node/990000001").count() == 1
    _assert_no_raw_markup(_page(client, mission))


# --- Wikidata items with too much -----------------------------------------------------------------


def test_a_wikidata_label_in_300_languages_keeps_the_sites_languages_only(
    tmp_path: Path, client: Client
) -> None:
    mission = _sparql_target()
    codes = [a + b for a in string.ascii_lowercase for b in string.ascii_lowercase][:300]
    codes = list(dict.fromkeys([*LANGUAGES, *codes]))[:300]
    labels = [{"label": _term(f"Label {code} {SCRIPT}", lang=code)} for code in codes]
    out, _err = _sparql_import(tmp_path, _sparql_rows(mission, *labels))
    assert "1 rows read" in out and "0 rejected" in out
    mission.refresh_from_db()
    assert set(mission.names) == set(LANGUAGES)
    _assert_no_raw_markup(_page(client, mission))


def test_a_wikidata_item_with_500_phones_is_limited_or_rejected_clearly(
    tmp_path: Path,
) -> None:
    mission = _sparql_target()
    phones = [{"phone": _term(f"+65 6{n:03d} 0000")} for n in range(500)]
    _out, err = _sparql_import(tmp_path, _sparql_rows(mission, *phones))
    mission.refresh_from_db()
    assert mission.wikidata_id in err
    assert len(mission.phones) <= 20


def test_a_wikidata_item_with_500_phones_still_imports_and_renders(
    tmp_path: Path, client: Client
) -> None:
    mission = _sparql_target()
    phones = [{"phone": _term(f"+65 6{n:03d} 0000")} for n in range(500)]
    out, _err = _sparql_import(tmp_path, _sparql_rows(mission, *phones))
    assert "0 rejected" in out
    mission.refresh_from_db()
    assert mission.phones
    _page(client, mission)
    _api(client, mission)
