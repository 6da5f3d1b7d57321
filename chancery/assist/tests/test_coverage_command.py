"""`manage.py assist_coverage`: every (nationality, host) pair of UN member states."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from chancery.assist.types import Rule
from chancery.countries.models import Country
from chancery.countries.reference import UN_MEMBER_STATES

from .helpers import ask_pair, country

pytestmark = pytest.mark.django_db

HEADER = ["nationality", "host", "best_rule", "rules", "options"]
RULE_NAMES = [str(rule) for rule in Rule]


@pytest.fixture(scope="module")
def coverage(
    tmp_path_factory: pytest.TempPathFactory,
    django_db_setup: None,
    django_db_blocker,  # type: ignore[no-untyped-def]
) -> tuple[str, Path]:
    """Run the command once for the module (it reads the database but never writes to it)."""
    path = tmp_path_factory.mktemp("coverage") / "out" / "assist-coverage.csv"
    out = io.StringIO()
    with django_db_blocker.unblock():
        call_command("assist_coverage", csv=str(path), no_progress=True, stdout=out)
    return out.getvalue(), path


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def _states() -> int:
    return Country.objects.filter(iso_alpha2__in=UN_MEMBER_STATES).count()


def test_prints_the_table(coverage: tuple[str, Path]) -> None:
    output, path = coverage
    states = _states()
    lines = output.splitlines()

    assert (
        lines[0]
        == f"{states} UN member states, {states * (states - 1):,} (nationality, host) pairs"
    )
    assert lines[1].split() == ["rule", "best", "answer", "appears", "in"]
    table = {line.split()[0]: line.split()[1:] for line in lines[2 : 2 + len(RULE_NAMES) + 1]}
    assert list(table) == [*RULE_NAMES, "nothing"]
    best_total = sum(int(values[0].replace(",", "")) for values in table.values())
    assert best_total == states * (states - 1)
    assert any(line.startswith("only the ministry line: ") for line in lines)
    assert f"CSV: {path}" in output


def test_writes_one_row_per_pair(coverage: tuple[str, Path]) -> None:
    _, path = coverage
    rows = _rows(path)
    states = _states()

    assert states == 193  # the reference table and the imported data agree
    assert rows[0] == HEADER
    body = rows[1:]
    assert len(body) == states * (states - 1)
    pairs = {(row[0], row[1]) for row in body}
    assert len(pairs) == len(body)
    assert all(a != b for a, b in pairs)
    assert {code for pair in pairs for code in pair} == set(
        Country.objects.filter(iso_alpha2__in=UN_MEMBER_STATES).values_list("iso_alpha2", flat=True)
    )
    for row in body:
        best, rules, options = row[2:]
        used = rules.split()
        assert set(used) <= set(RULE_NAMES)
        assert best == (used[0] if used else "nothing")
        assert int(options) >= len(used)
        assert (int(options) == 0) == (not used)


def test_rows_agree_with_the_answers(coverage: tuple[str, Path]) -> None:
    _, path = coverage
    by_pair = {(row[0], row[1]): row for row in _rows(path)[1:]}
    for nationality, host in [("FR", "RU"), ("US", "IR"), ("NL", "ID"), ("AU", "JP"), ("EE", "AR")]:
        result = ask_pair(country(nationality), country(host))
        row = by_pair[(nationality, host)]
        assert row[3].split() == [str(rule) for rule in result.rules_used()]
        assert int(row[4]) == len(result.options)
    assert by_pair[("FR", "RU")][2] == "resident"
    assert by_pair[("US", "IR")][2] == "protecting_power"
    assert by_pair[("US", "IR")][3].split()[-1] == "ministry_line"


def test_reports_territories(coverage: tuple[str, Path]) -> None:
    output, _ = coverage
    line = next(line for line in output.splitlines() if line.startswith("territories: "))
    found = re.match(
        r"territories: (\d+), ([\d,]+) \(nationality, territory\) pairs: a mission in the "
        r"territory ([\d,]+), only in its state ([\d,]+), none ([\d,]+)$",
        line,
    )
    assert found is not None, line
    territories, pairs, here, in_state, none = (int(g.replace(",", "")) for g in found.groups())
    assert territories == Country.objects.filter(part_of__isnull=False).count()
    # Every UN member's citizens in every territory, but not the territory's own state's.
    assert pairs == territories * (_states() - 1) == here + in_state + none
    # The 2022 file has missions standing in Hong Kong, Macau, New Caledonia, Martinique,
    # Réunion, Guadeloupe, Greenland and Guam.
    listed = {row.split(":")[0].strip() for row in output.splitlines() if row.startswith("  ")}
    assert {"HK", "MO", "NC", "MQ", "RE", "GP", "GL", "GU"} <= listed
    hong_kong = next(row for row in output.splitlines() if row.startswith("  HK:"))
    assert int(hong_kong.split("in the territory ")[1].split(",")[0]) >= 15
