"""The public forms: each bad value gets a clear message on its own field, nothing is stored,
and the page keeps what the person typed."""

from __future__ import annotations

import pytest
from django.test import Client

from chancery.corrections.models import Suggestion, SuggestionKind
from chancery.directory.models import Mission

from .helpers import (
    ALBANIA_TO_HOLY_SEE_IN_ROME,
    EVIDENCE,
    FRANCE_IN_ZIMBABWE,
    GERMANY_IN_AUSTRIA,
    GERMANY_IN_ITALY,
    GERMANY_IN_RUSSIA,
    MOSCOW_PHONE,
    closed_url,
    correction_data,
    errors_of,
    mission,
    new_mission_data,
    suggest_url,
    text,
)

pytestmark = pytest.mark.django_db

PARIS = ("48.8566", "2.3522")


@pytest.fixture
def russia_mission() -> Mission:
    m = mission(GERMANY_IN_RUSSIA)
    assert m.host_country.iso_alpha2 == "RU"
    assert m.address == "" and m.phones == []
    return m


def post_correction(client: Client, m: Mission, **changes: object):
    return client.post(suggest_url(m), correction_data(m, **changes))


def assert_refused(response, field: str, *fragments: str) -> None:
    assert response.status_code == 400
    messages = errors_of(response, field)
    assert messages, f"no error on {field}: {response.context['form'].errors}"
    joined = " ".join(messages)
    for fragment in fragments:
        assert fragment in joined, joined
    assert not Suggestion.objects.exists()


# --- the pages -----------------------------------------------------------------------------------


def test_correction_form_is_filled_with_the_current_values(client: Client) -> None:
    m = mission(GERMANY_IN_AUSTRIA)
    response = client.get(suggest_url(m))
    assert response.status_code == 200
    page = text(response)
    assert 'value="+43-1-711540"' in page
    assert 'value="info@wien.diplo.de"' in page  # without "mailto:"
    assert 'value="https://www.wien.diplo.de/"' in page
    assert 'name="homepage"' in page  # the honeypot is there, hidden from people
    assert 'name="csrfmiddlewaretoken"' in page


def test_unknown_mission_is_404(client: Client) -> None:
    assert client.get("/missions/no-such-mission/suggest/").status_code == 404
    assert client.post("/missions/no-such-mission/report-closed/", {}).status_code == 404
    assert client.get("/missions/no-such-mission/history/").status_code == 404
    assert client.get("/in/atlantis/suggest-mission/").status_code == 404


def test_valid_correction_is_stored_as_pending_with_only_the_changed_fields(
    client: Client, russia_mission: Mission
) -> None:
    response = post_correction(
        client, russia_mission, phone=MOSCOW_PHONE, evidence_url=EVIDENCE, note="From the site"
    )
    assert response.status_code == 302
    assert response["Location"] == "/suggestions/thanks/"
    suggestion = Suggestion.objects.get()
    assert suggestion.kind == SuggestionKind.CORRECTION
    assert suggestion.status == "pending"
    assert suggestion.mission == russia_mission
    assert suggestion.changes == {"phone": MOSCOW_PHONE}
    assert suggestion.evidence_url == EVIDENCE
    assert suggestion.note == "From the site"
    assert len(suggestion.client_hash) == 64


# --- phone ---------------------------------------------------------------------------------------


def test_phone_with_letters(client: Client, russia_mission: Mission) -> None:
    response = post_correction(
        client, russia_mission, phone="call the embassy", evidence_url=EVIDENCE
    )
    assert_refused(response, "phone", "not a phone number")


@pytest.mark.parametrize(
    "phone",
    [
        "12345",  # too short anywhere
        "(202) 588-5000",  # a Washington number written locally: not a Russian number
        "+7 495 933 43 1",  # a digit missing
    ],
)
def test_phone_invalid_for_the_host_region(
    client: Client, russia_mission: Mission, phone: str
) -> None:
    response = post_correction(client, russia_mission, phone=phone, evidence_url=EVIDENCE)
    assert_refused(response, "phone", "not valid")


