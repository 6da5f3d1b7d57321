"""The official-domain check: its rules, its data file, and the caution on real mission pages."""

from __future__ import annotations

import re
import tomllib

import pytest
from django.test import Client

from chancery.corrections.domains import (
    DATA,
    OFFICIAL,
    PRIVATE,
    UNKNOWN,
    UNOFFICIAL,
    domain_status,
    governments,
    host_of,
    website_or_email_flags,
)
from chancery.corrections.selectors import domain_checks
from chancery.directory.models import Mission, MissionKind

from .helpers import (
    AUSTRIA_HONORARY_IN_ALBANIA,
    AZERBAIJAN_IN_EGYPT,
    AZERBAIJAN_IN_JAPAN,
    GERMANY_IN_AUSTRIA,
    mission,
    squash,
    text,
)

CAUTION = '<p class="notice caution" role="note"><strong>Caution:</strong>'


# --- the rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "host"),
    [
        ("https://www.wien.diplo.de/", "wien.diplo.de"),
        ("HTTPS://WWW.Wien.Diplo.DE/path?q=1", "wien.diplo.de"),
        ("wien.diplo.de", "wien.diplo.de"),
        ("https://wien.diplo.de:443/", "wien.diplo.de"),
        ("https://wien.diplo.de./", "wien.diplo.de"),
        ("mailto:info@wien.diplo.de", "wien.diplo.de"),
        ("info@wien.diplo.de", "wien.diplo.de"),
        ("https://diplo.de@evil.example/", "evil.example"),
        ("https://wien.dip\u200blo.de/", "wien.diplo.de"),
        ("", ""),
        ("https://", ""),
    ],
)
def test_host_of(value: str, host: str) -> None:
    assert host_of(value) == host


@pytest.mark.parametrize(
    ("code", "value", "status"),
    [
        ("DE", "https://germania.diplo.de/ru-de", OFFICIAL),
        ("DE", "https://diplo.de", OFFICIAL),
        ("DE", "https://www.auswaertiges-amt.de/", OFFICIAL),
        ("DE", "info@wien.diplo.de", OFFICIAL),
        ("DE", "https://embassy-visa-fast.com", UNOFFICIAL),
        ("DE", "https://diplo.de.embassy-visa-fast.com", UNOFFICIAL),
        ("DE", "https://evildiplo.de", UNOFFICIAL),
        ("DE", "https://diplo-de.com", UNOFFICIAL),
        ("DE", "https://dipl\u043e.de", UNOFFICIAL),  # a Cyrillic "o"
        ("DE", "https://www.facebook.com/GermanEmbassy", UNOFFICIAL),
        ("DE", "germanembassy@gmail.com", UNOFFICIAL),
        ("GB", "https://www.gov.uk/world/organisations/british-embassy-paris", OFFICIAL),
        ("GB", "https://evilgov.uk", UNOFFICIAL),
        ("FR", "https://ambafrance-us.org", OFFICIAL),
        ("FR", "https://www.ambafrance-us.org/visas", OFFICIAL),
        ("FR", "https://consulat.ambafrance-us.org", OFFICIAL),
        ("FR", "https://ambafrance-visa.org", UNOFFICIAL),
        ("FR", "https://ambafrance-us.org.evil.example", UNOFFICIAL),
        ("FR", "https://ambafrance-usa.org", UNOFFICIAL),
        ("AF", "https://www.canberra.mfa.af/", UNKNOWN),  # no list for Afghanistan
        ("", "https://example.org", UNKNOWN),
        ("DE", "", ""),
    ],
)
def test_domain_status(code: str, value: str, status: str) -> None:
    assert domain_status(code, value) == status


def test_flags_name_the_host() -> None:
    assert website_or_email_flags("DE", "https://www.visa-de.com/x", "a@gmail.com") == [
        "The website visa-de.com is not on a known domain of the government.",
        "The email gmail.com is not on a known domain of the government.",
    ]
    assert website_or_email_flags("DE", "https://moskau.diplo.de", "") == []
    assert website_or_email_flags("AF", "https://anything.example", "") == []


# --- the data file -------------------------------------------------------------------------------

FREE_OR_THIRD_PARTY = {
    "gmail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "facebook.com",
    "wixsite.com",
    "wordpress.com",
    "bluewin.ch",
    "blogspot.com",
    "com",
    "org",
    "net",
}


