"""The rules' data files (chancery/assist/data/*.toml) and their validation."""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

import phonenumbers
import pycountry
import pytest

from chancery.assist import rules as rules_module
from chancery.assist.rules import DATA_DIR, RulesDataError, RuleSet, rules

FILES = {
    "eu_membership.toml": "member",
    "consular_sharing.toml": "agreement",
    "protecting_powers.toml": "mandate",
    "emergency_lines.toml": "line",
    "territory_status.toml": "status",
}
#: Fields holding one ISO alpha-2 code, or a list of them, per table.
CODE_FIELDS = {
    "member": ["code"],
    "agreement": ["provider", "beneficiary", "countries", "parties"],
    "mandate": ["protecting", "for", "in"],
    "line": ["country"],
    "status": ["codes"],
}
ISO_CODES = {c.alpha_2 for c in pycountry.countries}


def _raw(name: str) -> dict:
    with (DATA_DIR / name).open("rb") as handle:
        return tomllib.load(handle)


def _entries() -> Iterator[tuple[str, str, int, dict]]:
    for name, table in FILES.items():
        for index, entry in enumerate(_raw(name)[table], start=1):
            yield name, table, index, entry


@pytest.fixture
def fresh_rules() -> Iterator[None]:
    rules.cache_clear()
    yield
    rules.cache_clear()


# --- the real files -------------------------------------------------------------------------


def test_every_file_loads(fresh_rules: None) -> None:
    ruleset = rules()
    assert isinstance(ruleset, RuleSet)
    assert set(ruleset.versions) == set(FILES)
    assert all(version >= 1 for version in ruleset.versions.values())
    assert ruleset.eu and ruleset.sharing and ruleset.mandates and ruleset.lines
    # Every entry of the files becomes one rule.
    assert len(ruleset.eu) == len(_raw("eu_membership.toml")["member"])
    assert len(ruleset.sharing) == len(_raw("consular_sharing.toml")["agreement"])
    assert len(ruleset.mandates) == len(_raw("protecting_powers.toml")["mandate"])
    assert len(ruleset.lines) == len(_raw("emergency_lines.toml")["line"])  # one per country
    assert len(ruleset.territories) == len(_raw("territory_status.toml")["status"])


def test_rules_are_read_once() -> None:
    assert rules() is rules()


def test_every_entry_has_an_https_source_and_a_date() -> None:
    today = dt.date.today()
    for name, table, index, entry in _entries():
        where = f"{name} [[{table}]] {index}"
        assert isinstance(entry.get("source"), str), where
        assert entry["source"].startswith("https://"), where
        assert type(entry.get("as_of")) is dt.date, where
        assert dt.date(1950, 1, 1) <= entry["as_of"] <= today, where


def test_eu_directive_is_sourced() -> None:
    directive = rules().eu_directive
    assert directive["url"].startswith("https://")
    assert "2015/637" in directive["short_title"]


def test_every_code_is_a_real_iso_code() -> None:
    for name, table, index, entry in _entries():
        for key in CODE_FIELDS[table]:
            if key not in entry:
                continue
            values = entry[key] if isinstance(entry[key], list) else [entry[key]]
            for value in values:
                assert value in ISO_CODES, f"{name} [[{table}]] {index}: {key} = {value!r}"


def test_country_evidence_is_about_listed_countries() -> None:
    for agreement in _raw("consular_sharing.toml")["agreement"]:
        evidence = agreement.get("country_evidence", {})
        assert set(evidence) <= set(agreement["countries"]), agreement["id"]


def test_sharing_agreements_are_consistent() -> None:
    ids = [a.id for a in rules().sharing]
    assert len(ids) == len(set(ids))
    for agreement in rules().sharing:
        assert agreement.provider not in agreement.beneficiaries, agreement.id
        assert agreement.name and agreement.services, agreement.id
        parties = getattr(agreement, "parties", frozenset())
        if parties:
            assert {agreement.provider, *agreement.beneficiaries} <= parties, agreement.id


