"""The page's language, as the data names it: a bare code."""

from __future__ import annotations

from django.utils.translation import override

from chancery.core.language import bare_language, page_language


def test_the_region_is_left_out() -> None:
    with override("de-at"):
        assert page_language() == "de"
    with override("fr"):
        assert page_language() == "fr"


def test_english_outside_any_language() -> None:
    with override(None):
        assert page_language() == "en"
    assert bare_language("") == "en"
    assert bare_language("pt-br") == "pt"
