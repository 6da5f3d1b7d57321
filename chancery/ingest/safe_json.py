"""Read a JSON feed without letting its shape crash the reader.

Python's json module recurses once per level of nesting, so a document nested a hundred
thousand levels deep ("[[[[…") raises RecursionError instead of a parse error. The nesting is
measured first, in linear time and without recursion, and a document deeper than
`MAX_JSON_DEPTH` is refused with that reason; real feeds are a dozen levels deep.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

MAX_JSON_DEPTH = 100

#: A JSON string, escapes included: brackets inside strings do not nest anything.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class JSONError(ValueError):
    """The document is not JSON the site can read; the message says why."""


def json_depth(text: str) -> int:
    """How deeply the arrays and objects of a JSON text nest (0 for a bare value)."""
    structure = _STRING.sub("", text)
    opened = structure.count("[") + structure.count("{")
    if opened == 0:
        return 0
    steps = map(_STEP.__getitem__, _BRACKET.findall(structure))
    return max(itertools.accumulate(steps), default=0)


def load_json(data: bytes, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """The parsed document, or JSONError: "not JSON: …" or "JSON nested too deeply …"."""
    try:
        text = data.decode(json.detect_encoding(data))
    except UnicodeDecodeError as exc:
        raise JSONError(f"not JSON: bytes {exc.start}–{exc.end} are not {exc.encoding}") from None
    depth = json_depth(text)
    if depth > max_depth:
        raise JSONError(f"JSON nested too deeply (more than {max_depth} levels)")
    try:
        return json.loads(text)
    except ValueError as exc:  # JSONDecodeError, and numbers too long to convert
        raise JSONError(f"not JSON: {exc}") from None
