"""The language a page is written in, as the data names it.

Country names and the vocabulary are stored under bare language codes ("pt", not "pt-br"), so
every reader of the page's language wants the code without its region.
"""

from __future__ import annotations

from django.utils.translation import get_language

#: The language of a page rendered outside a request (a command, a test).
DEFAULT_LANGUAGE = "en"


def bare_language(code: str | None) -> str:
    """`code` without its region ("pt-br" → "pt"); the default language when there is none."""
    return (code or DEFAULT_LANGUAGE).split("-")[0]


def page_language() -> str:
    """The bare code of the language the current page is rendered in."""
    return bare_language(get_language())
