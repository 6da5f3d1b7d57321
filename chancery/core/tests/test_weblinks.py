"""Web and email addresses are read the way browsers read them: misleading forms are refused
with a reason, real addresses pass, and `mailto:` links carry nothing but the address."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from chancery.core.weblinks import (
    EmailAddressField,
    WebAddressField,
    browser_host,
    email_domain,
    email_problem,
    mailto_url,
    validate_mission_email,
    validate_web_address,
    web_address_problem,
)
from chancery.directory.models import Mission

# --- web addresses -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "host"),
    [
        # A backslash is a slash to a browser: what follows "@" is not the host.
        (
            "https://fake-visa-germany.example\\@germania.diplo.de/ru-de",
            "fake-visa-germany.example",
        ),
        ("https://evil.example\\.germania.diplo.de/", "evil.example"),
        ("https://evil.example\\germania.diplo.de", "evil.example"),
        # A user name before the host.
        ("https://germania.diplo.de@evil.example/", "evil.example"),
        ("https://germania.diplo.de%5C@evil.example/", "evil.example"),
        # Percent-encoding, full-width letters and ideographic dots in the host are decoded.
        ("https://%65vil.example/", "evil.example"),
        ("https://ＥＶＩＬ.example/", "evil.example"),
        ("https://evil。example/", "evil.example"),
        # Tabs and line breaks are dropped; upper case and a final dot do not matter.
        ("https://ev\til.exa\nmple/", "evil.example"),
        ("HTTPS://WWW.GERMANIA.DIPLO.DE./x", "germania.diplo.de"),
        ("germania.diplo.de", "germania.diplo.de"),
        # Other scripts come out as punycode, so a look-alike never equals an ASCII domain.
        ("https://dipl\u043e.de/", "xn--dipl-85d.de"),
        ("", ""),
        ("https://", ""),
    ],
)
def test_the_host_is_the_one_a_browser_visits(value: str, host: str) -> None:
    assert browser_host(value) == host


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("https://fake-visa-germany.example\\@germania.diplo.de/ru-de", "backslash"),
        ("https://germania.diplo.de\\@evil.example/", "backslash"),
        ("https://germania.diplo.de/ru-de\\..\\", "backslash"),
        ("\\\\evil.example/germania.diplo.de", "backslash"),
        ("https://user:secret@germania.diplo.de/", "user name or password"),
        ("https://evil.example@germania.diplo.de/", "user name or password"),
        ("https://germania.diplo.de@evil.example/", "user name or password"),
        ("https://@germania.diplo.de/", "user name or password"),
        ("https://evil.example%2F@germania.diplo.de/", "user name or password"),
        ("https://germ\tania.diplo.de/", "U+0009 TAB"),
        ("https://germania.diplo.de/ru\nde", "U+000A LINE FEED"),
        ("https://germania.diplo.de /", "U+0020 SPACE"),
        ("https://germ\u200bania.diplo.de/", "U+200B ZERO WIDTH SPACE"),
        ("https://germania.diplo.de\u200b", "U+200B ZERO WIDTH SPACE"),
        ("https://ex\u00adample.org/", "U+00AD SOFT HYPHEN"),
        ("https://example.org/\u202egpj.exe", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("https://exam\u3164ple.org/", "U+3164 HANGUL FILLER"),
        ("https://germania%2Ediplo.de/", "percent-encoding"),
        ("https://%67ermania.diplo.de/", "percent-encoding"),
        ("https://germania.diplo.de%2F.evil.example/", "percent-encoding"),
        ("https://ｇermania.diplo.de/", "browsers read it as germania.diplo.de"),
        ("https://germania。diplo.de/", "browsers read it as germania.diplo.de"),
        ("https:///germania.diplo.de/", "browsers read it as germania.diplo.de"),
        ("https://dipl\u043e.de/", "mixes letters of different alphabets"),
        ("https://xn--dipl-85d.de/", "mixes letters of different alphabets"),
        ("https://\u0430pple.com/", "mixes letters of different alphabets"),
        ("https://germania.diplo.de\u2044evil.example/", "U+2044 FRACTION SLASH"),
        ("https://germania.diplo.de\u2215evil.example/", "U+2215 DIVISION SLASH"),
        ("https://germania.diplo.de\u29f8evil.example/", "U+29F8 BIG SOLIDUS"),
        ("https://germania.diplo.de\u2571evil.example/", "sign that looks like punctuation"),
        ("https://germania\u00b7diplo.de/", "U+00B7 MIDDLE DOT"),
        ("https://germania\u30fbdiplo.de/", "sign that looks like punctuation"),
        ("https://germania\u0589diplo.de/", "sign that looks like punctuation"),
        ("https://germania\ua60ediplo.de/", "sign that looks like punctuation"),
        ("https://germania\u2e31diplo.de/", "sign that looks like punctuation"),
        ("https://germania.diplo.de./ru-de", "ends with a dot"),
        ("https://germania..diplo.de/", "not a valid domain name"),
        ("https://under_score.example.org/", "not a valid domain name"),
        ("https://xn--zz.de/", "not a valid domain name"),
        ("https://localhost/", "not a valid domain name"),
        ("https://0x7f.1/", "numeric IP address"),
        ("https://192.0.2.1/admin", "numeric IP address"),
        ("http://[2001:db8::1]/", "numeric IP address"),
        ("https:germania.diplo.de", "must begin with http:// or https://"),
        ("//germania.diplo.de/", "must begin with http:// or https://"),
        ("javascript:alert(1)", "must begin with http:// or https://"),
        ("ftp://germania.diplo.de/", "must begin with http:// or https://"),
        ("https://[germania.diplo.de/", "not an address a browser can open"),
    ],
)
def test_misleading_web_addresses_are_refused_with_a_reason(value: str, reason: str) -> None:
    problem = web_address_problem(value)
    assert reason in problem
    with pytest.raises(ValidationError) as caught:
        validate_web_address(value)
    assert caught.value.messages == [problem]


@pytest.mark.parametrize(
    "value",
    [
        "https://germania.diplo.de/ru-de",
        "HTTPS://GERMANIA.DIPLO.DE/RU-DE",
        "http://www.mfa.gov.cn/chn//pds/",
        "https://germania.diplo.de:443/ru-de?page=1&lang=ru#visa",
        "https://germania.diplo.de/ru-de/service/05-VisaEinreise/@visa",
        "https://www.embajadadeguineaecuatorialenespaña.com/",
        "https://AUSWÄRTIGES-AMT.de/",
        "https://www.xn--auswrtiges-amt-8hb.de/",
        "https://faß.de/",
        "https://пример.рф/контакты",
        "https://xn--e1afmkfd.xn--p1ai/",
        "https://例え.テスト/",
        "https://commons.wikimedia.org/wiki/File:Embassy_of_Germany,_Moscow.jpg",
        "https://example.org/%E2%80%8B",  # an encoded character in the path is the path's own
        "",
    ],
)
def test_ordinary_web_addresses_pass(value: str) -> None:
    assert web_address_problem(value) == ""
    validate_web_address(value)


# --- email addresses -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ('"?cc=attacker@evil.example&x="@germania.diplo.de', '" & = ? @'),
        ("mailto:info@germania.diplo.de?cc=attacker@evil.example", "= ? @"),
        ("info@germania.diplo.de?bcc=attacker@evil.example", "= ? @"),
        ('"info"@germania.diplo.de', '"'),
        ("info%40evil.example@germania.diplo.de", "%"),
        ("info&body=x@germania.diplo.de", "& ="),
        ("<info>@germania.diplo.de", "< >"),
        ("info\\@germania.diplo.de", "\\"),
        ("in fo@germania.diplo.de", "U+0020 SPACE"),
        ("info@germania.diplo.de\r\nBcc: attacker@evil.example", "U+000D CARRIAGE RETURN"),
        ("info\u200b@germania.diplo.de", "U+200B ZERO WIDTH SPACE"),
        (".info@germania.diplo.de", "two dots"),
        ("info..visa@germania.diplo.de", "two dots"),
        ("info-germania.diplo.de", "one “@”"),
        ("info@", "one “@”"),
        ("info@germania.diplo.de.", "ends with a dot"),
        ("info@[192.0.2.1]", "not a valid domain name"),
        ("info@germania.diplo.de/evil", "not a valid domain name"),
        ("info@192.0.2.1", "numeric IP address"),
        ("info@localhost", "not a valid domain name"),
        ("info@%67ermania.diplo.de", "percent-encoding"),
        ("info@ｇermania.diplo.de", "browsers read it as germania.diplo.de"),
        ("info@dipl\u043e.de", "mixes letters of different alphabets"),
    ],
)
def test_misleading_email_addresses_are_refused_with_a_reason(value: str, reason: str) -> None:
    problem = email_problem(value, allow_mailto=True)
    assert reason in problem, problem
    with pytest.raises(ValidationError):
        validate_mission_email(value)


@pytest.mark.parametrize(
    ("value", "domain"),
    [
        ("info@moskau.diplo.de", "moskau.diplo.de"),
        ("mailto:info@wien.diplo.de", "wien.diplo.de"),
        ("MAILTO:Info@Wien.Diplo.DE", "wien.diplo.de"),
        ("consular.section+visa@mfa.gov.az", "mfa.gov.az"),
        ("o'neill@dfa.ie", "dfa.ie"),
        ("pochta@пример.рф", "xn--e1afmkfd.xn--p1ai"),
    ],
)
def test_ordinary_email_addresses_pass(value: str, domain: str) -> None:
    assert email_problem(value, allow_mailto=True) == ""
    assert email_domain(value) == domain


def test_mailto_prefix_is_only_allowed_where_the_source_writes_it() -> None:
    assert email_problem("mailto:info@wien.diplo.de", allow_mailto=True) == ""
    assert email_problem("mailto:info@wien.diplo.de") != ""


# --- mailto links --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        '"?cc=attacker@evil.example&x="@germania.diplo.de',
        "info@germania.diplo.de?cc=attacker@evil.example",
        "mailto:info@germania.diplo.de?bcc=attacker@evil.example&body=Send%20money",
        "info@germania.diplo.de#?cc=attacker@evil.example",
        "info@germania.diplo.de\r\ncc: attacker@evil.example",
    ],
)
def test_a_mailto_link_can_add_no_header(value: str) -> None:
    """Whatever was stored, the link has one "@", no "?", "&", "#" or line break: a mail program
    opens a message to one address and nothing else."""
    url = mailto_url(value)
    assert url.startswith("mailto:")
    address = url.removeprefix("mailto:")
    assert not set('?&#\r\n" ') & set(address)
    assert address.count("@") == 1
    assert unquote(address).endswith(value.rpartition("@")[2].strip())


@pytest.mark.parametrize(
    ("value", "url"),
    [
        ("info@moskau.diplo.de", "mailto:info@moskau.diplo.de"),
        ("mailto:info@wien.diplo.de", "mailto:info@wien.diplo.de"),
        ("consular.section+visa@mfa.gov.az", "mailto:consular.section+visa@mfa.gov.az"),
        ("pochta@пример.рф", "mailto:pochta@%D0%BF%D1%80%D0%B8%D0%BC%D0%B5%D1%80.%D1%80%D1%84"),
    ],
)
def test_ordinary_addresses_make_ordinary_links(value: str, url: str) -> None:
    assert mailto_url(value) == url


def test_the_template_filter_writes_the_same_link() -> None:
    template = Template('{% load weblinks %}<a href="{{ address|mailto }}">{{ address }}</a>')
    html = template.render(Context({"address": '"?cc=attacker@evil.example&x="@germania.diplo.de'}))
    assert html.startswith(
        '<a href="mailto:%22%3Fcc%3Dattacker%40evil.example%26x%3D%22@germania.diplo.de">'
    )


# --- form fields ---------------------------------------------------------------------------------


def test_the_web_address_field_names_what_is_wrong() -> None:
    field = WebAddressField(required=False)
    assert field.clean("germania.diplo.de/ru-de") == "https://germania.diplo.de/ru-de"
    with pytest.raises(ValidationError) as caught:
        field.clean("https://fake-visa-germany.example\\@germania.diplo.de/ru-de")
    assert "backslash" in caught.value.messages[0]
    # Python's URL parsing would silently drop the tab: the field refuses it instead.
    with pytest.raises(ValidationError) as caught:
        field.clean("https://germ\tania.diplo.de/")
    assert caught.value.messages == [
        "The address contains a space, a line break or an invisible character (U+0009 TAB)."
    ]
    # What is no address at all gets Django's message, and what exactly is wrong beside it.
    with pytest.raises(ValidationError) as caught:
        field.clean("not a url")
    assert caught.value.messages == [
        "Enter a valid URL.",
        "The address contains a space, a line break or an invisible character (U+0020 SPACE).",
    ]


def test_the_email_field_refuses_a_quoted_name() -> None:
    field = EmailAddressField(required=False)
    assert field.clean("info@moskau.diplo.de") == "info@moskau.diplo.de"
    with pytest.raises(ValidationError) as caught:
        field.clean('"?cc=attacker@evil.example&x="@germania.diplo.de')
    assert "no place in an email address" in caught.value.messages[0]


def test_a_value_already_on_record_is_accepted_unchanged() -> None:
    field = WebAddressField(required=False)
    field.on_record = "https://germania.diplo.de\\ru-de"
    assert field.clean("https://germania.diplo.de\\ru-de") == "https://germania.diplo.de\\ru-de"
    with pytest.raises(ValidationError):
        field.clean("https://evil.example\\@germania.diplo.de")


# --- the real data -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_address_of_the_real_file_passes() -> None:
    """Thousands of real websites, photos and emails from Wikidata, as imported: none is
    refused (the checks catch tricks, not ordinary addresses)."""
    missions = Mission.objects.values_list("website", "image_url", "image_licence_url", "email")
    websites = emails = 0
    for website, image_url, licence_url, email in missions:
        for url in (website, image_url, licence_url):
            assert web_address_problem(url) == "", url
        assert email_problem(email, allow_mailto=True) == "", email
        websites += bool(website)
        emails += bool(email)
    assert websites > 6000
    assert emails > 750
