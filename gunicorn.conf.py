"""gunicorn's settings for the desk (``make serve``, or ``gunicorn -c gunicorn.conf.py``).

Workers are processes: two per CPU plus one (gunicorn's own advice), each with a few threads
so that a request waiting on the database or the cache does not hold a whole process. Keep-alive
covers the proxy's reused connections (nginx keeps them open for 60 s by default).
Every value can be overridden from the environment, e.g. ``GUNICORN_WORKERS=2``.
"""

import multiprocessing
import os
import sys

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
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
#: is 5 ms). A cached public page needs well under a millisecond of Python but takes the lock
#: several times (read, look up, write); behind a thread rendering a desk page it waited 5 ms
#: each time. A shorter interval costs a little throughput and keeps short answers short.
SWITCH_INTERVAL = float(os.environ.get("GUNICORN_SWITCH_INTERVAL", "0.0005"))


def post_worker_init(worker: object) -> None:
    sys.setswitchinterval(SWITCH_INTERVAL)
