"""Read an XML feed safely, before anything else reads it.

The bytes are decoded here, by rules that leave no room for two readers to see two different
documents: a byte-order mark, else the declared encoding, else UTF-8. Only UTF-8, UTF-16 and
encodings in which every ASCII byte stands for its ASCII character are accepted. UTF-7, EBCDIC,
UTF-32 and the stateful ISO-2022 family are refused: markup can hide in them ("+ADw-" is "<" in
UTF-7) from any check that reads bytes, and expat cannot read most of them anyway.

The decoded text is then parsed with defusedxml with document type declarations forbidden, so
no entity is ever declared, let alone expanded, and no external resource is read; an undefined
entity ("&lol9;") is an error, except HTML's own names (`&nbsp;`), read as their characters. A
document that is not well-formed is refused with its line and
column: a lenient reader would have to guess, and a guess cannot be vouched for.

`read_xml` returns the parsed tree and the document as UTF-8 bytes: give those bytes, not the
original ones, to any other reader (feedparser), so that it reads what was checked.
"""

from __future__ import annotations

import codecs
import html.entities
import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError
from xml.parsers.expat import errors as expat_errors

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import fromstring


class XMLError(ValueError):
    """The document cannot be used; the message says why, and where when it can."""


class XMLRefused(XMLError):
    """The document uses something refused on principle: a DTD, entities, an encoding."""


class XMLMalformed(XMLError):
    """The document is not well-formed XML (or not text in its encoding)."""


#: Codec names (as `codecs.lookup(...).name` gives them) of the accepted encodings besides
#: UTF-8 and UTF-16: single-byte and East Asian multi-byte encodings that keep ASCII as is.
ASCII_COMPATIBLE_ENCODINGS = frozenset(
    {"utf-8", "ascii", "koi8-r", "koi8-u", "mac-roman", "tis-620", "cp874"}
    | {f"iso8859-{n}" for n in range(1, 17) if n != 12}
    | {f"cp{n}" for n in range(1250, 1259)}
    | {"shift_jis", "cp932", "euc_jp", "euc_kr", "cp949", "gb2312", "gbk", "gb18030"}
    | {"big5", "big5hkscs"}
)
_UTF16 = frozenset({"utf-16", "utf-16-le", "utf-16-be"})

_DECLARATION = re.compile(rb"<\?xml\b[^>]{0,200}?\?>")
_DECLARED_ENCODING = re.compile(r"""\bencoding\s*=\s*(["'])([^"']{0,40})\1""")


@dataclass
class SafeXML:
    root: Element
    data: bytes  # the checked document, as UTF-8
    encoding: str  # what the original was read as
    warnings: list[str] = field(default_factory=list)


def _refused_encoding(name: str) -> XMLRefused:
    return XMLRefused(
        f"the encoding {name} is refused: feeds are read in UTF-8, UTF-16 or an encoding that "
        "keeps ASCII as is (ISO-8859, windows-125x, Shift_JIS, GB18030, Big5 …)"
    )


def _sniff(data: bytes) -> tuple[str, int]:
    """The encoding the first bytes show (a byte-order mark or the shape of "<?"), and the
    length of the mark; "" when the bytes are ASCII-like and the declaration decides."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise _refused_encoding("UTF-32")
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8", len(codecs.BOM_UTF8)
    if data.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", 2
    if data.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", 2
    head = data[:4]
    if head in (b"\x00\x00\x00<", b"<\x00\x00\x00"):
        raise _refused_encoding("UTF-32")
    if head.startswith(b"<\x00") and not head.startswith(b"<\x00\x00"):
        return "utf-16-le", 0
    if head.startswith(b"\x00<"):
        return "utf-16-be", 0
    if head == b"\x4c\x6f\xa7\x94":  # "<?xm" in EBCDIC
        raise _refused_encoding("EBCDIC")
    if head == b"+ADw":  # "<" in UTF-7
        raise _refused_encoding("UTF-7")
    return "", 0


def _declared(text: str) -> str:
    declaration = _DECLARATION.match(text.encode("ascii", "replace"))
    if declaration is None:
        return ""
    found = _DECLARED_ENCODING.search(declaration.group().decode("ascii"))
    return found.group(2).strip() if found else ""


def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise XMLRefused(f"unknown encoding {name!r}") from None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_xml(data: bytes) -> tuple[str, str, list[str]]:
    """The document's text, the encoding it was read as, and warnings."""
    warnings: list[str] = []
    sniffed, mark = _sniff(data)
    if sniffed in _UTF16:
        try:
            text = data[mark:].decode(sniffed)
        except UnicodeDecodeError as exc:
            raise XMLMalformed(
                f"bytes {exc.start + mark}–{exc.end + mark} are not valid UTF-16"
            ) from None
        declared = _declared(text)
        if declared and _codec(declared) not in _UTF16:
            raise XMLMalformed(f"the document is UTF-16 but declares the encoding {declared}")
        return text, "UTF-16", warnings
    body = data[mark:]
    declared = "" if sniffed else _declared(body[:256].decode("latin-1"))
    codec = _codec(declared) if declared else "utf-8"
    if codec in _UTF16:
        raise XMLMalformed(f"the document declares {declared}, but its bytes are not UTF-16")
    if codec not in ASCII_COMPATIBLE_ENCODINGS:
        raise _refused_encoding(declared)
    try:
        return body.decode(codec), declared or "UTF-8", warnings
    except UnicodeDecodeError as exc:
        problem = exc
    if codec in ("utf-8", "ascii") and not sniffed:
        # Western feeds often send windows-1252 and say UTF-8 (or nothing). Reading them as
        # windows-1252 is a guess about characters only: the markup is the same in both.
        try:
            text = body.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            said = f"declares {declared}" if declared else "declares no encoding"
            warnings.append(
                f"the feed {said} but line {_line_of(body, problem.start)} is not "
                f"{'UTF-8' if codec == 'utf-8' else 'ASCII'}; read as windows-1252"
            )
            return text, "windows-1252", warnings
    raise XMLMalformed(
        f"line {_line_of(body, problem.start)}: bytes that are not valid {declared or 'UTF-8'} text"
    )


