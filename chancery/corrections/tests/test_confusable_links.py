"""Addresses written to look official: refused by every form, never judged official, flagged the
same way in the review flags and the moderation queue, and harmless as `mailto:` links."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from chancery.core.weblinks import mailto_url
from chancery.corrections.domains import (
    OFFICIAL,
    UNOFFICIAL,
    domain_status,
    host_of,
    website_or_email_flags,
)
from chancery.corrections.models import Suggestion, SuggestionKind
from chancery.corrections.selectors import domain_checks
from chancery.countries.models import Country
from chancery.directory.models import Mission, MissionKind

from .helpers import (
    AZERBAIJAN_IN_EGYPT,
    EVIDENCE,
    GERMANY_IN_AUSTRIA,
    GERMANY_IN_RUSSIA,
    admin_mission_form_data,
    correction_data,
    errors_of,
    mission,
    new_mission_data,
    squash,
    suggest_url,
    text,
)

pytestmark = pytest.mark.django_db

QUEUE = "/admin/corrections/suggestion/"
NEW_MISSION = "/in/russia/suggest-mission/"
#: Looks like the German embassy's site; a browser goes to fake-visa-germany.example.
BACKSLASH_TRICK = "https://fake-visa-germany.example\\@germania.diplo.de/ru-de"
#: Looks like the embassy's address; a mail program adds a Cc to the attacker.
QUOTED_TRICK = '"?cc=attacker@evil.example&x="@germania.diplo.de'

#: Ways to make an address on someone else's host read as germania.diplo.de, with the words the
#: refusal must contain.
CONFUSABLE_WEBSITES = [
    (BACKSLASH_TRICK, "backslash"),
    ("https://fake-visa-germany.example\\.germania.diplo.de/", "backslash"),
    ("https://germania.diplo.de\\@fake-visa-germany.example/", "backslash"),
    ("https://germania.diplo.de/ru-de\\..\\..\\@evil.example", "backslash"),
    ("https://germania.diplo.de@fake-visa-germany.example/ru-de", "user name or password"),
    ("https://visa:apply@germania.diplo.de/", "user name or password"),
    ("https://germania.diplo.de%2F@fake-visa-germany.example/", "user name or password"),
    ("https://germania%2Ediplo.de/ru-de", "percent-encoding"),
    ("https://germania.diplo.de%2F.fake-visa-germany.example/", "percent-encoding"),
    ("https://germ\tania.diplo.de/ru-de", "U+0009 TAB"),
    ("https://germania.diplo.de/ru\n-de", "U+000A LINE FEED"),
    ("https://germ\u200bania.diplo.de/", "U+200B ZERO WIDTH SPACE"),
    ("https://ｇermania.diplo.de/ru-de", "browsers read it as germania.diplo.de"),
    ("https://germania.dipl\u043e.de/ru-de", "mixes letters of different alphabets"),
    ("https://germania.xn--dipl-85d.de/ru-de", "mixes letters of different alphabets"),
    ("https://germania.diplo.de./ru-de", "ends with a dot"),
    ("https://0x7f.1/ru-de", "numeric IP address"),
]
CONFUSABLE_EMAILS = [
    (QUOTED_TRICK, "no place in an email address"),
    ('"info"@moskau.diplo.de', "no place in an email address"),
    ("info%40evil.example@moskau.diplo.de", "no place in an email address"),
    ("info@moskau.dipl\u043e.de", "mixes letters of different alphabets"),
    ("info@ｍoskau.diplo.de", "browsers read it as moskau.diplo.de"),
    ("info\u200b@moskau.diplo.de", "U+200B ZERO WIDTH SPACE"),
]


@pytest.fixture
def russia() -> Mission:
    return mission(GERMANY_IN_RUSSIA)


def refusal(response, field: str) -> str:
    assert response.status_code == 400
    messages = errors_of(response, field)
    assert messages, response.context["form"].errors
    assert not Suggestion.objects.exists()
    return " ".join(messages)


# --- the public forms ----------------------------------------------------------------------------


@pytest.mark.parametrize(("website", "reason"), CONFUSABLE_WEBSITES)
def test_a_correction_with_a_confusable_website_is_refused(
    client: Client, russia: Mission, website: str, reason: str
) -> None:
    response = client.post(
        suggest_url(russia), correction_data(russia, website=website, evidence_url=EVIDENCE)
    )
    assert reason in refusal(response, "website")


@pytest.mark.parametrize(("evidence", "reason"), CONFUSABLE_WEBSITES[:8])
def test_confusable_evidence_is_refused(
    client: Client, russia: Mission, evidence: str, reason: str
) -> None:
    response = client.post(
        suggest_url(russia), correction_data(russia, city="Moskva", evidence_url=evidence)
    )
    assert reason in refusal(response, "evidence_url")


@pytest.mark.parametrize(("email", "reason"), CONFUSABLE_EMAILS)
def test_a_correction_with_a_confusable_email_is_refused(
    client: Client, russia: Mission, email: str, reason: str
) -> None:
    response = client.post(suggest_url(russia), correction_data(russia, email=email))
    assert reason in refusal(response, "email")


def test_the_refusal_is_shown_in_the_page_language(client: Client, russia: Mission) -> None:
    response = client.post(
        f"/de{suggest_url(russia)}",
        correction_data(russia, website=BACKSLASH_TRICK, evidence_url=EVIDENCE),
    )
    assert "umgekehrten Schrägstrich" in refusal(response, "website")


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("website", BACKSLASH_TRICK, "backslash"),
        ("website", "https://germania.diplo.de@kazan-visa.example/", "user name or password"),
        ("evidence_url", "https://auswaertiges-amt.de\\@evil.example/", "backslash"),
        ("email", QUOTED_TRICK, "no place in an email address"),
        ("contact_email", '"me?bcc=x"@example.org', "no place in an email address"),
    ],
)
def test_a_new_mission_with_a_confusable_address_is_refused(
    client: Client, field: str, value: str, reason: str
) -> None:
    response = client.post(NEW_MISSION, new_mission_data(**{field: value}))
    assert reason in refusal(response, field)


def test_real_addresses_are_accepted_unchanged(client: Client) -> None:
    """The real German embassy's website and email, taken from the imported file, proposed for
    another mission: accepted as they are, and official."""
    real = mission(GERMANY_IN_AUSTRIA)
    assert real.website and real.email_address
    response = client.post(
        NEW_MISSION, new_mission_data(website=real.website, email=real.email_address)
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.changes["website"] == real.website
    assert suggestion.changes["email"] == real.email_address
    assert suggestion.review_flags == []


# --- never official ------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "_reason"), CONFUSABLE_WEBSITES + CONFUSABLE_EMAILS)
def test_a_confusable_address_is_never_official(value: str, _reason: str) -> None:
    assert domain_status("DE", value) == UNOFFICIAL
    assert website_or_email_flags("DE", value, "") or website_or_email_flags("DE", "", value)


def test_the_host_is_where_the_browser_goes() -> None:
    assert host_of(BACKSLASH_TRICK) == "fake-visa-germany.example"
    assert host_of("https://germania.diplo.de/ru-de") == "germania.diplo.de"
    assert domain_status("DE", "https://germania.diplo.de/ru-de") == OFFICIAL
    assert domain_status("DE", "HTTPS://GERMANIA.DIPLO.DE/RU-DE") == OFFICIAL


def test_the_review_flag_names_the_problem() -> None:
    assert website_or_email_flags("DE", BACKSLASH_TRICK, QUOTED_TRICK) == [
        f"The website {BACKSLASH_TRICK!r} is not a safe address: The address contains a "
        "backslash (\\). Browsers read it as a slash, so the link would lead somewhere other "
        "than it seems.",
        f"The email {QUOTED_TRICK!r} is not a safe address: The part before the “@” contains "
        'characters that have no place in an email address: " & = ? @',
    ]


def test_a_stored_confusable_website_gets_the_caution(client: Client, russia: Mission) -> None:
    """A value stored before these checks (or written straight to the database) is still
    judged by where it leads."""
    Mission.objects.filter(pk=russia.pk).update(website=BACKSLASH_TRICK)
    russia.refresh_from_db()
    assert domain_checks(russia)["website"] == UNOFFICIAL
    page = squash(text(client.get(russia.get_absolute_url())))
    assert "<strong>Caution:</strong> this mission's website is not on a known official" in page
    assert '<span class="flag">not an official domain</span>' in page
    # Shown for an editor to recognise, never as a link to follow.
    assert "fake-visa-germany.example" in page
    assert not re.search(r'href="[^"]*fake-visa-germany', page)


def test_an_honorary_consuls_misleading_address_is_not_excused_as_private(
    client: Client, russia: Mission
) -> None:
    Mission.objects.filter(pk=russia.pk).update(
        kind=MissionKind.HONORARY_CONSULATE, website=BACKSLASH_TRICK
    )
    russia.refresh_from_db()
    checks = domain_checks(russia)
    assert checks["website"] == UNOFFICIAL and checks["website_unsafe"] is True
    page = text(client.get(russia.get_absolute_url()))
    assert "the honorary consul's own site" not in page
    assert not re.search(r'href="[^"]*fake-visa-germany', page)


# --- mailto links --------------------------------------------------------------------------------


def test_a_stored_quoted_email_cannot_add_a_cc(client: Client, russia: Mission) -> None:
    Mission.objects.filter(pk=russia.pk).update(email=f"mailto:{QUOTED_TRICK}")
    russia.refresh_from_db()
    assert domain_checks(russia)["email"] == UNOFFICIAL
    page = text(client.get(russia.get_absolute_url()))
    assert re.findall(r'href="(mailto:[^"]*)"', page) == []
    assert "not an official domain" in page
    # Wherever such a value is still linked, the address is percent-encoded: no header in it.
    assert mailto_url(QUOTED_TRICK) == (
        "mailto:%22%3Fcc%3Dattacker%40evil.example%26x%3D%22@germania.diplo.de"
    )


def test_the_vcard_leaves_out_misleading_addresses(client: Client, russia: Mission) -> None:
    """An address book keeps no warning beside an address: a misleading one is not copied."""
    Mission.objects.filter(pk=russia.pk).update(
        website=BACKSLASH_TRICK, email=f"mailto:{QUOTED_TRICK}"
    )
    card = client.get(f"/missions/{russia.slug}.vcf").content.decode()
    assert "BEGIN:VCARD" in card
    assert "evil.example" not in card and "fake-visa-germany" not in card
    assert "EMAIL" not in card and "URL:" not in card


def test_the_help_cards_do_not_link_misleading_addresses(client: Client, russia: Mission) -> None:
    """The "who can help" card shows the same mission as its page: no link to follow there
    either, while the other missions' real addresses stay links."""
    Mission.objects.filter(pk=russia.pk).update(
        website=BACKSLASH_TRICK, email=f"mailto:{QUOTED_TRICK}"
    )
    russia.refresh_from_db()
    sender, host = russia.sending_country.slug, russia.host_country.slug
    page = text(client.get(f"/help/?nationality={sender}&country={host}"))
    assert russia.get_absolute_url() in page
    assert not re.search(r'href="[^"]*(fake-visa-germany|evil\.example|%22%3Fcc)', page)
    austria = mission(GERMANY_IN_AUSTRIA)
    page = text(client.get("/help/?nationality=germany&country=austria"))
    assert f'<a href="{austria.website}" rel="noopener">Website</a>' in page


