"""Build the search vocabulary in a child process and take back only the result.

Building it walks every CLDR, pycountry and GeoNames name and peaks at several times the size
of what it keeps; done in place, the freed memory stays with the process (Python's allocator
rarely returns it), so every app-server worker would carry the peak for its whole life. The
child returns the finished vocabulary as a pickle, which loads into compact memory.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings

from .lexicon import CountryRow, Lexicon, build_lexicon

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]


class LexiconBuildError(RuntimeError):
    """The child process failed; its last lines of error output say why."""


def build_lexicon_apart(
    countries: list[CountryRow],
    mission_places: list[tuple[str, int, float | None, float | None]],
) -> Lexicon:
    """`build_lexicon(countries, mission_places)`, computed in a child process."""
    started = time.perf_counter()
    payload = pickle.dumps((countries, mission_places), protocol=pickle.HIGHEST_PROTOCOL)
    with tempfile.TemporaryDirectory(prefix="chancery-lexicon-") as directory:
        output = Path(directory) / "lexicon.pickle"
        env = dict(os.environ)
        # Under override_settings the holder's SETTINGS_MODULE is None: keep the environment's.
        module = getattr(settings, "SETTINGS_MODULE", None) or env.get("DJANGO_SETTINGS_MODULE")
        if module:
            env["DJANGO_SETTINGS_MODULE"] = module
        result = subprocess.run(
            [sys.executable, "-m", "chancery.search.isolated", str(output)],
            input=payload,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env=env,
            check=False,
        )
        if result.returncode != 0 or not output.exists():
            tail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-5:]
            raise LexiconBuildError(
                f"building the search vocabulary failed (exit {result.returncode}): "
                + " | ".join(tail)
            )
        with output.open("rb") as handle:
            lexicon = pickle.load(handle)  # written by our own child just now
    logger.info("search vocabulary built apart in %.2f s", time.perf_counter() - started)
    return lexicon


def _main(output: Path) -> None:
    countries, mission_places = pickle.load(sys.stdin.buffer)  # from our parent
    lexicon = build_lexicon(countries, mission_places)
    partial = output.with_suffix(".partial")
    with partial.open("wb") as handle:
        pickle.dump(lexicon, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(output)


if __name__ == "__main__":
    _main(Path(sys.argv[1]))