def test_local_phone_is_read_in_the_host_numbering_plan(
    client: Client, russia_mission: Mission
) -> None:
    response = post_correction(
        client, russia_mission, phone="8 495 933-43-11", evidence_url=EVIDENCE
    )
    assert response.status_code == 302
    assert Suggestion.objects.get().changes == {"phone": "8 495 933-43-11"}


# --- website, email ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "website", ["not a url", "https://", "http://exa mple.com", "javascript:alert(1)"]
)
def test_bad_website(client: Client, russia_mission: Mission, website: str) -> None:
    response = post_correction(client, russia_mission, website=website, evidence_url=EVIDENCE)
    assert_refused(response, "website", "valid URL")


def test_website_without_scheme_is_read_as_https(client: Client, russia_mission: Mission) -> None:
    response = post_correction(
        client, russia_mission, website="moskau.diplo.de", evidence_url=EVIDENCE
    )
    assert response.status_code == 302
    assert Suggestion.objects.get().changes == {"website": "https://moskau.diplo.de"}


@pytest.mark.parametrize("email", ["info-at-moskau.diplo.de", "info@", "a b@diplo.de"])
def test_bad_email(client: Client, russia_mission: Mission, email: str) -> None:
    response = post_correction(client, russia_mission, email=email)
    assert_refused(response, "email", "valid email")


def test_bad_contact_email(client: Client, russia_mission: Mission) -> None:
    response = post_correction(client, russia_mission, city="Moskva", contact_email="me@")
    assert_refused(response, "contact_email", "valid email")


def test_bad_evidence_url(client: Client, russia_mission: Mission) -> None:
    response = post_correction(
        client, russia_mission, phone=MOSCOW_PHONE, evidence_url="see the embassy site"
    )
    assert_refused(response, "evidence_url", "valid URL")


# --- coordinates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lat", "lon", "field"),
    [("91", "37.5", "latitude"), ("-90.5", "37.5", "latitude"), ("55.7", "181", "longitude")],
)
def test_coordinates_out_of_range(
    client: Client, russia_mission: Mission, lat: str, lon: str, field: str
) -> None:
    response = post_correction(client, russia_mission, latitude=lat, longitude=lon)
    assert_refused(response, field, "Ensure this value is")


def test_coordinates_not_numbers(client: Client, russia_mission: Mission) -> None:
    response = post_correction(client, russia_mission, latitude="55°43'N", longitude="37.5")
    assert_refused(response, "latitude", "Enter a number")


def test_coordinates_in_another_country_than_the_host(
    client: Client, russia_mission: Mission
) -> None:
    response = post_correction(client, russia_mission, latitude=PARIS[0], longitude=PARIS[1])
    assert_refused(response, "latitude", "not in Russia", "FR")


def test_swapped_coordinates_are_caught(client: Client, russia_mission: Mission) -> None:
    # Moscow with latitude and longitude swapped falls in Iran.
    response = post_correction(client, russia_mission, latitude="37.517", longitude="55.71736")
    assert_refused(response, "latitude", "latitude first")


def test_coordinates_inside_the_host_are_accepted(client: Client, russia_mission: Mission) -> None:
    response = post_correction(client, russia_mission, latitude="55.7175", longitude="37.5172")
    assert response.status_code == 302
    assert Suggestion.objects.get().changes == {"latitude": 55.7175, "longitude": 37.5172}


@pytest.mark.parametrize(
    ("given", "missing"), [("latitude", "longitude"), ("longitude", "latitude")]
)
def test_only_one_of_latitude_and_longitude(
    client: Client, russia_mission: Mission, given: str, missing: str
) -> None:
    values = {"latitude": "", "longitude": "", given: "55.7"}
    response = post_correction(client, russia_mission, **values)
    assert_refused(response, missing, "Give both latitude and longitude")


