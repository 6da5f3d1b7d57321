"""An import never overwrites an editor's value: it raises a conflict in the moderation queue,
once, and still updates (and records) the fields no editor touched."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from chancery.corrections.models import (
    ActorKind,
    FieldProvenance,
    MissionChange,
    Suggestion,
    SuggestionKind,
    SuggestionStatus,
)
from chancery.corrections.services import suggestion_accept, suggestion_reject
from chancery.directory.models import Mission, MissionStatus
from chancery.ingest.services import ImportReport, missions_import
from chancery.ingest.sources.wikidata_csv import read_missions

from .helpers import (
    COL_ADDRESS,
    COL_PHONE,
    COL_WEBSITE,
    GERMANY_IN_AUSTRIA,
    MISSIONS_2022,
    admin_action,
    admin_mission_form_data,
    closed_url,
    history_url,
    mission,
    squash,
    text,
)

pytestmark = pytest.mark.django_db

EDITOR_ADDRESS = "Gauermanngasse 2-4, 1010 Wien"
SOURCE_ADDRESS = "Metternichgasse 3, 1030 Wien"
SOURCE_WEBSITE = "https://wien.diplo.de/at-de"
OTHER_ROWS = 3  # a few more missions of the file, unchanged


def source_lines(wikidata_id: str) -> tuple[str, str, list[str]]:
    """The header, the mission's row and a few other rows of the 2022 file."""
    lines = MISSIONS_2022.read_text(encoding="utf-8").splitlines()
    row = next(line for line in lines if line.rstrip(";").endswith(f"/{wikidata_id}"))
    others = [line for line in lines[1 : OTHER_ROWS + 1] if line != row]
    return lines[0], row, others


def with_fields(row: str, **columns: str) -> str:
    fields = row.split(";")
    positions = {"address": COL_ADDRESS, "phone": COL_PHONE, "website": COL_WEBSITE}
    for name, value in columns.items():
        fields[positions[name]] = value
    return ";".join(fields)


def write_source(tmp_path: Path, name: str, wikidata_id: str, **columns: str) -> Path:
    header, row, others = source_lines(wikidata_id)
    path = tmp_path / name
    path.write_text("\n".join([header, *others, with_fields(row, **columns)]) + "\n", "utf-8")
    return path


def run_import(path: Path) -> ImportReport:
    report = missions_import(read_missions(path), location=str(path))
    assert not report.rejected, report.rejected
    return report


