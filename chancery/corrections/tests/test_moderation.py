"""From a public suggestion to the published page: accept, reject, merge, closed, missing
missions, outcome emails, and the extra review of non-official domains."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from chancery.corrections.models import (
    ActorKind,
    FieldProvenance,
    MissionChange,
    Suggestion,
    SuggestionKind,
    SuggestionStatus,
)
from chancery.corrections.services import suggestion_accept, suggestion_reject
from chancery.directory.models import Mission, MissionKind, MissionStatus

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
    new_mission_data,
    squash,
    suggest_url,
    text,
)

pytestmark = pytest.mark.django_db

QUEUE = "/admin/corrections/suggestion/"
SUBMITTER = "traveller@example.org"


@pytest.fixture
def m() -> Mission:
    return mission(GERMANY_IN_RUSSIA)


def today() -> str:
    now = timezone.now()
    return f"{now.day} {now:%b %Y}"


def submit_phone(client: Client, m: Mission, ip: str = "192.0.2.1", **extra: str) -> Suggestion:
    values = {"phone": MOSCOW_PHONE, "evidence_url": EVIDENCE, "contact_email": SUBMITTER}
    data = correction_data(m, **{**values, **extra})
    response = client.post(suggest_url(m), data, REMOTE_ADDR=ip)
    assert response.status_code == 302, response.context["form"].errors
    return Suggestion.objects.latest("pk")


# --- accept, end to end --------------------------------------------------------------------------


def test_accept_end_to_end(client: Client, editor_client: Client, editor, mailoutbox, m) -> None:
    suggestion = submit_phone(client, m)
    assert suggestion.status == SuggestionStatus.PENDING
    assert not suggestion.needs_extra_review

    # Nothing is published before an editor accepts it.
    page = text(client.get(m.get_absolute_url()))
    assert "933 43 11" not in page
    assert "<dt>Phone</dt>" not in page
    assert not MissionChange.objects.filter(mission=m).exists()
    assert mailoutbox == []

    # The queue shows it, with the current → proposed diff.
    queue = text(editor_client.get(QUEUE))
    assert "Correction: Embassy of Germany in Russia" in queue
    detail = squash(text(editor_client.get(f"{QUEUE}{suggestion.pk}/change/")))
    assert f"<tr><th>Phone</th><td>—</td><td><ins>{MOSCOW_PHONE}</ins></td></tr>" in detail

    # A moderator accepts it from the changelist.
    response = admin_action(editor_client, QUEUE, "accept", [suggestion.pk])
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED
    assert suggestion.decided_by == editor
    assert suggestion.decided_at is not None

    m.refresh_from_db()
    assert m.phones == [{"raw": MOSCOW_PHONE, "e164": "+74959334311", "valid": True}]

    # The mission page: the new value, with its provenance.
    page = squash(text(client.get(m.get_absolute_url())))
    assert f'<a href="tel:+74959334311">{MOSCOW_PHONE}</a>' in page
    assert (
        f'Source: a checked public suggestion, with <a href="{EVIDENCE}" '
        f'rel="nofollow noopener">evidence</a>, checked {today()}'
    ) in page

    # The history page lists it: when, field, before, after, who, evidence.
    history = squash(text(client.get(history_url(m))))
    assert "<td>Phone</td><td></td>" in history
    assert f"<td>{MOSCOW_PHONE}</td>" in history
    assert "A public suggestion, accepted by an editor" in history
    assert f'<a href="{EVIDENCE}" rel="nofollow noopener">evidence</a>' in history
    assert today() in history

    change = MissionChange.objects.get(mission=m)
    assert change.actor_kind == ActorKind.SUGGESTION
    assert change.user == editor
    assert change.suggestion == suggestion
    assert change.new_value == MOSCOW_PHONE

    provenance = FieldProvenance.objects.get(mission=m, field="phone")
    assert provenance.source == "suggestion"
    assert provenance.evidence_url == EVIDENCE
    assert provenance.by_editor

    # The submitter hears about it.
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [SUBMITTER]
    assert email.subject == "Your correction was accepted"
    assert "Embassy of Germany in Russia" in email.body


def test_accept_without_contact_email_sends_nothing(
    client: Client, superuser, mailoutbox, m
) -> None:
    response = client.post(suggest_url(m), correction_data(m, city="Moskva"))
    assert response.status_code == 302
    suggestion_accept(Suggestion.objects.get(), superuser)
    assert mailoutbox == []
    m.refresh_from_db()
    assert m.city == "Moskva"


def test_a_decided_suggestion_is_not_applied_twice(
    client: Client, admin_client_: Client, superuser, mailoutbox, m
) -> None:
    suggestion = submit_phone(client, m)
    suggestion_accept(suggestion, superuser)
    with pytest.raises(ValueError, match="already accepted"):
        suggestion_accept(suggestion, superuser)
    response = admin_action(admin_client_, QUEUE, "accept", [suggestion.pk])
    assert response.status_code == 302
    assert "Suggestions already decided were left as they are." in text(admin_client_.get(QUEUE))
    assert MissionChange.objects.filter(mission=m).count() == 1
    assert len(mailoutbox) == 1


# --- reject --------------------------------------------------------------------------------------


def test_reject_with_a_reason(client: Client, editor_client: Client, editor, mailoutbox, m) -> None:
    suggestion = submit_phone(client, m)
    # The action first asks for the reason.
    response = admin_action(editor_client, QUEUE, "reject", [suggestion.pk])
    assert response.status_code == 200
    page = text(response)
    assert "Reject 1 suggestion" in page
    assert 'name="reason"' in page
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.PENDING

    reason = "The number on the embassy's site is a different one."
    response = admin_action(
        editor_client, QUEUE, "reject", [suggestion.pk], apply="1", reason=reason
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REJECTED
    assert suggestion.reason == reason
    assert suggestion.decided_by == editor

    m.refresh_from_db()
    assert m.phones == []
    assert not MissionChange.objects.filter(mission=m).exists()
    assert not FieldProvenance.objects.filter(mission=m).exists()

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [SUBMITTER]
    assert mailoutbox[0].subject == "Your correction was not applied"
    assert reason in mailoutbox[0].body


def test_reject_needs_a_reason(client: Client, editor_client: Client, mailoutbox, m) -> None:
    suggestion = submit_phone(client, m)
    response = admin_action(editor_client, QUEUE, "reject", [suggestion.pk], apply="1", reason="")
    assert response.status_code == 200
    assert "This field is required" in text(response)
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.PENDING
    assert mailoutbox == []


# --- merge ---------------------------------------------------------------------------------------


def test_merge_duplicates_into_the_oldest(client: Client, editor_client: Client, editor, m) -> None:
    first = submit_phone(client, m, ip="192.0.2.1")
    second = submit_phone(
        client, m, ip="192.0.2.2", evidence_url="https://germania.diplo.de/ru-de/kontakt"
    )
    third = submit_phone(client, m, ip="192.0.2.3")
    response = admin_action(editor_client, QUEUE, "merge", [third.pk, second.pk, first.pk])
    assert response.status_code == 302

    for duplicate in (second, third):
        duplicate.refresh_from_db()
        assert duplicate.status == SuggestionStatus.MERGED
        assert duplicate.duplicate_of == first
        assert duplicate.decided_by == editor
    first.refresh_from_db()
    assert first.status == SuggestionStatus.PENDING
    assert set(first.duplicates.all()) == {second, third}
    assert "https://germania.diplo.de/ru-de/kontakt" in first.note
    m.refresh_from_db()
    assert m.phones == []  # merging publishes nothing


def test_merge_needs_two_pending(client: Client, editor_client: Client, m) -> None:
    only = submit_phone(client, m)
    response = admin_action(editor_client, QUEUE, "merge", [only.pk])
    assert response.status_code == 302
    only.refresh_from_db()
    assert only.status == SuggestionStatus.PENDING


# --- closed --------------------------------------------------------------------------------------


def test_closed_report_accepted_closes_the_mission_and_hides_it(
    client: Client, editor_client: Client, mailoutbox, m
) -> None:
    lists = [
        "/in/russia/",
        "/from/germany/",
        "/from/germany/in/russia/",
    ]
    for url in lists:
        assert m.get_absolute_url() in text(client.get(url)), url
    api = client.get("/api/v1/missions", {"sending": "DE", "host": "RU", "kind": "embassy"}).json()
    assert api["count"] == 1

    response = client.post(
        closed_url(m),
        {
            "what": "closed",
            "evidence_url": "https://www.auswaertiges-amt.de/notice",
            "contact_email": SUBMITTER,
            "homepage": "",
        },
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.kind == SuggestionKind.CLOSED_OR_MOVED
    assert suggestion.changes == {"status": "closed"}
    m.refresh_from_db()
    assert m.status == MissionStatus.ACTIVE

    response = admin_action(editor_client, QUEUE, "accept", [suggestion.pk])
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.status == MissionStatus.CLOSED

    for url in lists:
        assert m.get_absolute_url() not in text(client.get(url)), url
    api = client.get("/api/v1/missions", {"sending": "DE", "host": "RU", "kind": "embassy"}).json()
    assert api["count"] == 0
    # The mission's own page stays, with its history.
    assert client.get(m.get_absolute_url()).status_code == 200
    change = MissionChange.objects.get(mission=m)
    assert (change.field, change.old_value, change.new_value) == ("status", "active", "closed")
    history = text(client.get(history_url(m)))
    assert "<td>Status</td><td>active</td><td>closed</td>" in squash(history)
    assert len(mailoutbox) == 1


def test_moved_report_accepted_changes_the_address(client: Client, superuser, m) -> None:
    client.post(
        closed_url(m),
        {"what": "moved", "address": "Leninsky pr. 95A", "evidence_url": EVIDENCE},
    )
    suggestion_accept(Suggestion.objects.get(), superuser)
    m.refresh_from_db()
    assert m.address == "Leninsky pr. 95A"
    assert m.status == MissionStatus.ACTIVE
    assert FieldProvenance.objects.get(mission=m, field="address").evidence_url == EVIDENCE


# --- a missing mission ---------------------------------------------------------------------------


def test_new_mission_accepted_exists_under_its_host(
    client: Client, editor_client: Client, mailoutbox
) -> None:
    data = new_mission_data(contact_email=SUBMITTER, email="info@kasan.diplo.de")
    response = client.post("/in/russia/suggest-mission/", data)
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert not Mission.objects.filter(source="suggestion").exists()

    response = admin_action(editor_client, QUEUE, "accept", [suggestion.pk])
    assert response.status_code == 302
    created = Mission.objects.select_related("host_country", "sending_country").get(
        source="suggestion"
    )
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED
    assert suggestion.mission == created

    assert created.host_country.iso_alpha2 == "RU"
    assert created.sending_country.iso_alpha2 == "DE"
    assert created.kind == MissionKind.CONSULATE_GENERAL
    assert created.name == "Consulate-General of Germany in Kazan"
    # Named like an imported mission's address: from its name.
    assert created.slug == "consulate-general-of-germany-in-kazan"
    assert created.city == "Kazan"
    assert created.address == "ul. Pushkina 1, Kazan"
    assert created.phones[0]["raw"] == "+7 843 200 00 00"
    assert created.phones[0]["e164"] == "+78432000000"
    assert created.email == "info@kasan.diplo.de"
    assert created.website == "https://kasan.diplo.de"
    assert (created.latitude, created.longitude) == (55.7963, 49.1088)
    assert created.status == MissionStatus.ACTIVE

    assert created.get_absolute_url() in text(client.get("/in/russia/"))
    assert created.get_absolute_url() in text(client.get("/from/germany/in/russia/"))
    page = squash(text(client.get(created.get_absolute_url())))
    assert "Consulate-General of Germany in Kazan" in page
    assert "Added from a checked public suggestion" in page
    assert "Source: a checked public suggestion, with" in page
    assert FieldProvenance.objects.filter(mission=created, by_editor=True).count() >= 7
    assert MissionChange.objects.filter(mission=created, actor_kind=ActorKind.SUGGESTION).exists()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [SUBMITTER]


def test_a_new_missions_slug_taken_already_gets_its_id(client: Client, superuser) -> None:
    client.post("/in/russia/suggest-mission/", new_mission_data())
    client.post("/in/russia/suggest-mission/", new_mission_data(address="ul. Pushkina 2"))
    first, second = Suggestion.objects.order_by("pk")
    suggestion_accept(first, superuser)
    created = suggestion_accept(second, superuser)
    assert created.slug == f"consulate-general-of-germany-in-kazan-s{second.pk}"


def test_new_mission_rejected_creates_nothing(client: Client, superuser, mailoutbox) -> None:
    client.post("/in/russia/suggest-mission/", new_mission_data(contact_email=SUBMITTER))
    suggestion_reject(Suggestion.objects.get(), superuser, "Germany has no consulate in Kazan.")
    assert not Mission.objects.filter(source="suggestion").exists()
    assert "Germany has no consulate in Kazan." in mailoutbox[0].body
    assert "a missing mission" in mailoutbox[0].body


# --- extra review of non-official domains --------------------------------------------------------


def test_non_official_website_needs_extra_review(client: Client, admin_client_: Client) -> None:
    m = mission(GERMANY_IN_AUSTRIA)
    response = client.post(
        suggest_url(m),
        correction_data(m, website="https://embassy-visa-fast.com", evidence_url=EVIDENCE),
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.needs_extra_review
    assert suggestion.review_flags == [
        "The website embassy-visa-fast.com is not on a known domain of the government."
    ]
    detail = text(admin_client_.get(f"{QUEUE}{suggestion.pk}/change/"))
    assert "https://embassy-visa-fast.com ⚠ not an official domain" in detail
    assert "embassy-visa-fast.com is not on a known domain" in detail
    queue = admin_client_.get(QUEUE, {"needs_extra_review__exact": "1"})
    assert list(queue.context["cl"].result_list) == [suggestion]


@pytest.mark.parametrize(
    "website", ["https://wien.diplo.de/at-de", "https://www.auswaertiges-amt.de/de/aussenpolitik"]
)
def test_official_website_needs_no_extra_review(client: Client, website: str) -> None:
    m = mission(GERMANY_IN_AUSTRIA)
    response = client.post(
        suggest_url(m), correction_data(m, website=website, evidence_url=EVIDENCE)
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert not suggestion.needs_extra_review
    assert suggestion.review_flags == []


@pytest.mark.parametrize(
    "website",
    ["https://diplo.de.embassy-visa-fast.com", "https://fakediplo.de", "https://diplo-de.com"],
)
def test_lookalike_domains_need_extra_review(client: Client, website: str) -> None:
    m = mission(GERMANY_IN_AUSTRIA)
    client.post(suggest_url(m), correction_data(m, website=website, evidence_url=EVIDENCE))
    assert Suggestion.objects.get().needs_extra_review


def test_non_official_email_needs_extra_review(client: Client) -> None:
    m = mission(GERMANY_IN_AUSTRIA)
    client.post(suggest_url(m), correction_data(m, email="germanembassy.vienna@gmail.com"))
    suggestion = Suggestion.objects.get()
    assert suggestion.needs_extra_review
    assert suggestion.review_flags == [
        "The email gmail.com is not on a known domain of the government."
    ]


def test_flagged_suggestions_come_first_in_the_queue(client: Client, admin_client_: Client) -> None:
    m = mission(GERMANY_IN_AUSTRIA)
    client.post(suggest_url(m), correction_data(m, city="Wien"), REMOTE_ADDR="192.0.2.10")
    client.post(
        suggest_url(m),
        correction_data(m, website="https://embassy-visa-fast.com", evidence_url=EVIDENCE),
        REMOTE_ADDR="192.0.2.11",
    )
    listed = list(admin_client_.get(QUEUE).context["cl"].result_list)
    assert [s.needs_extra_review for s in listed] == [True, False]


def test_new_mission_with_non_official_website_needs_extra_review(client: Client) -> None:
    client.post(
        "/in/russia/suggest-mission/", new_mission_data(website="https://kazan-visa-germany.ru")
    )
    suggestion = Suggestion.objects.get()
    assert suggestion.needs_extra_review
    assert "kazan-visa-germany.ru" in suggestion.review_flags[0]


def test_accepting_two_suggestions_for_one_mission_at_once_applies_both(
    client: Client, admin_client_: Client, m
) -> None:
    submit_phone(client, m, ip="192.0.2.1")
    response = client.post(
        suggest_url(m), correction_data(m, city="Moskva"), REMOTE_ADDR="192.0.2.2"
    )
    assert response.status_code == 302
    pks = list(Suggestion.objects.values_list("pk", flat=True))
    response = admin_action(admin_client_, QUEUE, "accept", pks)
    assert response.status_code == 302
    assert set(Suggestion.objects.values_list("status", flat=True)) == {"accepted"}
    m.refresh_from_db()
    assert m.city == "Moskva"
    assert m.phones and m.phones[0]["raw"] == MOSCOW_PHONE