def test_unrepresented_arrangements_apply_outside_the_parties_only() -> None:
    unrepresented = [a for a in rules().sharing if getattr(a, "scope", "") == "unrepresented"]
    if not unrepresented:
        pytest.skip("no arrangement with scope 'unrepresented'")
    for agreement in unrepresented:
        for party in agreement.parties:
            assert not agreement.applies_in(party), (agreement.id, party)
        assert agreement.applies_in("AR"), agreement.id
    listed = [a for a in rules().sharing if a.countries]
    for agreement in listed:
        for code in agreement.countries:
            assert agreement.applies_in(code)
        assert not agreement.applies_in("AQ")


def test_mandates_name_three_different_states() -> None:
    for mandate in rules().mandates:
        assert len({mandate.protecting, mandate.protected, mandate.host}) == 3, mandate
        assert mandate.office, mandate
        assert mandate.ended is None or mandate.ended > (mandate.since or dt.date.min)


def test_the_iran_mandate_is_switzerland_for_the_united_states() -> None:
    mandate = next(m for m in rules().mandates if (m.protected, m.host) == ("US", "IR"))
    assert mandate.protecting == "CH"
    assert mandate.active_on(dt.date.today())
    assert not mandate.active_on(dt.date(2100, 1, 1)) or mandate.ended is None


# --- EU membership --------------------------------------------------------------------------


def _member(code: str):
    return next(m for m in rules().eu if m.code == code)


def test_united_kingdom_left_on_31_january_2020() -> None:
    uk = _member("GB")
    assert uk.joined == dt.date(1973, 1, 1)
    assert uk.left == dt.date(2020, 1, 31)
    assert uk.member_on(dt.date(2019, 12, 31))
    assert not uk.member_on(dt.date(2020, 2, 1))
    assert not uk.member_on(dt.date.today())
    assert "GB" not in rules().eu_members(dt.date.today())
    assert "GB" in rules().eu_members(dt.date(2016, 6, 23))


def test_croatia_joined_on_1_july_2013() -> None:
    croatia = _member("HR")
    assert croatia.joined == dt.date(2013, 7, 1)
    assert croatia.left is None
    assert croatia.member_on(dt.date(2013, 7, 1))
    assert not croatia.member_on(dt.date(2013, 6, 30))
    assert "HR" in rules().eu_members(dt.date.today())


def test_the_eu_has_27_members_today() -> None:
    members = rules().eu_members(dt.date.today())
    assert len(members) == 27
    assert {"DE", "FR", "IT", "NL", "BE", "LU", "EE", "LV", "LT", "MT", "CY", "IE"} <= members
    assert not {"GB", "NO", "CH", "IS", "TR"} & members
    assert len(rules().eu_members(dt.date(2019, 1, 1))) == 28
    assert rules().eu_members(dt.date(1958, 1, 1)) == {"BE", "DE", "FR", "IT", "LU", "NL"}


# --- emergency lines ------------------------------------------------------------------------


def _phones() -> Iterator[tuple[str, str, str]]:
    for entry in _raw("emergency_lines.toml")["line"]:
        yield entry["country"], entry["phone"], entry.get("phone_display", entry["phone"])
        for other in entry.get("other_phones", []):
            yield entry["country"], other["phone"], other.get("phone_display", other["phone"])


def test_every_emergency_phone_is_a_valid_e164_number() -> None:
    for code, phone, _display in _phones():
        number = phonenumbers.parse(phone)
        assert phonenumbers.is_valid_number(number), (code, phone)
        assert phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == phone


def test_every_displayed_phone_is_the_same_number() -> None:
    """`phone_display` is what the card shows and `phone` what `tel:` dials: they must agree."""
    wrong = []
    for code, phone, display in _phones():
        shown = phonenumbers.parse(display.replace("-", " "), code)  # as written at home
        if phonenumbers.format_number(shown, phonenumbers.PhoneNumberFormat.E164) != phone:
            wrong.append((code, phone, display))
    assert wrong == []


