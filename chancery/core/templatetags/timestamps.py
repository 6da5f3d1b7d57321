"""`{% load timestamps %}`: `moment|iso_datetime` for `<time datetime>` and machine-read dates.

ISO 8601 to the second, with the moment's own offset: HTML's valid date strings allow at most
three digits of a second's fraction, and Python writes six (`isoformat`, Django's "c").
"""

from __future__ import annotations

import datetime as dt

from django import template

register = template.Library()


@register.filter
def iso_datetime(value: object) -> str:
    """`2025-03-04T12:00:00+00:00`; a date stays a date, anything else gives ""."""
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return ""
