"""The data tables' reader: comments and blank lines skipped, a bad line named by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from chancery.core import tables


def test_rows_skip_comments_and_blank_lines_and_keep_quotes(tmp_path: Path) -> None:
    table = tmp_path / "t.tsv"
    table.write_text('# a comment\n\nUS\tUSA\nIL\tצה"ל\n', encoding="utf-8")
    assert list(tables.rows(table, columns=2)) == [(3, ["US", "USA"]), (4, ["IL", 'צה"ל'])]


def test_a_line_with_the_wrong_width_names_the_file_and_the_line(tmp_path: Path) -> None:
    table = tmp_path / "widths.tsv"
    table.write_text("A\tB\tC\nA\tB\n", encoding="utf-8")
    with pytest.raises(tables.TableError, match=r"widths\.tsv, line 2: expected 3 columns, got 2"):
        list(tables.rows(table, columns=3))


def test_every_project_table_reads(tmp_path: Path) -> None:
    from chancery.advisories.sources.us_state import fips_to_iso
    from chancery.countries import forms, towns
    from chancery.lexicon import sources
    from chancery.news.tagging import _metonyms

    assert fips_to_iso()["GM"] == ["DE"]
    assert _metonyms()
    assert forms.table_codes("fr")
    assert all(towns.search_forms(language) for language in towns.SEARCH_TOWN_LANGUAGES)
    assert sources.demonyms() and sources.abbreviations()