def test_the_vcard_keeps_real_addresses(client: Client) -> None:
    m = mission(GERMANY_IN_AUSTRIA)
    card = client.get(f"/missions/{m.slug}.vcf").content.decode()
    assert f"EMAIL:{m.email_address}" in card
    assert f"URL:{m.website}" in card


@pytest.mark.parametrize("wikidata_id", [GERMANY_IN_AUSTRIA, AZERBAIJAN_IN_EGYPT])
def test_real_emails_keep_their_links(client: Client, wikidata_id: str) -> None:
    m = mission(wikidata_id)
    address = m.email_address
    assert re.fullmatch(r"[\w.+-]+@[\w.-]+", address), address
    page = text(client.get(m.get_absolute_url()))
    assert f'<a href="mailto:{address}">{address}</a>' in page


def test_every_real_email_makes_the_same_link_as_before() -> None:
    from chancery.core.weblinks import mailto_url

    emails = Mission.objects.exclude(email="").values_list("email", flat=True)
    assert emails.count() > 750
    for email in emails:
        address = email.removeprefix("mailto:")
        assert mailto_url(address) == f"mailto:{address}", email


# --- the moderation queue ------------------------------------------------------------------------


def test_new_mission_diff_warns_of_an_unofficial_website(
    client: Client, admin_client_: Client
) -> None:
    response = client.post(NEW_MISSION, new_mission_data(website="https://kazan-visa-germany.ru"))
    assert response.status_code == 302
    suggestion = Suggestion.objects.get(kind=SuggestionKind.NEW_MISSION)
    assert suggestion.mission is None
    assert suggestion.review_flags == [
        "The website kazan-visa-germany.ru is not on a known domain of the government."
    ]
    detail = text(admin_client_.get(f"{QUEUE}{suggestion.pk}/change/"))
    assert "https://kazan-visa-germany.ru ⚠ not an official domain" in detail


