"""gunicorn settings for `make run` and `make serve`; override any of them with GUNICORN_CMD_ARGS.

Serving model: threaded workers (gthread). With one request per process (the sync worker), a
client that reads slowly holds a whole worker for as long as it likes: two of them took the site
down. Here each worker answers up to `threads` requests at once, and an idle keep-alive
connection waits in the worker's poller rather than in a thread. A slow reader holds one thread,
and the big answers it could hold one with — the whole-table exports — are files handed to
sendfile(2), so that thread waits in the kernel, without the GIL and without using the CPU.

Rather than an async worker (gevent): it would patch every library's sockets (psycopg, the
search vocabulary's child process), and a CPU-bound request (a search, an uncached page) would
still stop every other client of its worker until it finished; threads are preempted. Rather
than a buffering proxy started by `make serve`: that would make nginx a requirement on every
machine, for a guarantee threads give here. Past `threads` slow readers per worker, put one in
front all the same: `make serve-edge`, or the CDN of docs/deploy.md.
"""

import os

workers = int(os.environ.get("WEB_CONCURRENCY") or 2)
worker_class = "gthread"
#: Requests each worker answers at once; each thread keeps its own database connection.
threads = int(os.environ.get("GUNICORN_THREADS") or 8)
preload_app = True
#: No control socket (gunicorn 25+): the site is managed with signals, and every instance on a
#: machine would otherwise take the one path in ~/.gunicorn from the others.
control_socket_disable = True
#: "-" logs each request to standard output; empty turns the access log off.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
timeout = 60
#: On SIGTERM, requests in flight get this long to finish before the workers are killed.
graceful_timeout = 30


def when_ready(server):
    """Build the search index once in the master, before the workers are forked.

    The workers then share its pages with the master (copy-on-write; the index is frozen out
    of the garbage collector, which would otherwise touch, and so copy, every object). Without a
    database the master starts anyway and builds it when the database answers (config.warmup).
    """
    from config import warmup

    warmup.at_start(server)


def on_reload(server):
    """SIGHUP: the index brought up to date in the master before new workers are forked."""
    from config import warmup

    warmup.on_reload(server)
