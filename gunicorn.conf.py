"""gunicorn's settings for the desk (``make serve``, or ``gunicorn -c gunicorn.conf.py``).

Workers are processes, two per CPU plus one (gunicorn's own advice), each serving one request
at a time (the ``sync`` worker) behind the TLS proxy, which buffers slow clients. Measured
with ``python -m bench.bench_load`` (50 clients, 4 workers): threaded workers (``gthread``)
pinned each keep-alive connection to the process that accepted it, and nearly every connection
to the same one, so one process ran at the limit of its interpreter lock while the others idled
(public p95 ~90–200 ms); one request per process spreads the load over every worker (public
p95 ~30 ms, desk ~60 ms). ``GUNICORN_THREADS`` above 1 switches to ``gthread`` for a desk that
waits on slow services more than it computes.
Every value can be overridden from the environment, e.g. ``GUNICORN_WORKERS=2``.
"""

import multiprocessing
import os
import sys

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
# Used by gthread only (a sync worker answers one request per connection).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# A worker is replaced after this many requests (plus jitter, so they do not all restart at
# once): memory a long-lived process accumulates is handed back.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
wsgi_app = "app:app"
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")

#: How long a thread may hold Python's interpreter lock while another waits (CPython's default
#: is 5 ms): with threaded workers, a cached public page takes the lock several times and would
#: wait 5 ms behind a thread rendering a desk page each time. (A sync worker has one thread.)
SWITCH_INTERVAL = float(os.environ.get("GUNICORN_SWITCH_INTERVAL", "0.0005"))


def post_worker_init(worker: object) -> None:
    sys.setswitchinterval(SWITCH_INTERVAL)