# --- evidence, nothing changed ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", MOSCOW_PHONE),
        ("website", "https://moskau.diplo.de"),
        ("address", "Mosfilmovskaya ul. 56, 119285 Moscow"),
    ],
)
def test_evidence_needed_for_phone_website_address(
    client: Client, russia_mission: Mission, field: str, value: str
) -> None:
    response = post_correction(client, russia_mission, **{field: value})
    assert_refused(response, "evidence_url", "A link to an official page is needed")


def test_no_evidence_needed_for_a_city(client: Client, russia_mission: Mission) -> None:
    response = post_correction(client, russia_mission, city="Moskva")
    assert response.status_code == 302
    assert Suggestion.objects.get().changes == {"city": "Moskva"}


def test_nothing_changed(client: Client, russia_mission: Mission) -> None:
    response = post_correction(client, russia_mission, note="All good", evidence_url=EVIDENCE)
    assert response.status_code == 400
    assert "Nothing was changed" in " ".join(response.context["form"].non_field_errors())
    assert "Nothing was changed" in text(response)
    assert not Suggestion.objects.exists()


def test_whitespace_only_edit_is_nothing_changed(client: Client) -> None:
    m = mission(GERMANY_IN_AUSTRIA)
    response = client.post(suggest_url(m), correction_data(m, city="  Vienna  "))
    assert response.status_code == 400
    assert not Suggestion.objects.exists()


def test_the_form_keeps_the_input_and_shows_each_message(
    client: Client, russia_mission: Mission
) -> None:
    response = post_correction(
        client,
        russia_mission,
        city="Moskva-typed",
        address="Mosfilmovskaya 56",
        phone="call the embassy",
        website="not a url",
        latitude=PARIS[0],
        longitude=PARIS[1],
        note="my note, kept",
        contact_email="me@example.org",
    )
    assert response.status_code == 400
    page = text(response)
    for kept in (
        'value="Moskva-typed"',
        "Mosfilmovskaya 56</textarea>",
        'value="call the embassy"',
        'value="not a url"',
        'value="48.8566"',
        "my note, kept</textarea>",
        'value="me@example.org"',
    ):
        assert kept in page
    for message in ("not a phone number", "valid URL", "not in Russia"):
        assert message in page
    assert 'class="field field-error"' in page
    assert not Suggestion.objects.exists()


def test_correction_to_a_mission_with_an_unparsable_phone_on_record(client: Client) -> None:
    """The form is filled with the phone on record; a person correcting only the city must not
    be told that a number they did not type is invalid."""
    m = mission(FRANCE_IN_ZIMBABWE)
    assert m.phones[0]["raw"] == "+263-776118" and not m.phones[0]["valid"]
    response = client.post(suggest_url(m), correction_data(m, city="Harare (Borrowdale)"))
    assert response.status_code == 302, response.context["form"].errors
    assert Suggestion.objects.get().changes == {"city": "Harare (Borrowdale)"}


def test_correction_to_a_mission_whose_coordinates_geocode_elsewhere(client: Client) -> None:
    """Albania's embassy to the Holy See is in Rome, next to the Vatican; its coordinates on
    record are in Italy. Correcting its city must not be refused for coordinates not typed."""
    m = mission(ALBANIA_TO_HOLY_SEE_IN_ROME)
    assert m.host_country.iso_alpha2 == "IT"
    assert (m.latitude, m.longitude) == (41.9074, 12.4577)
    response = client.post(suggest_url(m), correction_data(m, city="Roma"))
    assert response.status_code == 302, response.context["form"].errors
    assert Suggestion.objects.get().changes == {"city": "Roma"}


