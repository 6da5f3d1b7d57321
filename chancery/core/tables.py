"""The project's own data tables: tab-separated UTF-8 text, one row a line, `#` for comments.

Every table under an app's `data/` folder is read here, so that a malformed line is reported
the same way everywhere: the file, the line and what was expected.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path


class TableError(ValueError):
    """A project data table has a malformed line."""


def rows(path: Path, *, columns: int | None = None) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for every line of a table that is not blank or a comment.

    Cells are split at tabs as written (no quoting: a `"` is an ordinary character, as in
    Hebrew abbreviations). `columns`: the count every line must have, if the table fixes it.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = next(csv.reader([line.rstrip("\r\n")], delimiter="\t", quoting=csv.QUOTE_NONE))
            if columns is not None and len(cells) != columns:
                raise error(path, number, f"expected {columns} columns, got {len(cells)}")
            yield number, cells


def error(path: Path, line: int, message: str) -> TableError:
    """The error for a bad line of a table, naming the file and the line."""
    return TableError(f"{path.name}, line {line}: {message}")
