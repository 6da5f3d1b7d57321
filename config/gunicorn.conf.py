"""gunicorn settings for `make run`; override any of them with GUNICORN_CMD_ARGS."""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = 1
preload_app = True
accesslog = "-"
timeout = 60


def when_ready(server):
    """Build the search index once in the master, so that the workers share it."""
    from django.db import connections

    from chancery.search.services import warm

    warm()
    connections.close_all()
