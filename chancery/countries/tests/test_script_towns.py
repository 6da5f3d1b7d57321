"""The towns' names in the scripts of Japanese, Korean, Chinese, Hindi and Thai, for search."""

from __future__ import annotations

from pathlib import Path

import pytest

from chancery.countries import towns


def test_every_spelling_in_common_use_is_read() -> None:
    names = towns.script_names()
    assert {"ワシントン", "워싱턴", "华盛顿", "華盛頓"} <= names["Washington, D.C."]
    assert {"キーウ", "キエフ"} <= names["Kyiv"]
    assert all(names.values())
    assert not any("-" in spellings for spellings in names.values())


def test_a_malformed_row_names_its_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "towns-scripts.tsv").write_text(
        "# a comment\nQ1\tSomewhere\tサムウェア\t섬웨어\n", encoding="utf-8"
    )
    monkeypatch.setattr(towns, "TOWNS_FILE", tmp_path / "towns.tsv")
    with pytest.raises(towns.TownsTableError, match=r"towns-scripts\.tsv, line 2: expected 8"):
        towns.script_names()
