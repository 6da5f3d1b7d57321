"""Phone numbers: one reading and one validity rule for every number a mission gets.

A number is read in the host country's numbering plan (`phone_parse`) and is valid when its
plan says so (`phone_valid`). The importer keeps a number it cannot validate, flagged
`valid: False` (a source's number may be right in a plan newer than ours); the public forms
refuse one, since the person can check the digits.
"""

from __future__ import annotations

import phonenumbers


def phone_parse(raw: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    """The number `raw` reads as in `region`'s numbering plan, or None when it is no number."""
    try:
        return phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None


def phone_valid(number: phonenumbers.PhoneNumber) -> bool:
    """Whether `number` is one its country's numbering plan assigns."""
    return phonenumbers.is_valid_number(number)


def phone_normalize(raw: str, region: str | None) -> dict[str, object]:
    """{"raw", "e164", "valid"}, as a mission stores it: e164 is "" (and valid False) when the
    number does not parse or cannot be a number at all."""
    number = phone_parse(raw, region)
    if number is None or not phonenumbers.is_possible_number(number):
        return {"raw": raw, "e164": "", "valid": False}
    return {
        "raw": raw,
        "e164": phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        "valid": phone_valid(number),
    }
