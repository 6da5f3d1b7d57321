"""Web and email addresses that lead where they seem to lead.

A link is judged as a browser reads it: by the WHATWG URL standard, through ada (the parser
Node.js uses), and not only as Python's `urlsplit` reads it. The two disagree on backslashes,
user names before an "@", percent-encoded or full-width host names and more, and each
disagreement is a way to make a link that looks official lead elsewhere. So every address the
site stores passes `web_address_problem` or `email_problem`: an address that either parser could
misread, or that hides characters, is refused with a message saying what is wrong.

`mailto_url` writes a `mailto:` link whose address is percent-encoded, so that even an odd stored
value cannot add headers (cc, bcc, body) to the message a visitor's mail program opens.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

import ada_url
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from ada_url.ada_adapter import ParseAttributes

#: Letters that draw nothing (Hangul fillers, the blank Braille pattern): as good as invisible.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
#: Unicode categories of characters an address may not contain: controls, format characters
#: (zero-width spaces, joiners, direction marks), separators (every kind of space), private use
#: and unassigned code points.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cn"})
#: Control characters have no Unicode name; these are the ones people paste.
_CONTROL_NAMES = {"\t": "TAB", "\n": "LINE FEED", "\r": "CARRIAGE RETURN"}
_WEB_SCHEME = re.compile(r"https?://", re.IGNORECASE)
_MAILTO = re.compile(r"mailto:", re.IGNORECASE)
_ASCII_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
#: What the part of a consular email address before the "@" is made of. RFC 5322 allows much
#: more (quoted strings, "?", "=", "&", "%"), and that is how a crafted address smuggles a
#: second recipient into a link; no real mission address needs it.
_LOCAL_PART_CHARACTERS = frozenset(string.ascii_letters + string.digits + "._-+'")
#: Scripts that are written together in one name (Japanese mixes Han and kana, Korean Han and
#: Hangul), and are told apart from Latin at a glance.
_EAST_ASIAN = frozenset({"CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "HANGUL", "BOPOMOFO"})


def _hidden_character(value: str) -> str:
    """The first character of `value` that a reader cannot see or tell apart, or ""."""
    for character in value:
        if character in _BLANK_LETTERS or unicodedata.category(character) in _HIDDEN_CATEGORIES:
            return character
    return ""


def _describe(character: str) -> str:
    """A character as a reader can identify it: "U+200B ZERO WIDTH SPACE"."""
    name = unicodedata.name(character, "") or _CONTROL_NAMES.get(character, "CONTROL CHARACTER")
    return f"U+{ord(character):04X} {name}"


def _hidden_message(character: str) -> str:
    return _(
        "The address contains a space, a line break or an invisible character (%(character)s)."
    ) % {"character": _describe(character)}


def _backslash_message() -> str:
    return _(
        "The address contains a backslash (\\). Browsers read it as a slash, so the link would "
        "lead somewhere other than it seems."
    )


def _percent_message() -> str:
    return _(
        "The host name contains percent-encoding: browsers decode it, so the address leads "
        "somewhere other than it seems."
    )


def _parse(url: str) -> ParseAttributes | None:
    """The URL's parts as a browser reads them, or None when a browser would refuse it."""
    try:
        return ada_url.parse_url(url)
    except ValueError:
        return None


def _to_unicode(host: str) -> str:
    return ada_url.idna_to_unicode(host)


def _name_character(character: str) -> bool:
    """Whether a character of a host-name label is a letter, a mark, a digit or the hyphen:
    what names are written with. A symbol or punctuation sign (U+2044 FRACTION SLASH, U+2215
    DIVISION SLASH, U+00B7 MIDDLE DOT …) only draws a slash or a dot that is not one."""
    return character == "-" or unicodedata.category(character)[0] in "LMN"


def _scripts(label: str) -> set[str]:
    """The writing systems of a host-name label's letters (from their Unicode names)."""
    scripts = set()
    for character in label:
        if unicodedata.category(character).startswith("L"):
            scripts.add(unicodedata.name(character, "?").split(" ")[0])
    return scripts


