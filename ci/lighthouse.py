"""`make lighthouse`: Lighthouse CI on the pages of lighthouserc.js, served the production way.

Starts gunicorn with config.settings.production (DEBUG off, static files hashed and served by
WhiteNoise) on the database `make lighthouse` prepared, runs `lhci collect` (two browsers side
by side, each on half of the pages; `--browsers`) and `lhci assert` against it, prints each
page's four scores and what keeps a page below a full score, and stops the server. Exits non-zero when a page scores under the bar, and at once, loudly, when chromium
or the Lighthouse CI package is missing (CI must not pass by skipping).

  python ci/lighthouse.py            # serve, collect, assert, print the table
  python ci/lighthouse.py --table    # only the table of the last run (.lighthouseci/)
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / ".lighthouseci"
LHCI = ROOT / "node_modules" / ".bin" / "lhci"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SHORT = {"performance": "perf", "accessibility": "a11y", "best-practices": "best", "seo": "seo"}


def chromium() -> str:
    found = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).exists():
        sys.exit(f"lighthouse: chromium is not installed ({found}); apt-get install chromium")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _hashed(name: str) -> str:
    """A static file's name as collectstatic hashed it (`make prepare` collected them)."""
    var = Path(os.environ.get("CHANCERY_VAR_DIR") or ROOT / "var")
    manifest = json.loads((var / "staticfiles" / "staticfiles.json").read_text(encoding="utf-8"))
    return str(manifest["paths"][name])


