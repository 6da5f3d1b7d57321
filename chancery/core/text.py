"""Text helpers for pages in several scripts."""

from __future__ import annotations

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
