"""Phone numbers to E.164, read in the host country's numbering plan."""

from __future__ import annotations

import phonenumbers


def phone_normalize(raw: str, region: str | None) -> dict[str, object]:
    """{"raw", "e164", "valid"}: e164 is "" (and valid False) when the number does not parse."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return {"raw": raw, "e164": "", "valid": False}
    if not phonenumbers.is_possible_number(number):
        return {"raw": raw, "e164": "", "valid": False}
    return {
        "raw": raw,
        "e164": phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        "valid": phonenumbers.is_valid_number(number),
    }