def _host_problem(written: str, parsed: ParseAttributes) -> str:
    """What is wrong with a host name as written, given how a browser parsed it; "" if nothing.

    `written` is the host in lower case as it stands in the address (urlsplit's reading for a
    web address), `parsed` ada's reading of the whole address.
    """
    if "%" in written:
        return _percent_message()
    if parsed["host_type"] != ada_url.HostType.DEFAULT:
        return _("The address names a numeric IP address instead of a host name.")
    host = parsed["hostname"]
    if host != written and (written.isascii() or _to_unicode(host) != written):
        return _(
            "The host name is not written plainly: browsers read it as %(host)s. Write the "
            "address as it appears in the browser's address bar."
        ) % {"host": host}
    if host.endswith("."):
        return _("The host name ends with a dot: remove it.")
    labels = host.split(".")
    if (
        len(labels) < 2
        or not all(_ASCII_LABEL.fullmatch(label) for label in labels)
        or labels[-1].isdigit()
    ):
        return _("%(host)s is not a valid domain name.") % {"host": host}
    for label in labels:
        if label.startswith("xn--"):
            readable = _to_unicode(label)
            if readable == label:  # not valid punycode
                return _("%(host)s is not a valid domain name.") % {"host": host}
            symbol = next((c for c in readable if not _name_character(c)), "")
            if symbol:
                return _(
                    "The host name %(host)s contains %(character)s, a sign that looks like "
                    "punctuation but is part of the name."
                ) % {"host": _to_unicode(host), "character": _describe(symbol)}
            if len(_scripts(readable) - _EAST_ASIAN) > 1:
                return _(
                    "The host name %(host)s mixes letters of different alphabets in one word, "
                    "a common way to imitate another site's name."
                ) % {"host": _to_unicode(host)}
    return ""


def web_address_problem(value: str) -> str:
    """Why `value` may not be stored as a web address (a sentence), or "" when it may.

    Blank is fine here (whether a value is required is the field's business)."""
    if not value:
        return ""
    if "\\" in value:
        return _backslash_message()
    hidden = _hidden_character(value)
    if hidden:
        return _hidden_message(hidden)
    if not _WEB_SCHEME.match(value):
        return _("The address must begin with http:// or https://.")
    try:
        split = urlsplit(value)
        written = split.hostname or ""
    except ValueError:
        return _("This is not an address a browser can open.")
    if "%" in written:
        return _percent_message()
    parsed = _parse(value)
    if parsed is None:
        return _("This is not an address a browser can open.")
    if parsed["username"] or parsed["password"] or "@" in split.netloc:
        return _(
            "The address contains a user name or password before an “@”: browsers go to the "
            "host after it. Give the site's own address."
        )
    return _host_problem(written, parsed)


def browser_host(value: str) -> str:
    """The host a browser contacts for this web address (a bare domain counts as https), in
    lower-case ASCII (punycode for other scripts), without "www." or a final dot; "" if none."""
    value = (value or "").strip()
    if "://" not in value:
        value = f"https://{value}"
    parsed = _parse(value)
    if parsed is None:
        return ""
    return parsed["hostname"].strip(".").removeprefix("www.")


def _split_email(value: str) -> tuple[str, str]:
    address = _MAILTO.sub("", value, count=1) if _MAILTO.match(value) else value
    local, _at, domain = address.rpartition("@")
    return local, domain