def test_required_countries_have_an_emergency_line() -> None:
    lines = rules().lines
    for code in ("FR", "US", "GB", "AU", "DE", "NL"):
        line = lines[code]
        assert line.country == code
        assert line.phone.startswith("+")
        assert line.ministry
        assert not line.web or line.web.startswith("https://")


# --- validation errors ----------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_rules: None) -> Path:
    """A copy of the real data files, which the test then breaks."""
    for name in FILES:
        shutil.copy(DATA_DIR / name, tmp_path / name)
    monkeypatch.setattr(rules_module, "DATA_DIR", tmp_path)
    return tmp_path


MEMBER = """
[[member]]
code = "BE"
name = "Belgium"
joined = 1958-01-01
source = "https://example.org/eu"
as_of = 2026-01-01
"""


def _write(path: Path, text: str) -> None:
    path.write_text("version = 1\n" + text, encoding="utf-8")


def test_copied_files_load(data_dir: Path) -> None:
    assert rules().lines["FR"].phone.startswith("+33")


@pytest.mark.parametrize(
    ("second", "field"),
    [
        (MEMBER.replace("joined = 1958-01-01\n", ""), "'joined'"),
        (MEMBER.replace('name = "Belgium"\n', ""), "'name'"),
        (MEMBER.replace('source = "https://example.org/eu"\n', ""), "'source'"),
        (MEMBER.replace("https://example.org/eu", "http://example.org/eu"), "source"),
        (MEMBER.replace("as_of = 2026-01-01", 'as_of = "2026-01-01"'), "'as_of'"),
        (MEMBER.replace('code = "BE"', 'code = "be"'), "'code'"),
        (MEMBER.replace('code = "BE"', 'code = "BEL"'), "'code'"),
        (MEMBER.replace("joined = 1958-01-01", 'joined = "1958"'), "'joined'"),
    ],
)
def test_a_bad_entry_names_the_file_the_entry_and_the_field(
    data_dir: Path, second: str, field: str
) -> None:
    _write(data_dir / "eu_membership.toml", MEMBER + second)
    with pytest.raises(RulesDataError) as error:
        rules()
    message = str(error.value)
    assert "eu_membership.toml" in message
    assert "entry 2" in message
    assert field in message


def test_a_bad_emergency_line_is_named(data_dir: Path) -> None:
    path = data_dir / "emergency_lines.toml"
    text = path.read_text(encoding="utf-8")
    # The third line gets a national number instead of E.164.
    entries = text.split("\n[[line]]\n")
    third = entries[3]
    phone = next(row for row in third.splitlines() if row.startswith("phone ="))
    entries[3] = third.replace(phone, 'phone = "0123 456 789"')
    path.write_text("\n[[line]]\n".join(entries), encoding="utf-8")
    with pytest.raises(RulesDataError) as error:
        rules()
    message = str(error.value)
    assert "emergency_lines.toml" in message
    assert "entry 3" in message
    assert "phone" in message


def test_a_bad_mandate_is_named(data_dir: Path) -> None:
    path = data_dir / "protecting_powers.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('for = "US"\nin = "IR"', 'for = "US"\nin = "Iran"', 1), "utf-8")
    with pytest.raises(RulesDataError) as error:
        rules()
    message = str(error.value)
    assert "protecting_powers.toml" in message
    assert "entry 1" in message
    assert "'in'" in message


def test_a_bad_sharing_scope_is_named(data_dir: Path) -> None:
    path = data_dir / "consular_sharing.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('scope = "listed"', 'scope = "everywhere"', 1), "utf-8")
    with pytest.raises(RulesDataError) as error:
        rules()
    message = str(error.value)
    assert "consular_sharing.toml" in message
    assert "entry 1" in message
    assert "scope" in message


