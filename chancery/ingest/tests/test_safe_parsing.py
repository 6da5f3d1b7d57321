"""Safe parsing of feeds: XML through defusedxml with strict encodings, JSON with a depth limit."""

from __future__ import annotations

import codecs
import json

import pytest

from chancery.ingest.safe_json import MAX_JSON_DEPTH, JSONError, json_depth, load_json
from chancery.ingest.safe_xml import XMLMalformed, XMLRefused, read_xml

FEED = (
    '<?xml version="1.0" encoding="{encoding}"?>\n'
    '<rss version="2.0"><channel><title>Wire</title>'
    "<item><title>{title}</title><link>https://wire.example.org/1</link></item>"
    "</channel></rss>"
)
BOMB_DOCTYPE = '<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol9 "&lol;&lol;&lol;">]>\n'


def feed(encoding: str = "UTF-8", title: str = "Côte d'Ivoire") -> str:
    return FEED.format(encoding=encoding, title=title)


def title_of(data: bytes) -> str:
    return read_xml(data).root.findtext("channel/item/title") or ""


def utf7_hiding(text: str) -> bytes:
    """`text` in UTF-7, with its markup characters written in base64 as an attacker would."""
    hidden = {"<": "+ADw-", ">": "+AD4-", "&": "+ACY-", "[": "+AFs-", "]": "+AF0-"}
    head, rest = text.split("\n", 1)
    return (head + "\n" + "".join(hidden.get(ch, ch) for ch in rest)).encode("ascii")


# --- Encodings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "codec", "title"),
    [
        ("UTF-8", "utf-8", "Côte d'Ivoire"),
        ("ISO-8859-1", "latin-1", "Côte d'Ivoire"),
        ("windows-1252", "cp1252", "São Tomé’s “new” embassy"),
        ("ISO-8859-2", "iso8859-2", "Łódź and Brno"),
        ("KOI8-R", "koi8-r", "Посольство"),
        ("Shift_JIS", "shift_jis", "大使館"),
        ("GB18030", "gb18030", "大使馆"),
        ("Big5", "big5", "大使館"),
        ("UTF-16", "utf-16", "Côte d'Ivoire"),
    ],
)
def test_common_encodings_are_read(encoding: str, codec: str, title: str) -> None:
    checked = read_xml(feed(encoding, title).encode(codec))
    assert title_of(checked.data) == title
    assert checked.data.decode("utf-8")  # what other readers get is UTF-8


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b""])
def test_utf16_is_read_with_or_without_a_byte_order_mark(bom: bytes) -> None:
    codec = "utf-16-be" if bom == codecs.BOM_UTF16_BE else "utf-16-le"
    data = bom + feed("UTF-16", "Ελλάδα").encode(codec)
    assert title_of(read_xml(data).data) == "Ελλάδα"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (utf7_hiding(feed("UTF-7", "x").replace("\n", "\n" + BOMB_DOCTYPE, 1)), "UTF-7"),
        (utf7_hiding("\n" + feed("UTF-7", "x")).lstrip(b"\n"), "UTF-7"),  # no readable header
        (feed("UTF-7", "&lol9;").encode("utf-7"), "UTF-7"),
        (feed("cp037", "x").encode("cp037"), "EBCDIC"),
        (feed("IBM500", "x").encode("cp500"), "EBCDIC"),
        (feed("cp037", "x").encode("ascii"), "cp037"),  # declared, in ASCII
        (feed("UTF-32", "x").encode("utf-32"), "UTF-32"),
        (feed("UTF-32LE", "x").encode("utf-32-le"), "UTF-32"),
        (feed("ISO-2022-JP", "x").encode("iso2022_jp"), "ISO-2022-JP"),
        (feed("HZ-GB-2312", "x").encode("hz"), "HZ-GB-2312"),
        (feed("x-no-such-charset", "x").encode(), "unknown encoding"),
    ],
    ids=[
        "utf7-entity",
        "utf7-throughout",
        "utf7-declared",
        "ebcdic-037",
        "ebcdic-500",
        "ebcdic-declared",
        "utf32",
        "utf32-no-bom",
        "iso2022",
        "hz",
        "unknown",
    ],
)
def test_encodings_that_can_hide_markup_are_refused(data: bytes, words: str) -> None:
    with pytest.raises(XMLRefused, match=words):
        read_xml(data)


def test_windows1252_declared_as_utf8_is_read_with_a_warning() -> None:
    checked = read_xml(feed("UTF-8", "Côte d'Ivoire").encode("cp1252"))
    assert title_of(checked.data) == "Côte d'Ivoire"
    assert "read as windows-1252" in checked.warnings[0]


