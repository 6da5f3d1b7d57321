"""One phone rule: how numbers are stored, and which ones are valid."""

from __future__ import annotations

import pytest

from chancery.directory.phones import phone_normalize, phone_parse, phone_valid


def test_phone_normalize_e164() -> None:
    assert phone_normalize("+7-495-123-45-67", "RU") == {
        "raw": "+7-495-123-45-67",
        "e164": "+74951234567",
        "valid": True,
    }
    # National format, read in the host country's numbering plan.
    assert phone_normalize("030 18170", "DE")["e164"] == "+493018170"
    # An international number does not need a region.
    assert phone_normalize("+41 31 350 19 09", None)["e164"] == "+41313501909"


@pytest.mark.parametrize(
    ("raw", "region"),
    [("call the embassy", "RU"), ("12", "FR"), ("", "DE"), ("0301234567", None)],
)
def test_phone_normalize_garbage_is_kept_raw(raw: str, region: str | None) -> None:
    assert phone_normalize(raw, region) == {"raw": raw, "e164": "", "valid": False}


def test_a_possible_but_invalid_number_is_stored_flagged() -> None:
    # The importer keeps it (with its E.164 form); the public forms refuse it.
    stored = phone_normalize("+1 555 000 0000", None)
    assert stored == {"raw": "+1 555 000 0000", "e164": "+15550000000", "valid": False}
    number = phone_parse("+1 555 000 0000", None)
    assert number is not None and not phone_valid(number)


def test_phone_parse_and_valid() -> None:
    assert phone_parse("call the embassy", "RU") is None
    number = phone_parse("+7 495 937 95 00", None)
    assert number is not None and phone_valid(number)
    national = phone_parse("8 495 937 95 00", "RU")
    assert national is not None and phone_valid(national)
