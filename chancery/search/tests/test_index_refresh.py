"""The search index follows the data: ORM saves, admin edits, deletions and imports.

Most tests here turn the periodic database check off (`signals_only`), so that only the
change signals can refresh the index: what they prove is that each way of changing missions
tells the index. One test changes rows behind Django's back and relies on that check.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from chancery.countries.models import Country
from chancery.directory.models import Mission, MissionStatus
from chancery.search.services import SearchResult, search, warm

pytestmark = pytest.mark.django_db

NUREMBERG = {"city": "Nuremberg", "latitude": 49.4539, "longitude": 11.0773}
ADMIN_PASSWORD = "not-a-real-password"


@pytest.fixture
def signals_only(settings) -> None:
    """Bring the index up to date, then stop the periodic database check for this test."""
    warm()
    settings.CHANCERY_SEARCH_RECHECK_SECONDS = 3600.0


@pytest.fixture
def admin_client_(client: Client, django_user_model) -> Client:
    user = django_user_model.objects.create_superuser(
        username="search-editor", email="search-editor@example.org", password=ADMIN_PASSWORD
    )
    client.force_login(user)
    return client


def swiss_embassy_in_kenya() -> Mission:
    return Mission.objects.get(
        sending_country__iso_alpha2="CH", host_country__iso_alpha2="KE", kind="embassy"
    )


def japanese_consulate_in_munich() -> Mission:
    return Mission.objects.get(
        sending_country__iso_alpha2="JP", host_country__iso_alpha2="DE", city="Munich"
    )


def ids(result: SearchResult) -> list[str]:
    return [hit.mission.wikidata_id for hit in result.hits]


def top(query: str) -> tuple[str, str, str, str]:
    """(wikidata id, name, city, host code) of the top hit."""
    result = search(query, 10)
    assert result.hits, query
    hit = result.hits[0]
    host = result.index.countries[hit.mission.host_id].code
    return hit.mission.wikidata_id, hit.mission.name, hit.mission.city, host


# --- the ORM -------------------------------------------------------------------------------------


def test_orm_rename_is_searchable_at_once(signals_only: None) -> None:
    mission = swiss_embassy_in_kenya()
    assert search("Quokkahaus", 10).hits == []

    mission.name = "Embassy of Switzerland in Kenya (Quokkahaus)"
    mission.save()

    assert ids(search("Quokkahaus", 10)) == [mission.wikidata_id]
    assert top("Swiss embassy in Kenya")[:2] == (mission.wikidata_id, mission.name)


def test_orm_move_to_another_city(signals_only: None) -> None:
    mission = japanese_consulate_in_munich()
    assert top("Japanese consulate Nuremberg")[2] != "Nuremberg"

    for field, value in NUREMBERG.items():
        setattr(mission, field, value)
    mission.name = "Consulate-General of Japan in Nuremberg"
    mission.save()

    wikidata_id, name, city, host = top("Japanese consulate Nuremberg")
    assert (wikidata_id, name, city, host) == (mission.wikidata_id, mission.name, "Nuremberg", "DE")
    assert mission.wikidata_id not in ids(search("Japanese consulate Munich", 1))


def test_orm_move_to_another_host_country(signals_only: None) -> None:
    mission = swiss_embassy_in_kenya()
    before = search("Swiss embassy in Uganda", 10)
    assert before.hits[0].mission.wikidata_id == mission.wikidata_id  # accredited from Nairobi
    assert "accredited" in before.hits[0].why

    mission.host_country = Country.objects.get(iso_alpha2="UG")
    mission.city, mission.latitude, mission.longitude = "Kampala", 0.3136, 32.5811
    mission.save()

    after = search("Swiss embassy in Uganda", 10)
    hit = after.hits[0]
    assert hit.mission.wikidata_id == mission.wikidata_id
    assert after.index.countries[hit.mission.host_id].code == "UG"
    assert hit.mission.city == "Kampala"
    assert "accredited" not in hit.why


def test_orm_new_mission_is_searchable(signals_only: None) -> None:
    mission = swiss_embassy_in_kenya()
    mission.pk = None
    mission.wikidata_id = "Q999999901"
    mission.slug = "embassy-of-switzerland-in-kenya-test-copy"
    mission.name = "Swiss Liaison Office Quokkahaus"
    mission.save()

    assert ids(search("Q999999901", 10)) == ["Q999999901"]
    assert ids(search("Quokkahaus", 10)) == ["Q999999901"]


def test_orm_delete_removes_the_mission(signals_only: None) -> None:
    mission = swiss_embassy_in_kenya()
    assert top("Swiss embassy in Kenya")[0] == mission.wikidata_id

    mission.delete()

    assert mission.wikidata_id not in ids(search("Swiss embassy in Kenya", 50))
    assert mission.wikidata_id not in ids(search(mission.wikidata_id, 50))


def test_orm_withdrawn_mission_leaves_the_results(signals_only: None) -> None:
    mission = swiss_embassy_in_kenya()
    mission.status = MissionStatus.WITHDRAWN
    mission.save()

    assert mission.wikidata_id not in ids(search("Swiss embassy in Kenya", 50))

    mission.status = MissionStatus.ACTIVE
    mission.save()

    assert top("Swiss embassy in Kenya")[0] == mission.wikidata_id


def test_orm_jurisdiction_change_moves_the_accredited_answer(signals_only: None) -> None:
    """Jurisdictions change no mission row: only the m2m signal can tell the index."""
    nepal = Country.objects.get(iso_alpha2="NP")
    in_delhi = Mission.objects.get(
        sending_country__iso_alpha2="PL", jurisdictions=nepal, status=MissionStatus.ACTIVE
    )
    in_beijing = Mission.objects.get(
        sending_country__iso_alpha2="PL", host_country__iso_alpha2="CN", kind="embassy"
    )
    assert top("Polish embassy in Nepal")[0] == in_delhi.wikidata_id

    in_delhi.jurisdictions.remove(nepal)
    in_beijing.jurisdictions.add(nepal)

    result = search("Polish embassy in Nepal", 10)
    assert result.hits[0].mission.wikidata_id == in_beijing.wikidata_id
    assert "accredited" in result.hits[0].why
    assert in_delhi.wikidata_id not in ids(result)[:1]


def test_changes_behind_djangos_back_are_seen(settings) -> None:
    """A queryset update sends no signal; the database check finds it on the next query."""
    settings.CHANCERY_SEARCH_RECHECK_SECONDS = 0.0
    mission = swiss_embassy_in_kenya()
    warm()

    Mission.objects.filter(pk=mission.pk).update(
        name="Embassy of Switzerland in Kenya (Quokkahaus)", updated_at=timezone.now()
    )

    assert ids(search("Quokkahaus", 10)) == [mission.wikidata_id]


# --- the admin -----------------------------------------------------------------------------------


def admin_form_data(client: Client, mission: Mission) -> dict[str, object]:
    """The change form's current values, as the browser would post them back."""
    response = client.get(f"/admin/directory/mission/{mission.pk}/change/")
    assert response.status_code == 200
    form = response.context["adminform"].form
    data: dict[str, object] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            value = ""
        elif isinstance(value, list | tuple):
            value = [str(item) for item in value]
        data[name] = value
    data["_save"] = "Save"
    return data