def test_data_file_is_well_formed() -> None:
    with DATA.open("rb") as handle:
        data = tomllib.load(handle)
    entries = data["government"]
    codes = [entry["code"] for entry in entries]
    assert len(codes) == len(set(codes)) == len(governments())
    assert codes == sorted(codes)
    for entry in entries:
        assert re.fullmatch(r"[A-Z]{2}", entry["code"]), entry
        assert entry["source"].startswith("https://"), entry
        assert entry["domains"], entry
        for domain in entry["domains"]:
            assert domain == domain.lower().strip(), domain
            assert "/" not in domain and "@" not in domain and "*" not in domain, domain
            assert domain.count(".") >= 1, domain
            assert domain not in FREE_OR_THIRD_PARTY, (entry["code"], domain)
        for pattern in entry.get("patterns", []):
            # "*" may only stand for subdomains, never inside the registrable domain.
            assert "*" not in pattern.removeprefix("*."), pattern


def test_germany_is_listed_with_diplo_de() -> None:
    assert "diplo.de" in governments()["DE"].domains


# --- real missions -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_all_german_missions_on_diplo_de_are_official() -> None:
    missions = Mission.objects.filter(
        sending_country__iso_alpha2="DE", website__icontains=".diplo.de"
    ).select_related("sending_country")
    assert missions.count() > 100
    for m in missions:
        assert domain_checks(m)["website"] == OFFICIAL, m.website


@pytest.mark.django_db
def test_german_embassy_on_diplo_de_has_no_caution(client: Client) -> None:
    m = mission(GERMANY_IN_AUSTRIA)
    assert host_of(m.website) == "wien.diplo.de"
    assert host_of(m.email) == "wien.diplo.de"
    page = text(client.get(m.get_absolute_url()))
    assert CAUTION not in page
    assert "not an official domain" not in page


@pytest.mark.django_db
def test_website_on_a_non_government_domain_gets_the_caution(client: Client) -> None:
    m = mission(AZERBAIJAN_IN_JAPAN)
    assert host_of(m.website) == "azembassy.jp"
    assert "mfa.gov.az" in governments()["AZ"].domains
    page = squash(text(client.get(m.get_absolute_url())))
    assert (
        f"{CAUTION} this mission's website is not on a known official domain of Azerbaijan's government."
        in page
    )
    assert 'azembassy.jp/English/</a> <span class="flag">not an official domain</span>' in page


@pytest.mark.django_db
def test_gmail_address_gets_the_caution(client: Client) -> None:
    m = mission(AZERBAIJAN_IN_EGYPT)
    assert host_of(m.email) == "gmail.com"
    assert domain_checks(m) == {
        "website": OFFICIAL,
        "website_unsafe": False,
        "email": UNOFFICIAL,
        "email_unsafe": False,
    }
    page = squash(text(client.get(m.get_absolute_url())))
    assert f"{CAUTION} this mission's email is not on a known official domain" in page
    assert page.count('<span class="flag">not an official domain</span>') == 1


@pytest.mark.django_db
def test_honorary_consulates_get_no_caution(client: Client) -> None:
    m = mission(AUSTRIA_HONORARY_IN_ALBANIA)
    assert m.kind == MissionKind.HONORARY_CONSULATE
    assert domain_status("AT", m.email) == UNOFFICIAL
    assert domain_checks(m) == {
        "website": OFFICIAL,
        "website_unsafe": False,
        "email": PRIVATE,
        "email_unsafe": False,
    }
    page = text(client.get(m.get_absolute_url()))
    assert CAUTION not in page
    assert "not an official domain" not in page
    assert "(the honorary consul's own address)" in page


@pytest.mark.django_db
def test_no_honorary_consulate_page_gets_the_caution() -> None:
    honorary = Mission.objects.filter(kind=MissionKind.HONORARY_CONSULATE).select_related(
        "sending_country"
    )
    assert honorary.count() > 100
    for m in honorary:
        assert UNOFFICIAL not in domain_checks(m).values(), m.wikidata_id


@pytest.mark.django_db
def test_unknown_government_gets_no_caution(client: Client) -> None:
    m = Mission.objects.get(wikidata_id="Q106450319")  # Afghanistan in Australia
    assert domain_checks(m)["website"] == UNKNOWN
    assert CAUTION not in text(client.get(m.get_absolute_url()))
