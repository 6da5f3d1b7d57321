"""The search index, built in the gunicorn master so that the workers forked from it share it —
at start-up, or, when the database does not answer then, as soon as it does.

Without a database the master starts all the same: the workers answer 503 with Retry-After
(DatabaseUnavailableMiddleware) and a thread of the master checks the database every few
seconds. When it answers, the thread sends the master SIGHUP; gunicorn then runs `on_reload` in
its main loop (which builds the index there, where no fork can happen halfway through the
build), forks new workers that share the index, and lets the old ones finish their requests and
exit. Until then the old workers answer searches 503 too, rather than each keeping a request
waiting while it builds an index of its own.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from typing import Any

from django.db import connections
from django.db.utils import DatabaseError

#: Seconds between two checks of the database while the master waits for it.
RETRY_SECONDS = 2.0

_watcher: threading.Thread | None = None
#: Whether the workers were promised an index that the master has not built yet.
_pending = False


def at_start(server: Any) -> None:
    """gunicorn's `when_ready`: build the index before the workers are forked."""
    if not _warm(server):
        server.log.warning(
            "database unavailable at start-up: serving 503 with Retry-After until it answers, "
            "then building the search index"
        )
        _wait_for_database(server)


def on_reload(server: Any) -> None:
    """gunicorn's `on_reload` (SIGHUP, sent by the watcher or an operator): bring the master's
    index up to date before the new workers are forked from it."""
    global _pending
    from chancery.search import services

    if _warm(server):
        if _pending:
            _pending = False
            services.leave_build_to(None)
            server.log.info("database answers: new workers replace the old ones")
    elif _pending:
        _wait_for_database(server)


def _warm(server: Any) -> bool:
    """Build (or refresh) the index; False only when the database cannot be read, so that
    waiting for it makes sense."""
    from chancery.search import services

    try:
        services.warm()
        return True
    except DatabaseError as exc:
        server.log.info("search index not built: %s", " ".join(str(exc).split()))
        return False
    except Exception:
        # Not the database's fault: let the workers build the index themselves, as without
        # this hook, rather than leave searches answering 503.
        server.log.exception("search index not built")
        services.leave_build_to(None)
        return True
    finally:
        connections.close_all()


def _wait_for_database(server: Any) -> None:
    global _watcher, _pending
    from chancery.search import services

    _pending = True
    services.leave_build_to(os.getpid())
    if _watcher is not None and _watcher.is_alive():
        return
    master = os.getpid()

    def watch() -> None:
        while True:
            time.sleep(RETRY_SECONDS)
            try:
                if services.database_ready():
                    os.kill(master, signal.SIGHUP)
                    return
            except Exception:  # keep watching whatever happens: the master depends on it
                server.log.exception("database check failed")

    _watcher = threading.Thread(target=watch, name="wait-for-database", daemon=True)
    _watcher.start()