def test_a_listed_agreement_without_countries_is_named(data_dir: Path) -> None:
    path = data_dir / "consular_sharing.toml"
    text = path.read_text(encoding="utf-8")
    first = next(row for row in text.splitlines() if row.startswith("countries = ["))
    path.write_text(text.replace(first, "countries = []", 1), "utf-8")
    with pytest.raises(RulesDataError) as error:
        rules()
    message = str(error.value)
    assert "consular_sharing.toml" in message
    assert "entry 1" in message
    assert "'countries'" in message
    assert "listed" in message


def test_invalid_toml_is_named(data_dir: Path) -> None:
    (data_dir / "protecting_powers.toml").write_text("[[mandate]\nfor = ", encoding="utf-8")
    with pytest.raises(RulesDataError, match=r"protecting_powers\.toml: not valid TOML"):
        rules()


def test_a_missing_file_is_named(data_dir: Path) -> None:
    (data_dir / "emergency_lines.toml").unlink()
    with pytest.raises(RulesDataError, match=r"emergency_lines\.toml: cannot read"):
        rules()


def test_a_file_without_entries_is_named(data_dir: Path) -> None:
    _write(data_dir / "consular_sharing.toml", "")
    with pytest.raises(RulesDataError, match=r"consular_sharing\.toml: no \[\[agreement\]\]"):
        rules()


def test_the_cache_is_cleared_after_a_broken_file(fresh_rules: None) -> None:
    """The fixtures above leave the real rules in place for the other tests."""
    assert rules_module.DATA_DIR == DATA_DIR
    assert "GB" in {m.code for m in rules().eu}


def _break_line(data_dir: Path, index: int, old_prefix: str, new_row: str | None) -> None:
    """Replace (or with None, drop) the row starting with `old_prefix` in [[line]] `index`."""
    path = data_dir / "emergency_lines.toml"
    entries = path.read_text(encoding="utf-8").split("\n[[line]]\n")
    rows = entries[index].splitlines()
    found = next(i for i, row in enumerate(rows) if row.startswith(old_prefix))
    if new_row is None:
        del rows[found]
    else:
        rows[found] = new_row
    entries[index] = "\n".join(rows)
    path.write_text("\n[[line]]\n".join(entries), encoding="utf-8")


@pytest.mark.parametrize(
    ("prefix", "row", "field"),
    [
        ("is_24_7 =", None, "'is_24_7'"),
        ("is_24_7 =", 'is_24_7 = "yes"', "'is_24_7'"),
        ("confidence =", 'confidence = "certain"', "'confidence'"),
        ("web =", 'web = "http://example.org/"', "'web'"),
        ("phone =", 'phone = "+33 1 23"', "'phone'"),
    ],
)
def test_a_bad_emergency_line_field_is_named(
    data_dir: Path, prefix: str, row: str | None, field: str
) -> None:
    _break_line(data_dir, 2, prefix, row)
    with pytest.raises(RulesDataError) as error:
        rules()
    message = str(error.value)
    assert "emergency_lines.toml" in message
    assert "entry 2" in message
    assert field in message


def test_a_second_line_for_a_country_is_refused(data_dir: Path) -> None:
    path = data_dir / "emergency_lines.toml"
    text = path.read_text(encoding="utf-8")
    first = text.split("\n[[line]]\n")[1]
    path.write_text(text + "\n[[line]]\n" + first, encoding="utf-8")
    with pytest.raises(RulesDataError, match="a second line for"):
        rules()


def test_lines_cover_the_eu_and_the_g20_where_a_number_is_published() -> None:
    lines = rules().lines
    eu = {m.code for m in rules().eu if m.left is None}
    g20 = {"AR", "AU", "BR", "CA", "CN", "FR", "DE", "IN", "ID", "IT", "JP", "KR", "MX", "RU"}
    g20 |= {"SA", "ZA", "TR", "GB", "US"}
    # No published number was found for these; the file's header says so.
    unsourced = {"HR", "RO", "SA"}
    assert (eu | g20) - set(lines) == unsourced
    assert all(line.other_phones is not None for line in lines.values())
    assert lines["AT"].is_24_7 and lines["AT"].other_phones[0].phone.startswith("+43")
    assert not lines["ES"].is_24_7