@contextmanager
def production_server(database_url: str) -> Iterator[str]:
    """gunicorn as `make serve` starts it, on a free port of this machine; its address."""
    port = int(os.environ.get("LIGHTHOUSE_PORT") or _free_port())
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        # A key for this run only: nothing it signs outlives the server.
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",  # plain http on this machine
        DJANGO_SECURE_COOKIES="0",
        DATABASE_URL=database_url,
        CHANCERY_SITE_URL=url,
        # The tile server is out of reach here (CI has no network): a picture of this site's
        # own stands in for every tile, so that the maps load as a visitor's would. Without
        # it, each map shows its no-connection note (which the browser tests check).
        CHANCERY_TILE_URL=f"{url}/static/{_hashed('icons/icon-512.png')}",
        GUNICORN_ACCESS_LOG="",
        REDIS_URL="",
    )
    (ROOT / "var").mkdir(exist_ok=True)
    log = (ROOT / "var" / "lighthouse-server.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "config/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "config.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                sys.exit(f"lighthouse: the server stopped (see {log.name})")
            try:
                urllib.request.urlopen(url + "/healthz", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    sys.exit(f"lighthouse: the server did not answer (see {log.name})")
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _results() -> list[dict]:
    """The reports of the last `lhci collect`, in the order of its manifest."""
    manifest = RESULTS / "manifest.json"
    if manifest.exists():
        entries = json.loads(manifest.read_text(encoding="utf-8"))
        paths = [Path(entry["jsonPath"]) for entry in entries]
    else:
        paths = sorted(RESULTS.glob("lhr-*.json"))
    return [json.loads(path.read_text(encoding="utf-8")) for path in paths]


def failing_audits(report: dict, category: str) -> list[str]:
    """The audits of a category that lose it points: id and score, worst first."""
    audits = report["audits"]
    failing = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = audits.get(ref["id"], {})
        score = audit.get("score")
        if ref.get("weight", 0) and score is not None and score < 1:
            failing.append((score, ref["id"]))
    return [f"{name} {score:.2f}" for score, name in sorted(failing)]


def table(reports: list[dict]) -> str:
    lines = [f"{'page':<46} " + " ".join(f"{SHORT[c]:>5}" for c in CATEGORIES)]
    for report in reports:
        parts = urlsplit(report.get("finalDisplayedUrl") or report["requestedUrl"])
        page = parts.path + (f"?{parts.query}" if parts.query else "")
        scores = [report["categories"][c]["score"] for c in CATEGORIES]
        lines.append(
            f"{page[:46]:<46} "
            + " ".join(f"{'—' if s is None else round(s * 100):>5}" for s in scores)
        )
        for category in CATEGORIES:
            below = failing_audits(report, category)
            if below:
                lines.append(f"    {SHORT[category]}: " + ", ".join(below))
    return "\n".join(lines)


def collect(env: dict[str, str], chrome: str, browsers: int) -> list[int]:
    """`lhci collect` on every page, in `browsers` shares side by side (lighthouserc.js reads
    CHANCERY_LIGHTHOUSE_SHARD); their exit codes."""
    shutil.rmtree(RESULTS, ignore_errors=True)
    runs = [
        subprocess.Popen(
            [
                str(LHCI),
                "collect",
                "--config=lighthouserc.js",
                f"--collect.chromePath={chrome}",
                "--additive",  # the shares write into one folder, cleared above
            ],
            cwd=ROOT,
            env={**env, "CHANCERY_LIGHTHOUSE_SHARD": f"{share}/{browsers}"},
        )
        for share in range(browsers)
    ]
    return [run.wait() for run in runs]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", action="store_true", help="Print the last run's table only.")
    parser.add_argument(
        "--browsers",
        type=int,
        # One: on two cores, a second browser beside the linters slows the pages more than
        # it saves.
        default=int(os.environ.get("LIGHTHOUSE_BROWSERS") or 1),
        help="Browsers auditing side by side, each a share of the pages (default 1).",
    )
    options = parser.parse_args()
    if options.table:
        print(table(_results()))
        return 0
    chrome = chromium()
    if not LHCI.exists():
        sys.exit("lighthouse: @lhci/cli is not installed (make setup runs npm ci)")
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{ROOT / 'var/lighthouse.sqlite3'}"
    started = time.monotonic()
    with production_server(database_url) as url:
        env = {**os.environ, "CHANCERY_LIGHTHOUSE_URL": url, "CHROME_PATH": chrome}
        returncodes = collect(env, chrome, options.browsers)
        if any(returncodes):
            sys.exit(f"lighthouse: lhci collect failed ({returncodes})")
        verdict = _assert(env)
        slow = _only_too_slow()
        if verdict and slow:
            # Total blocking time is measured on the machine's own clock: the linters beside
            # the browser slow its pages. A page below the bar on performance alone is audited
            # again, one browser, three runs, and the median run decides.
            print(table(_results()))
            print(f"lighthouse: {', '.join(slow)} below the bar on a busy machine; three runs more")
            env.update(CHANCERY_LIGHTHOUSE_PAGES=",".join(slow), CHANCERY_LIGHTHOUSE_RUNS="3")
            returncodes = collect(env, chrome, 1)
            if any(returncodes):
                sys.exit(f"lighthouse: lhci collect failed ({returncodes})")
            verdict = _assert(env)
    print(table(_results()))
    print(f"lighthouse: {time.monotonic() - started:.0f} s")
    return verdict


def _only_too_slow() -> list[str]:
    """The pages of the last `lhci assert` that failed on their performance score, when that
    is all that failed (a missing alt text is not cured by running again); else none."""
    path = RESULTS / "assertion-results.json"
    failures = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    failures = [f for f in failures if f.get("level") == "error"]
    if not failures or any(
        (f.get("auditId"), f.get("auditProperty")) != ("categories", "performance")
        for f in failures
    ):
        return []
    pages = []
    for failure in failures:
        parts = urlsplit(failure["url"])
        page = parts.path + (f"?{parts.query}" if parts.query else "")
        if page not in pages:
            pages.append(page)
    return pages


def _assert(env: dict[str, str]) -> int:
    """`lhci assert` on the last collection: its exit code."""
    return subprocess.run(
        [str(LHCI), "assert", "--config=lighthouserc.js"], cwd=ROOT, env=env, check=False
    ).returncode


if __name__ == "__main__":
    raise SystemExit(main())
