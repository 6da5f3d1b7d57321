"""/robots.txt and /.well-known/security.txt, as crawlers and security researchers read them."""

from __future__ import annotations

import datetime as dt
import re
from urllib.robotparser import RobotFileParser

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone

from chancery.core.wellknown import security_expiry

pytestmark = pytest.mark.django_db

SITE = settings.CHANCERY_SITE_URL.rstrip("/")
LANGUAGES = [code for code, _ in settings.LANGUAGES]


def robots(client: Client | None = None) -> str:
    response = (client or Client()).get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    return response.content.decode()


def fields(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition(": ")
            found.setdefault(name, []).append(value)
    return found


# --- robots.txt -------------------------------------------------------------------------------


def test_robots_lists_the_sitemaps_on_the_public_address() -> None:
    sitemaps = fields(robots())["Sitemap"]
    assert sitemaps == [f"{SITE}/sitemap.xml", f"{SITE}/news/sitemap.xml"]
    client = Client()
    for address in sitemaps:
        assert client.get(address[len(SITE) :]).status_code == 200, address


@override_settings(CHANCERY_SITE_URL="https://chancery.example")
def test_robots_sitemaps_follow_the_setting_not_the_host() -> None:
    text = robots(Client(HTTP_HOST="localhost"))
    assert "Sitemap: https://chancery.example/sitemap.xml\n" in text
    assert "localhost" not in text


def test_robots_keeps_crawlers_out_of_admin_searches_and_forms() -> None:
    disallowed = fields(robots())["Disallow"]
    assert "/admin/" in disallowed
    for code in LANGUAGES:
        prefix = "" if code == settings.LANGUAGE_CODE else f"/{code}"
        assert f"{prefix}/search/" in disallowed
        assert f"{prefix}/missions/*/suggest/" in disallowed
        assert f"{prefix}/missions/*/report-closed/" in disallowed
        assert f"{prefix}/in/*/suggest-mission/" in disallowed
    assert "/" not in disallowed and "" not in disallowed


def test_robots_lets_crawlers_read_the_public_pages() -> None:
    # The standard library's parser knows no `*`: it checks the plain rules.
    parser = RobotFileParser()
    parser.parse(robots().splitlines())
    for path in (
        "/",
        "/in/germany/",
        "/fr/from/france/in/germany/",
        "/missions/consulate-general-of-france-in-hamburg/",
        "/help/",
        "/advisories/",
        "/news/",
        "/exports/",
        "/api/v1/docs",
    ):
        assert parser.can_fetch("Googlebot", f"{SITE}{path}"), path
    for path in ("/admin/", "/admin/login/", "/search/?q=berlin", "/ar/search/?q=x"):
        assert not parser.can_fetch("Googlebot", f"{SITE}{path}"), path


def test_robots_is_cacheable() -> None:
    response = Client().get("/robots.txt")
    assert "public" in response["Cache-Control"]
    assert int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1)) > 0
    assert Client().post("/robots.txt").status_code == 405


# --- security.txt -----------------------------------------------------------------------------


def security() -> dict[str, list[str]]:
    response = Client().get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "public" in response["Cache-Control"]
    text = response.content.decode()
    # RFC 9116: every line a field ("Name: value"), a comment or empty; CRLF or LF.
    for line in text.splitlines():
        assert not line or line.startswith("#") or re.fullmatch(r"[A-Za-z-]+: \S.*", line), line
    return fields(text)


@override_settings(CHANCERY_SECURITY_CONTACT="security@chancery.example")
def test_security_txt_has_the_fields_rfc_9116_requires() -> None:
    found = security()
    # Required: Contact (one or more) and exactly one Expires.
    assert found["Contact"] == ["mailto:security@chancery.example"]
    assert len(found["Expires"]) == 1
    expires = dt.datetime.fromisoformat(found["Expires"][0].replace("Z", "+00:00"))
    now = timezone.now()
    assert now < expires <= now + dt.timedelta(days=365)
    assert found["Preferred-Languages"] == [settings.LANGUAGE_CODE]
    assert found["Canonical"] == [f"{SITE}/.well-known/security.txt"]
    assert set(found) == {"Contact", "Expires", "Preferred-Languages", "Canonical"}


@pytest.mark.parametrize(
    ("security_contact", "contact", "expected"),
    [
        ("https://chancery.example/security", "", "https://chancery.example/security"),
        ("mailto:cert@chancery.example", "ops@x.example", "mailto:cert@chancery.example"),
        ("", "ops@chancery.example", "mailto:ops@chancery.example"),
        ("", "https://chancery.example/contact", "https://chancery.example/contact"),
        ("", "", "mailto:security@127.0.0.1"),
        (" cert@chancery.example\nExpires: never ", "", "mailto:cert@chancery.example"),
    ],
    ids=["url", "mailto", "falls-back-to-contact", "contact-url", "site-host", "one-line"],
)
def test_security_contact_is_a_uri_from_the_settings(
    security_contact: str, contact: str, expected: str
) -> None:
    with override_settings(CHANCERY_SECURITY_CONTACT=security_contact, CHANCERY_CONTACT=contact):
        found = security()
    assert found["Contact"] == [expected]
    assert len(found["Expires"]) == 1  # a stray newline in a setting adds no field


def test_security_txt_expires_less_than_a_year_ahead_and_stays_all_day() -> None:
    morning = dt.datetime(2026, 3, 1, 0, 0, 1, tzinfo=dt.UTC)
    evening = dt.datetime(2026, 3, 1, 23, 59, tzinfo=dt.UTC)
    assert security_expiry(morning) == security_expiry(evening)
    assert morning < security_expiry(morning) < morning + dt.timedelta(days=365)


def test_the_security_contact_setting_is_documented() -> None:
    root = settings.BASE_DIR
    assert "CHANCERY_SECURITY_CONTACT=" in (root / ".env.example").read_text()
    assert "`CHANCERY_SECURITY_CONTACT`" in (root / "docs" / "deploy.md").read_text()
