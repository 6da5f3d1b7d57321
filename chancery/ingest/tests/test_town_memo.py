"""The towns an import found are kept between imports, and only for the same rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from chancery.ingest import town_memo
from chancery.ingest.towns import How, town_for


@pytest.fixture
def memo_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "towns-test.json"
    monkeypatch.setattr(town_memo, "_memo_path", lambda: path)
    return path


def test_answers_are_kept_and_read_back(memo_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = town_memo.TownMemo()
    found = first.town_for("Oslo municipality", 59.9139, 10.7522, ("NO",))
    assert found == town_for("Oslo municipality", 59.9139, 10.7522, ("NO",))
    assert found.name == "Oslo"
    first.save()
    assert memo_path.exists()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("asked again")

    monkeypatch.setattr(town_memo.towns, "town_for", refuse)
    again = town_memo.TownMemo().town_for("Oslo municipality", 59.9139, 10.7522, ("NO",))
    assert again == found and isinstance(again.how, How)


def test_a_damaged_file_is_a_fresh_start(memo_path: Path) -> None:
    memo_path.write_text("{not json", encoding="utf-8")
    assert town_memo.TownMemo().town_for("", None, None).missing is not None


def test_the_file_is_named_after_the_rule() -> None:
    # Another rule (another source text of towns.py) reads another file.
    assert town_memo._memo_path().name.startswith("towns-")
    assert len(town_memo._memo_path().stem) == len("towns-") + 12