def test_coordinates_in_central_rome_are_in_italy(client: Client) -> None:
    """Piazza Venezia, in the middle of Rome (2.4 km from the Vatican)."""
    m = mission(GERMANY_IN_ITALY)
    assert m.host_country.iso_alpha2 == "IT"
    response = client.post(
        suggest_url(m), correction_data(m, latitude="41.8959", longitude="12.4823")
    )
    assert response.status_code == 302, response.context["form"].errors


# --- closed or moved -----------------------------------------------------------------------------


def test_report_closed_needs_evidence(client: Client, russia_mission: Mission) -> None:
    response = client.post(
        closed_url(russia_mission), {"what": "closed", "evidence_url": "", "homepage": ""}
    )
    assert_refused(response, "evidence_url", "required")


def test_report_moved_needs_the_new_address(client: Client, russia_mission: Mission) -> None:
    response = client.post(
        closed_url(russia_mission),
        {"what": "moved", "evidence_url": EVIDENCE, "address": "", "homepage": ""},
    )
    assert_refused(response, "address", "Give the new address")


def test_report_what_must_be_a_choice(client: Client, russia_mission: Mission) -> None:
    response = client.post(
        closed_url(russia_mission), {"what": "exploded", "evidence_url": EVIDENCE}
    )
    assert_refused(response, "what", "Select a valid choice")


def test_report_moved_is_stored_as_an_address_change(
    client: Client, russia_mission: Mission
) -> None:
    response = client.post(
        closed_url(russia_mission),
        {"what": "moved", "evidence_url": EVIDENCE, "address": "Leninsky pr. 95A", "homepage": ""},
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.kind == SuggestionKind.CLOSED_OR_MOVED
    assert suggestion.changes == {"address": "Leninsky pr. 95A"}


# --- a missing mission ---------------------------------------------------------------------------


def test_new_mission_form_page(client: Client) -> None:
    response = client.get("/in/russia/suggest-mission/")
    assert response.status_code == 200
    assert "Add a missing mission in Russia" in text(response)


def test_new_mission_valid_is_stored_with_its_countries(client: Client) -> None:
    response = client.post("/in/russia/suggest-mission/", new_mission_data())
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.kind == SuggestionKind.NEW_MISSION
    assert suggestion.mission is None
    assert suggestion.host_country.iso_alpha2 == "RU"
    assert suggestion.sending_country.iso_alpha2 == "DE"
    assert suggestion.changes["city"] == "Kazan"
    assert suggestion.changes["kind"] == "consulate_general"
    assert suggestion.changes["latitude"] == 55.7963
    assert "email" not in suggestion.changes  # empty values are left out


@pytest.mark.parametrize(
    ("values", "field", "fragment"),
    [
        ({"city": ""}, "city", "required"),
        ({"address": ""}, "address", "required"),
        ({"evidence_url": ""}, "evidence_url", "required"),
        ({"sending_country": "atlantis"}, "sending_country", "Select a valid choice"),
        ({"kind": "palace"}, "kind", "Select a valid choice"),
        ({"phone": "phone me"}, "phone", "not a phone number"),
        ({"phone": "(202) 588-5000"}, "phone", "not valid"),
        ({"website": "kasan diplo de"}, "website", "valid URL"),
        ({"email": "kasan@"}, "email", "valid email"),
        ({"latitude": "48.8566", "longitude": "2.3522"}, "latitude", "not in Russia"),
        ({"longitude": ""}, "longitude", "Give both"),
        ({"latitude": "-95"}, "latitude", "Ensure this value is"),
    ],
)
def test_new_mission_validation(client: Client, values: dict, field: str, fragment: str) -> None:
    response = client.post("/in/russia/suggest-mission/", new_mission_data(**values))
    assert_refused(response, field, fragment)


def test_new_mission_of_the_host_country_itself_is_refused(client: Client) -> None:
    """A country has no embassy or consulate in itself."""
    response = client.post(
        "/in/russia/suggest-mission/", new_mission_data(sending_country="russia")
    )
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not Suggestion.objects.exists()