def test_utf8_declared_as_utf16_is_refused() -> None:
    with pytest.raises(XMLMalformed, match="UTF-16"):
        read_xml(feed("UTF-16").encode("utf-8"))


# --- DTDs, entities, well-formedness ----------------------------------------------------------


@pytest.mark.parametrize(
    "doctype",
    [
        BOMB_DOCTYPE,
        '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n',
        '<!DOCTYPE rss SYSTEM "https://evil.example/rss.dtd">\n',
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "rss-0.91.dtd">\n',
        "<!-- " + "padding " * 5000 + "-->\n" + BOMB_DOCTYPE,
    ],
    ids=["entities", "external", "system", "public", "late"],
)
@pytest.mark.parametrize("codec", ["utf-8", "utf-16"])
def test_every_document_type_declaration_is_refused(doctype: str, codec: str) -> None:
    text = feed("UTF-16" if codec == "utf-16" else "UTF-8", "&lol9;")
    head, rest = text.split("\n", 1)
    with pytest.raises(XMLRefused, match="type declaration"):
        read_xml(f"{head}\n{doctype}{rest}".encode(codec))


def test_an_html_page_is_named_as_such() -> None:
    with pytest.raises(XMLRefused, match="an HTML page"):
        read_xml(b"<!DOCTYPE html>\n<html><body>Hello</body></html>")


@pytest.mark.parametrize(
    ("title", "line", "column", "reason"),
    [
        # The title's text starts at column 61 of line 2.
        ("&lol9;", 2, 61, "undefined entity"),
        # Told where it is in the file as sent, whatever HTML names come before it.
        ("&nbsp;&lol9;", 2, 67, "undefined entity"),
        ("&ocirc;&eacute;&lol9;", 2, 76, "undefined entity"),
        ("&hellip;<b>unclosed", 2, 82, "mismatched tag"),
        ("Paris <b>unclosed", 2, 80, "mismatched tag"),
        ("Tom & Jerry", 2, 66, "not well-formed"),
    ],
)
def test_a_document_that_is_not_well_formed_is_refused_with_its_place(
    title: str, line: int, column: int, reason: str
) -> None:
    with pytest.raises(XMLMalformed) as raised:
        read_xml(feed("UTF-8", title).encode())
    assert f"line {line}, column {column}" in str(raised.value)
    assert reason in str(raised.value)


def test_an_empty_document_is_refused() -> None:
    with pytest.raises(XMLMalformed, match="empty"):
        read_xml(b"  \n")


@pytest.mark.parametrize(
    ("title", "read"),
    [
        ("&nbsp;Paris", "\xa0Paris"),
        ("C&ocirc;te d&rsquo;Ivoire &mdash; news", "Côte d’Ivoire — news"),
        ("A &amp; B&hellip;", "A & B…"),
    ],
)
def test_html_entity_names_are_read_as_their_characters(title: str, read: str) -> None:
    """Hand-made feeds use HTML's names without declaring them; with no DTD allowed, they can
    only mean HTML's characters."""
    checked = read_xml(feed("UTF-8", title).encode())
    assert title_of(checked.data) == read
    assert checked.warnings and "HTML entity names" in checked.warnings[0]


def test_predefined_and_numeric_entities_are_read() -> None:
    assert title_of(read_xml(feed("UTF-8", "A &amp; B &#233; &#x263A;").encode()).data) == (
        "A & B é ☺"
    )


# --- JSON -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "document",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 100_000 + "1" + "}" * 100_000,
        '{"data": ' + "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1) + "}",
        "[" * 100_000,  # and never closed
    ],
    ids=["arrays", "objects", "just-over", "unclosed"],
)
def test_json_nested_too_deeply_is_refused_not_a_crash(document: str) -> None:
    with pytest.raises(JSONError, match=f"nested too deeply \\(more than {MAX_JSON_DEPTH} levels"):
        load_json(document.encode())


def test_json_at_the_depth_limit_is_read() -> None:
    document = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert load_json(document.encode()) is not None


def test_brackets_inside_strings_do_not_count() -> None:
    text = json.dumps({"text": "[[[{{{" * 50_000, "quote": 'a "[" \\ b'})
    assert json_depth(text) == 1
    assert load_json(text.encode())["text"].startswith("[[[")


@pytest.mark.parametrize(
    "data",
    [b"<rss/>", b"", b'{"a": 1', b"\xff\xfe\x00", b"[" + b"9" * 5000 + b"]"],
    ids=["xml", "empty", "truncated", "bad-bytes", "huge-number"],
)
def test_what_is_not_json_says_so(data: bytes) -> None:
    with pytest.raises(JSONError, match="not JSON"):
        load_json(data)
