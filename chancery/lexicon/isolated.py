"""Build the vocabulary in a child process and take back only the result.

Building it walks every CLDR, pycountry and GeoNames name and peaks at several times the size
of what it keeps; done in place, the freed memory stays with the process (Python's allocator
rarely returns it), so every app-server worker would carry the peak for its whole life. The
child returns the finished vocabulary as a pickle, which loads into compact memory.

The pickle is kept under the var directory, named by a digest of everything it was built from
(the countries and mission towns, the code and tables of this package, the name libraries'
versions), so that a restart or another process on the same data loads it in a second instead
of building it again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings

from . import sources
from .builder import build_lexicon
from .lexicon import CountryRow, Lexicon

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]


class LexiconBuildError(RuntimeError):
    """The child process failed; its last lines of error output say why."""


PACKAGE = Path(__file__).resolve().parent
COUNTRY_DATA = PACKAGE.parent / "countries" / "data"


def _digest(payload: bytes) -> str:
    """What the vocabulary depends on: its input, this package's code and tables, libraries."""
    digest = hashlib.sha256(payload)
    for path in sorted(
        [
            *PACKAGE.glob("*.py"),
            *(PACKAGE / "data").glob("*.tsv"),
            # The place forms and town names the pages write, which search reads too.
            *COUNTRY_DATA.glob("**/*.tsv"),
            *COUNTRY_DATA.parent.glob("*.py"),
        ]
    ):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(sources.library_versions().encode())
    return digest.hexdigest()[:24]


def _kept(path: Path) -> Lexicon | None:
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)  # written by our own child, under our var directory
    except FileNotFoundError:
        return None
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
        logger.warning("kept vocabulary %s unreadable (%s): building it again", path, exc)
        return None


def _prune(directory: Path) -> None:
    kept = sorted(directory.glob("lexicon-*.pickle"), key=lambda p: p.stat().st_mtime)
    # The newest few are kept (another data version may come back, as in tests).
    for old in kept[: -max(1, settings.CHANCERY_KEPT_VOCABULARIES)]:
        old.unlink(missing_ok=True)


def build_lexicon_apart(
    countries: list[CountryRow],
    mission_places: list[tuple[str, int, float | None, float | None]],
) -> Lexicon:
    """`build_lexicon(countries, mission_places)`, computed in a child process (or kept)."""
    started = time.perf_counter()
    payload = pickle.dumps((countries, mission_places), protocol=pickle.HIGHEST_PROTOCOL)
    directory = sources.cache_dir()
    kept_path = directory / f"lexicon-{_digest(payload)}.pickle"
    lexicon = _kept(kept_path)
    if lexicon is not None:
        os.utime(kept_path)
        logger.info("vocabulary loaded from %s", kept_path.name)
        return lexicon
    lexicon = _build(payload)
    partial = kept_path.with_suffix(f".{os.getpid()}.partial")
    with partial.open("wb") as handle:
        pickle.dump(lexicon, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(kept_path)
    _prune(directory)
    logger.info("vocabulary built apart in %.2f s", time.perf_counter() - started)
    return lexicon


def _build(payload: bytes) -> Lexicon:
    with tempfile.TemporaryDirectory(prefix="chancery-lexicon-") as directory:
        output = Path(directory) / "lexicon.pickle"
        env = dict(os.environ)
        # Under override_settings the holder's SETTINGS_MODULE is None: keep the environment's.
        module = getattr(settings, "SETTINGS_MODULE", None) or env.get("DJANGO_SETTINGS_MODULE")
        if module:
            env["DJANGO_SETTINGS_MODULE"] = module
        result = subprocess.run(
            [sys.executable, "-m", "chancery.lexicon.isolated", str(output)],
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
                f"building the vocabulary failed (exit {result.returncode}): " + " | ".join(tail)
            )
        with output.open("rb") as handle:
            return pickle.load(handle)  # written by our own child just now


def _main(output: Path) -> None:
    countries, mission_places = pickle.load(sys.stdin.buffer)  # from our parent
    lexicon = build_lexicon(countries, mission_places)
    partial = output.with_suffix(".partial")
    with partial.open("wb") as handle:
        pickle.dump(lexicon, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(output)


if __name__ == "__main__":
    _main(Path(sys.argv[1]))