def test_new_mission_diff_is_quiet_for_an_official_website(
    client: Client, admin_client_: Client
) -> None:
    client.post(NEW_MISSION, new_mission_data(website="https://kasan.diplo.de"))
    suggestion = Suggestion.objects.get()
    assert suggestion.review_flags == []
    assert "⚠" not in text(admin_client_.get(f"{QUEUE}{suggestion.pk}/change/"))


def test_the_diff_shows_the_same_flags_as_the_review_flags(admin_client_: Client) -> None:
    """A suggestion holding addresses the forms would refuse (an import conflict, or one sent
    before these checks): its diff warns on each, as its review flags do."""
    germany = Country.objects.get(iso_alpha2="DE")
    suggestion = Suggestion.objects.create(
        kind=SuggestionKind.NEW_MISSION,
        host_country=Country.objects.get(iso_alpha2="RU"),
        sending_country=germany,
        changes={
            "city": "Kazan",
            "website": BACKSLASH_TRICK,
            "email": QUOTED_TRICK,
            "phone": "+7 843 200 00 00",
        },
    )
    detail = squash(text(admin_client_.get(f"{QUEUE}{suggestion.pk}/change/")))
    assert detail.count("⚠ not a safe address") == 2
    assert "+7 843 200 00 00⚠" not in detail and "+7 843 200 00 00 ⚠" not in detail


