"""`{% load forms %}`: a select field's options written in Python.

Country pickers hold some 250 options each; a template loop (or Django's widget template per
option) costs milliseconds per picker, this costs a fraction of one. With `cache_as`, the
options are kept as a fragment (per data version and language) and only the selection is
marked per request.
"""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from chancery.core.fragments import cached_value

register = template.Library()


def _options(choices: object) -> str:
    return "".join(
        f'<option value="{escape(value)}">{escape(label)}</option>'
        for value, label in choices  # type: ignore[attr-defined]
    )


@register.simple_tag
def select_options(field: BoundField, cache_as: str = "") -> SafeString:
    """The `<option>` elements of a choice field, the bound value selected.

    `cache_as` names the list when it depends only on the data and the language (the country
    pickers), so that it can be kept between requests.
    """
    if cache_as:
        html = cached_value(
            f"options:{cache_as}:{field.html_name}", (), lambda: _options(field.field.choices)
        )
    else:
        html = _options(field.field.choices)
    current = field.value()
    if current is not None:
        marker = f'<option value="{escape(current)}">'
        html = html.replace(marker, marker[:-1] + " selected>", 1)
    return mark_safe(html)  # every value and label escaped in _options
