"""`{% load weblinks %}`: `address|mailto` is a `mailto:` link that can only ever open a message
to that address (no cc, bcc or body smuggled in through "?" or "&")."""

from __future__ import annotations

from django import template

from chancery.core import weblinks

register = template.Library()


@register.filter
def mailto(address: object) -> str:
    return weblinks.mailto_url(str(address or ""))


@register.filter
def misleading_web_address(address: object) -> bool:
    """Whether a stored web address could lead elsewhere than it reads (stored before the
    checks refused such values): show it as text, never as a link."""
    return bool(weblinks.web_address_problem(str(address or "")))


@register.filter
def misleading_email(address: object) -> bool:
    """Whether a stored email address could carry more than an address (see `email_problem`)."""
    return bool(weblinks.email_problem(str(address or ""), allow_mailto=True))