def editor_sets(client: Client, user, m: Mission, **values: str) -> None:
    """Save the mission in the admin's change form, with `values` changed."""
    data = admin_mission_form_data(m, user)
    data.update(values)
    response = client.post(f"/admin/directory/mission/{m.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    m.refresh_from_db()


@pytest.fixture
def austria() -> Mission:
    m = mission(GERMANY_IN_AUSTRIA)
    assert m.address == "" and m.website == "https://www.wien.diplo.de/"
    return m


def test_editor_change_in_the_admin_is_recorded_and_owned(
    admin_client_: Client, superuser, austria: Mission
) -> None:
    editor_sets(admin_client_, superuser, austria, address=EDITOR_ADDRESS)
    austria.refresh_from_db()
    assert austria.address == EDITOR_ADDRESS
    change = MissionChange.objects.get(mission=austria)  # only the field that changed
    assert (change.field, change.old_value, change.new_value) == ("address", "", EDITOR_ADDRESS)
    assert change.actor_kind == ActorKind.EDITOR
    assert change.user == superuser
    provenance = FieldProvenance.objects.get(mission=austria)
    assert (provenance.field, provenance.source, provenance.by_editor) == (
        "address",
        "editor",
        True,
    )


def test_import_against_an_editor_change_raises_one_conflict(
    admin_client_: Client, superuser, austria: Mission, tmp_path: Path, client: Client
) -> None:
    editor_sets(admin_client_, superuser, austria, address=EDITOR_ADDRESS)
    path = write_source(
        tmp_path, "changed.csv", GERMANY_IN_AUSTRIA, address=SOURCE_ADDRESS, website=SOURCE_WEBSITE
    )

    report = run_import(path)
    assert report.conflicts == 1
    assert "1 conflicts with editors' changes" in report.summary()

    austria.refresh_from_db()
    assert austria.address == EDITOR_ADDRESS  # the editor's value stays
    assert austria.website == SOURCE_WEBSITE  # the untouched field follows the source
    conflict = Suggestion.objects.get(kind=SuggestionKind.CONFLICT)
    assert conflict.mission == austria
    assert conflict.status == SuggestionStatus.PENDING
    assert conflict.changes == {"address": SOURCE_ADDRESS}
    assert conflict.import_run_id == report.run_id

    # The import's change is in the history, with its run.
    imported = MissionChange.objects.get(mission=austria, actor_kind=ActorKind.IMPORT)
    assert imported.field == "website"
    assert imported.old_value == "https://www.wien.diplo.de/"
    assert imported.new_value == SOURCE_WEBSITE
    assert imported.import_run_id == report.run_id
    history = squash(text(client.get(history_url(austria))))
    assert f"Import run #{report.run_id} (wikidata-csv)" in history
    assert (
        f"<td>Website</td><td>https://www.wien.diplo.de/</td><td>{SOURCE_WEBSITE}</td>" in history
    )
    assert not MissionChange.objects.filter(
        mission=austria, actor_kind=ActorKind.IMPORT, field="address"
    ).exists()

    # The same file again: nothing new.
    again = run_import(path)
    assert again.conflicts == 0
    assert Suggestion.objects.filter(kind=SuggestionKind.CONFLICT).count() == 1
    austria.refresh_from_db()
    assert austria.address == EDITOR_ADDRESS


def test_a_later_file_with_the_same_conflict_does_not_repeat_it(
    admin_client_: Client, superuser, austria: Mission, tmp_path: Path
) -> None:
    editor_sets(admin_client_, superuser, austria, address=EDITOR_ADDRESS)
    run_import(write_source(tmp_path, "a.csv", GERMANY_IN_AUSTRIA, address=SOURCE_ADDRESS))
    # Another change in the source, same disagreement on the address.
    report = run_import(
        write_source(
            tmp_path, "b.csv", GERMANY_IN_AUSTRIA, address=SOURCE_ADDRESS, phone="+43 1 711 54 0"
        )
    )
    assert report.conflicts == 0
    assert Suggestion.objects.filter(kind=SuggestionKind.CONFLICT).count() == 1
    austria.refresh_from_db()
    assert austria.phones[0]["raw"] == "+43 1 711 54 0"
    assert austria.address == EDITOR_ADDRESS
    # A new disagreement is a new conflict.
    report = run_import(
        write_source(tmp_path, "c.csv", GERMANY_IN_AUSTRIA, address="Somewhere else 1")
    )
    assert report.conflicts == 1
    assert Suggestion.objects.filter(kind=SuggestionKind.CONFLICT).count() == 2


def test_conflict_in_the_queue_and_accepted(
    admin_client_: Client, superuser, austria: Mission, tmp_path: Path, client: Client
) -> None:
    editor_sets(admin_client_, superuser, austria, address=EDITOR_ADDRESS)
    run_import(write_source(tmp_path, "a.csv", GERMANY_IN_AUSTRIA, address=SOURCE_ADDRESS))
    conflict = Suggestion.objects.get(kind=SuggestionKind.CONFLICT)
    detail = squash(text(admin_client_.get(f"/admin/corrections/suggestion/{conflict.pk}/change/")))
    assert f"<tr><th>Address</th><td>{EDITOR_ADDRESS}</td><td><ins>{SOURCE_ADDRESS}</ins>" in detail

    response = admin_action(
        admin_client_, "/admin/corrections/suggestion/", "accept", [conflict.pk]
    )
    assert response.status_code == 302
    austria.refresh_from_db()
    assert austria.address == SOURCE_ADDRESS
    assert not FieldProvenance.objects.get(mission=austria, field="address").by_editor
    # The field follows the source again: the next import updates it without a conflict.
    report = run_import(
        write_source(tmp_path, "b.csv", GERMANY_IN_AUSTRIA, address="Neue Adresse 5, 1030 Wien")
    )
    assert report.conflicts == 0
    austria.refresh_from_db()
    assert austria.address == "Neue Adresse 5, 1030 Wien"


def test_accepted_conflict_is_not_credited_to_the_public(
    admin_client_: Client, superuser, austria: Mission, tmp_path: Path
) -> None:
    editor_sets(admin_client_, superuser, austria, address=EDITOR_ADDRESS)
    run_import(write_source(tmp_path, "a.csv", GERMANY_IN_AUSTRIA, address=SOURCE_ADDRESS))
    suggestion_accept(Suggestion.objects.get(kind=SuggestionKind.CONFLICT), superuser)
    change = MissionChange.objects.filter(mission=austria).first()
    assert change.new_value == SOURCE_ADDRESS
    assert "public suggestion" not in change.who


def test_conflict_rejected_keeps_the_editor_value(
    admin_client_: Client, superuser, austria: Mission, tmp_path: Path
) -> None:
    editor_sets(admin_client_, superuser, austria, address=EDITOR_ADDRESS)
    run_import(write_source(tmp_path, "a.csv", GERMANY_IN_AUSTRIA, address=SOURCE_ADDRESS))
    suggestion_reject(
        Suggestion.objects.get(kind=SuggestionKind.CONFLICT), superuser, "Checked: it moved."
    )
    austria.refresh_from_db()
    assert austria.address == EDITOR_ADDRESS
    assert FieldProvenance.objects.get(mission=austria, field="address").by_editor


def test_import_does_not_reopen_a_mission_an_editor_closed(
    admin_client_: Client, superuser, austria: Mission, tmp_path: Path
) -> None:
    editor_sets(admin_client_, superuser, austria, status=MissionStatus.CLOSED)
    austria.refresh_from_db()
    assert austria.status == MissionStatus.CLOSED
    run_import(write_source(tmp_path, "a.csv", GERMANY_IN_AUSTRIA, website=SOURCE_WEBSITE))
    austria.refresh_from_db()
    assert austria.status == MissionStatus.CLOSED


def test_import_does_not_reopen_a_mission_closed_by_an_accepted_report(
    client: Client, superuser, austria: Mission, tmp_path: Path
) -> None:
    response = client.post(
        closed_url(austria),
        {"what": "closed", "evidence_url": "https://wien.diplo.de/closed", "homepage": ""},
    )
    assert response.status_code == 302
    suggestion_accept(Suggestion.objects.get(), superuser)
    austria.refresh_from_db()
    assert austria.status == MissionStatus.CLOSED
    # The source still lists it, unchanged.
    run_import(write_source(tmp_path, "same.csv", GERMANY_IN_AUSTRIA))
    austria.refresh_from_db()
    assert austria.status == MissionStatus.CLOSED


def test_a_rejected_conflict_does_not_come_back_with_the_next_import(
    admin_client_: Client, superuser, austria: Mission, tmp_path: Path
) -> None:
    editor_sets(admin_client_, superuser, austria, address=EDITOR_ADDRESS)
    run_import(write_source(tmp_path, "a.csv", GERMANY_IN_AUSTRIA, address=SOURCE_ADDRESS))
    suggestion_reject(
        Suggestion.objects.get(kind=SuggestionKind.CONFLICT), superuser, "The editor is right."
    )
    # The source still says the same about the address; only the website is new.
    report = run_import(
        write_source(
            tmp_path, "b.csv", GERMANY_IN_AUSTRIA, address=SOURCE_ADDRESS, website=SOURCE_WEBSITE
        )
    )
    assert report.conflicts == 0
    assert Suggestion.objects.filter(kind=SuggestionKind.CONFLICT).count() == 1