def test_admin_edit_is_searchable_at_once(signals_only: None, admin_client_: Client) -> None:
    mission = japanese_consulate_in_munich()
    data = admin_form_data(admin_client_, mission)
    data.update(NUREMBERG)
    data["name"] = "Consulate-General of Japan in Nuremberg (Quokkahaus)"

    response = admin_client_.post(f"/admin/directory/mission/{mission.pk}/change/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    mission.refresh_from_db()
    assert mission.city == "Nuremberg"
    assert ids(search("Quokkahaus", 10)) == [mission.wikidata_id]
    wikidata_id, name, city, host = top("Japanese consulate Nuremberg")
    assert (wikidata_id, name, city, host) == (mission.wikidata_id, mission.name, "Nuremberg", "DE")


def test_admin_delete_removes_the_mission(signals_only: None, admin_client_: Client) -> None:
    mission = swiss_embassy_in_kenya()
    response = admin_client_.post(f"/admin/directory/mission/{mission.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Mission.objects.filter(pk=mission.pk).exists()
    assert mission.wikidata_id not in ids(search("Swiss embassy in Kenya", 50))


# --- imports -------------------------------------------------------------------------------------


def small_file(source: Path, target: Path, edits: dict[str, dict[str, str]]) -> Path:
    """The real header and the real rows of a few QIDs, some fields edited."""
    lines = source.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(";")
    column = {name: i for i, name in enumerate(header)}
    out = [lines[0]]
    for line in lines[1:]:
        fields = line.split(";")
        qid = fields[column["QID"]].rsplit("/", 1)[-1]
        if qid not in edits:
            continue
        for name, value in edits[qid].items():
            fields[column[name]] = value
        out.append(";".join(fields))
    assert len(out) == len(edits) + 1
    target.write_text("\n".join(out) + "\n", encoding="utf-8")
    return target


def test_reimport_with_a_changed_row(
    signals_only: None, missions_2022: Path, tmp_path: Path, django_capture_on_commit_callbacks
) -> None:
    munich = japanese_consulate_in_munich()
    kenya = swiss_embassy_in_kenya()
    warsaw = Mission.objects.get(
        sending_country__iso_alpha2="JP", host_country__iso_alpha2="PL", kind="embassy"
    )
    dusseldorf = Mission.objects.get(
        sending_country__iso_alpha2="JP", host_country__iso_alpha2="DE", city="Düsseldorf"
    )
    path = small_file(
        missions_2022,
        tmp_path / "changed.csv",
        {
            munich.wikidata_id: {
                "city": "Nuremberg",
                "cityQID": "http://www.wikidata.org/entity/Q2090",
                "latitude": str(NUREMBERG["latitude"]),
                "longitude": str(NUREMBERG["longitude"]),
            },
            kenya.wikidata_id: {},
            warsaw.wikidata_id: {},
        },
    )
    assert top("Japanese consulate Düsseldorf")[0] == dusseldorf.wikidata_id

    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "ingest_missions",
            file=str(path),
            no_progress=True,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )

    munich.refresh_from_db()
    assert munich.city == "Nuremberg"
    # The changed row: found in its new city, under its new name.
    wikidata_id, name, city, host = top("Japanese consulate Nuremberg")
    assert (wikidata_id, name, city, host) == (munich.wikidata_id, munich.name, "Nuremberg", "DE")
    # Unchanged rows are still found.
    assert top("Swiss embassy in Kenya")[0] == kenya.wikidata_id
    assert top("Japan embassy Warsaw")[0] == warsaw.wikidata_id
    # Rows missing from the file were withdrawn and left the results.
    assert dusseldorf.wikidata_id not in ids(search("Japanese consulate Düsseldorf", 50))