def _as_utf8(text: str) -> bytes:
    """The text as UTF-8, its declaration saying so (or gone, which means the same)."""
    text = text.removeprefix("\ufeff")
    declaration = _DECLARATION.match(text.encode("ascii", "replace"))
    if declaration is not None:
        end = len(declaration.group().decode("ascii"))
        rewritten = _DECLARED_ENCODING.sub('encoding="UTF-8"', text[:end])
        text = rewritten + text[end:]
    return text.encode("utf-8")


#: A reference to a named entity: `&nbsp;`.
_NAMED_REFERENCE = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
#: The five entities XML itself defines.
_XML_ENTITIES = frozenset({"lt", "gt", "amp", "quot", "apos"})


def _html_names_as_numbers(text: str) -> tuple[str, list[str]]:
    """HTML's entity names (`&nbsp;`, `&eacute;`), which hand-made feeds use without declaring
    them, written as the numeric references XML reads (`&#160;`), with the names replaced.

    Safe because no document here has a DTD: these names can only mean HTML's characters, and
    no name can be made to stand for more text. A name HTML does not define stays, and stays an
    error ("&lol9;")."""
    replaced: set[str] = set()

    def number(match: re.Match[str]) -> str:
        written = _as_number(match)
        if written != match.group():
            replaced.add(match.group(1))
        return written

    return _NAMED_REFERENCE.sub(number, text), sorted(replaced)


def _as_number(match: re.Match[str]) -> str:
    name = match.group(1)
    characters = html.entities.html5.get(f"{name};")
    if name in _XML_ENTITIES or characters is None:
        return match.group()
    return "".join(f"&#{ord(c)};" for c in characters)


def _column_before_numbering(line: str, column: int) -> int:
    """The column in the document as sent of `column` (0-based) in its line once HTML names
    were numbered: a reader is told where the problem is in their own file."""
    shift = 0
    for match in _NAMED_REFERENCE.finditer(line):
        if match.start() + shift >= column:
            break
        shift += len(_as_number(match)) - len(match.group())
    return column - shift


def _parse(document: bytes) -> Element:
    return fromstring(document, forbid_dtd=True, forbid_entities=True, forbid_external=True)


def read_xml(data: bytes) -> SafeXML:
    """Parse a feed safely, or raise XMLError saying why it cannot be used."""
    if not data.strip():
        raise XMLMalformed("the document is empty")
    text, encoding, warnings = decode_xml(data)
    document = _as_utf8(text)
    try:
        try:
            root = _parse(document)
        except ParseError as exc:
            if exc.code != expat_errors.codes[expat_errors.XML_ERROR_UNDEFINED_ENTITY]:
                raise
            lenient, names = _html_names_as_numbers(text)
            if not names:
                raise
            document = _as_utf8(lenient)
            try:
                root = _parse(document)
            except ParseError as again:
                line, column = again.position
                lines = text.removeprefix("\ufeff").split("\n")
                if 0 < line <= len(lines):
                    again.position = (line, _column_before_numbering(lines[line - 1], column))
                raise again from None
            shown = ", ".join(f"&{name};" for name in names[:5])
            warnings.append(f"HTML entity names read as their characters ({shown})")
    except DTDForbidden as exc:
        if (exc.name or "").lower() == "html":
            raise XMLRefused("an HTML page (<!DOCTYPE html>), not a feed") from None
        raise XMLRefused(
            f"the document has a type declaration (<!DOCTYPE {exc.name}>), which feeds do not "
            "need and which can declare entities"
        ) from None
    except (EntitiesForbidden, ExternalReferenceForbidden) as exc:
        raise XMLRefused(f"the document declares entities ({exc.__class__.__name__})") from None
    except ParseError as exc:
        line, column = exc.position
        reason = expat_errors.messages.get(exc.code, "syntax error")
        raise XMLMalformed(
            f"not well-formed XML at line {line}, column {column + 1}: {reason}"
        ) from None
    return SafeXML(root=root, data=document, encoding=encoding, warnings=warnings)
