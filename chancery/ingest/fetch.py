"""Open an import source given as a local path or an http(s) URL."""

from __future__ import annotations

import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tqdm import tqdm

USER_AGENT = "Chancery/0.1 (embassy directory importer)"
TIMEOUT_SECONDS = 60


class FetchError(Exception):
    """The source could not be fetched; nothing was changed."""


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


@contextmanager
def local_copy(location: str, *, progress: bool = True) -> Iterator[Path]:
    """Yield a local path for `location`, downloading URLs to a temporary file first."""
    if not is_url(location):
        path = Path(location).expanduser()
        if not path.is_file():
            raise FetchError(f"{location}: no such file")
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="chancery-") as tmp:
        target = Path(tmp) / "download.csv"
        download(location, target, progress=progress)
        yield target


def download(url: str, target: Path, *, progress: bool = True) -> None:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            total = int(response.headers.get("Content-Length") or 0) or None
            with (
                target.open("wb") as out,
                tqdm(
                    total=total,
                    unit="B",
                    unit_scale=True,
                    desc="Downloading",
                    disable=not progress,
                ) as bar,
            ):
                while chunk := response.read(64 * 1024):
                    out.write(chunk)
                    bar.update(len(chunk))
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: the server answered {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"{url}: could not be fetched ({reason})") from exc
