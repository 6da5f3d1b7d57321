"""History of every change, rollback, and each fact's source line on the mission page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import formats, timezone

from chancery.corrections.models import ActorKind, FieldProvenance, MissionChange, Suggestion
from chancery.corrections.services import change_rollback, suggestion_accept
from chancery.directory.models import Mission, MissionStatus
from chancery.directory.services import MissionWrite, mission_save, mission_update

from .helpers import (
    EVIDENCE,
    GERMANY_IN_AUSTRIA,
    GERMANY_IN_RUSSIA,
    MOSCOW_PHONE,
    admin_action,
    closed_url,
    correction_data,
    history_url,
    mission,
    squash,
    suggest_url,
    text,
)
from .test_import_conflicts import editor_sets, run_import, write_source

pytestmark = pytest.mark.django_db

CHANGES = "/admin/corrections/missionchange/"


def today() -> str:
    now = timezone.now()
    return f"{now.day} {now:%b %Y}"


def history_rows(client: Client, m: Mission) -> list[list[str]]:
    """The history table as text cells: when, field, before, after, by."""
    html = text(client.get(history_url(m)))
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<td>(.*?)</td>", row, re.S)
        rows.append([re.sub(r"<[^>]+>", "", cell).strip() for cell in cells])
    return rows


def accept_phone(client: Client, user, m: Mission) -> Suggestion:
    data = correction_data(m, phone=MOSCOW_PHONE, evidence_url=EVIDENCE)
    assert client.post(suggest_url(m), data).status_code == 302
    suggestion = Suggestion.objects.latest("pk")
    suggestion_accept(suggestion, user)
    return suggestion


# --- rollback ------------------------------------------------------------------------------------


def test_rollback_in_the_admin_restores_the_old_value_and_is_recorded(
    client: Client, admin_client_: Client, superuser
) -> None:
    m = mission(GERMANY_IN_RUSSIA)
    accept_phone(client, superuser, m)
    m.refresh_from_db()
    assert m.phones[0]["raw"] == MOSCOW_PHONE
    change = MissionChange.objects.get(mission=m)

    page = text(admin_client_.get(CHANGES))
    assert "Roll back: restore the value before this change" in page
    response = admin_action(admin_client_, CHANGES, "rollback", [change.pk])
    assert response.status_code == 302

    m.refresh_from_db()
    assert m.phones == []
    rollback = MissionChange.objects.filter(mission=m).first()
    assert rollback.pk != change.pk
    assert rollback.actor_kind == ActorKind.ROLLBACK
    assert rollback.user == superuser
    assert (rollback.field, rollback.old_value, rollback.new_value) == ("phone", MOSCOW_PHONE, "")
    rows = history_rows(client, m)
    assert [row[1:] for row in rows] == [
        ["Phone", MOSCOW_PHONE, "", "An editor (rollback)"],
        ["Phone", "", MOSCOW_PHONE, "A public suggestion, accepted by an editor (evidence)"],
    ]
    # The page no longer shows the rolled-back number.
    assert MOSCOW_PHONE not in text(client.get(m.get_absolute_url()))


def test_rollback_of_an_editor_change(admin_client_: Client, superuser) -> None:
    m = mission(GERMANY_IN_AUSTRIA)
    editor_sets(admin_client_, superuser, m, city="Wien", address="Gauermanngasse 2-4")
    city_change = MissionChange.objects.get(mission=m, field="city")
    admin_action(admin_client_, CHANGES, "rollback", [city_change.pk])
    m.refresh_from_db()
    assert m.city == "Vienna"
    assert m.address == "Gauermanngasse 2-4"  # the other change stays


def test_rollback_of_a_closure_reopens(client: Client, admin_client_: Client, superuser) -> None:
    m = mission(GERMANY_IN_RUSSIA)
    client.post(closed_url(m), {"what": "closed", "evidence_url": EVIDENCE})
    suggestion_accept(Suggestion.objects.get(), superuser)
    closure = MissionChange.objects.get(mission=m, field="status")
    admin_action(admin_client_, CHANGES, "rollback", [closure.pk])
    m.refresh_from_db()
    assert m.status == MissionStatus.ACTIVE
    rollback = MissionChange.objects.filter(mission=m).first()
    assert (rollback.actor_kind, rollback.old_value, rollback.new_value) == (
        ActorKind.ROLLBACK,
        "closed",
        "active",
    )
    assert m.get_absolute_url() in text(client.get("/in/russia/"))


def test_rollback_of_coordinates(superuser) -> None:
    m = mission(GERMANY_IN_RUSSIA)
    mission_update(
        m,
        {"latitude": 55.7175, "longitude": 37.5172},
        write=MissionWrite(actor=ActorKind.EDITOR, user=superuser),
    )
    change_rollback(MissionChange.objects.get(mission=m, field="latitude"), superuser)
    m.refresh_from_db()
    assert (m.latitude, m.longitude) == (55.71736, 37.5172)


def test_change_log_cannot_be_deleted_or_added(admin_client_: Client, superuser) -> None:
    m = mission(GERMANY_IN_RUSSIA)
    mission_update(
        m, {"city": "Moskva"}, write=MissionWrite(actor=ActorKind.EDITOR, user=superuser)
    )
    change = MissionChange.objects.get(mission=m)
    assert admin_client_.get(f"{CHANGES}add/").status_code == 403
    assert admin_client_.get(f"{CHANGES}{change.pk}/delete/").status_code == 403


# --- history -------------------------------------------------------------------------------------


def test_history_lists_every_kind_of_change(
    client: Client, admin_client_: Client, superuser, tmp_path: Path
) -> None:
    m = mission(GERMANY_IN_AUSTRIA)
    # 1. An editor in the admin.
    editor_sets(admin_client_, superuser, m, city="Wien")
    # 2. An accepted public suggestion.
    data = correction_data(m, phone="+43 1 711 54 0", evidence_url="https://wien.diplo.de/k")
    client.post(suggest_url(m), data)
    suggestion_accept(Suggestion.objects.get(), superuser)
    # 3. An import.
    report = run_import(
        write_source(tmp_path, "a.csv", GERMANY_IN_AUSTRIA, website="https://wien.diplo.de/at-de")
    )
    # 4. A rollback of the editor's change.
    city_change = MissionChange.objects.get(mission=m, field="city")
    admin_action(admin_client_, CHANGES, "rollback", [city_change.pk])

    rows = history_rows(client, m)
    assert [row[1:] for row in rows] == [
        ["City", "Wien", "Vienna", "An editor (rollback)"],
        [
            "Website",
            "https://www.wien.diplo.de/",
            "https://wien.diplo.de/at-de",
            f"Import run #{report.run_id} (wikidata-csv)",
        ],
        [
            "Phone",
            "+43-1-711540",
            "+43 1 711 54 0",
            "A public suggestion, accepted by an editor (evidence)",
        ],
        ["City", "Vienna", "Wien", "An editor"],
    ]
    for row in rows:
        assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d", row[0])
        assert row[0].startswith(today())


def test_history_of_an_untouched_mission(client: Client) -> None:
    m = mission(GERMANY_IN_RUSSIA)
    response = client.get(history_url(m))
    assert response.status_code == 200
    page = text(response)
    assert "History of Embassy of Germany in Russia" in page
    assert "No change recorded since it was first imported." in page
    assert "First imported from wikidata-csv" in page


def test_history_is_linked_from_the_mission_page(client: Client) -> None:
    m = mission(GERMANY_IN_RUSSIA)
    page = text(client.get(m.get_absolute_url()))
    assert f'href="{history_url(m)}"' in page
    assert f'href="{suggest_url(m)}"' in page
    assert f'href="{closed_url(m)}"' in page


def test_a_mission_saved_whole_records_only_what_changed(superuser) -> None:
    m = mission(GERMANY_IN_AUSTRIA)
    m.email = "mailto:info@wien.diplo.de"  # unchanged
    m.latitude = 48.1978
    mission_save(
        m, write=MissionWrite(actor=ActorKind.EDITOR, user=superuser, evidence_url=EVIDENCE)
    )
    recorded = MissionChange.objects.filter(mission=m)
    assert [(c.field, c.old_value, c.new_value) for c in recorded] == [
        ("latitude", 48.197778, 48.1978)
    ]
    assert FieldProvenance.objects.get(mission=m, field="latitude").evidence_url == EVIDENCE


# --- provenance on the mission page --------------------------------------------------------------


def test_untouched_facts_say_wikidata_and_the_last_seen_date(client: Client) -> None:
    m = mission(GERMANY_IN_AUSTRIA)
    assert not FieldProvenance.objects.filter(mission=m).exists()
    page = squash(text(client.get(m.get_absolute_url())))
    line = f"Source: Wikidata, checked {formats.date_format(m.last_seen, 'j M Y')}"
    # Location, map, phone, email and website each carry the line.
    assert page.count(f'<small class="fact-source">{line}</small>') == 5
    assert f'href="https://www.wikidata.org/wiki/{GERMANY_IN_AUSTRIA}"' in page
    assert f"last seen {formats.date_format(m.last_seen, 'j F Y')}" in page


def test_provenance_after_an_editor_and_a_suggestion(
    client: Client, admin_client_: Client, superuser
) -> None:
    m = mission(GERMANY_IN_AUSTRIA)
    editor_sets(admin_client_, superuser, m, address="Gauermanngasse 2-4, 1010 Wien")
    data = correction_data(m, phone="+43 1 711 54 0", evidence_url="https://wien.diplo.de/k")
    client.post(suggest_url(m), data)
    suggestion_accept(Suggestion.objects.get(), superuser)
    page = squash(text(client.get(m.get_absolute_url())))
    assert (
        f'Gauermanngasse 2-4, 1010 Wien</bdi></address> <small class="fact-source">Source: an editor, '
        f"checked {today()}</small>" in page
    )
    assert (
        'Source: a checked public suggestion, with <a href="https://wien.diplo.de/k" '
        f'rel="nofollow noopener">evidence</a>, checked {today()}'
    ) in page
    # The website was not touched: still Wikidata.
    assert f"Source: Wikidata, checked {formats.date_format(m.last_seen, 'j M Y')}" in page


def test_rolling_back_both_coordinates_at_once(admin_client_: Client, superuser) -> None:
    m = mission(GERMANY_IN_RUSSIA)
    mission_update(
        m,
        {"latitude": 55.7175, "longitude": 37.5172},
        write=MissionWrite(actor=ActorKind.EDITOR, user=superuser),
    )
    changes = MissionChange.objects.filter(mission=m)
    response = admin_action(admin_client_, CHANGES, "rollback", [c.pk for c in changes])
    assert response.status_code == 302
    m.refresh_from_db()
    assert (m.latitude, m.longitude) == (55.71736, 37.517)
