"""Text helpers for pages in several scripts."""

from __future__ import annotations

import unicodedata

from django.utils.translation import get_language_bidi

FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"


def isolate(value: object) -> str:
    """On a right-to-left page, `value` wrapped in a Unicode isolate, so that a Latin-script
    quotation ("Level 4: Do Not Travel") keeps its own direction inside an Arabic sentence and
    its punctuation stays where it belongs. Left-to-right pages get `value` unchanged."""
    text = str(value)
    if not text or not get_language_bidi():
        return text
    return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"


#: Format characters a name may need: the joiners that shape Persian, Arabic and Indic words.
_KEPT_FORMAT = frozenset({"\u200c", "\u200d"})


def without_controls(value: str) -> str:
    """`value` without control and format characters (bidi overrides such as U+202E, which
    would reverse the text after it on a page, zero-width spaces), joiners kept."""
    return "".join(
        ch for ch in value if ch in _KEPT_FORMAT or unicodedata.category(ch) not in ("Cc", "Cf")
    )
