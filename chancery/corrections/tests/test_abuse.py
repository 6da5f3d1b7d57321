"""Hostile input: robots, script injection, oversized values, forged posts and floods."""

from __future__ import annotations

import types

import pytest
from django.test import Client

from chancery.corrections import ratelimit
from chancery.corrections.models import Suggestion
from chancery.corrections.services import suggestion_accept
from chancery.directory.models import Mission

from .helpers import (
    ESCAPED_XSS,
    EVIDENCE,
    GERMANY_IN_RUSSIA,
    MOSCOW_PHONE,
    XSS,
    admin_action,
    closed_url,
    correction_data,
    errors_of,
    history_url,
    mission,
    new_mission_data,
    suggest_url,
    text,
)

pytestmark = pytest.mark.django_db

RAW_SCRIPT = "<script>alert"


@pytest.fixture
def m() -> Mission:
    return mission(GERMANY_IN_RUSSIA)


@pytest.fixture
def frozen_hour(monkeypatch: pytest.MonkeyPatch) -> types.SimpleNamespace:
    """Pin the rate limiter's clock in the middle of an hour, so that no test crosses one."""
    clock = types.SimpleNamespace(now=500_000 * 3600 + 1800.0)
    monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(time=lambda: clock.now))
    return clock


def assert_no_raw_script(html: str) -> None:
    assert RAW_SCRIPT not in html
    assert "<img src=x" not in html


# --- honeypot ------------------------------------------------------------------------------------


def test_honeypot_filled_correction_is_rejected(client: Client, m: Mission) -> None:
    data = correction_data(m, city="Moskva", homepage="http://spam.example")
    response = client.post(suggest_url(m), data)
    assert response.status_code == 400
    assert errors_of(response, "homepage") == ["This field must be left empty."]
    assert not Suggestion.objects.exists()


def test_honeypot_filled_closed_report_is_rejected(client: Client, m: Mission) -> None:
    response = client.post(
        closed_url(m), {"what": "closed", "evidence_url": EVIDENCE, "homepage": "x"}
    )
    assert response.status_code == 400
    assert not Suggestion.objects.exists()


def test_honeypot_filled_new_mission_is_rejected(client: Client) -> None:
    response = client.post("/in/russia/suggest-mission/", new_mission_data(homepage="buy now"))
    assert response.status_code == 400
    assert not Suggestion.objects.exists()


def test_honeypot_is_hidden_from_people(client: Client, m: Mission) -> None:
    page = text(client.get(suggest_url(m)))
    assert '<div class="trap" aria-hidden="true">' in page
    assert 'tabindex="-1"' in page and 'autocomplete="off"' in page


# --- script injection ----------------------------------------------------------------------------


