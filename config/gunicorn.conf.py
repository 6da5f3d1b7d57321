"""gunicorn settings for `make run`; override any of them with GUNICORN_CMD_ARGS."""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = 1
preload_app = True
#: "-" logs each request to standard output; empty turns the access log off.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
timeout = 60
#: On SIGTERM, requests in flight get this long to finish before the workers are killed.
graceful_timeout = 30


def when_ready(server):
    """Build the search index once in the master, before the workers are forked.

    The workers then share its pages with the master (copy-on-write; the index is frozen out
    of the garbage collector, which would otherwise touch, and so copy, every object).
    """
    from django.db import connections

    from chancery.search.services import warm

    warm()
    connections.close_all()
