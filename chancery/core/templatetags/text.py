"""`{% load text %}`: `value|isolate` keeps a value's own direction on right-to-left pages."""

from __future__ import annotations

from django import template

from chancery.core import text

register = template.Library()


@register.filter
def isolate(value: object) -> str:
    return text.isolate(value)
