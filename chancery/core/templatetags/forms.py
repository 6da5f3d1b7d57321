"""`{% load forms %}`: a select field's options written in Python.

Country pickers hold some 250 options each; a template loop (or Django's widget template per
option) costs milliseconds per picker, this costs a fraction of one. With `cache_as`, the
options are kept as a fragment (per data version and language) and only the selection is
marked per request.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, runtime_checkable

from django import template
from django.forms import BoundField
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from chancery.core.fragments import cached_value

register = template.Library()


@runtime_checkable
class _FlatChoiceField(Protocol):
    """A form field whose choices are flat (value, label) pairs, as the pickers hold them."""

    choices: Iterable[tuple[Any, Any]]


def _choices(field: BoundField) -> Iterable[tuple[Any, Any]]:
    if not isinstance(field.field, _FlatChoiceField):
        raise TypeError(f"{field.html_name} is not a choice field")
    return field.field.choices


def _options(choices: Iterable[tuple[Any, Any]]) -> str:
    return "".join(
        f'<option value="{escape(value)}">{escape(label)}</option>' for value, label in choices
    )


@register.simple_tag
def select_options(field: BoundField, cache_as: str = "") -> SafeString:
    """The `<option>` elements of a choice field, the bound value selected.

    `cache_as` names the list when it depends only on the data and the language (the country
    pickers), so that it can be kept between requests.
    """
    if cache_as:
        html = cached_value(
            f"options:{cache_as}:{field.html_name}", (), lambda: _options(_choices(field))
        )
    else:
        html = _options(_choices(field))
    current = field.value()
    if current is not None:
        marker = f'<option value="{escape(current)}">'
        html = html.replace(marker, marker[:-1] + " selected>", 1)
    return mark_safe(html)  # every value and label escaped in _options