# --- the admin -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("website", BACKSLASH_TRICK, "backslash"),
        ("website", "https://germania.diplo.de@evil.example/", "user name or password"),
        ("website", "https://germ\tania.diplo.de/", "U+0009 TAB"),
        ("image_url", "https://upload.wikimedia.org\\@evil.example/x.jpg", "backslash"),
        ("image_licence_url", "https://creativecommons.org%2F@evil.example/", "user name"),
        ("email", f"mailto:{QUOTED_TRICK}", "no place in an email address"),
        ("email", "info@moskau.diplo.de?cc=attacker@evil.example", "no place in an email"),
    ],
)
def test_the_mission_admin_refuses_a_confusable_address(
    admin_client_: Client, superuser, russia: Mission, field: str, value: str, reason: str
) -> None:
    data = admin_mission_form_data(russia, superuser)
    data[field] = value
    response = admin_client_.post(f"/admin/directory/mission/{russia.pk}/change/", data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert reason in " ".join(errors[field]), errors
    stored = Mission.objects.get(pk=russia.pk)
    assert getattr(stored, field) == getattr(russia, field)


def test_the_mission_admin_keeps_real_addresses(
    admin_client_: Client, superuser, russia: Mission
) -> None:
    data = admin_mission_form_data(russia, superuser)
    data["email"] = "mailto:info@moskau.diplo.de"
    response = admin_client_.post(f"/admin/directory/mission/{russia.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    russia.refresh_from_db()
    assert russia.email == "mailto:info@moskau.diplo.de"
    assert russia.website == "https://germania.diplo.de/ru-de"