def email_problem(value: str, *, allow_mailto: bool = False) -> str:
    """Why `value` may not be stored as an email address (a sentence), or "" when it may.

    `allow_mailto`: the value may begin with "mailto:" (as the source data writes them)."""
    if not value:
        return ""
    address = _MAILTO.sub("", value, count=1) if allow_mailto and _MAILTO.match(value) else value
    hidden = _hidden_character(address)
    if hidden:
        return _hidden_message(hidden)
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        return _("An email address has a name, one “@” and a domain, like info@example.org.")
    odd = sorted({c for c in local if c not in _LOCAL_PART_CHARACTERS})
    if odd:
        return _(
            "The part before the “@” contains characters that have no place in an email "
            "address: %(characters)s"
        ) % {"characters": " ".join(odd)}
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return _(
            "The part before the “@” may not begin or end with a dot, nor have two dots in a row."
        )
    written = domain.lower()
    parsed = None
    if all(c.isalnum() or c in ".-%" for c in written):
        parsed = _parse(f"https://{domain}/")
    if parsed is None:
        return _("%(host)s is not a valid domain name.") % {"host": domain}
    return _host_problem(written, parsed)


def email_domain(value: str) -> str:
    """The domain of an email address ("mailto:" allowed), in lower-case ASCII; "" if none."""
    _local, domain = _split_email((value or "").strip())
    if not domain:
        return ""
    parsed = _parse(f"https://{domain}/")
    return parsed["hostname"].strip(".") if parsed else domain.lower().strip(".")


def mailto_url(value: str) -> str:
    """A `mailto:` link to this address with every character that could carry a header ("?",
    "&", "=", "%", "#", quotes and the like) percent-encoded."""
    local, domain = _split_email((value or "").strip())
    if not domain:
        return "mailto:" + quote(local, safe="")
    return f"mailto:{quote(local, safe='+')}@{quote(domain, safe='')}"


def validate_web_address(value: str) -> None:
    """Django validator: a web address a browser reads the way it is written."""
    problem = web_address_problem(value)
    if problem:
        raise ValidationError(problem, code="unsafe_address")


def validate_email_address(value: str) -> None:
    """Django validator: an email address with nothing but an address in it."""
    problem = email_problem(value)
    if problem:
        raise ValidationError(problem, code="unsafe_address")


def validate_mission_email(value: str) -> None:
    """Django validator for a mission's email, which the source data writes with "mailto:"."""
    problem = email_problem(value, allow_mailto=True)
    if problem:
        raise ValidationError(problem, code="unsafe_address")


#: What Python's URL parsing drops without a word (so a form would store the address without
#: them, never telling the person that what they pasted was odd).
_DROPPED_BY_URLSPLIT = "\t\r\n"


def _run_both(django_checks: Callable[[Any], None], value: Any, problem: str) -> None:
    """Django's own message ("Enter a valid URL.") and, beside it, what exactly is wrong."""
    errors = []
    try:
        django_checks(value)
    except ValidationError as error:
        errors.extend(error.error_list)
    if problem:
        errors.append(ValidationError(problem, code="unsafe_address"))
    if errors:
        raise ValidationError(errors)


class WebAddressField(forms.URLField):
    """A web-address form field that refuses misleading addresses with a message saying what
    is wrong (rather than only "Enter a valid URL"). Addresses without a scheme are https."""

    #: The value already on record, accepted unchanged: a form that corrects one field must not
    #: refuse another that the person did not touch.
    on_record: str = ""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str | None:
        text = str(value or "").strip()
        if self.on_record and text == self.on_record:
            return self.on_record
        dropped = next((c for c in text if c in _DROPPED_BY_URLSPLIT), "")
        if dropped:
            raise ValidationError(_hidden_message(dropped), code="unsafe_address")
        return super().to_python(value)

    def run_validators(self, value: Any) -> None:
        """Django's checks ("Enter a valid URL.") and whether browsers read the address as it
        is written."""
        if value in self.empty_values or (self.on_record and value == self.on_record):
            return
        _run_both(super().run_validators, value, web_address_problem(value))


class EmailAddressField(forms.EmailField):
    """An email form field that refuses quoted names, header characters and misleading
    domains, with a message saying what is wrong."""

    #: The value already on record, accepted unchanged (see `WebAddressField.on_record`).
    on_record: str = ""

    def run_validators(self, value: Any) -> None:
        """Django's checks and the stricter ones."""
        if value in self.empty_values or (self.on_record and value == self.on_record):
            return
        _run_both(super().run_validators, value, email_problem(value))