def test_xss_in_every_text_field_is_stored_as_text_and_escaped_everywhere(
    client: Client, admin_client_: Client, m: Mission
) -> None:
    evil_evidence = 'https://example.org/"onmouseover="alert(1)'
    data = correction_data(
        m,
        name=f"Embassy {XSS}",
        city=f"Moscow {XSS}",
        address=f"Mosfilmovskaya {XSS}",
        note=f"note {XSS}",
        evidence_url=evil_evidence,
    )
    response = client.post(suggest_url(m), data, follow=True)
    # The thanks flow.
    assert response.redirect_chain == [("/suggestions/thanks/", 302)]
    assert response.status_code == 200
    assert_no_raw_script(text(response))

    # Stored exactly as typed: text, not cleaned or executed.
    suggestion = Suggestion.objects.get()
    assert suggestion.changes == {
        "name": f"Embassy {XSS}",
        "city": f"Moscow {XSS}",
        "address": f"Mosfilmovskaya {XSS}",
    }
    assert suggestion.note == f"note {XSS}"
    assert suggestion.evidence_url == evil_evidence

    # The moderation queue and its diff.
    queue = text(admin_client_.get("/admin/corrections/suggestion/"))
    assert_no_raw_script(queue)
    detail = text(admin_client_.get(f"/admin/corrections/suggestion/{suggestion.pk}/change/"))
    assert '<table class="diff">' in detail
    assert_no_raw_script(detail)
    assert ESCAPED_XSS in detail
    assert 'href="https://example.org/"onmouseover' not in detail

    # Accepted: the history page and the mission page show it as text.
    response = admin_action(
        admin_client_, "/admin/corrections/suggestion/", "accept", [suggestion.pk]
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.name == f"Embassy {XSS}"
    history = text(client.get(history_url(m)))
    assert_no_raw_script(history)
    assert ESCAPED_XSS in history
    assert "&quot;onmouseover=&quot;" in history
    assert '"onmouseover="' not in history
    page = text(client.get(m.get_absolute_url()))
    assert_no_raw_script(page)
    assert ESCAPED_XSS in page
    assert '"onmouseover="' not in page


def test_xss_in_a_new_mission_is_escaped_once_created(client: Client, superuser) -> None:
    response = client.post(
        "/in/russia/suggest-mission/",
        new_mission_data(city=f"Kazan {XSS}", address=f"Kremlin {XSS}", note=XSS),
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.changes["city"] == f"Kazan {XSS}"
    created = suggestion_accept(suggestion, superuser)
    page = text(client.get(created.get_absolute_url()))
    assert_no_raw_script(page)
    assert ESCAPED_XSS in page
    assert_no_raw_script(text(client.get(history_url(created))))


def test_xss_in_a_closed_report_note_is_escaped_in_the_admin(
    client: Client, admin_client_: Client, m: Mission
) -> None:
    response = client.post(
        closed_url(m),
        {"what": "moved", "address": XSS, "note": XSS, "evidence_url": EVIDENCE, "homepage": ""},
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    detail = text(admin_client_.get(f"/admin/corrections/suggestion/{suggestion.pk}/change/"))
    assert_no_raw_script(detail)
    assert ESCAPED_XSS in detail


# --- oversized input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "size", "limit"),
    [
        ("address", 10_000, 500),
        ("note", 5_000, 2000),
        ("name", 1_000, 300),
        ("city", 1_000, 200),
        ("phone", 200, 60),
        ("contact_email", 300, 254),
    ],
)
def test_oversized_correction_fields(
    client: Client, m: Mission, field: str, size: int, limit: int
) -> None:
    value = "a" * (size - 12) + "@example.org" if "email" in field else "7" * size
    data = correction_data(m, evidence_url=EVIDENCE, **{field: value})
    response = client.post(suggest_url(m), data)
    assert response.status_code == 400
    assert f"at most {limit} characters" in " ".join(errors_of(response, field))
    assert not Suggestion.objects.exists()


def test_oversized_urls(client: Client, m: Mission) -> None:
    long_url = "https://moskau.diplo.de/" + "a" * 1100
    data = correction_data(m, website=long_url, evidence_url=long_url)
    response = client.post(suggest_url(m), data)
    assert response.status_code == 400
    assert "at most 1000 characters" in " ".join(errors_of(response, "website"))
    assert "at most 1000 characters" in " ".join(errors_of(response, "evidence_url"))
    assert not Suggestion.objects.exists()


def test_oversized_closed_report_and_new_mission(client: Client, m: Mission) -> None:
    response = client.post(
        closed_url(m),
        {"what": "moved", "address": "x" * 10_000, "note": "y" * 5_000, "evidence_url": EVIDENCE},
    )
    assert response.status_code == 400
    assert errors_of(response, "address") and errors_of(response, "note")
    response = client.post(
        "/in/russia/suggest-mission/", new_mission_data(address="x" * 10_000, city="c" * 201)
    )
    assert response.status_code == 400
    assert errors_of(response, "address") and errors_of(response, "city")
    assert not Suggestion.objects.exists()


# --- CSRF ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["suggest", "closed", "new"])
def test_post_without_csrf_token_is_refused(m: Mission, form: str) -> None:
    client = Client(enforce_csrf_checks=True)
    url, data = {
        "suggest": (suggest_url(m), correction_data(m, city="Moskva")),
        "closed": (closed_url(m), {"what": "closed", "evidence_url": EVIDENCE}),
        "new": ("/in/russia/suggest-mission/", new_mission_data()),
    }[form]
    response = client.post(url, data)
    assert response.status_code == 403
    assert not Suggestion.objects.exists()


def test_post_with_csrf_token_goes_through(m: Mission) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get(suggest_url(m))
    token = page.context["csrf_token"]
    data = correction_data(m, city="Moskva", csrfmiddlewaretoken=str(token))
    response = client.post(suggest_url(m), data)
    assert response.status_code == 302
    assert Suggestion.objects.count() == 1


# --- rate limit ----------------------------------------------------------------------------------


def test_sixth_post_within_the_hour_is_refused(
    client: Client, m: Mission, frozen_hour, settings
) -> None:
    assert settings.CHANCERY_SUGGESTIONS_PER_HOUR == 5
    data = correction_data(m, phone=MOSCOW_PHONE, evidence_url=EVIDENCE)
    for _ in range(5):
        assert client.post(suggest_url(m), data, REMOTE_ADDR="203.0.113.7").status_code == 302
    assert Suggestion.objects.count() == 5
    response = client.post(suggest_url(m), data, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert "Too many suggestions" in text(response)
    assert Suggestion.objects.count() == 5
    # Another address is not affected.
    response = client.post(suggest_url(m), data, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 302
    assert Suggestion.objects.count() == 6
    # Reading the form is not limited.
    assert client.get(suggest_url(m), REMOTE_ADDR="203.0.113.7").status_code == 200


def test_limit_is_shared_by_the_three_forms_and_counts_invalid_posts(
    client: Client, m: Mission, frozen_hour
) -> None:
    addr = {"REMOTE_ADDR": "203.0.113.8"}
    assert client.post(suggest_url(m), correction_data(m, phone="junk"), **addr).status_code == 400
    assert client.post(suggest_url(m), correction_data(m, city="Moskva"), **addr).status_code == 302
    closed = {"what": "closed", "evidence_url": EVIDENCE}
    assert client.post(closed_url(m), closed, **addr).status_code == 302
    assert client.post(closed_url(m), {"what": "closed"}, **addr).status_code == 400
    new = new_mission_data()
    assert client.post("/in/russia/suggest-mission/", new, **addr).status_code == 302
    assert client.post("/in/russia/suggest-mission/", new, **addr).status_code == 429
    assert client.post(closed_url(m), closed, **addr).status_code == 429
    assert Suggestion.objects.count() == 3


def test_limit_setting_is_read(client: Client, m: Mission, frozen_hour, settings) -> None:
    settings.CHANCERY_SUGGESTIONS_PER_HOUR = 1
    data = correction_data(m, city="Moskva")
    assert client.post(suggest_url(m), data).status_code == 302
    assert client.post(suggest_url(m), data).status_code == 429
    assert Suggestion.objects.count() == 1


def test_limit_resets_after_an_hour(client: Client, m: Mission, frozen_hour) -> None:
    data = correction_data(m, city="Moskva")
    for _ in range(5):
        client.post(suggest_url(m), data)
    assert client.post(suggest_url(m), data).status_code == 429
    frozen_hour.now += 3600
    assert client.post(suggest_url(m), data).status_code == 302
    assert Suggestion.objects.count() == 6


def test_limit_holds_across_the_top_of_the_hour(client: Client, m: Mission, frozen_hour) -> None:
    """Five posts just before the hour and a sixth just after: six within two minutes."""
    data = correction_data(m, city="Moskva")
    frozen_hour.now = 500_000 * 3600 - 60.0
    for _ in range(5):
        assert client.post(suggest_url(m), data).status_code == 302
    frozen_hour.now = 500_000 * 3600 + 60.0
    assert client.post(suggest_url(m), data).status_code == 429
    assert Suggestion.objects.count() == 5


def test_client_hash_does_not_store_the_address(client: Client, m: Mission) -> None:
    client.post(suggest_url(m), correction_data(m, city="Moskva"), REMOTE_ADDR="203.0.113.77")
    suggestion = Suggestion.objects.get()
    assert "203.0.113.77" not in suggestion.client_hash
    assert len(suggestion.client_hash) == 64
